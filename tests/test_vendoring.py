"""Vendoring: the package works wherever it is copied, and generate never overwrites a user's files."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, SEED_PAGE, LocalServer


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _generate(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return _run("generate", str(SEED_PAGE), "--out", str(out), "--package", "dial", *extra)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_refused(run: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert run.returncode == 2, run.stdout + run.stderr
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("error: ") and "--force" in line and "Traceback" not in run.stderr
    for needle in needles:
        assert needle in line, line


@pytest.fixture
def dial(tmp_path: Path) -> Path:
    """The Dial client generated into a scratch folder; returns the package folder."""
    run = _generate(tmp_path / "gen")
    assert run.returncode == 0, run.stderr
    return tmp_path / "gen" / "dial"


def test_imports_are_relative_stdlib_or_httpx(dial: Path) -> None:
    """Every import in the package is relative, from the standard library, or httpx."""
    allowed = set(sys.stdlib_module_names) | {"httpx"}
    absolute: set[str] = set()
    for module in dial.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                absolute |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                absolute.add(node.module.split(".")[0])
    assert absolute, "no absolute imports at all is suspicious: the walk found nothing"
    assert absolute <= allowed, absolute - allowed


def test_copied_package_works_inside_another_package(
    tmp_path: Path, dial: Path, server: LocalServer
) -> None:
    """Copied to app/_vendor/dial of another project, it imports as app._vendor.dial and calls
    the API, with the generator itself made unimportable."""
    other = tmp_path / "other-repo" / "src"
    vendor = other / "app" / "_vendor"
    vendor.mkdir(parents=True)
    (other / "app" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    shutil.copytree(dial, vendor / "dial")
    server.answer("GET", "/api/v1/billing", 200, {"balanceCents": 1250})
    script = textwrap.dedent(f"""\
        import sys
        sys.modules["generator"] = None  # importing it now raises ImportError
        from app._vendor.dial import Client
        with Client(api_key="k", base_url={server.url!r}) as client:
            billing = client.billing.get()
        print(type(billing).__module__, billing.balance_cents)
        print(sorted(m for m in sys.modules if m == "dial" or m.startswith("dial.")))
        """)
    call = subprocess.run(
        [sys.executable, "-c", script], cwd=other, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}
    )
    assert call.returncode == 0, call.stderr
    assert call.stdout.splitlines() == ["app._vendor.dial._models.billing 1250", "[]"]
    assert server.requests[0].path == "/api/v1/billing"


def test_non_empty_folder_without_manifest_is_refused(tmp_path: Path) -> None:
    """A package folder holding someone's files and no manifest: one line, exit 2, nothing written."""
    package = tmp_path / "out" / "dial"
    package.mkdir(parents=True)
    (package / "models.py").write_text("# my own models\n")
    (package / "notes.txt").write_text("mine\n")
    before = _snapshot(tmp_path / "out")
    _assert_refused(_generate(tmp_path / "out"), "2 file(s) the generator did not make", "models.py")
    assert _snapshot(tmp_path / "out") == before


def test_unlisted_file_in_generated_folder_is_refused(dial: Path) -> None:
    """A file added to a generated package (not in its manifest) blocks the next generate."""
    (dial / "api" / "custom.py").write_text("# mine\n")
    (dial / "models.py").write_text("# edited, still listed in the manifest\n")
    before = _snapshot(dial)
    _assert_refused(_generate(dial.parent), "api/custom.py")
    assert _snapshot(dial) == before


def test_force_writes_and_keeps_foreign_files(tmp_path: Path) -> None:
    """--force generates into the folder; a foreign file at a path the package needs is replaced,
    others stay."""
    package = tmp_path / "out" / "dial"
    package.mkdir(parents=True)
    (package / "models.py").write_text("# my own models\n")
    (package / "notes.txt").write_text("mine\n")
    run = _generate(tmp_path / "out", "--force")
    assert run.returncode == 0, run.stderr
    assert (package / "notes.txt").read_text() == "mine\n"
    assert '"Billing": "billing"' in (package / "models.py").read_text()  # the index, not mine
    assert "models.py" in json.loads((package / "_manifest.json").read_text())["files"]


def test_pycache_from_importing_is_not_foreign(dial: Path) -> None:
    """Importing the package makes __pycache__ folders; regenerating still works without --force."""
    imported = subprocess.run(
        [sys.executable, "-c", "import dial, dial.api.billing"], cwd=dial.parent, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin"},  # without PYTHONDONTWRITEBYTECODE, should the caller set it
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert (dial / "__pycache__").is_dir() and (dial / "api" / "__pycache__").is_dir()
    run = _generate(dial.parent)
    assert run.returncode == 0, run.stderr


def test_unreadable_manifest_counts_as_none(dial: Path) -> None:
    """A manifest that is not JSON vouches for nothing: the folder's files are foreign."""
    (dial / "_manifest.json").write_text("{not json")
    before = _snapshot(dial)
    _assert_refused(_generate(dial.parent), "did not make")
    assert _snapshot(dial) == before


@pytest.mark.parametrize("outside", ["../../victim.txt", "{victim}"], ids=["dot-dot", "absolute"])
def test_manifest_entry_outside_the_package_is_never_deleted(dial: Path, outside: str) -> None:
    """A hand-edited manifest listing a file outside the package: generate leaves that file alone."""
    victim = dial.parent.parent / "victim.txt"
    victim.write_text("keep me")
    manifest = json.loads((dial / "_manifest.json").read_text())
    manifest["files"][outside.format(victim=victim)] = "0" * 64
    (dial / "_manifest.json").write_text(json.dumps(manifest))
    run = _generate(dial.parent)
    assert run.returncode == 0, run.stderr
    assert victim.read_text() == "keep me"
