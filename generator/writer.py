"""Writing the package atomically, and only what changed.

Nothing is written until every file has been rendered. Then each changed file goes to a
temporary sibling first and is moved into place with `os.replace`, so a file is never
half-written; files this generator made before (listed in `_manifest.json`) that the spec no
longer needs are removed; files it did not make are never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

MANIFEST = "_manifest.json"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def previous_files(package_dir: Path) -> set[str]:
    """Files the generator made in this folder last time, from its manifest."""
    try:
        data = json.loads((package_dir / MANIFEST).read_text(encoding="utf-8"))
        return set(data.get("files", {}))
    except (OSError, ValueError):
        return set()


def write_package(package_dir: Path, files: dict[str, str]) -> list[str]:
    """Write files (path -> text) into the folder; returns the paths that changed."""
    old = previous_files(package_dir)
    changed = [p for p in sorted(files) if _current(package_dir / p) != files[p]]
    staged: list[tuple[Path, Path]] = []
    try:
        for rel in changed:
            target = package_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(files[rel])
            os.chmod(tmp_name, 0o666 & ~_umask())
            staged.append((Path(tmp_name), target))
    except BaseException:
        for leftover, _ in staged:
            leftover.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    for rel in sorted(old - set(files)):
        stale = package_dir / rel
        if stale.is_file():
            stale.unlink()
            changed.append(rel)
            _remove_empty_parents(stale.parent, package_dir)
    return changed


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
