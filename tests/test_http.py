"""The Dial client over real HTTP, against a server on 127.0.0.1 answering documented examples."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from conftest import SEED_PAGE, LocalServer

from generator.load import load_file

import dial
from dial import models
from dial.api import billing

ERROR_BODY = {"error": "Missing or invalid API key."}


def _example() -> Any:
    return next(e.value for e in load_file(SEED_PAGE).examples if e.kind == "response")


@pytest.fixture
def billing_server(server: LocalServer) -> LocalServer:
    server.answer("GET", "/api/v1/billing", 200, _example())
    return server


def test_sync_call_decodes_billing_and_sends_bearer(billing_server: LocalServer) -> None:
    """client.billing.get() returns a decoded Billing; the server saw the bearer key."""
    with dial.Client(api_key="sk_live_123", base_url=billing_server.url) as client:
        result = client.billing.get()
    assert isinstance(result, models.Billing)
    assert result.balance_cents == 23500
    assert result.to_dict() == _example()
    [request] = billing_server.requests
    assert (request.method, request.path) == ("GET", "/api/v1/billing")
    assert request.headers["Authorization"] == "Bearer sk_live_123"
    assert request.headers["Accept"] == "application/json"


def test_function_form_takes_the_client_first(billing_server: LocalServer) -> None:
    """billing.get_billing(client) is the same call as the method."""
    with dial.Client(api_key="k", base_url=billing_server.url) as client:
        assert billing.get_billing(client) == client.billing.get()


def test_api_key_comes_from_environment(billing_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without api_key=, DIAL_API_KEY is used."""
    monkeypatch.setenv("DIAL_API_KEY", "sk_env")
    with dial.Client(base_url=billing_server.url) as client:
        client.billing.get()
    assert billing_server.requests[0].headers["Authorization"] == "Bearer sk_env"


def test_base_url_comes_from_environment(
    billing_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without base_url=, DIAL_BASE_URL is used before the spec's server."""
    monkeypatch.setenv("DIAL_BASE_URL", billing_server.url)
    with dial.Client(api_key="k") as client:
        assert client.base_url == billing_server.url
        client.billing.get()
    assert len(billing_server.requests) == 1


def test_default_base_url_is_the_specs_server() -> None:
    """The spec's first server is the default."""
    with dial.Client(api_key="k") as client:
        assert client.base_url == "https://getdial.ai"


def test_401_raises_typed_error_with_decoded_body(server: LocalServer) -> None:
    """A 401 raises AuthenticationError carrying status, headers, raw body and the Error model."""
    server.answer("GET", "/api/v1/billing", 401, ERROR_BODY)
    with dial.Client(api_key="bad", base_url=server.url) as client:
        with pytest.raises(dial.AuthenticationError) as caught:
            client.billing.get()
    error = caught.value
    assert isinstance(error, dial.APIStatusError)
    assert error.status_code == 401
    assert error.headers["content-type"] == "application/json"
    assert json.loads(error.content) == ERROR_BODY
    assert error.body == models.Error(error="Missing or invalid API key.")


@pytest.mark.parametrize(
    ("status", "exception"),
    [
        (400, dial.BadRequestError), (403, dial.PermissionDeniedError), (404, dial.NotFoundError),
        (409, dial.ConflictError), (422, dial.UnprocessableEntityError), (429, dial.RateLimitError),
        (500, dial.InternalServerError), (503, dial.InternalServerError),
    ],
)  # fmt: skip
def test_each_common_status_has_its_exception(
    server: LocalServer, status: int, exception: type[Exception]
) -> None:
    """Undocumented error statuses still raise their own subclass, the body decoded with the
    spec's shared error schema (Dial's `Error`) when it fits, else kept as plain JSON."""
    server.answer("GET", "/api/v1/billing", status, {"error": "nope"})
    with dial.Client(api_key="k", base_url=server.url) as client:
        with pytest.raises(exception) as caught:
            client.billing.get()
        server.answer("GET", "/api/v1/billing", status, {"error": 7})
        with pytest.raises(exception) as unfitting:
            client.billing.get()
    assert caught.value.status_code == status  # type: ignore[attr-defined]
    assert caught.value.body == models.Error(error="nope")  # type: ignore[attr-defined]
    assert unfitting.value.body == {"error": 7}  # type: ignore[attr-defined]


def test_with_response_exposes_status_headers_and_raw_body(billing_server: LocalServer) -> None:
    """get_billing_with_response gives status, headers, raw bytes and the parsed model."""
    with dial.Client(api_key="k", base_url=billing_server.url) as client:
        response = client.billing.get_with_response()
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.content) == _example()
    assert isinstance(response.parsed, models.Billing)


