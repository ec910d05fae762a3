"""How `write_package` puts files on disk: each written in full beside its target and moved
over it, with the mode a new file gets under the umask, no temporary file left behind, and
only the files whose text changed touched."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.writer import write_package


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_written_files_get_the_mode_a_new_file_gets_under_the_umask(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        write_package(tmp_path / "pkg", {"__init__.py": "x = 1\n", "api/users.py": "y = 2\n"})
    finally:
        os.umask(previous)
    for rel in ("__init__.py", "api/users.py"):
        assert stat.S_IMODE((tmp_path / "pkg" / rel).stat().st_mode) == 0o666 & ~umask


def test_no_temporary_file_is_left_and_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    files = {f"m{i}.py": f"value = {i}\n" for i in range(20)}
    assert write_package(package, files) == sorted(files)
    before = {rel: (package / rel).stat().st_ino for rel in files}
    changed = write_package(package, {**files, "m3.py": "value = 'new'\n"}, force=True)  # no manifest here
    assert changed == ["m3.py"]
    assert (package / "m3.py").read_text() == "value = 'new'\n"
    assert all((package / rel).stat().st_ino == before[rel] for rel in files if rel != "m3.py")
    assert sorted(p.name for p in package.iterdir()) == sorted(files)  # no .tmp beside them


def test_a_temporary_name_left_by_a_killed_run_does_not_stop_the_write(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / f".m.py.{os.getpid()}.tmp").write_text("half written")
    write_package(package, {"m.py": "done = True\n"}, force=True)
    assert (package / "m.py").read_text() == "done = True\n"
    assert stat.S_IMODE((package / "m.py").stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
