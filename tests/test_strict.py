"""`--strict` and `strict = true`: every warning is an error (one line, exit 2, nothing written)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from generator.diagnostics import Diagnostics, GeneratorError, Location

# Its only quirk: an operation without `responses` (a warning, not an error).
QUIRKY = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /ping:
    get:
      operationId: ping
"""
QUIRK = "GET /ping documents no responses"


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _project(tmp_path: Path, table: str = "") -> Path:
    """A folder with `spec/api.yaml` (QUIRKY) and a pyproject.toml with `table` in [tool.generator]."""
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "api.yaml").write_text(QUIRKY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.generator]\nspec = ["spec"]\nout = "out"\npackage = "quirky"\n' + textwrap.dedent(table)
    )
    return tmp_path


def _assert_refused(run: subprocess.CompletedProcess[str], project: Path) -> None:
    assert run.returncode == 2, run.stderr
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("error: spec/api.yaml:6 /paths/~1ping/get: ") and QUIRK in line, line
    assert not (project / "out").exists()


def test_strict_sink_raises_the_warning_as_an_error() -> None:
    """The warning's text becomes the error line, saying why it stops the run."""
    with pytest.raises(GeneratorError) as info:
        Diagnostics(strict=True).warn(Location("a.yaml", 3, "/x"), "something odd")
    assert info.value.one_line() == "error: a.yaml:3 /x: something odd (--strict makes every warning an error)"


def test_without_strict_the_quirk_is_a_warning(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run = _run(project, "generate")
    assert run.returncode == 0, run.stderr
    assert [line for line in run.stderr.splitlines() if QUIRK in line][0].startswith("warning: ")


def test_generate_strict_stops_at_the_first_warning(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _assert_refused(_run(project, "generate", "--strict"), project)


def test_check_strict_stops_at_the_first_warning(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _assert_refused(_run(project, "check", "--strict"), project)


def test_strict_key_in_pyproject_stops_at_the_first_warning(tmp_path: Path) -> None:
    project = _project(tmp_path, "strict = true\n")
    _assert_refused(_run(project, "generate"), project)


def test_strict_stops_even_when_nothing_changed(tmp_path: Path) -> None:
    """The no-op fast path does not skip the warnings: the spec is read, the package left as it was."""
    project = _project(tmp_path)
    assert _run(project, "generate").returncode == 0
    before = {p: p.read_bytes() for p in sorted((project / "out").rglob("*")) if p.is_file()}
    run = _run(project, "generate", "--strict")
    assert run.returncode == 2 and QUIRK in run.stderr and run.stderr.startswith("error: "), run.stderr
    assert {p: p.read_bytes() for p in sorted((project / "out").rglob("*")) if p.is_file()} == before


def test_check_strict_stops_even_when_up_to_date(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _run(project, "generate").returncode == 0
    run = _run(project, "check", "--strict")
    assert run.returncode == 2 and QUIRK in run.stderr and run.stderr.startswith("error: "), run.stderr


def test_strict_spec_without_warnings_generates(tmp_path: Path) -> None:
    project = _project(tmp_path, "strict = true\n")
    (project / "spec" / "api.yaml").write_text(
        QUIRKY + "      responses: {'204': {description: pong}}\n", encoding="utf-8"
    )
    run = _run(project, "generate")
    assert run.returncode == 0, run.stderr
    assert (project / "out" / "quirky" / "_manifest.json").is_file()
