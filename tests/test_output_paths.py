"""Where the package is written: unique names across modules, file names that fit, package
names Python can import, no writing through symlinks out of the package, failed writes
reported as what they are with nothing left behind, and editor/OS droppings ignored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, generated_package, one_error_line

LONG = "a" * 240
SPEC = f"""\
openapi: 3.0.3
info: {{title: T, version: "1"}}
paths:
  /a:
    get: {{operationId: getA, tags: [item2], responses: {{"200": {{description: ok}}}}}}
  /b:
    get: {{operationId: getB, tags: ["item 2"], responses: {{"200": {{description: ok}}}}}}
  /c:
    get: {{operationId: getC, tags: [{LONG}], responses: {{"200": {{description: ok}}}}}}
  /{"b" * 240}/d:
    get: {{operationId: getD, responses: {{"200": {{description: ok}}}}}}
"""


def _generate(tmp_path: Path, *args: str, spec: str = SPEC) -> subprocess.CompletedProcess[str]:
    (tmp_path / "api.yaml").write_text(spec, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", "api.yaml", "--no-cache", *args],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_tags_item2_and_item_2_get_distinct_resource_classes(tmp_path: Path) -> None:
    """Two modules whose names read the same in PascalCase: both resources reachable, mypy
    --strict clean (checked by `generated_package`), the long tag and path too."""
    with generated_package(tmp_path, SPEC, "tagged") as package:
        client = package.Client(base_url="http://127.0.0.1:9")
        first, second = type(client.item2), type(client.item_2)
        assert first is not second
        assert {first.__name__, second.__name__} == {"Item2Resource", "Item2Resource2"}
        assert callable(client.item2.get_a) and callable(client.item_2.get_b)


def test_very_long_tags_and_path_segments_get_short_stable_file_names(tmp_path: Path) -> None:
    run = _generate(tmp_path, "--out", "out", "--package", "p")
    assert run.returncode == 0, run.stderr
    names = [path.name for path in (tmp_path / "out" / "p" / "api").iterdir()]
    assert all(len(name) <= 100 for name in names), names
    long_modules = sorted(name for name in names if name.startswith(("aaaa", "bbbb")))
    assert len(long_modules) == 2 and all(name[-14:-3].startswith("_") for name in long_modules), long_modules
    again = _generate(tmp_path, "--out", "out2", "--package", "p")
    assert again.returncode == 0
    assert sorted(path.name for path in (tmp_path / "out2" / "p" / "api").iterdir()) == sorted(names)


@pytest.mark.parametrize("name", ["json", "os", "typing", "httpx", "calendar"])
def test_package_names_that_shadow_imported_modules_are_refused(tmp_path: Path, name: str) -> None:
    one_error_line(_generate(tmp_path, "--out", "out", "--package", name), f"package name {name!r} would shadow")
    assert not (tmp_path / "out").exists()


def test_a_package_name_python_would_import_under_another_name_is_refused(tmp_path: Path) -> None:
    """`ﬁle` (with the ligature) is imported as `file`: the folder could never be imported."""
    one_error_line(_generate(tmp_path, "--out", "out", "--package", "\ufb01le"), "not in NFKC form", "'file'")
    assert not (tmp_path / "out").exists()


def test_force_never_writes_through_a_symlink_out_of_the_package(tmp_path: Path) -> None:
    assert _generate(tmp_path, "--out", "out", "--package", "p").returncode == 0
    outside = tmp_path / "outside"
    (tmp_path / "out" / "p" / "api").rename(outside)
    (tmp_path / "out" / "p" / "api").symlink_to(outside, target_is_directory=True)
    before = {path.name: path.read_bytes() for path in outside.iterdir()}
    changed = SPEC.replace("getA", "getAll")
    run = _generate(tmp_path, "--out", "out", "--package", "p", "--force", spec=changed)
    one_error_line(run, "leads out of the package folder", "nothing was written")
    assert {path.name: path.read_bytes() for path in outside.iterdir()} == before


def test_an_unwritable_out_is_reported_as_such_and_leaves_no_folders(tmp_path: Path) -> None:
    """A folder name over the file system's limit fails the write (for root too): the error
    says so, and the folders the run had created above it are removed again."""
    out = Path("made") / "by" / "run" / ("x" * 300)
    one_error_line(_generate(tmp_path, "--out", str(out), "--package", "p"), "cannot write the package: File name too long")
    assert not (tmp_path / "made").exists()


def test_a_read_only_out_is_reported_as_permission_denied(tmp_path: Path) -> None:
    """/sys refuses new folders even to root (sysfs); a 0o555 folder does for anyone else."""
    out = tmp_path / "locked"
    out.mkdir(mode=0o555)
    target = "/sys/generator-test" if os.geteuid() == 0 else str(out)
    line = one_error_line(_generate(tmp_path, "--out", target, "--package", "p"), "cannot write the package")
    assert "Operation not permitted" in line or "Permission denied" in line or "Read-only file system" in line, line


def test_editor_and_os_droppings_do_not_count_as_foreign_files(tmp_path: Path) -> None:
    assert _generate(tmp_path, "--out", "out", "--package", "p").returncode == 0
    package = tmp_path / "out" / "p"
    droppings = [".DS_Store", "Thumbs.db", "api/.item2.py.swp", "models.py~", ".mypy_cache/3.11/x.json",
                 ".pytest_cache/v/cache/nodeids", ".idea/workspace.xml", ".vscode/settings.json", "._models.py"]  # fmt: skip
    for rel in droppings:
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text("dropped", encoding="utf-8")
    run = _generate(tmp_path, "--out", "out", "--package", "p", spec=SPEC.replace("getA", "getAll"))
    assert run.returncode == 0, run.stderr
    assert all((package / rel).read_text(encoding="utf-8") == "dropped" for rel in droppings)
    (package / "notes.txt").write_text("mine", encoding="utf-8")  # a real foreign file still counts
    one_error_line(_generate(tmp_path, "--out", "out", "--package", "p", spec=SPEC), "notes.txt", "did not make")
