"""Invalid documents that still generate are not accepted without a word: a path parameter
with `required: false` (a path parameter is always required) and a `default` its own schema
rejects (format, enum, type) are warnings naming the place; `--strict` refuses them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.pipeline import build_spec

SPEC = """\
openapi: 3.0.3
info: {title: Things, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: false, schema: {type: string}}
        - {name: trace, in: query, schema: {type: string, format: uuid, default: not-a-uuid}}
        - {name: order, in: query, schema: {type: string, enum: [asc, desc], default: up}}
        - {name: fine, in: query, schema: {type: string, enum: [asc, desc], default: asc}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
components:
  schemas:
    Thing:
      type: object
      properties:
        size: {type: integer, default: large}
        when: {type: string, format: date-time, default: '2024-05-01T12:00:00Z'}
"""


def _build(tmp_path: Path, text: str, strict: bool = False) -> Context:
    (tmp_path / "things.yaml").write_text(text, encoding="utf-8")
    ctx = Context(Options((tmp_path / "things.yaml",), tmp_path / "out", "things", tmp_path, strict=strict))
    build_spec(ctx)
    return ctx


def test_each_invalid_place_is_one_warning(tmp_path: Path) -> None:
    ctx = _build(tmp_path, SPEC)
    found = sorted((w.location.line if w.location else 0, w.message) for w in ctx.diagnostics.warnings)
    assert [line for line, _ in found] == [8, 9, 10, 21]
    messages = [message for _, message in found]
    assert "path parameter" in messages[0] and "required: false" in messages[0]
    assert "'not-a-uuid'" in messages[1] and "uuid" in messages[1]
    assert "'up'" in messages[2] and "enum" in messages[2]
    assert "'large'" in messages[3] and "integer" in messages[3]


@pytest.mark.parametrize(
    "invalid",
    [
        "required: false, schema: {type: string}}",
        "format: uuid, default: not-a-uuid}",
        "default: up}",
        "default: large}",
    ],
)
def test_strict_refuses_each(tmp_path: Path, invalid: str) -> None:
    valid = {
        "required: false, schema: {type: string}}": "required: true, schema: {type: string}}",
        "format: uuid, default: not-a-uuid}": "format: uuid}",
        "default: up}": "default: desc}",
        "default: large}": "default: 3}",
    }
    text = SPEC
    for bad, good in valid.items():
        if bad != invalid:
            text = text.replace(bad, good)
    (tmp_path / "ok").mkdir()
    _build(tmp_path / "ok", text.replace(invalid, valid[invalid]), strict=True)  # all fixed: accepted
    with pytest.raises(GeneratorError):
        _build(tmp_path, text, strict=True)
