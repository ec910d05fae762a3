"""Request bodies documented in several media types, over real HTTP: one function per
operation whose `body` takes every media type's type; the body's class picks the media type,
else `content_type=`, else the preferred one (JSON first).

The package is generated once, checked with `mypy --strict`, and called against the server
on 127.0.0.1; each test asserts what the server received (or that nothing was sent).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import LocalServer, generated_package, mypy_strict

MEDIA = """\
openapi: 3.1.0
info: {title: Media, version: '1'}
servers: [{url: 'https://media.test'}]
paths:
  /edits:
    post:
      operationId: createEdit
      tags: [images]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [image, prompt]
              properties:
                image: {type: string, format: binary}
                prompt: {type: string}
            encoding:
              image: {contentType: image/png}
          application/json:
            schema:
              type: object
              required: [image_url, prompt]
              properties:
                image_url: {type: string}
                prompt: {type: string}
      responses: {'204': {description: done}}
  /files:
    post:
      operationId: createFile
      tags: [images]
      parameters:
        - {name: content_type, in: query, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/NewFile'}}
          multipart/form-data: {schema: {$ref: '#/components/schemas/NewFile'}}
      responses: {'204': {description: done}}
  /markdown:
    post:
      operationId: renderMarkdown
      tags: [images]
      requestBody:
        required: true
        content:
          text/plain: {schema: {type: string}}
          text/x-markdown: {schema: {type: string}}
      responses: {'204': {description: done}}
  /uploads:
    post:
      operationId: createUpload
      tags: [images]
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/Upload'}}
          multipart/form-data: {schema: {$ref: '#/components/schemas/Upload'}}
      responses: {'204': {description: done}}
  /single:
    post:
      operationId: createSingle
      tags: [images]
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/NewFile'}}
      responses: {'204': {description: done}}
components:
  schemas:
    Upload:
      type: object
      properties:
        file: {type: string, format: binary}
        purpose: {type: string}
    NewFile:
      type: object
      properties:
        name: {type: string}
        note: {type: string}
"""

CALL_SITE = """\
from media import Client, models


def call(client: Client) -> None:
    client.images.create_edit(body=models.CreateEditBodyMultipart(image=b"png", prompt="p"))
    client.images.create_edit(body=models.CreateEditBody(image_url="https://x.test/a.png", prompt="p"))
    client.images.create_file(body=models.NewFile(name="a"), content_type="multipart/form-data")
    client.images.create_file(body=models.NewFile(name="a"), content_type="application/json")
    client.images.render_markdown(body="# hi", content_type="text/x-markdown")
    client.images.render_markdown(body="# hi")
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def media(folder: Path) -> Iterator[ModuleType]:
    with generated_package(folder, MEDIA, "media") as package:
        yield package



def test_multipart_model_goes_out_as_multipart_with_its_file(media: ModuleType, server: LocalServer) -> None:
    """An instance of the multipart model is sent as multipart/form-data, its file part typed by `encoding`."""
    server.answer("POST", "/edits", 204, b"")
    with media.Client(base_url=server.url) as client:
        client.images.create_edit(body=media.models.CreateEditBodyMultipart(image=b"\x89PNG", prompt="a cat"))
    image, prompt = server.requests[0].multipart_parts()
    assert (image.get_filename(), image.get_content_type()) == ("image", "image/png")
    assert image.get_payload(decode=True) == b"\x89PNG"
    assert (prompt.get_param("name", header="content-disposition"), prompt.get_content()) == ("prompt", "a cat")


def test_json_model_goes_out_as_json(media: ModuleType, server: LocalServer) -> None:
    """An instance of the JSON model is sent as application/json."""
    server.answer("POST", "/edits", 204, b"")
    with media.Client(base_url=server.url) as client:
        client.images.create_edit(body=media.models.CreateEditBody(image_url="https://x.test/a.png", prompt="p"))
    [request] = server.requests
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {"image_url": "https://x.test/a.png", "prompt": "p"}


def test_async_client_chooses_by_the_body_type_too(media: ModuleType, server: LocalServer) -> None:
    """The async functions pick the multipart media type for the multipart model as well."""
    server.answer("POST", "/edits", 204, b"")

    async def run() -> None:
        async with media.AsyncClient(base_url=server.url) as client:
            await client.images.create_edit(body=media.models.CreateEditBodyMultipart(image=b"x", prompt="p"))

    asyncio.run(run())
    assert server.requests[0].headers["Content-Type"].startswith("multipart/form-data; boundary=")


def test_same_schema_defaults_to_the_preferred_media_type(media: ModuleType, server: LocalServer) -> None:
    """With one schema for JSON and multipart and no `content_type`, the body goes as JSON (preferred)."""
    server.answer("POST", "/files", 204, b"")
    with media.Client(base_url=server.url) as client:
        client.images.create_file(body=media.models.NewFile(name="a.txt"))
    [request] = server.requests
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {"name": "a.txt"}


def test_same_schema_body_holding_a_file_goes_as_multipart(media: ModuleType, server: LocalServer) -> None:
    """JSON is preferred, but a body with file content (which JSON cannot carry) goes as multipart."""
    server.answer("POST", "/uploads", 204, b"")
    with media.Client(base_url=server.url) as client:
        client.images.create_upload(body=media.models.Upload(file=b"data", purpose="batch"))
    assert server.requests[0].headers["Content-Type"].startswith("multipart/form-data; boundary=")
    [file, purpose] = server.requests[0].multipart_parts()
    assert (file.get_payload(decode=True), purpose.get_content()) == (b"data", "batch")


def test_same_schema_body_without_a_file_stays_json(media: ModuleType, server: LocalServer) -> None:
    """The same model without file content goes as the preferred JSON."""
    server.answer("POST", "/uploads", 204, b"")
    with media.Client(base_url=server.url) as client:
        client.images.create_upload(body=media.models.Upload(purpose="batch"))
    assert server.requests[0].headers["Content-Type"] == "application/json"
    assert json.loads(server.requests[0].body) == {"purpose": "batch"}


def test_same_schema_content_type_chooses_multipart(media: ModuleType, server: LocalServer) -> None:
    """`content_type="multipart/form-data"` sends the same model as multipart."""
    server.answer("POST", "/files", 204, b"")
    with media.Client(base_url=server.url) as client:
        client.images.create_file(body=media.models.NewFile(name="a.txt"), content_type="multipart/form-data")
    [part] = server.requests[0].multipart_parts()
    assert (part.get_param("name", header="content-disposition"), part.get_content()) == ("name", "a.txt")


def test_text_content_type_sets_the_header(media: ModuleType, server: LocalServer) -> None:
    """Between text/plain and text/x-markdown, `content_type=` is the Content-Type sent."""
    server.answer("POST", "/markdown", 204, b"")
    with media.Client(base_url=server.url) as client:
        client.images.render_markdown(body="# hi")
        client.images.render_markdown(body="# hi", content_type="text/x-markdown")
    assert [r.headers["Content-Type"] for r in server.requests] == ["text/plain", "text/x-markdown"]
    assert [r.body for r in server.requests] == [b"# hi", b"# hi"]


def test_mismatching_content_type_raises_and_sends_nothing(media: ModuleType, server: LocalServer) -> None:
    """A `content_type` the body's type does not fit is a ValueError before any request."""
    server.answer("POST", "/edits", 204, b"")
    body = media.models.CreateEditBodyMultipart(image=b"x", prompt="p")
    with media.Client(base_url=server.url) as client:
        message = "content_type='application/json' does not fit a body of type CreateEditBodyMultipart"
        with pytest.raises(ValueError, match=message):
            client.images.create_edit(body=body, content_type="application/json")
    assert server.requests == []


def test_one_media_type_has_no_content_type_parameter(media: ModuleType) -> None:
    """Only operations with several request media types take `content_type`."""
    assert "content_type" not in inspect.signature(media.api.images.create_single).parameters
    assert "content_type" in inspect.signature(media.api.images.create_file).parameters


def test_typed_call_sites_pass_mypy_strict(media: ModuleType, folder: Path) -> None:
    """Calls passing each media type's body (and `content_type` literals) type-check."""
    (folder / "out" / "call_site.py").write_text(CALL_SITE, encoding="utf-8")
    check = mypy_strict(folder / "out", "call_site.py")
    assert check.returncode == 0, check.stdout


def test_undocumented_content_type_fails_mypy(media: ModuleType, folder: Path) -> None:
    """`content_type` is a Literal of the documented media types: another one is a type error."""
    bad = "from media import Client, models\n\n\ndef call(client: Client) -> None:\n"
    bad += '    client.images.create_file(body=models.NewFile(), content_type="text/html")\n'
    (folder / "out" / "bad_call.py").write_text(bad, encoding="utf-8")
    check = mypy_strict(folder / "out", "bad_call.py")
    assert check.returncode == 1
    assert 'Argument "content_type"' in check.stdout


def test_index_lists_every_request_media_type(media: ModuleType, folder: Path) -> None:
    """`_index.json` keeps `request` as the preferred one and lists all in `requests`, preferred first."""
    index = json.loads((folder / "out" / "media" / "_index.json").read_text(encoding="utf-8"))
    edit = next(o for o in index["operations"] if o["operationId"] == "createEdit")
    assert edit["request"] == {"content_type": "application/json", "type": "CreateEditBody"}
    assert list(edit["requests"].items()) == [
        ("application/json", "CreateEditBody"),
        ("multipart/form-data", "CreateEditBodyMultipart"),
    ]


def test_package_readme_says_how_to_choose(folder: Path, media: ModuleType) -> None:
    """The package README explains `content_type=` when an endpoint has several request media types."""
    readme = (folder / "out" / "media" / "README.md").read_text(encoding="utf-8")
    assert 'pass `content_type="multipart/form-data"`' in readme


def test_parameter_named_content_type_gives_way(media: ModuleType, server: LocalServer) -> None:
    """A query parameter named `content_type` is renamed (`content_type_2`); `content_type` picks the media type."""
    server.answer("POST", "/files", 204, b"")
    with media.Client(base_url=server.url) as client:
        client.images.create_file(
            body=media.models.NewFile(name="a"), content_type="multipart/form-data", content_type_2="csv"
        )
    [request] = server.requests
    assert request.path == "/files?content_type=csv"
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
