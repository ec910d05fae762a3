"""A warning is printed once per file and message, at its first place, with the count of places."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

SPEC = """\
openapi: 3.0.3
info: {title: Sizes, version: "1"}
paths: {}
components:
  schemas:
    Size: {type: string, enum: [{value: s}, {value: l}]}
    Fit: {type: string, enum: [{value: slim}]}
    Shirt:
      type: object
      properties:
        size: {type: string, enum: [{value: s}]}
        fit: {type: string, enum: [{value: slim}]}
"""


def test_same_warning_in_several_places_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sizes.yaml").write_text(SPEC)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "sizes.yaml", "--out", "out", "--package", "sizes", "--no-cache"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    enum_lines = [line for line in warnings if "{value: x}" in line]
    assert len(enum_lines) == 1, warnings
    assert enum_lines[0].startswith("warning: sizes.yaml:6 /components/schemas/Size")
    assert enum_lines[0].endswith("enum entry written as {value: x}; using x (in 4 places)")
