"""`stream=True` / `stream=False` for a body documented in several media types.

Shaped like OpenAI's `createImageEdit`: the body is multipart (a file upload) or JSON (image
references), both with a boolean `stream` property, and the 200 answers JSON or an event
stream. The functions take `stream: Literal[True]` / `Literal[False]` whichever body type is
passed, set the body's field and the `Accept` header from it, and return the type that goes
with it; a body type without the property refuses `stream=True` before sending. The body is
taken as `body=` only (keyword arguments are made for one-media-type bodies). When no boolean
`stream` says which answer comes, the warning gives the reason. The generated OpenAI client's
image edit is checked the same way.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import CORPUS, LocalServer, generated_package, mypy_user_code

from generator.context import Context, Options
from generator.pipeline import build_spec, generate

SPEC = """\
openapi: 3.0.3
info: {title: Pictures, version: '1'}
servers: [{url: 'https://pictures.test/v1'}]
components:
  schemas:
    EditForm:
      type: object
      required: [image, prompt]
      properties:
        image: {type: string, format: binary}
        prompt: {type: string}
        stream: {type: boolean, default: false}
    EditJson:
      type: object
      required: [images, prompt]
      properties:
        images: {type: array, items: {type: string}}
        prompt: {type: string}
        stream: {type: boolean, nullable: true}
    LinkJson:
      type: object
      required: [image_url]
      properties: {image_url: {type: string}}
    OddForm:
      type: object
      properties: {stream: {type: string}}
    Result:
      type: object
      required: [created]
      properties: {created: {type: integer}}
    Event:
      type: object
      required: [type, index]
      properties: {type: {type: string}, index: {type: integer}}
  responses:
    JsonOrEvents:
      description: OK
      content:
        application/json: {schema: {$ref: '#/components/schemas/Result'}}
        text/event-stream: {schema: {$ref: '#/components/schemas/Event'}}
paths:
  /images/edits:
    post:
      operationId: createImageEdit
      tags: [Images]
      requestBody:
        required: true
        content:
          multipart/form-data: {schema: {$ref: '#/components/schemas/EditForm'}}
          application/json: {schema: {$ref: '#/components/schemas/EditJson'}}
      responses: {'200': {$ref: '#/components/responses/JsonOrEvents'}}
  /images/variations:
    post:
      operationId: createImageVariation
      tags: [Images]
      requestBody:
        required: true
        content:
          multipart/form-data: {schema: {$ref: '#/components/schemas/EditForm'}}
          application/json: {schema: {$ref: '#/components/schemas/LinkJson'}}
      responses: {'200': {$ref: '#/components/responses/JsonOrEvents'}}
"""

# Operations that answer JSON or events with no boolean `stream` to say which, one per reason.
UNSWITCHED = """\
  /images/odd:
    post:
      operationId: odd
      tags: [Images]
      requestBody:
        content:
          multipart/form-data: {schema: {$ref: '#/components/schemas/OddForm'}}
          application/json: {schema: {$ref: '#/components/schemas/EditJson'}}
      responses: {'200': {$ref: '#/components/responses/JsonOrEvents'}}
  /images/links:
    post:
      operationId: links
      tags: [Images]
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/LinkJson'}}
          application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/LinkJson'}}
      responses: {'200': {$ref: '#/components/responses/JsonOrEvents'}}
  /images/latest:
    get:
      operationId: latest
      tags: [Images]
      parameters: [{name: stream, in: query, schema: {type: boolean}}]
      responses: {'200': {$ref: '#/components/responses/JsonOrEvents'}}
  /images/named:
    post:
      operationId: named
      tags: [Images]
      parameters: [{name: stream, in: query, schema: {type: boolean}}]
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/EditJson'}}
      responses: {'200': {$ref: '#/components/responses/JsonOrEvents'}}
