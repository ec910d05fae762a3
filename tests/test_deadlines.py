"""A call's timeout bounds its wall time: every attempt, the waits between them and the
reading of the body. A server dripping one byte every 0.4 s used to keep a `timeout=1` call
alive for 11 s. Real server on 127.0.0.1 (tests/fault_server.py).
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from fault_server import Exchange, drip, reply, sequence

import dial

PATH = "/api/v1/billing"
BODY = b'{"balanceCents": 1, "numbers": [], "padding": "xxxxxxxxxxxxxxxxxxxx"}'


def test_slow_drip_ends_at_the_timeout(fault_server: Any) -> None:
    fault_server.route("GET", PATH, drip(BODY, 0.4))
    with dial.Client(api_key="k", base_url=fault_server.url) as client:
        started = time.monotonic()
        with pytest.raises(dial.APITimeoutError):
            client.billing.get(timeout=1)
        elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 1.8  # within one socket wait (0.4 s) of the deadline (11 s before)
    assert len(fault_server.requests) == 1  # no time left to try again


def test_slow_drip_ends_at_the_timeout_async(fault_server: Any) -> None:
    fault_server.route("GET", PATH, drip(BODY, 0.4))

    async def main() -> float:
        async with dial.AsyncClient(api_key="k", base_url=fault_server.url, timeout=1) as client:
            started = time.monotonic()
            with pytest.raises(dial.APITimeoutError):
                await client.billing.get()
            return time.monotonic() - started

    assert 0.9 < asyncio.run(main()) < 1.5


def _stall(release: threading.Event) -> Any:
    def handle(exchange: Exchange) -> None:
        release.wait(5)
        exchange.keep_alive = False

    return handle


def test_retries_share_the_deadline(fault_server: Any) -> None:
    """A 503, then a stalled attempt: the retry gets only the time left of the one timeout."""
    release = threading.Event()
    fault_server.route("GET", PATH, sequence(reply(503, {}), _stall(release)))
    policy = dial.RetryPolicy(initial_delay=0.01)
    with dial.Client(api_key="k", base_url=fault_server.url, timeout=0.5, retry_policy=policy) as client:
        started = time.monotonic()
        with pytest.raises(dial.APITimeoutError):
            client.billing.get()
        elapsed = time.monotonic() - started
    release.set()
    assert 0.45 < elapsed < 0.9
    assert len(fault_server.requests) == 2


def test_retry_waits_that_do_not_fit_end_the_call(fault_server: Any) -> None:
    """A Retry-After longer than the time left ends the call with the last answer."""
    fault_server.route("GET", PATH, reply(503, {"message": "busy"}, {"Retry-After": "2"}))
    with dial.Client(api_key="k", base_url=fault_server.url, timeout=1, max_retries=5) as client:
        started = time.monotonic()
        with pytest.raises(dial.InternalServerError, match="returned 503: busy"):
            client.billing.get()
        elapsed = time.monotonic() - started
    assert elapsed < 0.5
    assert len(fault_server.requests) == 1


def test_waits_between_retries_count_against_the_timeout(fault_server: Any) -> None:
    fault_server.route("GET", PATH, reply(503, {}, {"Retry-After": "0.3"}))
    with dial.Client(api_key="k", base_url=fault_server.url, timeout=1, max_retries=10) as client:
        started = time.monotonic()
        # the last 503, or a timeout when a busy machine makes the last attempt cross the deadline
        with pytest.raises((dial.InternalServerError, dial.APITimeoutError)):
            client.billing.get()
        elapsed = time.monotonic() - started
    assert elapsed < 1.3
    assert 3 <= len(fault_server.requests) <= 4


def test_timeout_none_sets_no_deadline(fault_server: Any) -> None:
    fault_server.route("GET", PATH, drip(BODY, 0.005))
    with dial.Client(api_key="k", base_url=fault_server.url, timeout=None) as client:
        assert client.billing.get().balance_cents == 1