def test_async_client_and_function(billing_server: LocalServer) -> None:
    """AsyncClient's method and billing.get_billing_async decode the same Billing."""

    async def run() -> tuple[models.Billing, models.Billing]:
        async with dial.AsyncClient(api_key="sk_async", base_url=billing_server.url) as client:
            return await client.billing.get(), await billing.get_billing_async(client)

    first, second = asyncio.run(run())
    assert first == second == models.Billing.from_dict(_example())
    assert {r.headers["Authorization"] for r in billing_server.requests} == {"Bearer sk_async"}


def test_async_401_raises_typed_error(server: LocalServer) -> None:
    """The async path raises the same typed error."""
    server.answer("GET", "/api/v1/billing", 401, ERROR_BODY)

    async def run() -> None:
        async with dial.AsyncClient(api_key="bad", base_url=server.url) as client:
            await client.billing.get()

    with pytest.raises(dial.AuthenticationError) as caught:
        asyncio.run(run())
    assert caught.value.body == models.Error(error="Missing or invalid API key.")


def test_injected_http_client_is_used_and_not_closed(billing_server: LocalServer) -> None:
    """An httpx.Client passed in sends the request (its headers too) and stays open."""
    http = httpx.Client(headers={"X-Trace": "abc"})
    with dial.Client(api_key="k", base_url=billing_server.url, http_client=http) as client:
        client.billing.get()
    assert billing_server.requests[0].headers["X-Trace"] == "abc"
    assert not http.is_closed
    http.close()


def test_per_call_timeout_raises_timeout_error(server: LocalServer) -> None:
    """timeout= on a call overrides the client's; expiry raises APITimeoutError."""
    server.answer("GET", "/api/v1/billing", 200, _example(), delay=1.0)
    with dial.Client(api_key="k", base_url=server.url, timeout=30) as client:
        with pytest.raises(dial.APITimeoutError):
            client.billing.get(timeout=0.1)


def test_connection_refused_raises_connection_error() -> None:
    """A closed port raises APIConnectionError, not an httpx exception."""
    with dial.Client(api_key="k", base_url="http://127.0.0.1:9") as client:
        with pytest.raises(dial.APIConnectionError):
            client.billing.get()


def test_success_body_that_does_not_fit_is_kept_as_received(server: LocalServer) -> None:
    """By default the call succeeds: the field that does not fit holds what the server sent."""
    server.answer("GET", "/api/v1/billing", 200, {"balanceCents": "lots", "numbers": [{"id": "n1"}]})
    with dial.Client(api_key="k", base_url=server.url) as client:
        billing = client.billing.get()
    assert billing.balance_cents == "lots"
    assert isinstance(billing.numbers, list) and billing.numbers[0] == dial.models.BillingNumbersItems(id="n1")


def test_success_body_that_does_not_fit_raises_decode_error(server: LocalServer) -> None:
    """With strict_responses, a 200 whose body contradicts the schema raises ResponseDecodeError."""
    server.answer("GET", "/api/v1/billing", 200, {"balanceCents": "lots"})
    with dial.Client(api_key="k", base_url=server.url, strict_responses=True) as client:
        with pytest.raises(dial.ResponseDecodeError) as caught:
            client.billing.get()
    assert json.loads(caught.value.content) == {"balanceCents": "lots"}
