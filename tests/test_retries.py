"""Retries: which failures are tried again, how often, after how long, and which never.

The policy of the big API SDKs: by default 2 retries on connection errors, 408, 409, 429
and 5xx, with exponential backoff and jitter or the server's `Retry-After`; never on 400,
401, 403, 404, 422; POST/PATCH only when the request cannot have reached the server or
carries an `Idempotency-Key`. Waits are shortened through `retry_policy=` (never by
sleeping seconds in a test). Real server on 127.0.0.1 (tests/fault_server.py).
"""

from __future__ import annotations

import asyncio
import email.utils
import time
import uuid
from types import ModuleType
from typing import Any

import httpx
import pytest
from fault_server import Exchange, reply, reset_mid_body, sequence

import dial

PATH = "/api/v1/billing"
BILLING = {"balanceCents": 1, "numbers": []}
FAST = dial.RetryPolicy(initial_delay=0.01, max_delay=0.02, max_retry_after=0.05)


def _client(server: Any, **settings: Any) -> dial.Client:
    return dial.Client(api_key="k", base_url=server.url, retry_policy=FAST, **settings)


def test_429_and_503_with_retry_after_then_success(fault_server: Any) -> None:
    """Retry-After: 1 is honoured, capped by max_retry_after (0.05 s here)."""
    fault_server.route(
        "GET",
        PATH,
        sequence(
            reply(429, {"message": "slow down"}, {"Retry-After": "1"}),
            reply(503, {"message": "busy"}, {"Retry-After": "1"}),
            reply(200, BILLING),
        ),
    )
    started = time.monotonic()
    with _client(fault_server) as client:
        assert client.billing.get().balance_cents == 1
    times = [r.at for r in fault_server.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.045 for earlier, later in zip(times, times[1:]))
    assert time.monotonic() - started < 1  # the cap, not the 1 s asked for


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_tried_three_times_by_default(fault_server: Any, status: int) -> None:
    fault_server.route("GET", PATH, reply(status, {"message": "no"}))
    with _client(fault_server) as client:
        with pytest.raises(dial.APIStatusError) as caught:
            client.billing.get()
    assert caught.value.status_code == status
    assert len(fault_server.requests) == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_never_retried(fault_server: Any, status: int) -> None:
    fault_server.route("GET", PATH, reply(status, {"message": "no"}, {"x-should-retry": "true"}))
    with _client(fault_server) as client:
        with pytest.raises(dial.APIStatusError):
            client.billing.get()
    assert len(fault_server.requests) == 1


def test_x_should_retry_is_obeyed(fault_server: Any) -> None:
    fault_server.route("GET", PATH, reply(503, {}, {"x-should-retry": "false"}))
    with _client(fault_server) as client:
        with pytest.raises(dial.InternalServerError):
            client.billing.get()
    assert len(fault_server.requests) == 1
    fault_server.route("GET", PATH, sequence(reply(418, {}, {"x-should-retry": "true"}), reply(200, BILLING)))
    with _client(fault_server) as client:
        client.billing.get()
    assert len(fault_server.requests) == 3


def test_connection_reset_mid_body_is_retried(fault_server: Any) -> None:
    fault_server.route("GET", PATH, sequence(reset_mid_body(), reply(200, BILLING)))
    with _client(fault_server) as client:
        assert client.billing.get().balance_cents == 1
    assert len(fault_server.requests) == 2


def test_max_retries_per_client_and_per_call(fault_server: Any) -> None:
    fault_server.route("GET", PATH, reply(500, {}))
    with _client(fault_server, max_retries=0) as client:
        with pytest.raises(dial.InternalServerError):
            client.billing.get()
        assert len(fault_server.requests) == 1
        with pytest.raises(dial.InternalServerError):
            client.billing.get(max_retries=4)
    assert len(fault_server.requests) == 6


def test_backoff_doubles_with_jitter(fault_server: Any) -> None:
    fault_server.route("GET", PATH, reply(500, {}))
    policy = dial.RetryPolicy(initial_delay=0.05, max_delay=0.1)
    with dial.Client(api_key="k", base_url=fault_server.url, retry_policy=policy, max_retries=3) as client:
        with pytest.raises(dial.InternalServerError):
            client.billing.get()
    times = [r.at for r in fault_server.requests]
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert len(gaps) == 3
    assert 0.0375 <= gaps[0] < 0.2  # 0.05 less up to a quarter (upper bounds leave room for a busy machine)
    assert 0.075 <= gaps[1] < 0.25  # 0.1: doubled
    assert 0.075 <= gaps[2] < 0.25  # 0.2, capped at max_delay 0.1


