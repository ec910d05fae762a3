"""A page holding several OpenAPI documents (GitBook exports: one document per operation)
yields all of them, merged as pages are merged: shared schemas once, conflicts reported
naming both documents (page and line)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import LocalServer, generated_package

from generator.context import Context, Options
from generator.pipeline import build_spec

HEADER = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\nservers: [{url: 'https://pets.test'}]\n"
PET = """\
components:
  schemas:
    Pet:
      type: object
      properties: {name: {type: string}}
"""


def _document(path: str, operation_id: str, pet: str = PET) -> str:
    return (
        HEADER
        + f"paths:\n  {path}:\n    get:\n      operationId: {operation_id}\n      responses:\n"
        + "        '200':\n          description: ok\n          content:\n            application/json:\n"
        + "              schema: {$ref: '#/components/schemas/Pet'}\n"
        + pet
    )


PAGE = f"""\
# Pets

## Get a pet

```yaml
{_document("/pets/first", "getFirst")}```

## Get another pet

Some prose between the operations.

````yaml
{_document("/pets/second", "getSecond")}````

```json
{{"openapi": "3.0.3", "info": {{"title": "Pets", "version": "1"}},
 "servers": [{{"url": "https://pets.test"}}],
 "paths": {{"/pets/third": {{"get": {{"operationId": "getThird",
   "responses": {{"200": {{"description": "ok", "content": {{"application/json":
     {{"schema": {{"$ref": "#/components/schemas/Pet"}}}}}}}}}}}}}}}},
 "components": {{"schemas": {{"Pet": {{"type": "object", "properties": {{"name": {{"type": "string"}}}}}}}}}}}}
```
"""


def test_every_document_of_a_page_becomes_part_of_the_client(tmp_path: Path, server: LocalServer) -> None:
    for path in ("/pets/first", "/pets/second", "/pets/third"):
        server.answer("GET", path, 200, {"name": path.rsplit("/", 1)[1]})
    with generated_package(tmp_path, PAGE, "pets", suffix=".md") as pets:
        with pets.Client(base_url=server.url) as client:
            calls = [client.pets.get_first(), client.pets.get_second(), client.pets.get_third()]
        assert [pet.name for pet in calls] == ["first", "second", "third"]
        assert all(type(pet) is pets.models.Pet for pet in calls)  # the shared schema, once
        assert [name for name in pets.models.__all__ if name.startswith("Pet")] == ["Pet"]  # no Pet2


def test_documents_of_one_page_that_contradict_each_other_are_refused(tmp_path: Path) -> None:
    other = PET.replace("name: {type: string}", "name: {type: integer}")
    page = tmp_path / "pets.md"
    text = f"```yaml\n{_document('/a', 'getA')}```\n\ntext\n\n```yaml\n{_document('/b', 'getB', other)}```\n"
    page.write_text(text, encoding="utf-8")
    second = text.splitlines().index("```yaml", 1) + 1
    run = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(page), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 2
    [line] = run.stderr.splitlines()
    assert line.startswith("error: pets.md:")
    assert f"/components/schemas/Pet differs between {page}:1 and {page}:{second}" in line
    assert not (tmp_path / "out").exists()


def test_a_single_document_page_is_named_as_before(tmp_path: Path) -> None:
    """Pages with one document keep their plain name in messages and provenance."""
    page = tmp_path / "one.md"
    page.write_text(f"```yaml\n{_document('/a', 'getA')}```\n", encoding="utf-8")
    spec = build_spec(Context(Options((page,), tmp_path / "out", "one", tmp_path)))
    assert spec.sources == ["one.md"]
    assert [op.function for group in spec.groups for op in group.operations] == ["get_a"]
