"""Only what changes the client counts: a prose-only edit to a page leaves the client as it was.

`pull` follows a docs site, whose wording changes often. An edit outside the page's OpenAPI
fence (its prose, its SDK samples, its Request/Response examples) must not rewrite
`_manifest.json`, and the `spec-sync` hook's command (`generate --fail-on-change`) must pass;
an edit inside the fence must still regenerate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED_PAGE

from generator.cli import main

PROSE_EDITS = [
    ("# Get billing status", "# The billing status"),
    ("(PAYG or FIXED), and recent usage.\n", "(PAYG or FIXED), and what was used lately.\n"),
    ('url = "https://getdial.ai/api/v1/billing"', 'url = "https://example.com/api/v1/billing"'),
    ('"balanceCents": 23500', '"balanceCents": 1'),
    ("## Examples", "## Examples of use"),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose client was generated from the seed page (cache and all)."""
    (tmp_path / "spec").mkdir()
    shutil.copy(SEED_PAGE, tmp_path / "spec" / "billing.md")
    (tmp_path / "pyproject.toml").write_text('[tool.generator]\nout = "client"\npackage = "acme"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    return tmp_path


def _edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    page.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
def test_prose_edit_keeps_manifest_and_hook_passes(project: Path, cache: list[str]) -> None:
    manifest = project / "client" / "acme" / "_manifest.json"
    before = manifest.read_bytes()
    page = project / "spec" / "billing.md"
    for old, new in PROSE_EDITS:
        _edit(page, old, new)
    assert main(["generate", "--fail-on-change", *cache]) == 0
    assert main(["check"]) == 0
    assert manifest.read_bytes() == before


def test_edit_inside_the_fence_regenerates(project: Path) -> None:
    manifest = project / "client" / "acme" / "_manifest.json"
    before = manifest.read_bytes()
    _edit(project / "spec" / "billing.md", "description: Billing status.", "description: The billing status.")
    assert main(["check"]) == 1
    assert main(["generate", "--fail-on-change"]) == 1
    assert manifest.read_bytes() != before