"""

EVENTS = b'data: {"type": "partial", "index": 0}\n\ndata: {"type": "done", "index": 1}\n\n'


@pytest.fixture(scope="module")
def pics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("media-switch"), SPEC, "pics") as package:
        yield package


def _api(pics: ModuleType) -> ModuleType:
    return importlib.import_module("pics.api.images")


def _form(pics: ModuleType, **extra: object) -> object:
    return pics.models.EditForm(image=b"PNG", prompt="watercolor", **extra)


def _json(pics: ModuleType, **extra: object) -> object:
    return pics.models.EditJson(images=["https://img.test/a.png"], prompt="watercolor", **extra)


def test_a_json_body_with_stream_true_asks_for_events(pics: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/images/edits", 200, EVENTS, content_type="text/event-stream")
    with pics.Client(base_url=server.url) as client:
        with _api(pics).create_image_edit(client, body=_json(pics), stream=True) as events:
            seen = [(event.type, event.index) for event in events]
    assert seen == [("partial", 0), ("done", 1)]
    [request] = server.requests
    assert request.headers["Accept"] == "text/event-stream"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body)["stream"] is True


def test_a_multipart_body_with_stream_true_sends_the_field(pics: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/images/edits", 200, EVENTS, content_type="text/event-stream")
    with pics.Client(base_url=server.url) as client:
        response = _api(pics).create_image_edit_with_response(client, body=_form(pics), stream=True)
        with response.parsed as events:
            assert [event.index for event in events] == [0, 1]
    [request] = server.requests
    assert request.headers["Accept"] == "text/event-stream"
    parts = {p.get_param("name", header="content-disposition"): p for p in request.multipart_parts()}
    assert parts["stream"].get_payload() == "true"
    assert parts["image"].get_payload(decode=True) == b"PNG"


def test_without_stream_either_body_asks_for_json(pics: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/images/edits", 200, {"created": 7})
    api = _api(pics)
    with pics.Client(base_url=server.url) as client:
        from_json = api.create_image_edit(client, body=_json(pics))
        from_form = api.create_image_edit(client, body=_form(pics, stream=False), stream=False)
    assert from_json == from_form == pics.models.Result(created=7)
    assert [r.headers["Accept"] for r in server.requests] == ["application/json"] * 2
    assert "stream" not in json.loads(server.requests[0].body)
    assert server.requests[1].headers["Content-Type"].startswith("multipart/form-data")


def test_async_stream_true_returns_an_async_stream(pics: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/images/edits", 200, EVENTS, content_type="text/event-stream")
    api = _api(pics)

    async def run() -> tuple[list[int], object]:
        async with pics.AsyncClient(base_url=server.url) as client:
            events = await api.create_image_edit_async(client, body=_form(pics), stream=True)
            indexes = [event.index async for event in events]
            server.answer("POST", "/images/edits", 200, {"created": 8})
            response = await api.create_image_edit_with_response_async(client, body=_json(pics), stream=False)
            return indexes, response.parsed

    assert asyncio.run(run()) == ([0, 1], pics.models.Result(created=8))
    assert [r.headers["Accept"] for r in server.requests] == ["text/event-stream", "application/json"]


@pytest.mark.parametrize("make", [_json, _form], ids=["json", "multipart"])
def test_a_body_asking_to_stream_without_stream_true_is_refused(
    pics: ModuleType, server: LocalServer, make: typing.Callable[..., object]
) -> None:
    """As with one media type: `stream=` decides the return type, so a body saying otherwise
    fails before sending (it would be typed as JSON and answered with events)."""
    with pics.Client(base_url=server.url) as client:
        with pytest.raises(ValueError, match="pass stream=True"):
            _api(pics).create_image_edit(client, body=make(pics, stream=True))
    assert server.requests == []


def test_stream_true_with_a_body_type_without_the_field_is_refused(pics: ModuleType, server: LocalServer) -> None:
    """`createImageVariation`'s JSON body has no `stream`: only its multipart body can stream."""
    api = _api(pics)
    with pics.Client(base_url=server.url) as client:
        with pytest.raises(ValueError, match="a LinkJson body has no `stream` field"):
            api.create_image_variation(client, body=pics.models.LinkJson(image_url="u"), stream=True)
        assert server.requests == []
        server.answer("POST", "/images/variations", 200, {"created": 9})
        result = api.create_image_variation(client, body=pics.models.LinkJson(image_url="u"))
    assert result == pics.models.Result(created=9)
    assert server.requests[0].headers["Accept"] == "application/json"


