"""`stream=True` / `stream=False` decides what a call returns, for the type checker and at run time.

Shaped like OpenAI's `createChatCompletion`: a JSON body (an `allOf` model) with a nullable
boolean `stream` property, and a 200 documented as `application/json` and
`text/event-stream`. The functions take `stream: Literal[True]` (an event stream) or
`Literal[False]` / nothing (the JSON type), send the `Accept` that goes with it and set the
body's field; a body saying `stream: true` without `stream=True` is refused, and so is an
answer in the other media type. An operation answering both ways without such a field keeps
`accept=` and the generator says so in a warning.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import LocalServer, generated_package, mypy_user_code

from generator.context import Context, Options
from generator.pipeline import build_spec

SPEC = """\
openapi: 3.0.3
info: {title: OpenAI, version: '1'}
servers: [{url: 'https://chat.test/v1'}]
components:
  schemas:
    CommonProps:
      type: object
      properties:
        temperature: {type: number, nullable: true}
    Message:
      type: object
      required: [role, content]
      properties:
        role: {type: string, enum: [user]}
        content: {type: string}
    CreateRequest:
      allOf:
        - $ref: '#/components/schemas/CommonProps'
        - type: object
          required: [model, messages]
          properties:
            model: {type: string}
            messages: {type: array, items: {$ref: '#/components/schemas/Message'}}
            stream: {type: boolean, nullable: true, default: false, description: Stream it.}
    Completion:
      type: object
      required: [id]
      properties: {id: {type: string}}
    Chunk:
      type: object
      required: [id, delta]
      properties: {id: {type: string}, delta: {type: string}}
    PlainRequest:
      type: object
      properties: {text: {type: string}}
