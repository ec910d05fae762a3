"""Responses read as they arrive: server-sent events and binary streams.

`Stream` / `AsyncStream` iterate the events of a `text/event-stream` response, decoded
into the documented type (or kept as `ServerSentEvent` when the spec gives no JSON schema
for them); a `data: [DONE]` event, as OpenAI-style APIs send, ends the stream.
`BinaryStream` / `AsyncBinaryStream` hand out a binary body in chunks without reading it
into memory. Each holds an open connection: iterate it to the end, or use it in a `with`
(`async with`) block or call `close()` (`aclose()`) to let the connection go.
An event (or one of its lines) larger than `Limits.max_event_bytes` ends the stream with
`ResponseTooLargeError`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, TypeVar

import httpx

from . import models
from ._codec import DecodeError, decode
from ._errors import APIConnectionError, APITimeoutError, ResponseDecodeError
from ._limits import DEFAULT_LIMITS, LineSplitter, too_large

T = TypeVar("T")
DONE = "[DONE]"


@dataclasses.dataclass(frozen=True)
class ServerSentEvent:
    """One event of a `text/event-stream` response, as sent."""

    event: str = "message"
    data: str = ""
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """The data parsed as JSON."""
        return json.loads(self.data)


@dataclasses.dataclass(frozen=True)
class EventDecoding:
    """How the events of one documented response decode.

    `type` is `ServerSentEvent` for the raw events; otherwise the `data` of each event is
    JSON for `type`, or with `envelope` the type describes the whole event (`data` holding
    the parsed JSON, plus `event`, `id`, `retry` when sent).
    """

    type: Any
    envelope: bool = False
    label: str = ""  # "METHOD /path", for messages
    strict: bool = (
        False  # raise when an event's data does not fit its type (else kept as received)
    )
    max_event_bytes: int = DEFAULT_LIMITS.max_event_bytes


class SSEDecoder:
    """The `text/event-stream` wire format, one line at a time (WHATWG HTML, 9.2.6)."""

    def __init__(
        self, max_event_bytes: int = DEFAULT_LIMITS.max_event_bytes, label: str = ""
    ) -> None:
        self._max = max_event_bytes
        self._label = label
        self._size = 0
        self._data: list[str] = []
        self._event = ""
        self._retry: int | None = None
        self._last_id: str | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line (without its end); return the event a blank line completes."""
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            self._size += len(value) + 1
            if self._size > self._max:
                raise too_large(
                    self._label, "a server-sent event", "max_event_bytes", self._max
                )
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event, retry = self._data, self._event, self._retry
        self._data, self._event, self._retry, self._size = [], "", None, 0
        if not data:
            return None
        return ServerSentEvent(
            event or "message", "\n".join(data), self._last_id, retry
        )


def _event_value(
    decoding: EventDecoding, event: ServerSentEvent, response: httpx.Response
) -> Any:
    if decoding.type is ServerSentEvent:
        return event
    try:
        data: Any = event.json()
        if decoding.envelope:
            data = {
                "data": data,
                "event": event.event,
                "id": event.id,
                "retry": event.retry,
            }
            data = {
                k: v
                for k, v in data.items()
                if v is not None and (k != "event" or v != "message")
            }
        return decode(
            decoding.type, data, namespace=vars(models), strict=decoding.strict
        )
    except (DecodeError, ValueError) as exc:
        raw = httpx.Response(
            response.status_code,
            headers=response.headers,
            content=event.data.encode(),
            request=response.request,
        )
        raise ResponseDecodeError(
            f"{decoding.label}: event does not match the spec: {exc}", raw
        ) from exc


def _lines(chunks: Iterator[bytes], splitter: LineSplitter) -> Iterator[str]:
    for chunk in chunks:
        yield from splitter.feed(chunk)
    yield from splitter.finish()


async def _alines(
    chunks: AsyncIterator[bytes], splitter: LineSplitter
) -> AsyncIterator[str]:
    async for chunk in chunks:
        for line in splitter.feed(chunk):
            yield line
    for line in splitter.finish():
        yield line


@contextlib.contextmanager
def transport_errors(label: str) -> Iterator[None]:
    """httpx failures as this client's `APITimeoutError` / `APIConnectionError`.

    Besides network errors this takes a body that does not decompress
    (`httpx.DecodingError`) and too many redirects (`httpx.TooManyRedirects`).
    """
    try:
        yield
    except httpx.TimeoutException as exc:
        raise APITimeoutError(
            f"{label} timed out ({exc})" if str(exc) else f"{label} timed out"
        ) from exc
    except httpx.RequestError as exc:
        raise APIConnectionError(
            f"{label} failed: {type(exc).__name__}: {exc}"
        ) from exc


class Stream(Generic[T]):
    """The events of a `text/event-stream` response, decoded as they arrive."""

    def __init__(self, response: httpx.Response, decoding: EventDecoding) -> None:
        self.response = response
        self._decoding = decoding
        self._events = self._iterate()

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return next(self._events)

    def _iterate(self) -> Iterator[T]:
        decoding = self._decoding
        decoder = SSEDecoder(decoding.max_event_bytes, decoding.label)
        splitter = LineSplitter(decoding.max_event_bytes, decoding.label)
        try:
            with transport_errors(decoding.label):
                for line in _lines(self.response.iter_bytes(), splitter):
                    event = decoder.feed(line)
                    if event is not None and event.data == DONE:
                        return
                    if event is not None:
                        yield _event_value(decoding, event, self.response)
        finally:
            self.response.close()

    def close(self) -> None:
        """Stop reading and let the connection go."""
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """The events of a `text/event-stream` response, decoded as they arrive (async)."""

    def __init__(self, response: httpx.Response, decoding: EventDecoding) -> None:
        self.response = response
        self._decoding = decoding
        self._events = self._iterate()

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        return await self._events.__anext__()

    async def _iterate(self) -> AsyncIterator[T]:
        decoding = self._decoding
        decoder = SSEDecoder(decoding.max_event_bytes, decoding.label)
        splitter = LineSplitter(decoding.max_event_bytes, decoding.label)
        try:
            with transport_errors(decoding.label):
                async for line in _alines(self.response.aiter_bytes(), splitter):
                    event = decoder.feed(line)
                    if event is not None and event.data == DONE:
                        return
                    if event is not None:
                        yield _event_value(decoding, event, self.response)
        finally:
            await self.response.aclose()

    async def aclose(self) -> None:
        """Stop reading and let the connection go."""
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class BinaryStream:
    """A binary response body in chunks, read as it arrives: `for chunk in stream`."""

    def __init__(self, response: httpx.Response, label: str) -> None:
        self.response = response
        self.status_code: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self._label = label

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks (of `chunk_size` bytes, except the last, when given)."""
        with transport_errors(self._label):
            yield from self.response.iter_bytes(chunk_size)

    def __iter__(self) -> Iterator[bytes]:
        return self.iter_bytes()

    def close(self) -> None:
        """Stop reading and let the connection go."""
        self.response.close()

    def __enter__(self) -> BinaryStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncBinaryStream:
    """A binary response body in chunks, read as it arrives: `async for chunk in stream`."""

    def __init__(self, response: httpx.Response, label: str) -> None:
        self.response = response
        self.status_code: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self._label = label

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks (of `chunk_size` bytes, except the last, when given)."""
        with transport_errors(self._label):
            async for chunk in self.response.aiter_bytes(chunk_size):
                yield chunk

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self.iter_bytes()

    async def aclose(self) -> None:
        """Stop reading and let the connection go."""
        await self.response.aclose()

    async def __aenter__(self) -> AsyncBinaryStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
