"""Check mode: exit 0 when the package is what the spec gives, 1 with what differs; never writes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

TWO_TAGS = textwrap.dedent("""\
    openapi: 3.1.0
    info: {title: t, version: '1'}
    servers: [{url: 'https://x.test'}]
    paths:
      /a: {get: {operationId: get-a, tags: [alpha], responses: {'204': {description: ok}}}}
      /b: {get: {operationId: get-b, tags: [beta], responses: {'204': {description: ok}}}}
    """)
BETA_LINE = "  /b: {get: {operationId: get-b, tags: [beta], responses: {'204': {description: ok}}}}\n"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A spec with two tags and the package generated from it: (spec file, output folder)."""
    spec = tmp_path / "svc.yaml"
    spec.write_text(TWO_TAGS, encoding="utf-8")
    out = tmp_path / "out"
    run = _run("generate", str(spec), "--out", str(out), "--package", "svc")
    assert run.returncode == 0, run.stderr
    return spec, out


def _check(spec: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return _run(*extra, str(spec), "--out", str(out), "--package", "svc")


def test_fresh_package_is_up_to_date(project: tuple[Path, Path]) -> None:
    """Right after generate, check exits 0 and says so."""
    run = _check(*project, "check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().endswith("svc: up to date with the spec")


def test_hand_edited_file_is_reported_with_a_diff(project: tuple[Path, Path]) -> None:
    """A line added to a generated file by hand: exit 1, the file named, the line in a diff."""
    spec, out = project
    models = out / "svc" / "models.py"
    models.write_text(models.read_text() + "HAND_EDIT = 1\n")
    run = _check(spec, out, "check")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert f"differs: {models.as_posix()}" in lines
    assert "-HAND_EDIT = 1" in lines and f"--- {models.as_posix()} (on disk)" in lines


def test_deleted_file_is_missing(project: tuple[Path, Path]) -> None:
    """A generated file that was deleted is reported missing."""
    spec, out = project
    (out / "svc" / "api" / "beta.py").unlink()
    run = _check(spec, out, "check")
    assert run.returncode == 1
    assert f"missing: {(out / 'svc' / 'api' / 'beta.py').as_posix()}" in run.stdout.splitlines()


def test_file_the_spec_no_longer_needs_is_stale(project: tuple[Path, Path]) -> None:
    """Removing a tag from the spec makes its module stale (and the index differ)."""
    spec, out = project
    spec.write_text(TWO_TAGS.replace(BETA_LINE, ""), encoding="utf-8")
    run = _check(spec, out, "check")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert any(line.startswith(f"stale: {(out / 'svc' / 'api' / 'beta.py').as_posix()}") for line in lines)
    assert f"differs: {(out / 'svc' / '_index.json').as_posix()}" in lines


def test_file_the_spec_now_needs_is_missing(project: tuple[Path, Path]) -> None:
    """A new tag in the spec: its module is reported missing."""
    spec, out = project
    spec.write_text(TWO_TAGS + BETA_LINE.replace("/b", "/c").replace("get-b", "get-c").replace("beta", "gamma"))
    run = _check(spec, out, "check")
    assert run.returncode == 1
    assert f"missing: {(out / 'svc' / 'api' / 'gamma.py').as_posix()}" in run.stdout.splitlines()


def test_check_never_writes(project: tuple[Path, Path]) -> None:
    """An out-of-date folder (edited file, changed spec) is left byte for byte as it was."""
    spec, out = project
    (out / "svc" / "models.py").write_text("# mine\n")
    spec.write_text(TWO_TAGS.replace(BETA_LINE, ""), encoding="utf-8")
    before = _snapshot(out)
    assert _check(spec, out, "check").returncode == 1
    assert _snapshot(out) == before


def test_check_of_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    """No package yet: exit 1, every file missing, and no folder is created."""
    spec = tmp_path / "svc.yaml"
    spec.write_text(TWO_TAGS, encoding="utf-8")
    run = _check(spec, tmp_path / "out", "check")
    assert run.returncode == 1
    assert f"missing: {(tmp_path / 'out' / 'svc' / '_manifest.json').as_posix()}" in run.stdout.splitlines()
    assert not (tmp_path / "out").exists()


def test_generate_check_is_the_check_command(project: tuple[Path, Path]) -> None:
    """`generate --check` prints and exits exactly like `check`, and writes nothing."""
    spec, out = project
    (out / "svc" / "api" / "alpha.py").write_text("# mine\n")
    before = _snapshot(out)
    check = _check(spec, out, "check")
    generate_check = _check(spec, out, "generate", "--check")
    assert (generate_check.returncode, generate_check.stdout) == (check.returncode, check.stdout)
    assert check.returncode == 1 and _snapshot(out) == before


def test_verdict_trusts_the_manifest_not_the_installed_black(project: tuple[Path, Path]) -> None:
    """A package black formatted differently, whose manifest records those bytes, is up to date.

    This is what a package generated with another black version looks like: the verdict comes
    from the manifest's hashes, without formatting anything again.
    """
    spec, out = project
    package = out / "svc"
    client = package / "_client.py"
    other_black = client.read_text().replace("\n\n\n", "\n\n\n\n")
    assert other_black != client.read_text()
    client.write_text(other_black)
    manifest = json.loads((package / "_manifest.json").read_text())
    manifest["files"]["_client.py"] = hashlib.sha256(other_black.encode()).hexdigest()
    (package / "_manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    run = _check(spec, out, "check")
    assert run.returncode == 0, run.stdout


def test_edited_manifest_is_reported(project: tuple[Path, Path]) -> None:
    """A manifest whose recorded hash was changed by hand no longer matches its file: exit 1."""
    spec, out = project
    manifest_path = out / "svc" / "_manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["models.py"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    run = _check(spec, out, "check")
    assert run.returncode == 1
    assert f"differs: {manifest_path.as_posix()}" in run.stdout.splitlines()


def test_long_diff_is_cut_short(project: tuple[Path, Path]) -> None:
    """A file rewritten entirely gives a bounded diff ending with how many lines were left out."""
    spec, out = project
    models = out / "svc" / "models.py"
    models.write_text("".join(f"line_{i} = {i}\n" for i in range(500)))
    run = _check(spec, out, "check")
    assert run.returncode == 1
    assert len(run.stdout.splitlines()) < 60
    assert run.stdout.rstrip().splitlines()[-1].endswith("more diff lines)")


def test_bad_spec_is_one_line_exit_2(project: tuple[Path, Path]) -> None:
    """A spec that no longer parses: check stops with one error line and exit 2."""
    spec, out = project
    spec.write_text("openapi: 3.1.0\ninfo: {title: x\n", encoding="utf-8")
    run = _check(spec, out, "check")
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert run.stderr.startswith("error: ") and "svc.yaml:" in run.stderr
