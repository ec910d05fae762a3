"""Every failure of a call is one of the package's exceptions, with a useful message.

A status error's message carries a short form of the server's own message; transport
failures (a body that does not decompress, too many redirects), values that cannot be sent
(a non-ASCII header) and calls on a closed client are `APIError`s with the original
exception chained. Real server on 127.0.0.1 (tests/fault_server.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fault_server import redirect, reply

import dial

PATH = "/api/v1/billing"


def test_status_error_message_carries_the_servers_message(fault_server: Any) -> None:
    fault_server.route("GET", PATH, reply(401, {"error": "Missing or invalid API key."}))
    with dial.Client(api_key="bad", base_url=fault_server.url) as client:
        with pytest.raises(dial.AuthenticationError) as caught:
            client.billing.get()
    assert str(caught.value) == "GET /api/v1/billing returned 401: Missing or invalid API key."


@pytest.mark.parametrize(
    "body, expected",
    [
        ({"error": {"message": "Quota  exceeded\nfor today", "type": "quota"}}, ": Quota exceeded for today"),
        ({"detail": "Not allowed"}, ": Not allowed"),
        (b"plain text failure", ": plain text failure"),
        (b"<html><body>Forbidden</body></html>", ""),
        ({"message": "x" * 500}, ": " + "x" * 197 + "..."),
        ({"code": 7}, ""),
    ],
)
def test_message_is_short_and_one_line(fault_server: Any, body: Any, expected: str) -> None:
    fault_server.route("GET", PATH, reply(403, body))
    with dial.Client(api_key="k", base_url=fault_server.url) as client:
        with pytest.raises(dial.PermissionDeniedError) as caught:
            client.billing.get()
    assert str(caught.value) == "GET /api/v1/billing returned 403" + expected


def test_body_that_does_not_decompress_is_a_connection_error(fault_server: Any) -> None:
    fault_server.route("GET", PATH, reply(200, b"this is not gzip", {"Content-Encoding": "gzip"}))
    with dial.Client(api_key="k", base_url=fault_server.url, max_retries=0) as client:
        with pytest.raises(dial.APIConnectionError, match="does not decompress") as caught:
            client.billing.get()
    assert isinstance(caught.value.__cause__, httpx.DecodingError)


def test_too_many_redirects_is_a_connection_error(fault_server: Any) -> None:
    fault_server.route("GET", PATH, redirect(PATH))
    http = httpx.Client(follow_redirects=True, max_redirects=3)
    with dial.Client(api_key="k", base_url=fault_server.url, http_client=http) as client:
        with pytest.raises(dial.APIConnectionError, match="TooManyRedirects") as caught:
            client.billing.get()
    http.close()
    assert isinstance(caught.value.__cause__, httpx.TooManyRedirects)
    assert len(fault_server.requests) == 4  # the first and 3 redirects


def test_non_ascii_header_value_is_an_invalid_request(fault_server: Any) -> None:
    with dial.Client(api_key="k", base_url=fault_server.url, headers={"X-User": "José"}) as client:
        with pytest.raises(dial.InvalidRequestError, match="header X-User has a non-ASCII value"):
            client.billing.get()
    assert fault_server.requests == []


def test_call_after_close_is_a_client_closed_error(fault_server: Any) -> None:
    client = dial.Client(api_key="k", base_url=fault_server.url)
    client.close()
    with pytest.raises(dial.ClientClosedError, match="the client is closed"):
        client.billing.get()
    http = httpx.Client()
    http.close()
    with pytest.raises(dial.ClientClosedError):
        dial.Client(api_key="k", base_url=fault_server.url, http_client=http).billing.get()
    assert fault_server.requests == []


def test_async_call_after_close_is_a_client_closed_error(fault_server: Any) -> None:
    async def main() -> None:
        client = dial.AsyncClient(api_key="k", base_url=fault_server.url)
        await client.aclose()
        with pytest.raises(dial.ClientClosedError):
            await client.billing.get()

    asyncio.run(main())
    assert fault_server.requests == []
