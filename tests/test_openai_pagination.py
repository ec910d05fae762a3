"""The generated OpenAI client iterates its lists across pages, over real HTTP on 127.0.0.1.

The client is generated from `../shared/corpus/big/openai-openapi.yaml` as it is; its list
operations are found by operationId in `_index.json` (`iter` / `iter_async`), so the test
does not depend on how functions are named. Shapes: `after` + `has_more` + `last_id`
(`listFiles`), `after` + `has_more` with the last item's `id` as the next cursor
(`listPaginatedFineTuningJobs`), and `after` fed the page's `next` (`list-groups`).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import CORPUS, json_server

from generator.context import Context, Options
from generator.pipeline import generate

OPENAI = CORPUS / "big" / "openai-openapi.yaml"


@pytest.fixture(scope="module")
def oai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("openai-paging")
    generate(Context(Options((OPENAI,), out, "oai_pages")))
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("oai_pages")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "oai_pages" or m.startswith("oai_pages.")]:
            del sys.modules[name]


def _iterators(oai: ModuleType, operation_id: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The `iter` and `iter_async` functions of an operation, from the package's `_index.json`."""
    index = json.loads((Path(oai.__file__).parent / "_index.json").read_text(encoding="utf-8"))
    [entry] = [o for o in index["operations"] if o["operationId"] == operation_id]
    found = []
    for dotted in (entry["iter"], entry["iter_async"]):
        module, name = dotted.rsplit(".", 1)
        found.append(getattr(importlib.import_module(module), name))
    return found[0], found[1]


ITEMS = {
    "/files": [
        {"id": f"file-{n}", "object": "file", "bytes": n, "created_at": 1700000000 + n, "filename": f"f{n}.jsonl",
         "purpose": "fine-tune", "status": "processed"}
        for n in range(1, 6)
    ],
    "/fine_tuning/jobs": [{"id": f"ftjob-{n}", "object": "fine_tuning.job", "model": "m"} for n in range(1, 6)],
    "/organization/groups": [{"id": f"group-{n}", "name": f"g{n}"} for n in range(1, 6)],
}


def _answer(path: str, query: dict[str, str]) -> Any:
    """One page of the path's items after `after`, `limit` long, in the operation's shape."""
    items, size = ITEMS[path], int(query.get("limit", "2"))
    start = next((i + 1 for i, item in enumerate(items) if item["id"] == query.get("after")), 0)
    chunk, more = items[start : start + size], start + size < len(items)
    page: dict[str, Any] = {"object": "list", "data": chunk, "has_more": more}
    if path == "/files":
        page.update(first_id=chunk[0]["id"], last_id=chunk[-1]["id"])
    if path == "/organization/groups":
        page["next"] = chunk[-1]["id"] if more else None
    return page


@pytest.fixture
def openai_server() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    queries: list[tuple[str, dict[str, str]]] = []

    def answer(path: str, query: dict[str, str], headers: Message) -> tuple[Any, dict[str, str]]:
        queries.append((path, query))
        return _answer(path, query), {}

    with json_server(answer) as url:
        yield url, queries


CASES = {"listFiles": "/files", "listPaginatedFineTuningJobs": "/fine_tuning/jobs", "list-groups": "/organization/groups"}


@pytest.mark.parametrize("operation_id", sorted(CASES))
def test_openai_lists_every_item_across_pages(
    oai: ModuleType, openai_server: tuple[str, list[tuple[str, dict[str, str]]]], operation_id: str
) -> None:
    url, queries = openai_server
    path = CASES[operation_id]
    sync_iter, async_iter = _iterators(oai, operation_id)
    expected = [item["id"] for item in ITEMS[path]]
    with oai.Client(base_url=url, api_key="sk-test") as client:
        assert [item.id for item in sync_iter(client, limit=2)] == expected
    assert queries == [
        (path, {"limit": "2"}),
        (path, {"limit": "2", "after": expected[1]}),
        (path, {"limit": "2", "after": expected[3]}),
    ]

    async def run() -> list[str]:
        async with oai.AsyncClient(base_url=url, api_key="sk-test") as client:
            return [item.id async for item in async_iter(client, limit=2)]

    assert asyncio.run(run()) == expected
    assert len(queries) == 6


def test_openai_file_items_are_models(oai: ModuleType, openai_server: tuple[str, list[tuple[str, dict[str, str]]]]) -> None:
    url, _ = openai_server
    sync_iter, _ = _iterators(oai, "listFiles")
    with oai.Client(base_url=url, api_key="sk-test") as client:
        files = list(sync_iter(client, limit=3))
        pages = list(sync_iter(client, limit=3).pages())
    assert all(isinstance(f, oai.models.OpenAIFile) for f in files)
    assert [f.purpose for f in files] == ["fine-tune"] * 5
    assert [(p.first_id, p.last_id, p.has_more) for p in pages] == [("file-1", "file-3", True), ("file-4", "file-5", False)]