paths:
  /chat/completions:
    post:
      operationId: createChatCompletion
      tags: [Chat]
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/CreateRequest'}}
      responses:
        '200':
          description: OK
          content:
            application/json: {schema: {$ref: '#/components/schemas/Completion'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}
  /echo:
    post:
      operationId: echo
      tags: [Chat]
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/PlainRequest'}}
      responses:
        '200':
          description: OK
          content:
            application/json: {schema: {$ref: '#/components/schemas/Completion'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}
"""

EVENTS = b'data: {"id": "c1", "delta": "Hel"}\n\ndata: {"id": "c1", "delta": "lo"}\n\ndata: [DONE]\n\n'


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("switch"), SPEC, "chat") as package:
        yield package


def _request(chat: ModuleType) -> object:
    return chat.models.CreateRequest(model="m", messages=[chat.models.Message(role="user", content="hi")])


def test_stream_true_asks_for_events_and_returns_a_stream(chat: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/chat/completions", 200, EVENTS, content_type="text/event-stream")
    with chat.Client(base_url=server.url) as client:
        with client.chat.create(body=_request(chat), stream=True) as events:
            deltas = [chunk.delta for chunk in events]
    assert deltas == ["Hel", "lo"]
    [request] = server.requests
    assert request.headers["Accept"] == "text/event-stream"
    assert json.loads(request.body)["stream"] is True


def test_without_stream_asks_for_json_and_returns_the_model(chat: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/chat/completions", 200, {"id": "c2"})
    with chat.Client(base_url=server.url) as client:
        completion = client.chat.create(body=_request(chat))
        response = client.chat.create_with_response(body=_request(chat), stream=False)
    assert completion == chat.models.Completion(id="c2")
    assert response.parsed == completion
    assert [r.headers["Accept"] for r in server.requests] == ["application/json"] * 2
    assert "stream" not in json.loads(server.requests[0].body)


def test_async_stream_true_returns_an_async_stream(chat: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/chat/completions", 200, EVENTS, content_type="text/event-stream")

    async def run() -> list[str]:
        async with chat.AsyncClient(base_url=server.url) as client:
            response = await client.chat.create_with_response(body=_request(chat), stream=True)
            return [chunk.delta async for chunk in response.parsed]

    assert asyncio.run(run()) == ["Hel", "lo"]
    assert server.requests[0].headers["Accept"] == "text/event-stream"


def test_a_body_asking_to_stream_without_stream_true_is_refused(chat: ModuleType, server: LocalServer) -> None:
    """The call's return type follows `stream=`: a body saying otherwise fails before sending."""
    body = chat.models.CreateRequest(model="m", messages=[], stream=True)
    with chat.Client(base_url=server.url) as client:
        with pytest.raises(ValueError, match="pass stream=True"):
            client.chat.create(body=body)
    assert server.requests == []


def test_an_answer_in_the_other_media_type_is_an_error(chat: ModuleType, server: LocalServer) -> None:
    """Asked for events, answered JSON: a `ResponseDecodeError`, never a model typed as a stream."""
    server.answer("POST", "/chat/completions", 200, {"id": "c3"})
    with chat.Client(base_url=server.url) as client:
        with pytest.raises(chat.ResponseDecodeError, match="asked for text/event-stream"):
            client.chat.create(body=_request(chat), stream=True)


USER_CODE = """\
import chat
from chat.api import chat as chat_api
from chat.models import Completion, CreateRequest

client = chat.Client(base_url="http://127.0.0.1:1")
body = CreateRequest(model="m", messages=[])
reveal_type(client.chat.create(body=body, stream=True))
reveal_type(client.chat.create(body=body))
reveal_type(client.chat.create(body=body, stream=False))
reveal_type(client.chat.create_with_response(body=body, stream=True))
reveal_type(chat_api.create_chat_completion(client, body=body, stream=True))


async def use(aclient: chat.AsyncClient, flag: bool) -> None:
    reveal_type(await aclient.chat.create(body=body, stream=True))
    reveal_type(await aclient.chat.create(body=body, stream=flag))
"""

WRONG_CODE = """\
import chat
from chat.models import Completion, CreateRequest

client = chat.Client(base_url="http://127.0.0.1:1")
completion: Completion = client.chat.create(body=CreateRequest(model="m", messages=[]), stream=True)
"""



def test_the_static_type_follows_stream(chat: ModuleType, tmp_path: Path) -> None:
    lines = mypy_user_code(chat, tmp_path, USER_CODE)
    assert [line for line in lines if ": error:" in line] == []
    revealed = [line.split("Revealed type is ")[1] for line in lines if "Revealed" in line]
    assert revealed == [
        '"chat._streaming.Stream[chat._models.chunk.Chunk]"',
        '"chat._models.completion.Completion"',
        '"chat._models.completion.Completion"',
        '"chat._base_client.ApiResponse[chat._streaming.Stream[chat._models.chunk.Chunk]]"',
        '"chat._streaming.Stream[chat._models.chunk.Chunk]"',
        '"chat._streaming.AsyncStream[chat._models.chunk.Chunk]"',
        '"chat._models.completion.Completion | chat._streaming.AsyncStream[chat._models.chunk.Chunk]"',
    ]


def test_a_stream_taken_for_the_json_type_failsmypy_user_code(chat: ModuleType, tmp_path: Path) -> None:
    errors = [line for line in mypy_user_code(chat, tmp_path, WRONG_CODE) if ": error:" in line]
    assert len(errors) == 1 and "Incompatible types in assignment" in errors[0], errors


def test_no_switch_field_keeps_accept_and_warns(tmp_path: Path) -> None:
    (tmp_path / "chat.yaml").write_text(SPEC, encoding="utf-8")
    ctx = Context(Options((tmp_path / "chat.yaml",), tmp_path / "out", "chat"))
    spec = build_spec(ctx)
    ops = {op.function: op for op in spec.groups[0].operations}
    assert ops["create_chat_completion"].stream_switch is not None
    assert ops["echo"].stream_switch is None
    assert [w.message for w in ctx.diagnostics.warnings] == [
        "POST /echo answers JSON or an event stream and its request body (application/json) has no `stream` "
        "property, so nothing says which; its functions take accept= to choose (a boolean `stream` property "
        "in the request body gives stream=True/False)"
    ]


def test_a_stream_field_without_documented_events_warns(tmp_path: Path) -> None:
    """`stream` in the body but only JSON documented (OpenAI's `/completions`): said, not guessed."""
    spec = SPEC.replace("            text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}\n", "", 1)
    (tmp_path / "chat.yaml").write_text(spec, encoding="utf-8")
    ctx = Context(Options((tmp_path / "chat.yaml",), tmp_path / "out", "chat"))
    [create, _] = build_spec(ctx).groups[0].operations
    assert create.stream_switch is None
    assert [w.message for w in ctx.diagnostics.warnings][0] == (
        "POST /chat/completions takes a boolean `stream` but documents no event-stream response; "
        "stream=True answers are typed as the documented JSON (add text/event-stream to its success response)"
    )


def test_a_module_whose_only_literal_is_the_stream_switch_type_checks(tmp_path: Path, server: LocalServer) -> None:
    """The `stream: Literal[True]` overloads alone make the module import `Literal` (mypy --strict)."""
    only_switch = SPEC.split("  /echo:")[0]
    server.answer("POST", "/chat/completions", 200, {"id": "c1"})
    with generated_package(tmp_path, only_switch, "switch_only") as package:
        with package.Client(base_url=server.url) as client:
            assert client.chat.create(body=_request(package)).id == "c1"
