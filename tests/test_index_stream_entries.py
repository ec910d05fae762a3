"""`_index.json` names an operation's `stream`/`stream_async` variants exactly when its
endpoint module defines them (binary success bodies; not under a `stream` switch)."""

from __future__ import annotations

import importlib
import json
import sys
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
    for rel, text in files.items():  # the package on disk, to import its endpoint modules
        (tmp_path / "pkg" / "files" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / "files" / rel).write_text(text)
    index = json.loads(files["_index.json"])
    streaming = set()
    sys.path.insert(0, str(tmp_path / "pkg"))
    try:
        for op in index["operations"]:
            module, function = op["sync"].rsplit(".", 1)
            endpoint = importlib.import_module(module)
            assert callable(getattr(endpoint, function))
            defined = hasattr(endpoint, f"{function}_stream")
            assert ("stream" in op) == defined, op["operationId"]
            if defined:
                streaming.add(op["operationId"])
                assert op["stream"] == f"{module}.{function}_stream"
                assert op["stream_async"] == f"{module}.{function}_stream_async"
                assert callable(getattr(endpoint, f"{function}_stream_async"))
    finally:
        sys.path.remove(str(tmp_path / "pkg"))
        for name in [name for name in sys.modules if name == "files" or name.startswith("files.")]:
            del sys.modules[name]
    assert streaming == {"getRaw", "getEither", "getFallback"}
    ops = [op for group in spec.groups for op in group.operations]
    assert [has_stream(op) for op in ops] == [returns_view(op).has_stream for op in ops]
