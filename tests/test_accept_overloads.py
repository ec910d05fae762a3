"""The `accept=` overloads of an operation whose response has several media types.

Shaped like GitHub's `activity/list-repos-starred-by-authenticated-user`: optional query
parameters (each `X | Unset`, a union) and a 200 response documented as `application/json`
and `application/vnd.github.v3.star+json` with different schemas. The resource methods pass
their `accept` (the whole `Literal[...]`) on to the overloaded module functions; without a
catch-all overload mypy has to split every union argument, gives up ("too many unions") and
reports `arg-type` on `accept`. The package is generated once into a temporary folder.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LocalServer, mypy_strict

from generator.context import Context, Options
from generator.pipeline import generate

STARRED = """\
openapi: 3.0.3
info: {title: Starred, version: '1'}
servers: [{url: 'https://starred.test'}]
components:
  schemas:
    Repo:
      type: object
      required: [name]
      properties: {name: {type: string}}
    StarredRepo:
      type: object
      required: [starred_at, repo]
      properties:
        starred_at: {type: string}
        repo: {$ref: '#/components/schemas/Repo'}
paths:
  /user/starred:
    get:
      operationId: listStarred
      tags: [activity]
      parameters:
        - {name: sort, in: query, schema: {type: string, enum: [created, updated]}}
        - {name: direction, in: query, schema: {type: string, enum: [asc, desc]}}
        - {name: per_page, in: query, schema: {type: integer}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: starred repositories
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Repo'}}
            application/vnd.github.v3.star+json:
              schema: {type: array, items: {$ref: '#/components/schemas/StarredRepo'}}
"""

USER_CODE = """\
from typing import Literal

import starred

Kind = Literal["application/json", "application/vnd.github.v3.star+json"]


def pick(client: starred.Client, kind: Kind) -> None:
    reveal_type(client.activity.list_starred(per_page=10, accept=kind))
    reveal_type(client.activity.list_starred())
    reveal_type(client.activity.list_starred(accept="application/vnd.github.v3.star+json"))


async def pick_async(client: starred.AsyncClient, kind: Kind) -> None:
    reveal_type(await client.activity.list_starred(page=2, accept=kind))
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("accept")
    (folder / "starred.yaml").write_text(STARRED, encoding="utf-8")
    generate(Context(Options((folder / "starred.yaml",), folder / "out", "starred")))
    return folder / "out"


def test_resource_methods_forwarding_accept_are_mypy_strict_clean(out: Path, tmp_path: Path) -> None:
    """Optional (union) parameters plus an accept choice: the package checks with no errors."""
    check = mypy_strict(out, "starred")
    assert check.returncode == 0, check.stdout


def test_union_accept_variable_returns_the_union_for_type_checkers(out: Path, tmp_path: Path) -> None:
    """A caller's `accept` typed as the whole Literal gets the union; a literal still narrows."""
    (tmp_path / "use.py").write_text(USER_CODE, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c")]
    run = subprocess.run([*command, str(tmp_path / "use.py")], cwd=out, capture_output=True, text=True)
    assert [line for line in run.stdout.splitlines() if ": error:" in line] == []
    revealed = [line.split("Revealed type is ")[1] for line in run.stdout.splitlines() if "Revealed" in line]
    # mypy names a model by the module that defines it (one per model under `_models/`)
    repo, starred = "starred._models.repo.Repo", "starred._models.starred_repo.StarredRepo"
    both = f'"list[{repo}] | list[{starred}]"'
    assert revealed == [both, f'"list[{repo}]"', f'"list[{starred}]"', both]


def test_resource_method_passes_a_chosen_accept_on(out: Path, server: LocalServer) -> None:
    """At runtime the method sends the chosen media type and decodes its schema."""
    server.answer(
        "GET",
        "/user/starred",
        200,
        [{"starred_at": "2021-12-01", "repo": {"name": "hello"}}],
        content_type="application/vnd.github.v3.star+json",
    )
    sys.path.insert(0, str(out))
    try:
        starred = importlib.import_module("starred")
        with starred.Client(base_url=server.url) as client:
            kind = "application/vnd.github.v3.star+json"
            [item] = client.activity.list_starred(accept=kind)
        expected = starred.models.StarredRepo(starred_at="2021-12-01", repo=starred.models.Repo(name="hello"))
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "starred" or m.startswith("starred.")]:
            del sys.modules[name]
    assert server.requests[0].headers["Accept"] == kind
    assert item == expected


CLASHES = """\
openapi: 3.0.3
info: {title: Clashes, version: '1'}
paths:
  /things:
    get:
      operationId: overload
      tags: [things]
      parameters:
        - {name: accept, in: query, schema: {type: string}}
        - {name: content_type, in: query, schema: {type: string}}
      responses:
        '200':
          description: a note
          content:
            application/json: {schema: {type: object, properties: {text: {type: string}}}}
            text/plain: {schema: {type: string}}
"""


def test_spec_names_never_clash_with_added_arguments_or_imports(tmp_path: Path, server: LocalServer) -> None:
    """operationId `overload` and query parameters `accept`/`content_type` beside the added
    `accept=` argument: the package imports, passes mypy, and sends each where it belongs."""
    from conftest import generated_package

    server.answer("GET", "/things", 200, "hi".encode(), content_type="text/plain")
    with generated_package(tmp_path, CLASHES, "clashes") as clashes:
        with clashes.Client(base_url=server.url) as client:
            text = client.things.overload(accept_2="a", content_type_2="c", accept="text/plain")
    assert text == "hi"
    [request] = server.requests
    assert request.path == "/things?accept=a&content_type=c"
    assert request.headers["Accept"] == "text/plain"
