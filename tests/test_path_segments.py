"""Path parameter values stay inside their segment; base URLs and empty query lists.

`remove_member("acme", "..")` on `DELETE /orgs/{org}/members/{member}` must never become
`DELETE /orgs/acme` (HTTP clients and servers resolve dot segments), so a value that makes
its segment empty, `.` or `..` is refused before anything is sent, and `/ ? # %` are sent
percent-encoded. Uses the `faults` client (tests/conftest.py) and a real server.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest


@pytest.mark.parametrize("org, member", [("acme", ".."), ("..", "bob"), ("acme", "."), (".", "bob"), ("acme", "")])
def test_dot_and_empty_segments_are_refused_before_sending(
    faults: ModuleType, fault_server: Any, org: str, member: str
) -> None:
    with faults.Client(api_key="k", base_url=fault_server.url) as client:
        with pytest.raises(ValueError, match="path parameter .* would address another resource") as caught:
            client.orgs.remove_member(org, member)
    assert isinstance(caught.value, faults.InvalidRequestError)
    assert isinstance(caught.value, faults.APIError)
    assert fault_server.requests == []


def test_reserved_characters_are_percent_encoded(faults: ModuleType, fault_server: Any) -> None:
    """`/`, `?`, `#` and `%` in a value reach the server encoded, in the same segment."""
    fault_server.route("DELETE", "/orgs/a%2Fb/members/c%3Fd%23e%25f", lambda exchange: exchange.send(204))
    with faults.Client(api_key="k", base_url=fault_server.url) as client:
        client.orgs.remove_member("a/b", "c?d#e%f")
    (request,) = fault_server.requests
    assert (request.path, request.query) == ("/orgs/a%2Fb/members/c%3Fd%23e%25f", "")


def test_values_that_only_contain_dots_are_sent(faults: ModuleType, fault_server: Any) -> None:
    """Only a whole `.` or `..` segment is refused: `...` and `.env` are ordinary names."""
    with faults.Client(api_key="k", base_url=fault_server.url, max_retries=0) as client:
        for member in ("...", ".env", "..x"):
            with pytest.raises(faults.NotFoundError):
                client.orgs.remove_member("acme", member)
    assert [r.path for r in fault_server.requests] == [
        "/orgs/acme/members/...",
        "/orgs/acme/members/.env",
        "/orgs/acme/members/..x",
    ]


@pytest.mark.parametrize("base_url", ["https://api.example.com/v1?x=1", "https://api.example.com/v1#top"])
def test_base_url_with_query_or_fragment_is_refused(faults: ModuleType, base_url: str) -> None:
    with pytest.raises(ValueError, match="has a query or fragment"):
        faults.Client(api_key="k", base_url=base_url)


def test_empty_lists_are_left_out_exploded_or_not(faults: ModuleType, fault_server: Any) -> None:
    """`ids` (exploded) and `tags` (explode: false) behave alike: an empty list sends nothing."""
    fault_server.route("GET", "/items", lambda exchange: exchange.send(200, b"{}"))
    with faults.Client(api_key="k", base_url=fault_server.url) as client:
        client.items.list(ids=[], tags=[])
        client.items.list(ids=["a", "b"], tags=["x", "y"])
    assert [r.query for r in fault_server.requests] == ["", "ids=a&ids=b&tags=x%2Cy"]
