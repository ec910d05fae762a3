"""Which manifest paths name files inside the package folder (`writer.inside_checker`): the
folder-by-folder check gives the verdict of resolving each whole path, symlinks included."""

from __future__ import annotations

import os
from pathlib import Path

from generator.writer import inside_checker


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
