"""Size caps on what a server may make the client hold in memory.

`Limits` (pass `limits=` to a client) bounds a response body as received
(`max_response_bytes`, 64 MiB by default) and once decompressed (`max_decompressed_bytes`,
256 MiB: a small gzip or deflate body cannot expand into gigabytes), and one line or event
of a `text/event-stream` (`max_event_bytes`, 16 MiB). Past a cap the call raises
`ResponseTooLargeError` as soon as the cap is crossed, without reading further.
Bodies handed out as `BinaryStream`s are not capped: you read them chunk by chunk.

`BodyReader` does the reading: gzip and deflate are decompressed here, never more than the
cap at a time (other encodings, which the client does not ask for, are decoded by httpx
chunk by chunk and checked after each chunk). It also ends the read when the call's
`Deadline` passes, so a server dripping bytes cannot keep a call alive past its timeout.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

from ._errors import ResponseTooLargeError
from ._retries import Deadline

MiB = 1024 * 1024
ACCEPT_ENCODING = (
    "gzip, deflate"  # the encodings `BodyReader` decompresses within the cap
)


@dataclasses.dataclass(frozen=True)
class Limits:
    """Size caps in bytes; pass `limits=Limits(...)` to a client to change them."""

    max_response_bytes: int = 64 * MiB
    max_decompressed_bytes: int = 256 * MiB
    max_event_bytes: int = 16 * MiB


DEFAULT_LIMITS = Limits()


def too_large(
    label: str, what: str, limit: str, max_bytes: int
) -> ResponseTooLargeError:
    """The error for a cap crossed, naming the setting that raises it."""
    message = f"{label}: {what} is larger than {max_bytes} bytes (raise it with limits=Limits({limit}=...))"
    return ResponseTooLargeError(message, limit, max_bytes)


class _Inflater:
    """gzip / deflate decompression that never produces more than the room left."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._zlib = zlib.decompressobj(
            zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS
        )
        self._first = True

    def decompress(self, data: bytes, room: int) -> bytes:
        """Up to `room + 1` bytes of output (more than `room` means the cap is crossed)."""
        try:
            out = self._zlib.decompress(data, room + 1)
        except zlib.error as exc:
            if not (self._first and not self._gzip):
                raise httpx.DecodingError(
                    f"the response body does not decompress: {exc}"
                ) from exc
            self._zlib = zlib.decompressobj(
                -zlib.MAX_WBITS
            )  # raw deflate, as some servers send
            out = self._zlib.decompress(data, room + 1)
        self._first = False
        return out


class BodyReader:
    """Collects one response body within the `Limits` and the call's `Deadline`."""

    def __init__(
        self,
        response: httpx.Response,
        limits: Limits,
        deadline: Deadline | None,
        label: str,
    ) -> None:
        self._response = response
        self._limits = limits
        self._deadline = deadline
        self._label = label
        self._chunks: list[bytes] = []
        self._wire = 0
        self._size = 0
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        self._inflater = (
            _Inflater(encoding) if encoding in ("gzip", "x-gzip", "deflate") else None
        )
        self.raw = self._inflater is not None or encoding in (
            "",
            "identity",
        )  # else httpx decodes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > limits.max_response_bytes:
            raise too_large(
                label,
                f"the response body ({length} bytes)",
                "max_response_bytes",
                limits.max_response_bytes,
            )

    def feed(self, chunk: bytes) -> None:
        """Take the next chunk (as received when `raw`, else as httpx decoded it)."""
        limits = self._limits
        if self.raw:
            self._wire += len(chunk)
            if self._wire > limits.max_response_bytes:
                raise too_large(
                    self._label,
                    "the response body",
                    "max_response_bytes",
                    limits.max_response_bytes,
                )
        if self._inflater is not None:
            chunk = self._inflater.decompress(
                chunk, limits.max_decompressed_bytes - self._size
            )
        self._size += len(chunk)
        if self._size > limits.max_decompressed_bytes:
            what = "the decompressed response body"
            raise too_large(
                self._label,
                what,
                "max_decompressed_bytes",
                limits.max_decompressed_bytes,
            )
        self._chunks.append(chunk)
        if self._deadline is not None and self._deadline.expired():
            raise httpx.ReadTimeout(
                "the call's timeout passed while reading the body",
                request=self._response.request,
            )

    def finish(self) -> None:
        """Hand the whole body to the response (`response.content`, `.json()`, `.text`)."""
        self._response._content = b"".join(self._chunks)


def read_body(
    response: httpx.Response, limits: Limits, deadline: Deadline | None, label: str
) -> None:
    """Read a response body within the caps (the response is closed after)."""
    try:
        reader = BodyReader(response, limits, deadline, label)
        chunks: Iterator[bytes] = (
            response.iter_raw() if reader.raw else response.iter_bytes()
        )
        for chunk in chunks:
            reader.feed(chunk)
        reader.finish()
    finally:
        response.close()


async def aread_body(
    response: httpx.Response, limits: Limits, deadline: Deadline | None, label: str
) -> None:
    """Like `read_body`, for an async response."""
    try:
        reader = BodyReader(response, limits, deadline, label)
        chunks: AsyncIterator[bytes] = (
            response.aiter_raw() if reader.raw else response.aiter_bytes()
        )
        async for chunk in chunks:
            reader.feed(chunk)
        reader.finish()
    finally:
        await response.aclose()


class LineSplitter:
    """Bytes into lines (ending in CRLF, LF or CR), refusing a line longer than the cap."""

    def __init__(self, max_bytes: int, label: str) -> None:
        self._max = max_bytes
        self._label = label
        self._pieces: list[bytes] = []  # the start of a line not yet ended
        self._held = 0
        self._pending_cr = False

    def feed(self, chunk: bytes) -> list[str]:
        """The lines this chunk completes (decoded as UTF-8, without their ends)."""
        if self._pending_cr and chunk[:1] == b"\n":
            chunk = chunk[1:]  # the LF of a CRLF split across chunks
        self._pending_cr = False
        lines: list[str] = []
        start, lf, cr = 0, -2, -2  # -2: not searched yet, -1: none left
        while True:
            if -1 != lf < start:
                lf = chunk.find(b"\n", start)
            if -1 != cr < start:
                cr = chunk.find(b"\r", start)
            ends = [i for i in (lf, cr) if i >= 0]
            if not ends:
                break
            end = min(ends)
            lines.append(self._line(chunk[start:end]))
            if end == cr:
                if end + 1 == len(chunk):
                    self._pending_cr = True
                elif chunk[end + 1 : end + 2] == b"\n":
                    end += 1
            start = end + 1
        if start < len(chunk):
            self._held += len(chunk) - start
            self._pieces.append(chunk[start:])
            if self._held > self._max:
                raise too_large(
                    self._label,
                    "a server-sent event line",
                    "max_event_bytes",
                    self._max,
                )
        return lines

    def finish(self) -> list[str]:
        """The last line, when the stream ended without a line end."""
        return [self._line(b"")] if self._pieces else []

    def _line(self, tail: bytes) -> str:
        raw = b"".join((*self._pieces, tail)) if self._pieces else tail
        self._pieces, self._held = [], 0
        if len(raw) > self._max:
            raise too_large(
                self._label, "a server-sent event line", "max_event_bytes", self._max
            )
        return raw.decode("utf-8", errors="replace")
