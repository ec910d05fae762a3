"""The generated package README shows the everyday tasks as examples derived from the spec:
a call with keyword arguments, the same call streamed with `stream=True`, an upload with an
enum value as a string, a list call, every item across pages and error handling (with an
operation that is not deprecated). Each example is taken from the
README as it is written, type-checked with mypy --strict, and run against a real server on
127.0.0.1.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import LocalServer, generated_package, mypy_strict

SPEC = """\
openapi: 3.0.3
info: {title: Desk, version: '1'}
components:
  schemas:
    Message:
      type: object
      required: [role, content]
      properties:
        role: {type: string, enum: [user]}
        content: {type: string}
    CreateRequest:
      type: object
      required: [model, messages]
      properties:
        model: {type: string, enum: [small, large]}
        messages: {type: array, items: {$ref: '#/components/schemas/Message'}}
        stream: {type: boolean, nullable: true, default: false}
    Completion:
      type: object
      required: [id]
      properties: {id: {type: string}}
    Chunk:
      type: object
      required: [id]
      properties: {id: {type: string}}
    File:
      type: object
      required: [id]
      properties: {id: {type: string}, purpose: {type: string}}
paths:
  /legacy/{legacy_id}:
    get:
      operationId: retrieveLegacy
      deprecated: true
      tags: [Legacy]
      parameters:
        - {name: legacy_id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/File'}}}}
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
    get:
      operationId: listFiles
      tags: [File]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: after, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/File'}}
                  has_more: {type: boolean}
                  last_id: {type: string}
    post:
      operationId: createFile
      tags: [File]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, purpose]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string, enum: [fine-tune, batch]}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/File'}}}}
  /files/{file_id}:
    get:
      operationId: retrieveFile
      tags: [File]
      parameters:
        - {name: file_id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/File'}}}}
        '404': {description: no such file}
"""

EVENTS = b'data: {"id": "c1"}\n\ndata: {"id": "c2"}\n\n'


def _examples(readme: str) -> list[str]:
    section = readme.split("## Everyday tasks", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_readme_examples_type_check_and_run(tmp_path: Path, server: LocalServer) -> None:
    with generated_package(tmp_path, SPEC, "desk"):
        readme = (tmp_path / "out" / "desk" / "README.md").read_text(encoding="utf-8")
    examples = _examples(readme)
    assert [e.splitlines()[0] for e in examples] == [
        'result = client.chat.create(model="small", messages=[{"role": "user", "content": "..."}])',
        'with client.chat.create(model="small", messages=[{"role": "user", "content": "..."}], stream=True) as events:',
        'with open("data.jsonl", "rb") as file:',
        "listed = client.files.list()",
        "for item in client.files.list_iter(limit=2):",
        "from desk import APIStatusError, NotFoundError",
    ]
    assert 'made = client.files.create(file=file, purpose="fine-tune")' in examples[2]
    assert 'client.files.retrieve("...")' in examples[5]  # not the deprecated (warning) retrieveLegacy
    out = tmp_path / "out"
    (out / "data.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
    head = f"from desk import Client\n\nclient = Client(base_url={server.url!r})\n"
    answers = [
        ("POST", "/chat/completions", 200, {"id": "c0"}, "application/json"),
        ("POST", "/chat/completions", 200, EVENTS, "text/event-stream"),
        ("POST", "/files", 200, {"id": "f1", "purpose": "fine-tune"}, "application/json"),
        ("GET", "/files", 200, {"data": [{"id": "f1"}], "has_more": False}, "application/json"),
        ("GET", "/files", 200, {"data": [{"id": "f1"}, {"id": "f2"}], "has_more": False}, "application/json"),
        ("GET", "/files/...", 404, {"error": "no such file"}, "application/json"),
    ]
    printed: list[str] = []
    for index, (example, (method, path, status, body, content_type)) in enumerate(zip(examples, answers)):
        script = out / f"task_{index}.py"
        script.write_text(head + example, encoding="utf-8")
        checked = mypy_strict(out, script.name)
        assert checked.returncode == 0, checked.stdout
        server.answer(method, path, status, body, content_type=content_type)
        run = subprocess.run([sys.executable, script.name], cwd=out, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        printed.append(run.stdout)
    sent = [(r.method, r.path) for r in server.requests]
    assert sent == [
        ("POST", "/chat/completions"),
        ("POST", "/chat/completions"),
        ("POST", "/files"),
        ("GET", "/files"),
        ("GET", "/files?limit=2"),
        ("GET", "/files/..."),
    ]
    assert json.loads(server.requests[1].body)["stream"] is True
    assert printed[1].splitlines() == ["Chunk(id='c1')", "Chunk(id='c2')"]
    assert printed[4].splitlines() == ["File(id='f1')", "File(id='f2')"]
    assert printed[5].strip() == ""  # the 404 was caught as NotFoundError
    parts = {p.get_param("name", header="content-disposition"): p for p in server.requests[2].multipart_parts()}
    assert parts["purpose"].get_content().strip() == "fine-tune"
