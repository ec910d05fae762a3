"""[tool.generator] in pyproject.toml: known keys only, checked values, options override it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_PAGE

from generator.config import load_config
from generator.diagnostics import GeneratorError


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _project(tmp_path: Path, table: str) -> Path:
    """A folder with the seed page under pages/ and a pyproject.toml holding `table`."""
    (tmp_path / "pages").mkdir()
    shutil.copy(SEED_PAGE, tmp_path / "pages" / "billing.md")
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n[tool.generator]\n{table}')
    return tmp_path


def test_unknown_key_is_one_line_naming_file_line_and_key(tmp_path: Path) -> None:
    """A misspelt key: exit 2, one line with pyproject.toml:line, its pointer and the known keys."""
    project = _project(tmp_path, 'spec = ["pages"]\npackages = "acme"\n')
    run = _run(project, "generate")
    assert run.returncode == 2, run.stdout
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(f"error: {project / 'pyproject.toml'}:6 /tool/generator/packages: unknown key 'packages'")
    assert "spec, out, package" in line
    assert not (project / "generated").exists()


def _pyproject(folder: Path, text: str) -> Path:
    (folder / "pyproject.toml").write_text(text)
    return folder


def test_value_of_wrong_type_is_refused(tmp_path: Path) -> None:
    """`out = 3` is not a path: a located error naming the key."""
    _pyproject(tmp_path, "[tool.generator]\nspec = 'pages'\nout = 3\n")
    with pytest.raises(GeneratorError, match=r"pyproject.toml:3 /tool/generator/out: out must be a non-empty string"):
        load_config(tmp_path)


def test_spec_may_be_one_path(tmp_path: Path) -> None:
    """`spec = "pages"` means the list ["pages"], relative to the pyproject's folder."""
    _pyproject(tmp_path, '[tool.generator]\nspec = "pages"\n')
    (tmp_path / "sub").mkdir()
    config, base = load_config(tmp_path / "sub")
    assert (config["spec"], config["out"], base) == (["pages"], "generated", tmp_path)


def test_spec_list_must_hold_strings(tmp_path: Path) -> None:
    """`spec = [1]` is refused with the key named."""
    _pyproject(tmp_path, "[tool.generator]\nspec = [1]\n")
    with pytest.raises(GeneratorError, match=r"/tool/generator/spec: spec must be a path or a list of paths"):
        load_config(tmp_path)


def test_dotted_key_is_located(tmp_path: Path) -> None:
    """`generator.outt = ...` under [tool] (a dotted key) is refused too, with its line."""
    _pyproject(tmp_path, '[project]\nname = "x"\n\n[tool]\ngenerator.outt = "x"\n')
    with pytest.raises(GeneratorError, match=r"pyproject.toml:5 /tool/generator/outt: unknown key 'outt'"):
        load_config(tmp_path)


def test_table_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    """`[tool] generator = "x"`: one error saying it must be a table."""
    _pyproject(tmp_path, '[tool]\ngenerator = "x"\n')
    with pytest.raises(GeneratorError, match=r"/tool/generator: \[tool.generator\] must be a table"):
        load_config(tmp_path)


def test_command_line_overrides_the_table(tmp_path: Path) -> None:
    """--out and --package win over [tool.generator]; spec still comes from the table."""
    project = _project(tmp_path, 'spec = ["pages"]\nout = "client"\npackage = "acme"\n')
    run = _run(project, "generate", "--out", "elsewhere", "--package", "other")
    assert run.returncode == 0, run.stderr
    assert not (project / "client").exists()
    index = json.loads((project / "elsewhere" / "other" / "_index.json").read_text())
    assert index["package"] == "other"


def test_strict_is_read_as_a_boolean(tmp_path: Path) -> None:
    _pyproject(tmp_path, "[tool.generator]\nstrict = true\n")
    config, _ = load_config(tmp_path)
    assert config["strict"] is True


def test_strict_defaults_to_false(tmp_path: Path) -> None:
    _pyproject(tmp_path, "[tool.generator]\nspec = 'pages'\n")
    config, _ = load_config(tmp_path)
    assert config["strict"] is False


def test_strict_that_is_not_a_boolean_is_refused(tmp_path: Path) -> None:
    """`strict = "yes"` is a string: a located error naming the key."""
    _pyproject(tmp_path, '[tool.generator]\nstrict = "yes"\n')
    with pytest.raises(GeneratorError, match=r"pyproject.toml:2 /tool/generator/strict: strict must be true or false"):
        load_config(tmp_path)
