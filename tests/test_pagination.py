"""List operations get `<name>_iter`: every item of every page, sync and async, typed.

One inline spec holds each shape real APIs use, served page by page by a real server on
127.0.0.1 from five items: a cursor (`starting_after` + `has_more`, the next cursor the last
item's `id`, as Stripe), a next token (`next_cursor` fed back as `cursor`), an offset with a
total, page numbers with `total_pages`, a `Link: <...>; rel="next"` header over an array
response (GitHub), and a next URL in the body (`next_page_uri`, relative, as Twilio). Shapes
the generator cannot follow get no iterator and one warning line each. mypy --strict sees
the item type of the list and rejects a wrong one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import generated_package, json_server, mypy_user_code

from generator.context import Context, Options
from generator.pipeline import build_spec

_LIST = """\
      responses:
        '200':
          description: OK
          content:
            application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}
"""
_PARAM = "        - {{name: {name}, in: query, schema: {{type: {type}}}}}\n"


def _op(path: str, op_id: str, schema: str, params: dict[str, str], extra: str = "") -> str:
    lines = f"  {path}:\n    get:\n      operationId: {op_id}\n      tags: [things]\n      parameters:\n"
    lines += "".join(_PARAM.format(name=n, type=t) for n, t in params.items())
    return lines + extra + _LIST.format(schema=schema)


SPEC = (
    """\
openapi: 3.0.3
info: {title: Paging, version: '1'}
servers: [{url: 'https://paging.test/v1'}]
security: [{}, {token: []}]
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
  schemas:
    Thing:
      type: object
      required: [id, name]
      properties: {id: {type: string}, name: {type: string}}
    Nameless:
      type: object
      properties: {name: {type: string}}
    CursorPage:
      type: object
      required: [data, has_more]
      properties:
        object: {type: string}
        data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        has_more: {type: boolean}
        url: {type: string}
    TokenPage:
      type: object
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        next_cursor: {type: string, nullable: true}
    OffsetPage:
      type: object
      properties:
        results: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        meta: {type: object, properties: {total: {type: integer}}}
    NumberedPage:
      type: object
      properties:
        things: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        total_pages: {type: integer}
    Things: {type: array, items: {$ref: '#/components/schemas/Thing'}}
    UriPage:
      type: object
      properties:
        things: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        next_page_uri: {type: string, nullable: true}
        page: {type: integer}
    TwoLists:
      type: object
      properties:
        users: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        teams: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        next_cursor: {type: string}
    NamelessPage:
      type: object
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Nameless'}}
        has_more: {type: boolean}
