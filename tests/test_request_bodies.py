"""Request bodies over real HTTP: multipart (files, arrays of files, per-part content types,
JSON parts), form-urlencoded (styles), octet-stream (bytes, files, iterators), from one spec.

The package is generated once, checked with `mypy --strict`, and called against the server
on 127.0.0.1; each test asserts what the server received.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Iterator
from email.message import Message
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qsl

import pytest
from conftest import LocalServer, generated_package

from generator.context import Context, Options
from generator.pipeline import build_spec

BODIES = """\
openapi: 3.1.0
info: {title: Bodies, version: '1'}
servers: [{url: 'https://bodies.test'}]
paths:
  /upload:
    post:
      operationId: upload
      tags: [files]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                image: {type: string, format: binary}
                attachments: {type: array, items: {type: string, format: binary}}
                meta: {type: object, properties: {width: {type: integer}}}
                title: {type: string}
                tags: {type: array, items: {type: string}}
                notes: {type: string}
            encoding:
              image: {contentType: image/png}
              notes: {contentType: text/markdown}
      responses: {'204': {description: stored}}
  /form:
    post:
      operationId: sendForm
      tags: [files]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                ids: {type: array, items: {type: integer}}
                filter: {type: object, properties: {kind: {type: string}, size: {type: integer}}}
                csv: {type: array, items: {type: string}}
                name: {type: string}
            encoding:
              filter: {style: deepObject}
              csv: {explode: false}
      responses: {'204': {description: done}}
  /raw:
    put:
      operationId: putRaw
      tags: [files]
      requestBody:
        required: true
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses: {'204': {description: stored}}
"""


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("bodies"), BODIES, "bodies") as package:
        yield package



def _upload(bodies: ModuleType, server: LocalServer, **fields: object) -> list[Message]:
    server.answer("POST", "/upload", 204, b"")
    with bodies.Client(base_url=server.url) as client:
        client.files.upload(body=bodies.models.UploadBody(**fields))
    return server.requests[-1].multipart_parts()


def test_multipart_without_files_is_still_multipart(bodies: ModuleType, server: LocalServer) -> None:
    """Text fields alone are sent as multipart/form-data, not urlencoded."""
    parts = _upload(bodies, server, title="Hello")
    assert server.requests[0].headers["Content-Type"].startswith("multipart/form-data; boundary=")
    [part] = parts
    assert part.get_param("name", header="content-disposition") == "title"
    assert part.get_content() == "Hello"


def test_file_part_from_bytes_uses_encoding_content_type(bodies: ModuleType, server: LocalServer) -> None:
    """bytes become a file part named after the field, typed by `encoding.contentType`."""
    [part] = _upload(bodies, server, image=b"\x89PNG")
    assert part.get_filename() == "image"
    assert part.get_content_type() == "image/png"
    assert part.get_payload(decode=True) == b"\x89PNG"


def test_file_part_from_file_object_keeps_its_name(bodies: ModuleType, server: LocalServer, tmp_path: Path) -> None:
    """An open binary file is sent with its base name as the filename."""
    path = tmp_path / "cat.png"
    path.write_bytes(b"meow")
    with path.open("rb") as file:
        [part] = _upload(bodies, server, image=file)
    assert part.get_filename() == "cat.png"
    assert part.get_payload(decode=True) == b"meow"


def test_file_part_from_tuple_sets_filename_and_type(bodies: ModuleType, server: LocalServer) -> None:
    """A (filename, content, content_type) tuple overrides both."""
    [part] = _upload(bodies, server, image=("a.jpg", io.BytesIO(b"jpeg"), "image/jpeg"))
    assert (part.get_filename(), part.get_content_type()) == ("a.jpg", "image/jpeg")
    assert part.get_payload(decode=True) == b"jpeg"


def test_array_of_files_sends_one_part_each(bodies: ModuleType, server: LocalServer) -> None:
    """An array of binary strings is several file parts under one name (octet-stream by default)."""
    parts = _upload(bodies, server, attachments=[b"one", ("two.txt", b"two", "text/plain")])
    assert [p.get_param("name", header="content-disposition") for p in parts] == ["attachments"] * 2
    assert [p.get_content_type() for p in parts] == ["application/octet-stream", "text/plain"]
    assert [p.get_payload(decode=True) for p in parts] == [b"one", b"two"]


def test_object_part_is_json(bodies: ModuleType, server: LocalServer) -> None:
    """An object property is one application/json part."""
    [part] = _upload(bodies, server, meta=bodies.models.UploadBodyMeta(width=3))
    assert part.get_content_type() == "application/json"
    assert json.loads(part.get_payload(decode=True)) == {"width": 3}
    assert part.get_filename() is None


def test_array_of_strings_repeats_the_field(bodies: ModuleType, server: LocalServer) -> None:
    """A string array is one text part per item."""
    parts = _upload(bodies, server, tags=["a", "b"])
    assert [(p.get_param("name", header="content-disposition"), p.get_content()) for p in parts] == [
        ("tags", "a"),
        ("tags", "b"),
    ]


def test_text_part_takes_its_encoding_content_type(bodies: ModuleType, server: LocalServer) -> None:
    """`encoding.contentType` on a text property is sent as that part's Content-Type."""
    [part] = _upload(bodies, server, notes="# hi")
    assert part.get_content_type() == "text/markdown"
    assert part.get_payload(decode=True) == b"# hi"


