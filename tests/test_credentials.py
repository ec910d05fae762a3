"""Credentials: masked in reprs, not forwarded to another host on a redirect, masked in
httpx's log lines, a warning before they go over plain http:// to another machine, and a
clear error (naming the argument and the environment variable) when a call needs them and
the client has none. Real servers on 127.0.0.1 and `localhost` (two hosts).
"""

from __future__ import annotations

import logging
import warnings
from types import ModuleType
from typing import Any

import httpx
import pytest
from fault_server import redirect, reply

import dial

SECRET = "sk_live_SECRET123"


def test_secrets_do_not_show_in_reprs() -> None:
    with dial.Client(api_key=SECRET, base_url="https://api.example.com", headers={"X-Token": "tok-9"}) as client:
        texts = [repr(client._credentials), repr(vars(client)), str(vars(client))]
    for text in texts:
        assert SECRET not in text and "tok-9" not in text
    assert "api_key='***'" in texts[0]


def test_redirect_to_another_host_drops_keys_and_extra_headers(
    faults: ModuleType, fault_server: Any, other_host_server: Any
) -> None:
    """With an http_client that follows redirects: X-Api-Key, Authorization and `headers=`
    extras reach the first host, and a same-host hop, but not another host."""
    fault_server.route("GET", "/items", redirect("/items2"))
    fault_server.route("GET", "/items2", redirect(f"{other_host_server.url}/items"))
    other_host_server.route("GET", "/items", reply(200, {"ok": True}))
    http = httpx.Client(follow_redirects=True)
    extra = {"X-Extra": "private", "Authorization": "Bearer mine"}
    with faults.Client(api_key=SECRET, base_url=fault_server.url, http_client=http, headers=extra) as client:
        assert client.items.list() == {"ok": True}
    http.close()
    first, same_host = fault_server.requests
    for request in (first, same_host):
        assert request.headers["x-api-key"] == SECRET
        assert request.headers["x-extra"] == "private"
    (moved,) = other_host_server.requests
    assert other_host_server.host == "localhost" and moved.headers["host"].startswith("localhost:")
    assert not {"x-api-key", "x-extra", "authorization", "cookie"} & set(moved.headers)


def test_query_key_is_masked_in_the_httpx_log(
    faults: ModuleType, fault_server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    fault_server.route("GET", "/search", reply(200, {}))
    with caplog.at_level(logging.INFO, logger="httpx"):
        with faults.Client(api_key=SECRET, base_url=fault_server.url) as client:
            client.items.search()
    assert fault_server.requests[0].query == f"api_key={SECRET}"  # sent as the spec says
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert any("api_key=%2A%2A%2A" in line or "api_key=***" in line for line in lines), lines
    assert not any(SECRET in line for line in lines)


def test_warning_for_credentials_over_plain_http_to_another_machine() -> None:
    with pytest.warns(dial.InsecureCredentialsWarning, match="plain http:// to http://api.example.com"):
        dial.Client(api_key=SECRET, base_url="http://api.example.com").close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for url in ("https://api.example.com", "http://127.0.0.1:8080", "http://localhost:3000", "http://[::1]:80"):
            dial.Client(api_key=SECRET, base_url=url).close()


def test_missing_credentials_fail_before_sending(
    faults: ModuleType, fault_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FAULTS_API_KEY", raising=False)
    fault_server.route("GET", "/public", reply(200, {"open": True}))
    with faults.Client(base_url=fault_server.url) as client:
        with pytest.raises(faults.MissingCredentialsError) as caught:
            client.items.list()
        assert client.items.get_public() == {"open": True}  # `security: [{}, ...]`: anonymous allowed
    assert str(caught.value) == (
        "GET /items requires credentials and the client has none: "
        "pass api_key= to the client or set FAULTS_API_KEY"
    )
    assert [r.path for r in fault_server.requests] == ["/public"]


def test_credentials_given_another_way_are_not_missing(faults: ModuleType, fault_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key in `headers=` or an `auth` on your http_client count as credentials."""
    monkeypatch.delenv("FAULTS_API_KEY", raising=False)
    fault_server.route("GET", "/items", reply(200, {}))
    with faults.Client(base_url=fault_server.url, headers={"X-Api-Key": "hand-made"}) as client:
        client.items.list()
    http = httpx.Client(auth=("u", "p"))
    with faults.Client(base_url=fault_server.url, http_client=http) as client:
        client.items.list()
    http.close()
    assert fault_server.requests[0].headers["x-api-key"] == "hand-made"
    assert fault_server.requests[1].headers["authorization"].startswith("Basic ")


def test_dial_without_key_names_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIAL_API_KEY", raising=False)
    with dial.Client(base_url="http://127.0.0.1:9") as client:
        with pytest.raises(dial.MissingCredentialsError, match="pass api_key= to the client or set DIAL_API_KEY"):
            client.billing.get()
