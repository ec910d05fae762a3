"""The `spec-sync` pre-commit hook, for real: pre-commit installs this project and runs it.

A copy of the current working tree (uncommitted changes included) becomes a git repository
(branch `main`), and another repository that generates a client from a doc page uses its hook
through the README's `.pre-commit-config.yaml` snippet and commands, as written (only the URL
is the local clone's): after a spec edit the commit fails, the hook having regenerated the
client; once the new files are added the commit goes through. pre-commit builds the hook's
environment with pip from PyPI, so this test takes a minute or so.
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
    _git(target, "init", "-q", "-b", "main")  # the branch the README's snippet names
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


def _readme_snippet() -> tuple[str, str]:
    """The README's `.pre-commit-config.yaml` snippet, and the repository URL it names."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit hook `spec-sync`") :]
    snippet = section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", section.index("```yaml"))]
    [url] = re.findall(r"^  - repo: (\S+)", snippet, flags=re.MULTILINE)
    return snippet, url


def test_readme_snippet_pins_a_real_revision_and_syncs_every_commit(tmp_path: Path) -> None:
    """The README's snippet and commands, as written (only the URL is a local clone's): the
    autoupdate pins a commit that exists; then a commit of an edited spec fails, the hook
    having regenerated the client, and once the new files are added the commit goes through."""
    hook_repo = _hook_repo(tmp_path / "hook-repo")
    consumer = _consumer_repo(tmp_path / "consumer")
    snippet, url = _readme_snippet()
    config = consumer / ".pre-commit-config.yaml"
    config.write_text(snippet.replace(url, hook_repo.as_posix()), encoding="utf-8")
    [written] = yaml.safe_load(snippet)["repos"]
    exists = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{written['rev']}^{{commit}}"], cwd=hook_repo)
    assert exists.returncode == 0, f"rev {written['rev']!r} of the README's snippet is not in the repository"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("PYTHONPATH", None)

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", *args, "--color", "never"]
        return subprocess.run(command, cwd=consumer, capture_output=True, text=True, env=env)

    for command in ("pre-commit autoupdate --freeze", "pre-commit install"):
        assert f"{command}" in (ROOT / "README.md").read_text(encoding="utf-8")
        run = pre_commit(*command.split()[1:])
        assert run.returncode == 0, run.stdout + run.stderr
    [pinned] = yaml.safe_load(config.read_text())["repos"]
    assert pinned["rev"] == _git(hook_repo, "rev-parse", "HEAD").stdout.strip()
    _git(consumer, "add", ".pre-commit-config.yaml")

    page = consumer / "spec" / "billing.md"
    page.write_text(page.read_text().replace(OLD_TEXT, NEW_TEXT))
    _git(consumer, "add", "spec")
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    commit = ["git", *identity, "commit", "-m", "spec edited"]
    first = subprocess.run(commit, cwd=consumer, capture_output=True, text=True, env=env)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout + first.stderr, first.stdout + first.stderr
    assert NEW_TEXT in (consumer / "client" / "acme" / "_models" / "billing_subscription.py").read_text()

    _git(consumer, "add", "-A")
    second = subprocess.run(commit, cwd=consumer, capture_output=True, text=True, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    output = (second.stdout + second.stderr).splitlines()
    hook_line = next(line for line in output if line.startswith("regenerate the API client"))
    assert hook_line.endswith("Passed"), output
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
