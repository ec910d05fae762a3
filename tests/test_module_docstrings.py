"""An endpoint module's docstring says where its operations come from (tag or path)."""

from __future__ import annotations

from pathlib import Path

from generator.context import Context, Options
from generator.pipeline import build_spec
from generator.render.param_types import ParamTypes
from generator.render.views import group_view


def test_path_group_module_docstring_names_the_path(tmp_path: Path) -> None:
    """The module of a path group says which paths it holds, not a tag it does not have."""
    (tmp_path / "spec.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /v1/charges: {get: {responses: {'204': {description: ok}}}}\n",
        encoding="utf-8",
    )
    spec = build_spec(Context(Options((tmp_path / "spec.yaml",), tmp_path / "out", "t")))
    assert "Endpoints under `/v1/charges`" in group_view(spec.groups[0], ParamTypes.of(spec)).docstring