def test_an_answer_in_the_other_media_type_is_an_error(pics: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/images/edits", 200, {"created": 1})
    with pics.Client(base_url=server.url) as client:
        with pytest.raises(pics.ResponseDecodeError, match="asked for text/event-stream"):
            _api(pics).create_image_edit(client, body=_form(pics), stream=True)


USER_CODE = """\
import pics
from pics.api import images
from pics.models import EditForm, EditJson

client = pics.Client(base_url="http://127.0.0.1:1")
form = EditForm(image=b"", prompt="p")
refs = EditJson(images=[], prompt="p")
reveal_type(images.create_image_edit(client, body=refs, stream=True))
reveal_type(images.create_image_edit(client, body=form, stream=False))
reveal_type(images.create_image_edit(client, body=form))
reveal_type(images.create_image_edit_with_response(client, body=form, stream=True))
reveal_type(client.images.create_edit(body=refs, content_type="application/json", stream=True))


async def use(aclient: pics.AsyncClient, flag: bool) -> None:
    reveal_type(await images.create_image_edit_async(aclient, body=form, stream=True))
    reveal_type(await images.create_image_edit_with_response_async(aclient, body=refs, stream=flag))
"""

WRONG_CODE = """\
import pics
from pics.api import images
from pics.models import EditForm, Result

client = pics.Client(base_url="http://127.0.0.1:1")
result: Result = images.create_image_edit(client, body=EditForm(image=b"", prompt="p"), stream=True)
images.create_image_edit(client, body=EditForm(image=b"", prompt="p"), accept="text/event-stream")
"""


def test_the_static_type_follows_stream(pics: ModuleType, tmp_path: Path) -> None:
    lines = mypy_user_code(pics, tmp_path, USER_CODE)
    assert [line for line in lines if ": error:" in line] == []
    revealed = [line.split("Revealed type is ")[1] for line in lines if "Revealed" in line]
    stream, result = "pics._streaming.Stream[pics._models.event.Event]", "pics._models.result.Result"
    async_stream = "pics._streaming.AsyncStream[pics._models.event.Event]"
    assert revealed == [
        f'"{stream}"',
        f'"{result}"',
        f'"{result}"',
        f'"pics._base_client.ApiResponse[{stream}]"',
        f'"{stream}"',
        f'"{async_stream}"',
        f'"pics._base_client.ApiResponse[{result} | {async_stream}]"',
    ]


def test_a_stream_taken_for_the_json_type_fails_mypy(pics: ModuleType, tmp_path: Path) -> None:
    errors = [line for line in mypy_user_code(pics, tmp_path, WRONG_CODE) if ": error:" in line]
    assert len(errors) == 3, errors
    assert "use.py:6: error: Incompatible types in assignment" in errors[0]
    assert 'use.py:7: error: Unexpected keyword argument "accept"' in errors[1]  # stream= replaces it
    assert 'use.py:7: error: No overload variant of "create_image_edit" matches' in errors[2]


def test_without_a_boolean_stream_the_warning_says_why(tmp_path: Path) -> None:
    (tmp_path / "pics.yaml").write_text(SPEC + UNSWITCHED, encoding="utf-8")
    ctx = Context(Options((tmp_path / "pics.yaml",), tmp_path / "out", "pics"))
    spec = build_spec(ctx)
    switched = {op.operation_id: op.stream_switch for op in spec.groups[0].operations}
    assert {name for name, switch in switched.items() if switch is not None} == {
        "createImageEdit",
        "createImageVariation",
    }
    tail = (
        ", so nothing says which; its functions take accept= to choose (a boolean `stream` property in "
        "the request body gives stream=True/False)"
    )
    assert [w.message for w in ctx.diagnostics.warnings if "an event stream" in w.message] == [
        "POST /images/odd answers JSON or an event stream and the `stream` property of its "
        "multipart/form-data body is not a boolean" + tail,
        "POST /images/links answers JSON or an event stream and its request body (application/json, "
        "application/x-www-form-urlencoded) has no `stream` property" + tail,
        "GET /images/latest answers JSON or an event stream and it has no request body to carry a "
        "boolean `stream`" + tail,
        "POST /images/named answers JSON or an event stream and one of its parameters is already named "
        "`stream`" + tail,
    ]


# The generated OpenAI client: `createImageEdit` takes a multipart or a JSON body, each with a
# boolean `stream`, and answers `ImagesResponse` or `ImageEditStreamEvent`s.
OPENAI = CORPUS / "big" / "openai-openapi.yaml"
PARTIAL = {
    "type": "image_edit.partial_image", "b64_json": "UE5H", "created_at": 1700000000, "size": "1024x1024",
    "quality": "high", "background": "opaque", "output_format": "png", "partial_image_index": 0,
}


@pytest.fixture(scope="module")
def oai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("openai-image-edit")
    generate(Context(Options((OPENAI,), out, "oai_edits")))
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("oai_edits")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "oai_edits" or m.startswith("oai_edits.")]:
            del sys.modules[name]


