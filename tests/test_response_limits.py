"""Size caps: a response body, its decompressed size and a server-sent event line are
bounded (`Limits`), with `ResponseTooLargeError` past them and memory that stays near the cap.
A 300 MB body used 894 MB, a 0.5 MB gzip bomb 1.78 GB. Real server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from fault_server import Exchange, bomb, endless, gzipped, reply

import dial

PATH = "/api/v1/billing"
MiB = 1024 * 1024
SMALL = dial.Limits(max_response_bytes=1 * MiB, max_decompressed_bytes=2 * MiB, max_event_bytes=64 * 1024)


def _peak(action: Callable[[], None]) -> int:
    """The most memory (bytes) Python allocated while `action` ran."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_defaults() -> None:
    limits = dial.Limits()
    assert (limits.max_response_bytes, limits.max_decompressed_bytes, limits.max_event_bytes) == (
        64 * MiB,
        256 * MiB,
        16 * MiB,
    )
    with dial.Client(api_key="k", base_url="https://api.example.com") as client:
        assert client.limits == limits


def test_declared_oversized_body_is_refused_before_reading(fault_server: Any) -> None:
    fault_server.route("GET", PATH, endless(b"x" * 65536, 300 * MiB, declare=True))
    with dial.Client(api_key="k", base_url=fault_server.url, limits=SMALL) as client:
        with pytest.raises(dial.ResponseTooLargeError, match=r"\(314572800 bytes\) is larger than 1048576") as caught:
            client.billing.get()
    assert (caught.value.limit, caught.value.max_bytes) == ("max_response_bytes", MiB)
    assert "limits=Limits(max_response_bytes=...)" in str(caught.value)


def test_undeclared_oversized_body_stops_at_the_cap(fault_server: Any) -> None:
    fault_server.route("GET", PATH, endless(b"x" * 65536, 300 * MiB))

    def call() -> None:
        with dial.Client(api_key="k", base_url=fault_server.url, limits=SMALL) as client:
            with pytest.raises(dial.ResponseTooLargeError, match="the response body is larger than 1048576 bytes"):
                client.billing.get()

    assert _peak(call) < 8 * MiB


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compression_bomb_stops_at_the_decompressed_cap(fault_server: Any, encoding: str) -> None:
    fault_server.route("GET", PATH, bomb(64 * MiB, encoding))  # about 64 KB on the wire

    def call() -> None:
        with dial.Client(api_key="k", base_url=fault_server.url, limits=SMALL) as client:
            with pytest.raises(dial.ResponseTooLargeError, match="decompressed response body is larger") as caught:
                client.billing.get()
        assert caught.value.limit == "max_decompressed_bytes"

    assert _peak(call) < 10 * MiB


def test_compressed_bodies_within_the_caps_decode(fault_server: Any) -> None:
    fault_server.route("GET", PATH, gzipped({"balanceCents": 5, "numbers": []}))
    with dial.Client(api_key="k", base_url=fault_server.url, limits=SMALL) as client:
        response = client.billing.get_with_response()
    assert response.parsed.balance_cents == 5
    assert response.content == b'{"balanceCents": 5, "numbers": []}'
    assert fault_server.requests[0].headers["accept-encoding"] == "gzip, deflate"


def test_async_body_cap(fault_server: Any) -> None:
    fault_server.route("GET", PATH, bomb(16 * MiB))

    async def main() -> None:
        async with dial.AsyncClient(api_key="k", base_url=fault_server.url, limits=SMALL) as client:
            with pytest.raises(dial.ResponseTooLargeError):
                await client.billing.get()

    asyncio.run(main())


def test_event_line_without_end_stops_at_the_cap(faults: ModuleType, fault_server: Any) -> None:
    fault_server.route("GET", "/events", endless(b"data: " + b"y" * 65530, 300 * MiB, "text/event-stream"))

    def call() -> None:
        with faults.Client(api_key="k", base_url=fault_server.url, limits=SMALL) as client:
            with pytest.raises(faults.ResponseTooLargeError, match="server-sent event line") as caught:
                list(client.items.stream_events())
        assert caught.value.limit == "max_event_bytes"

    assert _peak(call) < 8 * MiB


def test_event_of_many_lines_stops_at_the_cap(faults: ModuleType, fault_server: Any) -> None:
    line = b'data: {"n": 1}\n'
    fault_server.route("GET", "/events", endless(line * 4096, 50 * MiB, "text/event-stream"))
    with faults.Client(api_key="k", base_url=fault_server.url, limits=SMALL) as client:
        with pytest.raises(faults.ResponseTooLargeError, match="a server-sent event is larger than 65536"):
            list(client.items.stream_events())


def test_events_split_across_chunks_and_line_ends(faults: ModuleType, fault_server: Any) -> None:
    """CRLF, CR and LF line ends, a CRLF split between two chunks: the capped reader splits
    lines as the event-stream format says."""
    body = b'data: {"n": 1}\r\n\r\ndata: {"n":\r\ndata: 2}\r\rdata: {"n": 3}\n\n'

    def byte_by_byte(exchange: Exchange) -> None:
        exchange.send_head(200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"})
        for byte in body:
            exchange.sock.sendall(b"1\r\n%c\r\n" % byte)
        exchange.sock.sendall(b"0\r\n\r\n")

    for handler in (byte_by_byte, reply(200, body, {"Content-Type": "text/event-stream"})):
        fault_server.route("GET", "/events", handler)
        with faults.Client(api_key="k", base_url=fault_server.url) as client:
            assert [e.n for e in client.items.stream_events()] == [1, 2, 3]