paths:
"""
    + _op("/cursor", "listByCursor", "CursorPage", {"limit": "integer", "starting_after": "string"})
    + _op("/token", "listByToken", "TokenPage", {"limit": "integer", "cursor": "string"})
    + _op("/offset", "listByOffset", "OffsetPage", {"limit": "integer", "offset": "integer"})
    + _op("/numbered", "listByPage", "NumberedPage", {"per_page": "integer", "page": "integer"})
    + _op(
        "/linked",
        "listLinked",
        "Things",
        {"per_page": "integer", "page": "integer"},
    ).replace("          description: OK\n", "          description: OK\n          headers: {Link: {schema: {type: string}}}\n")
    + _op("/uri", "listByUri", "UriPage", {"PageSize": "integer"})
    + _op("/two", "listTwoLists", "TwoLists", {"cursor": "string"})
    + _op("/nameless", "listNameless", "NamelessPage", {"after": "string"})
)

ITEMS = [{"id": f"t{n}", "name": f"thing {n}"} for n in range(1, 6)]


@dataclass
class PagingServer:
    """Serves the five items page by page in every shape of the spec, recording each query."""

    url: str = ""
    queries: list[str] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)

    def page(self, path: str, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        size = int(query.get("limit") or query.get("per_page") or query.get("PageSize") or 2)
        if path == "/cursor":
            start = next((i + 1 for i, item in enumerate(ITEMS) if item["id"] == query.get("starting_after")), 0)
            chunk = ITEMS[start : start + size]
            return {"object": "list", "data": chunk, "has_more": start + size < len(ITEMS), "url": "/v1/x"}, {}
        if path in ("/token", "/two"):
            start = int(query.get("cursor", "0"))
            after = str(start + size) if start + size < len(ITEMS) else None
            return {"items": ITEMS[start : start + size], "next_cursor": after}, {}
        if path == "/offset":
            start = int(query.get("offset", "0"))
            return {"results": ITEMS[start : start + size], "meta": {"total": len(ITEMS)}}, {}
        number = int(query.get("page", "1"))
        chunk = ITEMS[(number - 1) * size : number * size]
        pages = -(-len(ITEMS) // size)
        if path == "/numbered":
            return {"things": chunk, "total_pages": pages}, {}
        if path == "/linked":
            following = f'<{self.url}/linked?per_page={size}&page={number + 1}>; rel="next", ' if number < pages else ""
            return chunk, {"Link": f'{following}<{self.url}/linked?per_page={size}&page={pages}>; rel="last"'}
        following = f"/uri?PageSize={size}&page={number + 1}" if number < pages else None
        return {"things": chunk, "next_page_uri": following, "page": number}, {}


@pytest.fixture
def paging_server() -> Iterator[PagingServer]:
    state = PagingServer()

    def answer(path: str, query: dict[str, str], headers: Message) -> tuple[Any, dict[str, str]]:
        state.queries.append(f"{path}?{urlencode(query)}")
        state.authorizations.append(headers.get("Authorization"))
        return state.page(path, query)

    with json_server(answer) as url:
        state.url = url
        yield state


@pytest.fixture(scope="module")
def paging(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("paging"), SPEC, "paging") as package:
        yield package


NAMES = [f"thing {n}" for n in range(1, 6)]
CALLS = {
    "list_by_cursor_iter": ({"limit": 2}, ["/cursor?limit=2", "/cursor?limit=2&starting_after=t2", "/cursor?limit=2&starting_after=t4"]),
    "list_by_token_iter": ({"limit": 2}, ["/token?limit=2", "/token?limit=2&cursor=2", "/token?limit=2&cursor=4"]),
    "list_by_offset_iter": ({"limit": 2}, ["/offset?limit=2", "/offset?limit=2&offset=2", "/offset?limit=2&offset=4"]),
    "list_by_page_iter": ({"per_page": 2}, ["/numbered?per_page=2", "/numbered?per_page=2&page=2", "/numbered?per_page=2&page=3"]),
    "list_linked_iter": ({"per_page": 2}, ["/linked?per_page=2", "/linked?per_page=2&page=2", "/linked?per_page=2&page=3"]),
    "list_by_uri_iter": ({"page_size": 2}, ["/uri?PageSize=2", "/uri?PageSize=2&page=2", "/uri?PageSize=2&page=3"]),
}


@pytest.mark.parametrize("method", sorted(CALLS))
def test_every_item_of_every_page_sync(paging: ModuleType, paging_server: PagingServer, method: str) -> None:
    arguments, queries = CALLS[method]
    with paging.Client(base_url=paging_server.url) as client:
        things = list(getattr(client.things, method)(**arguments))
    assert [t.name for t in things] == NAMES
    assert all(isinstance(t, paging.models.Thing) for t in things)
    assert paging_server.queries == queries


@pytest.mark.parametrize("method", sorted(CALLS))
def test_every_item_of_every_page_async(paging: ModuleType, paging_server: PagingServer, method: str) -> None:
    arguments, queries = CALLS[method]

    async def run() -> list[str]:
        async with paging.AsyncClient(base_url=paging_server.url) as client:
            return [t.name async for t in getattr(client.things, method)(**arguments)]

    assert asyncio.run(run()) == NAMES
    assert paging_server.queries == queries


def test_pages_start_where_the_caller_says_and_each_iteration_starts_again(
    paging: ModuleType, paging_server: PagingServer
) -> None:
    with paging.Client(base_url=paging_server.url) as client:
        pager = client.things.list_by_cursor_iter(limit=2, starting_after="t1")
        pages = list(pager.pages())
        again = [t.id for t in pager]
    assert [[t.id for t in page.data] for page in pages] == [["t2", "t3"], ["t4", "t5"]]
    assert [page.has_more for page in pages] == [True, False]
    assert again == ["t2", "t3", "t4", "t5"]
    assert len(paging_server.queries) == 4


def test_the_functions_page_too(paging: ModuleType, paging_server: PagingServer) -> None:
    """`things.list_by_token_iter(client, ...)` and `..._iter_async(async_client, ...)`."""
    from paging.api import things

    with paging.Client(base_url=paging_server.url) as client:
        assert [t.id for t in things.list_by_token_iter(client, limit=4)] == ["t1", "t2", "t3", "t4", "t5"]

    async def run() -> list[str]:
        async with paging.AsyncClient(base_url=paging_server.url) as client:
            return [t.id async for t in things.list_by_token_iter_async(client, limit=3)]

    assert asyncio.run(run()) == ["t1", "t2", "t3", "t4", "t5"]


def test_a_next_link_to_another_host_is_not_followed(paging: ModuleType, paging_server: PagingServer) -> None:
    """The client's credentials stay with its base URL: a next page elsewhere is an error."""
    original = paging_server.page

    def elsewhere(path: str, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        body, _ = original(path, query)
        return body, {"Link": '<http://localhost:1/linked?page=2>; rel="next"'}

    paging_server.page = elsewhere  # type: ignore[method-assign]
    with paging.Client(base_url=paging_server.url, api_key="sk-secret") as client:
        pager = iter(client.things.list_linked_iter(per_page=2))
        assert [next(pager).id, next(pager).id] == ["t1", "t2"]
        with pytest.raises(paging.APIError, match="another host"):
            next(pager)
    assert paging_server.authorizations == ["Bearer sk-secret"]


def test_ambiguous_lists_get_no_iterator_and_one_warning_each(tmp_path: Path) -> None:
    (tmp_path / "paging.yaml").write_text(SPEC, encoding="utf-8")
    ctx = Context(Options((tmp_path / "paging.yaml",), tmp_path / "out", "paging"))
    ops = {op.function: op for op in build_spec(ctx).groups[0].operations}
    assert {name for name, op in ops.items() if op.paging} == {m.removesuffix("_iter") for m in CALLS}
    assert [w.message for w in ctx.diagnostics.warnings] == [
        "GET /two: the response has several array fields (users, teams) and none is the list; "
        "no `list_two_lists_iter` generated",
        "GET /nameless: it takes `after` and says `has_more`, but neither a `last_id` nor an `id` of its "
        "items gives the next cursor; no `list_nameless_iter` generated",
    ]


USER_CODE = """\
import paging
from paging.api import things

client = paging.Client(base_url="http://127.0.0.1:1")
for thing in client.things.list_by_cursor_iter(limit=2):
    reveal_type(thing)
for page in client.things.list_by_cursor_iter().pages():
    reveal_type(page)
for linked in things.list_linked_iter(client):
    reveal_type(linked)


async def use(aclient: paging.AsyncClient) -> None:
    async for thing in aclient.things.list_by_token_iter(limit=2):
        reveal_type(thing)
"""

WRONG_CODE = """\
import paging

client = paging.Client(base_url="http://127.0.0.1:1")
for thing in client.things.list_by_offset_iter(limit=2):
    count: int = thing
client.things.list_by_offset_iter(limit="2")
"""


def test_items_and_pages_are_typed(paging: ModuleType, tmp_path: Path) -> None:
    lines = mypy_user_code(paging, tmp_path, USER_CODE)
    assert [line for line in lines if ": error:" in line] == []
    revealed = [line.split("Revealed type is ")[1] for line in lines if "Revealed" in line]
    assert revealed == [
        '"paging._models.thing.Thing"',
        '"paging._models.cursor_page.CursorPage"',
        '"paging._models.thing.Thing"',
        '"paging._models.thing.Thing"',
    ]


def test_a_wrong_item_type_or_argument_fails_mypy(paging: ModuleType, tmp_path: Path) -> None:
    errors = [line for line in mypy_user_code(paging, tmp_path, WRONG_CODE) if ": error:" in line]
    assert len(errors) == 2, errors
    assert 'Incompatible types in assignment (expression has type "Thing"' in errors[0]
    assert 'Argument "limit"' in errors[1]
