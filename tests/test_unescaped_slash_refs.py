"""A `$ref` with an unescaped `/` in a component name that exists (a Fern export writes
`#/components/schemas/Agent API/Peers_Response_200` for the key `Agent API/Peers_Response_200`):
strictly an invalid pointer, but its meaning is plain. It resolves to that component, with a
warning naming the place (file:line, pointer); `--strict` refuses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.pipeline import build_spec

SPEC = """\
openapi: 3.1.0
info: {title: Agents, version: '1'}
paths:
  /peers:
    get:
      operationId: listPeers
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Agent API/Peers_Response_200'
components:
  schemas:
    Agent API/Peers_Response_200:
      type: object
      properties: {peers: {type: array, items: {type: string}}}
"""


def _build(tmp_path: Path, strict: bool = False) -> tuple[ir.ApiSpec, Context]:
    (tmp_path / "agents.yaml").write_text(SPEC, encoding="utf-8")
    ctx = Context(Options((tmp_path / "agents.yaml",), tmp_path / "out", "agents", tmp_path, strict=strict))
    return build_spec(ctx), ctx


def test_ref_with_an_unescaped_slash_resolves_to_the_component(tmp_path: Path) -> None:
    spec, ctx = _build(tmp_path)
    [operation] = [op for group in spec.groups for op in group.operations]
    assert operation.returns == ir.Ref(spec.schema_names["Agent API/Peers_Response_200"])
    [warning] = [w for w in ctx.diagnostics.warnings if "unescaped" in w.message]
    assert warning.location is not None
    assert warning.location.file.endswith("agents.yaml") and warning.location.line == 13
    assert warning.location.pointer == "/paths/~1peers/get/responses/200/content/application~1json/schema/$ref"
    assert "Agent API~1Peers_Response_200" in warning.message
    assert not [w for w in ctx.diagnostics.warnings if "Any" in w.message]


def test_strict_refuses_it(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="unescaped"):
        _build(tmp_path, strict=True)


def test_a_slash_that_names_nothing_still_dangles(tmp_path: Path) -> None:
    """No key `Agent API/Other` either: the usual dangling-ref warning, typed Any, and no
    other component is taken for it."""
    (tmp_path / "agents.yaml").write_text(SPEC.replace("API/Peers_Response_200'", "API/Other'"), encoding="utf-8")
    ctx = Context(Options((tmp_path / "agents.yaml",), tmp_path / "out", "agents", tmp_path))
    spec = build_spec(ctx)
    [operation] = [op for group in spec.groups for op in group.operations]
    assert operation.returns != ir.Ref(spec.schema_names["Agent API/Peers_Response_200"])
    assert [w.message for w in ctx.diagnostics.warnings if "$ref" in w.message] == [
        "$ref '#/components/schemas/Agent API/Other' does not resolve (no 'Agent API' there); typed as Any "
        "(add the missing definition)"
    ]


def test_every_place_writing_it_is_warned_about(tmp_path: Path) -> None:
    """The resolver remembers what a `$ref` text names, but not one that took a warning: a
    second operation writing the same ref gets its own warning at its own place."""
    second = SPEC.replace(
        "components:",
        "  /peers/all:\n    get:\n      operationId: listAllPeers\n      responses:\n        '200':\n"
        "          description: ok\n          content:\n            application/json:\n              schema:\n"
        "                $ref: '#/components/schemas/Agent API/Peers_Response_200'\ncomponents:",
    )
    (tmp_path / "agents.yaml").write_text(second, encoding="utf-8")
    ctx = Context(Options((tmp_path / "agents.yaml",), tmp_path / "out", "agents", tmp_path))
    spec = build_spec(ctx)
    assert {op.returns for group in spec.groups for op in group.operations} == {
        ir.Ref(spec.schema_names["Agent API/Peers_Response_200"])
    }
    warned = [w.location for w in ctx.diagnostics.warnings if "unescaped" in w.message]
    assert [(where.line, where.pointer.split("/")[2]) for where in warned if where is not None] == [
        (13, "~1peers"),
        (23, "~1peers~1all"),
    ]
