"""A JSON or multipart object body taken as keyword arguments, with plain dicts and strings.

Shaped like OpenAI's `createChatCompletion` (messages: a list of a union of message models,
each with a one-value `role`) and `createFile` (multipart, `purpose` an enum), plus a query
parameter typed by that enum. The methods take the body's properties as keyword arguments
(required ones required; the one-value `kind` defaults to its value), nested models or
`TypedDict` dicts, enum values as strings; `body=`
stays the alternative (both at once is a `TypeError`). mypy --strict passes the calls a user
writes and fails a wrong dict key, a wrong enum string and a missing required argument.
"""

from __future__ import annotations

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
    SystemMessage:
      type: object
      required: [role, content]
      properties:
        role: {type: string, enum: [system]}
        content: {type: string, description: The instructions.}
    UserMessage:
      type: object
      required: [role, content]
      properties:
        role: {type: string, enum: [user]}
        content: {type: string}
        name: {type: string}
    Message:
      oneOf:
        - $ref: '#/components/schemas/SystemMessage'
        - $ref: '#/components/schemas/UserMessage'
    CreateRequest:
      type: object
      required: [model, messages, kind]
      properties:
        kind: {type: string, enum: [chat]}
        model: {type: string, description: ID of the model to use.}
        messages: {type: array, items: {$ref: '#/components/schemas/Message'}, description: The conversation.}
        temperature: {type: number, nullable: true}
        stream: {type: boolean, nullable: true}
        id: {type: string, readOnly: true}
    Completion:
      type: object
      required: [id]
      properties: {id: {type: string}}
    Chunk:
      type: object
      required: [id]
      properties: {id: {type: string}}
    FilePurpose:
      type: string
      enum: [assistants, batch, fine-tune, vision]
    CreateFileRequest:
      type: object
      required: [file, purpose]
      properties:
        file: {type: string, format: binary}
        purpose: {$ref: '#/components/schemas/FilePurpose'}
    OpenAIFile:
      type: object
      required: [id, purpose]
      properties:
        id: {type: string}
        purpose: {$ref: '#/components/schemas/FilePurpose'}
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
  /files:
    post:
      operationId: createFile
      tags: [Files]
      requestBody:
        required: true
        content:
          multipart/form-data: {schema: {$ref: '#/components/schemas/CreateFileRequest'}}
      responses:
        '200':
          description: OK
          content:
            application/json: {schema: {$ref: '#/components/schemas/OpenAIFile'}}
    get:
      operationId: listFiles
      tags: [Files]
      parameters:
        - {name: purpose, in: query, schema: {$ref: '#/components/schemas/FilePurpose'}}
      responses:
        '200':
          description: OK
          content:
            application/json: {schema: {type: array, items: {$ref: '#/components/schemas/OpenAIFile'}}}
"""


@pytest.fixture(scope="module")
def oai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("kwargs"), SPEC, "oai") as package:
        yield package


def test_body_properties_as_keyword_arguments_with_dicts_and_models(oai: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/chat/completions", 200, {"id": "c1"})
    with oai.Client(base_url=server.url) as client:
        completion = client.chat.create(
            model="m",
            messages=[{"role": "system", "content": "Be brief."}, oai.models.UserMessage(role="user", content="Hi")],
        )
    assert completion == oai.models.Completion(id="c1")
    assert json.loads(server.requests[0].body) == {
        "kind": "chat",
        "model": "m",
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
    }


def test_keyword_arguments_stream_too(oai: ModuleType, server: LocalServer) -> None:
    events = b'data: {"id": "k1"}\n\ndata: [DONE]\n\n'
    server.answer("POST", "/chat/completions", 200, events, content_type="text/event-stream")
    with oai.Client(base_url=server.url) as client:
        with client.chat.create(model="m", messages=[], stream=True) as chunks:
            assert [chunk.id for chunk in chunks] == ["k1"]
    assert json.loads(server.requests[0].body) == {"kind": "chat", "model": "m", "messages": [], "stream": True}


def test_body_and_keyword_arguments_together_are_refused(oai: ModuleType, server: LocalServer) -> None:
    """`body=` is the alternative to the keyword arguments: both at once fail before sending."""
    server.answer("POST", "/chat/completions", 200, {"id": "c9"})
    body = oai.models.CreateRequest(kind="chat", model="m", messages=[])
    with oai.Client(base_url=server.url) as client:
        with pytest.raises(TypeError, match=r"either body= or keyword arguments \(temperature\)"):
            client.chat.create(body=body, temperature=0.5)
        client.chat.create(body=body)
    assert [json.loads(r.body) for r in server.requests] == [{"kind": "chat", "model": "m", "messages": []}]


def test_enum_values_as_strings_in_multipart_and_query(oai: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/files", 200, {"id": "f1", "purpose": "fine-tune"})
    server.answer("GET", "/files", 200, [])
    with oai.Client(base_url=server.url) as client:
        made = client.files.create(file=b"{}", purpose="fine-tune")
        client.files.list(purpose="batch")
    assert made.purpose == oai.models.FilePurpose.FINE_TUNE
    parts = {part.get_param("name", header="content-disposition"): part for part in server.requests[0].multipart_parts()}
    assert parts["purpose"].get_content().strip() == "fine-tune"
    assert server.requests[1].path == "/files?purpose=batch"


GOOD = """\
from oai import Client
from oai.models import FilePurpose, SystemMessage

