"""`_index.json` names an operation's `stream`/`stream_async` variants exactly when its
endpoint module defines them (binary success bodies; not under a `stream` switch)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.context import Context, Options
from generator.pipeline import build_spec
from generator.render import render_package
from generator.render.media_view import has_stream, returns_view

SPEC = """\
openapi: 3.0.3
info: {title: Files, version: '1'}
paths:
  /raw:
    get:
      operationId: getRaw
      responses:
        '200': {description: ok, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
  /either:
    get:
      operationId: getEither
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {type: object, properties: {id: {type: string}}}}
            image/png: {schema: {type: string, format: binary}}
  /json:
    get:
      operationId: getJson
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
  /nothing:
    delete:
      operationId: deleteNothing
      responses:
        '204': {description: gone}
  /fallback:
    get:
      operationId: getFallback
      responses:
        default: {description: any, content: {application/pdf: {schema: {type: string, format: binary}}}}
"""


def test_stream_entries_match_the_stream_functions_generated(tmp_path: Path) -> None:
    (tmp_path / "files.yaml").write_text(SPEC)
    spec = build_spec(Context(Options((tmp_path / "files.yaml",), tmp_path / "out", "files")))
    files = render_package(spec)
    index = json.loads(files["_index.json"])
    streaming = set()
    for op in index["operations"]:
        module, function = op["sync"].rsplit(".", 1)
        text = files[module.split(".", 1)[1].replace(".", "/") + ".py"]
        defined = f"def {function}_stream(" in text
        assert ("stream" in op) == defined, op["operationId"]
        if defined:
            streaming.add(op["operationId"])
            assert op["stream_async"] == f"{module}.{function}_stream_async"
    assert streaming == {"getRaw", "getEither", "getFallback"}
    ops = [op for group in spec.groups for op in group.operations]
    assert [has_stream(op) for op in ops] == [returns_view(op).has_stream for op in ops]
