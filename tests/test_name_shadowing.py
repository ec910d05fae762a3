"""No generated name shadows a name the generated code calls.

An operation `search` with a query parameter `search`: inside `Resource.search(self, *,
search)` the call `search(self._client, ...)` would call the string. A parameter therefore
never takes the name of a module-level function its operation's code calls (its own
`search`, `search_async`, `search_with_response`, ...) nor of an option every call has
(`timeout`, `max_retries`): it gets a trailing `_`. The package
is checked with mypy --strict (in `generated_package`) and called over real HTTP.
"""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

from conftest import LocalServer, generated_package

SPEC = """\
openapi: 3.0.3
info: {title: Finder, version: '1'}
paths:
  /search:
    get:
      operationId: search
      parameters:
        - {name: search, in: query, required: true, schema: {type: string}}
        - {name: search_async, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: max_retries, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {hits: {type: integer}}}
  /lookup/{lookup_with_response}:
    get:
      operationId: lookup
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
"""


def test_parameters_named_like_their_operations_functions_are_renamed_and_work(
    tmp_path: Path, server: LocalServer
) -> None:
    server.answer("GET", "/search", 200, {"hits": 3})
    server.answer("GET", "/lookup/k", 200, "found")
    with generated_package(tmp_path, SPEC, "finder") as finder:
        signature = inspect.signature(finder.api.search.search)
        assert list(signature.parameters) == [
            "client", "search_", "search_async_", "limit", "max_retries_", "timeout", "max_retries"
        ]
        with finder.Client(base_url=server.url) as client:
            result = client.search.search(search_="cats", search_async_="dogs", max_retries_=4)
            assert result.hits == 3
            assert client.lookup.lookup("k") == "found"

        async def call() -> int:
            async with finder.AsyncClient(base_url=server.url) as client:
                return int((await client.search.search(search_="mice")).hits)

        assert asyncio.run(call()) == 3
    assert [r.path for r in server.requests] == [
        "/search?search=cats&search_async=dogs&max_retries=4",
        "/lookup/k",
        "/search?search=mice",
    ]



PLAIN = """\
openapi: 3.0.3
info: {title: Plain, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: type, in: query, schema: {type: string}}
        - {name: object, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {type: {type: string}, object: {type: string}, list: {type: string}}
"""


def test_type_and_object_keep_their_names_where_nothing_they_would_shadow_is_used(
    tmp_path: Path, server: LocalServer
) -> None:
    """`type` and `object` as fields and parameters: no trailing `_` (the model's class body
    and the functions' bodies never name those builtins); `list` stays `list_` as a field (the
    class body's annotations use `list[...]`). mypy --strict passes (`generated_package`)."""
    server.answer("GET", "/things", 200, {"type": "a", "object": "b", "list": "c"})
    with generated_package(tmp_path, PLAIN, "plain") as plain:
        assert list(inspect.signature(plain.api.things.list_things).parameters)[1:3] == ["type", "object"]
        with plain.Client(base_url=server.url) as client:
            thing = client.things.list(type="t", object="o")
    assert (thing.type, thing.object, thing.list_) == ("a", "b", "c")
    assert server.requests[0].path == "/things?type=t&object=o"


UPLOADS = """\
openapi: 3.0.3
info: {title: Uploads, version: '1'}
components:
  schemas:
    Upload:
      type: object
      required: [id, bytes]
      properties:
        id: {type: string}
        bytes: {type: integer}
        annotations: {type: array, items: {type: string}}
paths:
  /uploads:
    post:
      operationId: createUpload
      tags: [Uploads]
      parameters:
        - {name: annotations, in: query, schema: {type: string}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, bytes]
              properties:
                file: {type: string, format: binary}
                bytes: {type: integer}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Upload'}}}}
"""


def test_bytes_and_annotations_keep_their_names_beside_a_file_field(tmp_path: Path, server: LocalServer) -> None:
    """OpenAI's `File.bytes`, `Upload.bytes` and `OutputTextContent.annotations`: a model's
    class body never names `bytes` (file fields are `_codec.FileContent`) nor `annotations`
    (only `from __future__` does), so fields, parameters and keyword arguments keep them,
    also beside a file field in the same multipart body (mypy --strict: `generated_package`)."""
    server.answer("POST", "/uploads", 200, {"id": "u1", "bytes": 5, "annotations": ["a"]})
    with generated_package(tmp_path, UPLOADS, "uploads") as uploads:
        assert [f.name for f in uploads.models.Upload.__dataclass_fields__.values()][:3] == ["id", "bytes", "annotations"]
        with uploads.Client(base_url=server.url) as client:
            made = client.uploads.create(file=b"hello", bytes=5, annotations="x")
    assert (made.bytes, made.annotations) == (5, ["a"])
    assert server.requests[0].path == "/uploads?annotations=x"
    parts = {p.get_param("name", header="content-disposition"): p for p in server.requests[0].multipart_parts()}
    assert parts["bytes"].get_content().strip() == "5"
    assert parts["file"].get_payload(decode=True) == b"hello"
