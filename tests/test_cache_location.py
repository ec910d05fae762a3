"""Where `generate` keeps its cache: beside the project's pyproject.toml, or, run outside any
project (no `[tool.generator]` table up the tree), in the user's cache folder, never in the
folder the run started in. The package itself goes to `./generated/client/` there."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

PAGE = """\
# Ping

```yaml
openapi: 3.0.3
info: {title: Ping, version: "1"}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        "204": {description: pong}
```
"""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "page.md").write_text(PAGE)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    return folder


def _generate_twice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "page.md"]) == 0
    assert main(["generate", "page.md"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("up to date")  # the stamp was found


@pytest.mark.parametrize("xdg", ["xdg-cache", "relative/ignored", None])
def test_outside_a_project_the_cache_is_the_users(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], xdg: str | None
) -> None:
    if xdg is not None:
        monkeypatch.setenv("XDG_CACHE_HOME", str(work.parent / xdg) if xdg == "xdg-cache" else xdg)
    _generate_twice(capsys)
    assert sorted(p.name for p in work.iterdir()) == ["generated", "page.md"]
    assert (work / "generated" / "client" / "_manifest.json").is_file()
    home_cache = work.parent / "home" / ".cache" / "docs-openapi-generator"
    cache = work.parent / "xdg-cache" / "docs-openapi-generator" if xdg == "xdg-cache" else home_cache
    assert (cache / "runs").is_dir()


def test_a_pyproject_without_the_table_is_not_a_project(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "pyproject.toml").write_text('[project]\nname = "other"\n')
    monkeypatch.setenv("XDG_CACHE_HOME", str(work.parent / "xdg"))
    _generate_twice(capsys)
    assert not (work / ".generator-cache").exists()
    assert (work.parent / "xdg" / "docs-openapi-generator" / "runs").is_dir()


def test_in_a_project_the_cache_is_beside_its_pyproject(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "pyproject.toml").write_text('[tool.generator]\nspec = "page.md"\n')
    _generate_twice(capsys)
    assert (work / ".generator-cache" / "runs").is_dir()
    assert not (work.parent / "home").exists()