def test_retry_after_forms() -> None:
    policy = dial.RetryPolicy(max_retry_after=30)
    from dial._retries import retry_after

    assert retry_after(httpx.Headers({"retry-after-ms": "1500"})) == 1.5
    assert retry_after(httpx.Headers({"retry-after": "7"})) == 7
    later = email.utils.formatdate(time.time() + 20, usegmt=True)
    assert 18 < (retry_after(httpx.Headers({"retry-after": later})) or 0) <= 20
    assert retry_after(httpx.Headers({"retry-after": "soon"})) is None
    assert policy.delay(0, httpx.Headers({"retry-after": "3600"})) == 30  # capped
    assert 0.375 <= policy.delay(0, None) <= 0.5
    assert 6 <= policy.delay(10, None) <= 8


def test_post_is_not_retried_once_it_may_have_reached_the_server(faults: ModuleType, fault_server: Any) -> None:
    fault_server.route("POST", "/items", reply(503, {"message": "busy"}))
    with faults.Client(api_key="k", base_url=fault_server.url, retry_policy=FAST) as client:
        with pytest.raises(faults.InternalServerError):
            client.items.create(body=faults.models.Thing(name="a"))
        assert len(fault_server.requests) == 1
        fault_server.route("POST", "/items", reset_mid_body(201))
        with pytest.raises(faults.APIConnectionError):
            client.items.create(body=faults.models.Thing(name="a"))
    assert len(fault_server.requests) == 2


class CountingTransport(httpx.HTTPTransport):
    """A real transport that counts the requests it was asked to send."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return super().handle_request(request)


def test_post_is_retried_when_the_connection_was_never_made(faults: ModuleType) -> None:
    transport = CountingTransport()
    http = httpx.Client(transport=transport)
    with faults.Client(api_key="k", base_url="http://127.0.0.1:9", http_client=http, retry_policy=FAST) as client:
        with pytest.raises(faults.APIConnectionError) as caught:
            client.items.create(body=faults.models.Thing(name="a"))
    http.close()
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert transport.sent == 3


def test_documented_idempotency_key_is_made_once_and_sent_on_every_attempt(
    faults: ModuleType, fault_server: Any
) -> None:
    fault_server.route("POST", "/payments", sequence(reply(503, {}), reset_mid_body(201), reply(201, {"ok": True})))
    with faults.Client(api_key="k", base_url=fault_server.url, retry_policy=FAST) as client:
        assert client.items.create_payment(body=faults.models.Thing(name="a")) == {"ok": True}
    keys = [r.headers["idempotency-key"] for r in fault_server.requests]
    assert len(keys) == 3 and len(set(keys)) == 1
    uuid.UUID(keys[0])


def test_idempotency_key_of_the_caller_allows_retrying_a_post(faults: ModuleType, fault_server: Any) -> None:
    fault_server.route("POST", "/items", sequence(reply(500, {}), reply(201, {"ok": True})))
    headers = {"Idempotency-Key": "mine-1"}
    with faults.Client(api_key="k", base_url=fault_server.url, retry_policy=FAST, headers=headers) as client:
        assert client.items.create(body=faults.models.Thing(name="a")) == {"ok": True}
    assert [r.headers["idempotency-key"] for r in fault_server.requests] == ["mine-1", "mine-1"]
    fault_server.route("POST", "/payments", sequence(reply(500, {}), reply(201, {"ok": True})))
    with faults.Client(api_key="k", base_url=fault_server.url, retry_policy=FAST) as client:
        client.items.create_payment(body=faults.models.Thing(name="a"), idempotency_key="pay-7")
    assert [r.headers["idempotency-key"] for r in fault_server.requests[2:]] == ["pay-7", "pay-7"]


def test_async_retries(fault_server: Any) -> None:
    fault_server.route("GET", PATH, sequence(reply(429, {}, {"retry-after-ms": "20"}), reset_mid_body(), reply(200, BILLING)))

    async def main() -> int:
        async with dial.AsyncClient(api_key="k", base_url=fault_server.url, retry_policy=FAST) as client:
            return (await client.billing.get()).balance_cents  # type: ignore[no-any-return]

    assert asyncio.run(main()) == 1
    assert len(fault_server.requests) == 3


def _events(exchange: Exchange) -> None:
    exchange.send_head(200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"})
    for data in (b'data: {"n": 1}\n\n', b'data: {"n": 2}\n\n'):
        exchange.sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))
    exchange.reset()


def test_streams_are_retried_only_before_their_body_is_read(faults: ModuleType, fault_server: Any) -> None:
    fault_server.route("GET", "/events", sequence(reply(503, {}), _events))
    with faults.Client(api_key="k", base_url=fault_server.url, retry_policy=FAST) as client:
        stream = client.items.stream_events()
        seen = []
        with pytest.raises(faults.APIConnectionError):
            for event in stream:
                seen.append(event.n)
    assert seen == [1, 2]
    assert len(fault_server.requests) == 2  # the 503 retried; the reset mid-stream not
