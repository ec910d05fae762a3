"""The client under load: 2,000 async calls with 100 in flight, and one sync client shared
by 8 threads. No errors, no connection or file descriptor left open after `close()`, no
more connections than the pool allows, memory that does not grow with the number of calls.
The time bound is a guard against hangs, not a speed measurement (that is `make bench`).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fault_server import FastServer, fast_serving

import dial

PATH = "/api/v1/billing"
BILLING = {
    "balanceCents": 7,
    "numbers": [{"id": "n1", "number": "+15550100", "billingMode": "PAYG"}],
}


@pytest.fixture
def fast_server() -> Any:
    yield from fast_serving(BILLING)


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_async_2000_calls_100_in_flight(fast_server: FastServer) -> None:
    fds, rss = _open_fds(), _rss()

    async def main() -> list[int]:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        gate = asyncio.Semaphore(100)
        async with httpx.AsyncClient(limits=limits) as http:
            client = dial.AsyncClient(
                api_key="k", base_url=fast_server.url, http_client=http
            )

            async def one() -> int:
                async with gate:
                    return (await client.billing.get()).balance_cents  # type: ignore[no-any-return]

            return await asyncio.gather(*(one() for _ in range(2000)))

    started = time.monotonic()
    results = asyncio.run(main())
    assert results == [7] * 2000
    assert time.monotonic() - started < 120  # a hang guard; speed is `make bench`
    assert fast_server.served == 2000
    assert fast_server.most_connections <= 100
    assert fast_server.wait_idle() == 0
    assert _open_fds() <= fds
    assert _rss() - rss < 64 * 1024 * 1024


def test_sync_client_shared_by_8_threads(fast_server: FastServer) -> None:
    fds = _open_fds()
    started = time.monotonic()
    with dial.Client(api_key="k", base_url=fast_server.url) as client:
        with ThreadPoolExecutor(8) as pool:
            results = list(
                pool.map(
                    lambda _: client.billing.get().balance_cents, range(400)
                )
            )
    assert results == [7] * 400
    assert time.monotonic() - started < 120  # a hang guard; speed is `make bench`
    assert fast_server.most_connections <= 8
    assert fast_server.wait_idle() == 0
    assert _open_fds() <= fds


class _CountingHider:
    """A meta-path finder that plays an environment without `sniffio` and counts the searches."""

    def __init__(self) -> None:
        self.searches = 0

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "sniffio":
            self.searches += 1
            raise ModuleNotFoundError("No module named 'sniffio'", name="sniffio")
        return None


def test_async_calls_do_not_search_for_a_missing_sniffio(
    fast_server: FastServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # httpcore imports sniffio for every async lock it makes; without sniffio installed each
    # import searched sys.path again (encode/httpcore#1103). The client records it absent once.
    hider = _CountingHider()
    monkeypatch.setitem(sys.modules, "sniffio", None)  # restored (or removed) after the test
    del sys.modules["sniffio"]
    monkeypatch.setattr(sys, "meta_path", [hider, *sys.meta_path])

    async def main() -> list[int]:
        client = dial.AsyncClient(api_key="k", base_url=fast_server.url)
        async with client:
            return [
                (await client.billing.get()).balance_cents for _ in range(20)
            ]

    assert asyncio.run(main()) == [7] * 20
    assert hider.searches == 1  # once, when the client was made; not per request
    assert sys.modules["sniffio"] is None