def _form(bodies: ModuleType, server: LocalServer, **fields: object) -> list[tuple[str, str]]:
    server.answer("POST", "/form", 204, b"")
    with bodies.Client(base_url=server.url) as client:
        client.files.send_form(body=bodies.models.SendFormBody(**fields))
    request = server.requests[-1]
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    return parse_qsl(request.body.decode(), keep_blank_values=True)


def test_form_array_is_exploded_by_default(bodies: ModuleType, server: LocalServer) -> None:
    """style form, explode true: one key=value pair per item."""
    assert _form(bodies, server, ids=[1, 2], name="x y") == [("ids", "1"), ("ids", "2"), ("name", "x y")]


def test_form_array_with_explode_false_is_comma_separated(bodies: ModuleType, server: LocalServer) -> None:
    """`encoding: {explode: false}` joins the items with commas."""
    assert _form(bodies, server, csv=["a", "b"]) == [("csv", "a,b")]


def test_form_object_in_deep_object_style(bodies: ModuleType, server: LocalServer) -> None:
    """`encoding: {style: deepObject}` sends `filter[kind]=...`."""
    made = _form(bodies, server, filter=bodies.models.SendFormBodyFilter(kind="big", size=2))
    assert made == [("filter[kind]", "big"), ("filter[size]", "2")]


def test_octet_stream_body_from_bytes(bodies: ModuleType, server: LocalServer) -> None:
    """bytes are sent as they are, as application/octet-stream."""
    server.answer("PUT", "/raw", 204, b"")
    with bodies.Client(base_url=server.url) as client:
        client.files.put_raw(body=b"\x00\x01")
    [request] = server.requests
    assert request.headers["Content-Type"] == "application/octet-stream"
    assert request.body == b"\x00\x01"


def test_octet_stream_body_from_file_object(bodies: ModuleType, server: LocalServer) -> None:
    """A binary file object is streamed as the body."""
    server.answer("PUT", "/raw", 204, b"")
    data = bytes(range(256)) * 1000
    with bodies.Client(base_url=server.url) as client:
        client.files.put_raw(body=io.BytesIO(data))
    assert server.requests[0].body == data


def test_octet_stream_body_from_chunks_async(bodies: ModuleType, server: LocalServer) -> None:
    """The async client sends an iterator (or async iterator) of chunks."""
    server.answer("PUT", "/raw", 204, b"")

    async def chunks() -> AsyncIterator[bytes]:
        yield b"ab"
        yield b"cd"

    async def run() -> None:
        async with bodies.AsyncClient(base_url=server.url) as client:
            await client.files.put_raw(body=iter([b"12", b"34"]))
            await client.files.put_raw(body=chunks())

    asyncio.run(run())
    assert [r.body for r in server.requests] == [b"1234", b"abcd"]


def test_multipart_part_content_type_that_is_multipart_warns(tmp_path: Path) -> None:
    """`encoding: {file: {contentType: multipart/form-data}}` (an Apidog export quirk) is ignored."""
    spec = tmp_path / "quirk.yaml"
    spec.write_text(
        "openapi: 3.0.1\ninfo: {title: q, version: '1'}\npaths:\n  /u:\n    post:\n      requestBody:\n"
        "        content:\n          multipart/form-data:\n            encoding: {image: {contentType: multipart/form-data}}\n"
        "            schema: {type: object, properties: {image: {type: string, format: binary}}}\n"
        "      responses: {'200': {description: ok}}\n",
        encoding="utf-8",
    )
    ctx = Context(Options((spec,), tmp_path, "quirk"))
    made = build_spec(ctx)
    body = made.groups[0].operations[0].body
    assert body is not None and body.parts[0].content_type == "application/octet-stream"
    assert [w.message for w in ctx.diagnostics.warnings] == [
        "encoding of part 'image' gives content type 'multipart/form-data', which a part cannot have; ignored"
    ]