def _image_edit(oai: ModuleType) -> typing.Callable[..., typing.Any]:
    """The sync `createImageEdit` function, found by operationId in the package's `_index.json`."""
    index = json.loads((Path(oai.__file__).parent / "_index.json").read_text(encoding="utf-8"))
    [entry] = [o for o in index["operations"] if o["operationId"] == "createImageEdit"]
    module, name = entry["sync"].rsplit(".", 1)
    return typing.cast(typing.Callable[..., typing.Any], getattr(importlib.import_module(module), name))


def test_openai_image_edit_overloads_follow_stream(oai: ModuleType) -> None:
    overloads = typing.get_overloads(_image_edit(oai))
    returns = {str(o.__annotations__["stream"]): o.__annotations__["return"] for o in overloads}
    assert returns == {
        "Literal[False]": "models.ImagesResponse",
        "Literal[True]": "Stream[models.ImageEditStreamEvent]",
        "bool": "models.ImagesResponse | Stream[models.ImageEditStreamEvent]",
    }


def test_openai_image_edit_streams_with_either_body(oai: ModuleType, server: LocalServer) -> None:
    events = f"data: {json.dumps(PARTIAL)}\n\n".encode()
    server.answer("POST", "/images/edits", 200, events, content_type="text/event-stream")
    edit, models = _image_edit(oai), oai.models
    image = models.ImageRefParam(image_url="https://img.test/a.png")
    refs = models.EditImageBodyJsonParam(images=[image], prompt="p")
    upload = models.CreateImageEditRequest(image=b"PNG", prompt="p")
    with oai.Client(base_url=server.url, api_key="k") as client:
        for body in (refs, upload):
            with edit(client, body=body, stream=True) as stream:
                assert [type(event).__name__ for event in stream] == ["ImageEditPartialImageEvent"]
        server.answer("POST", "/images/edits", 200, {"created": 1700000000})
        assert edit(client, body=refs) == models.ImagesResponse(created=1700000000)
    assert [r.headers["Accept"] for r in server.requests] == ["text/event-stream"] * 2 + ["application/json"]
    assert json.loads(server.requests[0].body)["stream"] is True
    parts = {p.get_param("name", header="content-disposition"): p for p in server.requests[1].multipart_parts()}
    assert parts["stream"].get_payload() == "true"