client = Client(base_url="http://127.0.0.1:1")
reveal_type(client.chat.create(model="m", messages=[{"role": "user", "content": "hi", "name": "a"}]))
reveal_type(client.chat.create(model="m", messages=[SystemMessage(role="system", content="x")], stream=True))
client.files.create(file=b"", purpose="fine-tune")
client.files.create(file=b"", purpose=FilePurpose.BATCH)
client.files.list(purpose="vision")
"""

BAD = """\
from oai import Client

client = Client(base_url="http://127.0.0.1:1")
client.chat.create(model="m", messages=[{"role": "user", "contnet": "hi"}])
client.files.create(file=b"", purpose="fine-tuning")
client.files.list(purpose="visions")
client.chat.create(messages=[])
"""



def test_user_code_with_dicts_and_strings_type_checks(oai: ModuleType, tmp_path: Path) -> None:
    lines = mypy_user_code(oai, tmp_path, GOOD)
    assert [line for line in lines if ": error:" in line] == []
    revealed = [line.split("Revealed type is ")[1] for line in lines if "Revealed" in line]
    assert revealed == [
        '"oai._models.completion.Completion"',
        '"oai._streaming.Stream[oai._models.chunk.Chunk]"',
    ]


def test_wrong_keys_strings_and_missing_arguments_failmypy_user_code(oai: ModuleType, tmp_path: Path) -> None:
    """One error (at least) on each wrong line, none elsewhere."""
    lines = [line for line in mypy_user_code(oai, tmp_path, BAD) if ": error:" in line]
    assert sorted({int(line.split(":")[1]) for line in lines}) == [4, 5, 6, 7], lines


CLASHING = """\
openapi: 3.0.3
info: {title: Jobs, version: '1'}
paths:
  /jobs:
    post:
      operationId: createJob
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                body: {type: string}
      responses:
        '204': {description: Created.}
"""


def test_a_property_named_like_an_argument_of_the_functions_keeps_the_body_whole(tmp_path: Path) -> None:
    """`body` is the functions' own argument: a body property of that name is not flattened."""
    (tmp_path / "jobs.yaml").write_text(CLASHING, encoding="utf-8")
    ctx = Context(Options((tmp_path / "jobs.yaml",), tmp_path / "out", "jobs"))
    [create] = build_spec(ctx).groups[0].operations
    assert create.arguments == ()
    assert [w.message for w in ctx.diagnostics.warnings] == [
        "POST /jobs: body properties body would clash with the functions' other arguments; "
        "the body is taken as body= only"
    ]


def test_a_property_named_like_a_call_option_is_flattened_with_a_trailing_underscore(tmp_path: Path) -> None:
    """`max_retries` and `timeout` are every call's options: such properties become `max_retries_`."""
    spec = CLASHING.replace("body: {type: string}", "max_retries: {type: integer}\n                timeout: {type: integer}")
    (tmp_path / "jobs.yaml").write_text(spec, encoding="utf-8")
    ctx = Context(Options((tmp_path / "jobs.yaml",), tmp_path / "out", "jobs"))
    [create] = build_spec(ctx).groups[0].operations
    assert [(f.name, f.wire) for f in create.arguments] == [
        ("name", "name"), ("max_retries_", "max_retries"), ("timeout_", "timeout")
    ]
    assert ctx.diagnostics.warnings == []
