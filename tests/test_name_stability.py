"""Names stay stable as the spec grows: the committed client's `_index.json` is the name lock.

An added operation that wants an existing method's name never takes it: the existing method
keeps its name, the newcomer takes a longer one, and neither `generate`'s report nor `diff`
sees a breaking change; a schema added in another namespace shortens no component name anew
(inline class names: test_inline_class_names.py). Names depend only on the spec and the previous output: the same
inputs give the same names in any order of the spec, with or without the cache; a removed
operation frees its name; deleting `_index.json` resets the names to what the spec alone
gives. Every run here is the real command line on files in a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import generator_cli

SPEC = """\
openapi: 3.0.3
info: {title: Talk, version: '1'}
paths:
  /chat/completions:
    post:
      operationId: createChatCompletion
      tags: [Chat]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [prompt], properties: {prompt: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /file/{file_id}:
    get:
      operationId: retrieveFile
      tags: [File]
      parameters:
        - {name: file_id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
"""

# `createChatSession` wants `create` on `chat` too; alone in a spec the two would tie and
# both take `create_<noun>`, renaming `chat.create`. `listFiles` spells the plural `files`,
# which alone in a spec would make the resource `client.files`.
ADDED = """\
  /chat/sessions:
    post:
      operationId: createChatSession
      tags: [Chat]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /files:
    get:
      operationId: listFiles
      tags: [File]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
"""
GROWN = SPEC + ADDED
GROWN_NEWCOMERS_FIRST = SPEC.replace("paths:\n", "paths:\n" + ADDED)


def _generate(cwd: Path, spec_text: str, out: str = "out", *flags: str) -> subprocess.CompletedProcess[str]:
    (cwd / "talk.yaml").write_text(spec_text, encoding="utf-8")
    run = generator_cli(cwd, "generate", "talk.yaml", "--out", out, "--package", "talk", *flags)
    assert run.returncode == 0, run.stderr
    return run


def _chat_api(out: Path) -> tuple[set[str], set[str]]:
    """The public methods of the generated `ChatResource` and the public functions of its
    module, as the imported package has them (a fresh interpreter: the package is regenerated
    under the same name)."""
    script = (
        "import inspect, json\n"
        "from talk.api import chat\n"
        "methods = [n for n, _ in inspect.getmembers(chat.ChatResource, inspect.isfunction) if n[0] != '_']\n"
        "functions = [n for n, f in vars(chat).items() if inspect.isfunction(f) and f.__module__ == chat.__name__]\n"
        "print(json.dumps([methods, functions]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(out)},
    )
    assert run.returncode == 0, run.stderr
    methods, functions = json.loads(run.stdout)
    return set(methods), set(functions)


def _methods(package: Path) -> dict[str, str]:
    surface = json.loads((package / "_index.json").read_text(encoding="utf-8"))["surface"]
    return {key: op["method"] for key, op in surface["operations"].items()}


def test_an_added_operation_keeps_the_existing_method_its_name(tmp_path: Path) -> None:
    _generate(tmp_path, SPEC)
    package = tmp_path / "out" / "talk"
    assert _methods(package) == {"POST /chat/completions": "chat.create", "GET /file/{file_id}": "file.retrieve"}
    shutil.copytree(package, tmp_path / "before")

    run = _generate(tmp_path, GROWN)
    assert _methods(package) == {
        "POST /chat/completions": "chat.create",  # kept: the newcomer takes a longer name
        "POST /chat/sessions": "chat.create_session",
        "GET /file/{file_id}": "file.retrieve",  # the resource keeps its locked module
        "GET /files": "file.list",
    }
    assert "BREAKING" not in run.stdout and "endpoint-added POST /chat/sessions" in run.stdout
    methods, functions = _chat_api(tmp_path / "out")
    assert {"create", "create_session"} <= methods
    diff = generator_cli(tmp_path, "diff", "before", "out/talk")
    assert diff.returncode == 0 and "BREAKING" not in diff.stdout, diff.stdout
    assert generator_cli(tmp_path, "check", "talk.yaml", "--out", "out", "--package", "talk").returncode == 0


def test_diff_of_two_specs_keeps_the_old_specs_names(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(GROWN, encoding="utf-8")
    diff = generator_cli(tmp_path, "diff", "old.yaml", "new.yaml", "--package", "talk", "--format", "json")
    assert diff.returncode == 0, diff.stdout + diff.stderr
    changes = json.loads(diff.stdout)["changes"]
    assert [c for c in changes if c["breaking"]] == []
    assert {c["subject"] for c in changes if c["kind"] == "endpoint-added"} == {"POST /chat/sessions", "GET /files"}
    assert {c["kind"] for c in changes} == {"endpoint-added", "model-added"}  # no rename at all


def test_names_do_not_depend_on_order_cache_or_repetition(tmp_path: Path) -> None:
    runs = {}
    for name, text, flags in (
        ("grown", GROWN, ()),
        ("first", GROWN_NEWCOMERS_FIRST, ()),
        ("nocache", GROWN, ("--no-cache",)),
    ):
        folder = tmp_path / name
        folder.mkdir()
        _generate(folder, SPEC)
        _generate(folder, text, "out", *flags)
        runs[name] = _methods(folder / "out" / "talk")
    assert runs["grown"] == runs["first"] == runs["nocache"]
    again = tmp_path / "grown"
    index = (again / "out" / "talk" / "_index.json").read_bytes()
    _generate(again, GROWN, "out", "--no-cache")
    assert (again / "out" / "talk" / "_index.json").read_bytes() == index


def test_without_a_previous_client_names_come_from_the_spec_alone(tmp_path: Path) -> None:
    """A first generation of the grown spec: the two `create`s tie and both take the longer
    name, and `listFiles`' path makes the resource plural. Deleting `_index.json` from a
    generated package resets its names to these."""
    _generate(tmp_path, GROWN, "fresh")
    spec_alone = {
        "POST /chat/completions": "chat.create_completion",
        "POST /chat/sessions": "chat.create_session",
        "GET /file/{file_id}": "files.retrieve",
        "GET /files": "files.list",
    }
    assert _methods(tmp_path / "fresh" / "talk") == spec_alone
    _generate(tmp_path, SPEC)
    _generate(tmp_path, GROWN)
    assert _methods(tmp_path / "out" / "talk")["POST /chat/completions"] == "chat.create"
    (tmp_path / "out" / "talk" / "_index.json").unlink()
    _generate(tmp_path, GROWN)
    assert _methods(tmp_path / "out" / "talk") == spec_alone


def test_a_removed_operation_frees_its_name(tmp_path: Path) -> None:
    _generate(tmp_path, SPEC)
    _generate(tmp_path, GROWN)
    package = tmp_path / "out" / "talk"
    without = GROWN[: GROWN.index("  /chat/completions:\n")] + GROWN[GROWN.index("  /file/{file_id}:\n") :]
    _generate(tmp_path, without)
    assert _methods(package)["POST /chat/sessions"] == "chat.create_session"  # stays as it was
    assert "POST /chat/completions" not in _methods(package)
    _generate(tmp_path, GROWN.replace("/chat/completions:", "/chat/threads:").replace("ChatCompletion", "ChatThread"))
    assert _methods(package)["POST /chat/threads"] == "chat.create"  # the freed name, taken again
    assert _methods(package)["POST /chat/sessions"] == "chat.create_session"


NAMESPACED = """\
openapi: 3.0.3
info: {title: Talk, version: '1'}
paths:
  /calls:
    get:
      operationId: listCalls
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/api.v1.call'}}}}
components:
  schemas:
    api.v1.account: {type: object, properties: {sid: {type: string}}}
    api.v1.call: {type: object, properties: {account: {$ref: '#/components/schemas/api.v1.account'}}}
"""
# A schema in another namespace: alone in a spec, no namespace is shared by all, so every
# dotted name would be spelled out (`ApiV1Account`).
OTHER_NAMESPACE = "    billing.invoice: {type: object, properties: {total: {type: integer}}}\n"


def _classes(package: Path) -> list[str]:
    index = json.loads((package / "_index.json").read_text(encoding="utf-8"))
    return sorted(dotted.rsplit(".", 1)[1] for dotted in index["component_schemas"].values())


def test_an_added_namespace_keeps_the_component_names_short(tmp_path: Path) -> None:
    _generate(tmp_path, NAMESPACED)
    package = tmp_path / "out" / "talk"
    assert _classes(package) == ["Account", "Call"]
    shutil.copytree(package, tmp_path / "before")
    run = _generate(tmp_path, NAMESPACED + OTHER_NAMESPACE)
    assert _classes(package) == ["Account", "BillingInvoice", "Call"]
    assert "BREAKING" not in run.stdout
    diff = generator_cli(tmp_path, "diff", "before", "out/talk")
    assert diff.returncode == 0 and "BREAKING" not in diff.stdout, diff.stdout
    _generate(tmp_path, NAMESPACED + OTHER_NAMESPACE, "fresh")
    assert _classes(tmp_path / "fresh" / "talk") == ["ApiV1Account", "ApiV1Call", "BillingInvoice"]


# An operation added on `chat` whose full name is the locked `create` itself.
NAMED_CREATE = """\
  /chat/drafts:
    post:
      operationId: create
      tags: [Chat]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
"""


def test_a_newcomer_whose_full_name_is_locked_takes_another_name(tmp_path: Path) -> None:
    _generate(tmp_path, SPEC)
    package = tmp_path / "out" / "talk"
    shutil.copytree(package, tmp_path / "before")
    run = _generate(tmp_path, SPEC + NAMED_CREATE)
    methods = _methods(package)
    assert methods["POST /chat/completions"] == "chat.create"
    assert methods["POST /chat/drafts"] == "chat.create_post"
    assert "BREAKING" not in run.stdout
    methods, functions = _chat_api(tmp_path / "out")
    assert {"create", "create_post"} <= methods
    assert "create" in functions  # the newcomer's module-level function keeps its full name
    diff = generator_cli(tmp_path, "diff", "before", "out/talk")
    assert diff.returncode == 0 and "BREAKING" not in diff.stdout, diff.stdout
