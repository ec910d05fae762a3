"""The `spec-sync` pre-commit hook, for real: pre-commit installs this project and runs it.

A copy of the current working tree (uncommitted changes included) becomes a git repository,
and `pre-commit try-repo` runs its hook in another repository that generates a client from a
doc page: after a spec edit the hook regenerates and fails; once the new files are added it
passes and the commit goes through. pre-commit builds the hook's environment with pip from
PyPI, so this test takes a minute or so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT, SEED_PAGE

# What `pip install .` of this project needs; the rest of the tree does not matter to the hook.
HOOK_REPO_PARTS = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "generator", "templates")
OLD_TEXT = "Number of subscribed phone numbers (one unit each)."
NEW_TEXT = "How many phone numbers are subscribed (one unit each)."


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *identity, *args], cwd=cwd, capture_output=True, text=True, check=True)


def _hook_repo(target: Path) -> Path:
    """The current working tree (tracked and new files, as they are now) as a one-commit repo."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    for rel in listed:
        source = ROOT / rel
        if rel and rel.split("/")[0] in HOOK_REPO_PARTS and source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot of the working tree")
    return target


def _consumer_repo(target: Path) -> Path:
    """A repository with a doc page in spec/, its client in client/acme, all committed."""
    (target / "spec").mkdir(parents=True)
    shutil.copy(SEED_PAGE, target / "spec" / "billing.md")
    (target / "pyproject.toml").write_text(
        '[project]\nname = "consumer"\nversion = "1"\n\n'
        '[tool.generator]\nspec = ["spec"]\nout = "client"\npackage = "acme"\n'
    )
    generate = subprocess.run(
        [sys.executable, "-m", "generator", "generate"], cwd=target, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert generate.returncode == 0, generate.stderr
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "client generated from the spec")
    return target


def test_spec_sync_regenerates_and_fails_then_passes(tmp_path: Path) -> None:
    """Spec edited and staged: the hook rewrites the client and fails; staged again: it passes."""
    hook_repo = _hook_repo(tmp_path / "hook-repo")
    consumer = _consumer_repo(tmp_path / "consumer")
    page = consumer / "spec" / "billing.md"
    page.write_text(page.read_text().replace(OLD_TEXT, NEW_TEXT))
    _git(consumer, "add", "spec")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("PYTHONPATH", None)
    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "spec-sync", "--color", "never"]

    first = subprocess.run(try_repo, cwd=consumer, capture_output=True, text=True, env=env)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout, first.stdout
    assert NEW_TEXT in (consumer / "client" / "acme" / "models.py").read_text()

    _git(consumer, "add", "-A")
    second = subprocess.run(try_repo, cwd=consumer, capture_output=True, text=True, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    hook_line = next(line for line in second.stdout.splitlines() if line.startswith("regenerate the API client"))
    assert hook_line.endswith("Passed"), second.stdout
    _git(consumer, "commit", "-q", "-m", "spec and client updated together")
    assert _git(consumer, "status", "--porcelain").stdout == ""


def _hook() -> dict[str, object]:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "spec-sync"
    return dict(hook)


def test_hook_runs_on_spec_files_only() -> None:
    """The hook's `files:` pattern takes pages and spec files under spec/ and pyproject.toml."""
    pattern = re.compile(str(_hook()["files"]))
    taken = ["spec/billing.md", "spec/api/openapi.yaml", "spec/x.json", "pyproject.toml"]
    left = ["src/app.py", "README.md", "client/acme/models.py", "docs/spec/x.md"]
    assert [f for f in taken + left if pattern.search(f)] == taken


def test_hook_entry_fails_when_it_wrote_files(tmp_path: Path) -> None:
    """The hook's own entry exits 1 when it generated files (even new, untracked ones), then 0."""
    hook = _hook()
    assert hook["pass_filenames"] is False
    program, *entry_args = str(hook["entry"]).split()
    assert program == "openapi-docs-generate"
    (tmp_path / "spec").mkdir()
    shutil.copy(SEED_PAGE, tmp_path / "spec" / "billing.md")
    (tmp_path / "pyproject.toml").write_text('[tool.generator]\nout = "client"\npackage = "acme"\n')
    command = [sys.executable, "-m", "generator", *entry_args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert first.returncode == 1, first.stderr
    assert (tmp_path / "client" / "acme" / "_manifest.json").is_file()
    second = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert second.returncode == 0, second.stderr


def test_hook_with_check_arg_writes_nothing(tmp_path: Path) -> None:
    """`args: [--check]` appended to the entry: exit 1 when out of date, and nothing is written."""
    _, *entry_args = str(_hook()["entry"]).split()
    (tmp_path / "spec").mkdir()
    shutil.copy(SEED_PAGE, tmp_path / "spec" / "billing.md")
    (tmp_path / "pyproject.toml").write_text('[tool.generator]\nout = "client"\npackage = "acme"\n')
    command = [sys.executable, "-m", "generator", *entry_args, "--check"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert run.returncode == 1, run.stderr
    assert "missing: client/acme/_manifest.json" in run.stdout.replace(str(tmp_path) + "/", "")
    assert not (tmp_path / "client").exists()
