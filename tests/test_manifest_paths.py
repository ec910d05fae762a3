"""Which manifest paths name files inside the package folder (`writer.inside_checker`): the
folder-by-folder check gives the verdict of resolving each whole path, symlinks included."""

from __future__ import annotations

import os
from pathlib import Path

from generator.writer import files_on_disk, inside_checker, is_dropping


def _resolved_verdict(package: Path, rel: str) -> bool:
    root = package.resolve()
    target = (package / rel).resolve()
    return target != root and target.is_relative_to(root)


def test_each_path_gets_the_verdict_of_resolving_it_whole(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "_models").mkdir(parents=True)
    (package / "_models" / "pet.py").write_text("", encoding="utf-8")
    (package / "models.py").write_text("", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.py").write_text("", encoding="utf-8")
    os.symlink(outside, package / "linked_out")
    os.symlink(outside / "secret.py", package / "file_out.py")
    os.symlink(package / "models.py", package / "file_in.py")
    os.symlink(package / "_models", package / "linked_in")
    plain = [
        "models.py", "_models/pet.py", "_models/missing.py", "new/folder/file.py", "./models.py",
        "_models/./pet.py", ".", "_models/", "linked_out/secret.py", "linked_out", "file_out.py",
        "file_in.py", "linked_in/pet.py", "linked_in",
    ]  # fmt: skip
    check = inside_checker(package)
    assert {rel: check(rel) for rel in plain} == {rel: _resolved_verdict(package, rel) for rel in plain}
    assert check("linked_in/pet.py") and not check("linked_out/secret.py") and not check(".")
    for rel in ("", "/etc/passwd", "../x.py", "a/../../x.py", "C:/x.py", "c:x.py", "\\\\server\\share\\x.py", "a\\..\\..\\x"):
        assert not check(rel), rel


def test_files_on_disk_lists_what_a_recursive_glob_finds(tmp_path: Path) -> None:
    """The scan for files the generator did not make: every file and symlink (a symlinked
    folder counts as one entry and is not entered), no FIFO, editor droppings left out; the
    same set as `rglob` with `is_file() or is_symlink()`."""
    package = tmp_path / "pkg"
    (package / "_models" / "__pycache__").mkdir(parents=True)
    (package / "_models" / "pet.py").write_text("", encoding="utf-8")
    (package / "_models" / "__pycache__" / "pet.cpython-311.pyc").write_bytes(b"")
    (package / ".hidden.py").write_text("", encoding="utf-8")
    (package / "notes.py~").write_text("", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.py").write_text("", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", package / "linked")
    os.symlink(tmp_path / "missing", package / "dangling.py")
    os.mkfifo(package / "pipe")
    globbed = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if (path.is_file() or path.is_symlink()) and not is_dropping(path.relative_to(package).as_posix())
    }
    assert files_on_disk(package) == globbed == {"_models/pet.py", ".hidden.py", "linked", "dangling.py"}
