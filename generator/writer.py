"""Writing the package atomically, and only what changed.

Nothing is written until every file has been rendered. Then each changed file goes to a
temporary sibling first and is moved into place with `os.replace`, so a file is never
half-written; files this generator made before (listed in `_manifest.json`) that the spec no
longer needs are removed.

A package folder holding files the generator did not make (not listed in its manifest, or
any file when there is no manifest) is refused unless `force` is given, so a user's file is
never overwritten by surprise. What editors, operating systems and tools leave behind does
not count (`__pycache__/`, `.mypy_cache/`, `.pytest_cache/`, `.idea/`, `.vscode/`,
`.DS_Store`, `Thumbs.db`, `*.swp`, `*~`, ...: see `IGNORED_FOLDERS` and `is_dropping`). With
`force`, such files are left alone unless one sits at a path the package needs, and nothing
is written through a symlink leading out of the package folder (refused, one line).

A failed write (permission denied, a read-only file system, a full disk) is one error line
saying so; the temporary files and any folders the run created are removed, so "nothing was
written" holds.

The manifest is only trusted for paths inside the package folder: a listed path that is
absolute, has a `..` segment, or resolves (through symlinks) outside the folder is dropped
when the manifest is read, so it is never read, compared or removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, Literal

from generator.diagnostics import GeneratorError

MANIFEST = "_manifest.json"
# Folders and files that editors, operating systems and tools drop into any folder.
IGNORED_FOLDERS = frozenset(
    {
        "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".idea",
        ".vscode", ".fleet", ".tox", ".nox", ".ipynb_checkpoints", ".Spotlight-V100", ".Trashes",
        ".fseventsd",
    }
)  # fmt: skip
IGNORED_FILES = frozenset({".DS_Store", "Thumbs.db", "ehthumbs.db", "desktop.ini", "Desktop.ini", ".directory"})
IGNORED_SUFFIXES = (".swp", ".swo", ".swx", "~", ".pyc", ".pyo", ".orig", ".rej", ".bak")


def is_dropping(rel: str) -> bool:
    """Whether a path (relative to the package folder) is an editor, OS or tool dropping."""
    parts = [part for part in rel.split("/") if part and part != "."]  # PurePosixPath's parts, faster
    name = parts[-1] if parts else ""
    return (
        any(part in IGNORED_FOLDERS for part in parts[:-1])
        or name in IGNORED_FILES
        or name.endswith(IGNORED_SUFFIXES)
        or name.startswith((".#", "._"))  # emacs lock files, macOS resource forks
    )


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_manifest(package_dir: Path) -> dict[str, Any] | None:
    """The folder's manifest as data, or None when it is missing or not a manifest."""
    try:
        data = json.loads((package_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return None
    check = inside_checker(package_dir)
    data["files"] = {rel: digest for rel, digest in data["files"].items() if check(rel)}
    return data


def inside(package_dir: Path, rel: str) -> bool:
    """Whether a manifest path names a file inside the package folder (see the docstring)."""
    return inside_checker(package_dir)(rel)


def inside_checker(package_dir: Path) -> Callable[[str], bool]:
    """`inside` for many paths of one folder: each folder on the way is resolved once (a
    manifest lists thousands of files in a few folders), and only a file that is itself a
    symlink is resolved again; the verdict is that of resolving the whole path."""
    try:
        root = os.path.realpath(package_dir)
    except (OSError, ValueError):
        return lambda rel: False
    prefix = root.rstrip(os.sep) + os.sep
    folders: dict[str, str] = {}

    def check(rel: str) -> bool:
        if not _plain_relative(rel):
            return False
        parent, _, name = rel.replace("\\", "/").rpartition("/") if os.sep == "\\" else rel.rpartition("/")
        try:
            folder = folders.get(parent)
            if folder is None:
                folder = folders[parent] = os.path.realpath(os.path.join(package_dir, parent)) if parent else root
            target = os.path.normpath(os.path.join(folder, name)) if name else folder
            if os.path.islink(target):
                target = os.path.realpath(target)
        except (OSError, ValueError):
            return False
        return target != root and target.startswith(prefix)

    return check


def _plain_relative(rel: str) -> bool:
    """Not empty, not absolute (POSIX or Windows: no root, no drive), no `..` segment."""
    if not rel or rel[0] in "/\\" or rel[1:2] == ":":
        return False
    return ".." not in rel.replace("\\", "/").split("/")


def previous_files(package_dir: Path, manifest: dict[str, Any] | None | Literal[False] = False) -> set[str]:
    """Files the generator made in this folder last time, from its manifest (`manifest`: as
    the caller has read it already)."""
    data = read_manifest(package_dir) if manifest is False else manifest
    return set() if data is None else {str(path) for path in data["files"]}


def files_on_disk(package_dir: Path) -> set[str]:
    """Every file under the folder (posix paths relative to it), droppings left out. A symlink
    counts as a file (also one to a folder, which is not followed); FIFOs and the like do not."""
    if not package_dir.is_dir():
        return set()
    found: set[str] = set()

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_symlink() or entry.is_file(follow_symlinks=False):
                if not is_dropping(rel):
                    found.add(rel)
            elif entry.is_dir(follow_symlinks=False):
                walk(entry.path, rel + "/")

    walk(str(package_dir), "")
    return found


def foreign_files(package_dir: Path, manifest: dict[str, Any] | None | Literal[False] = False) -> list[str]:
    """Files in the folder the generator did not make: not in its manifest (or no manifest).
    `manifest`: the folder's manifest when the caller has read it already."""
    data = read_manifest(package_dir) if manifest is False else manifest
    made = set() if data is None else {str(path) for path in data["files"]} | {MANIFEST}
    return sorted(files_on_disk(package_dir) - made)


def refuse_foreign_files(package_dir: Path, manifest: dict[str, Any] | None | Literal[False] = False) -> None:
    """Stop, before anything is written, if the folder holds files the generator did not make."""
    foreign = foreign_files(package_dir, manifest)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise GeneratorError(
            None,
            f"{package_dir}: holds {len(foreign)} file(s) the generator did not make ({shown})",
            "move them away or choose another --out/--package; --force writes anyway and keeps them",
        )


def refuse_non_folder(package_dir: Path) -> None:
    """Stop, before anything is written, if the folder (or the nearest existing folder above
    it, e.g. `--out`) is a file or anything else that is not a folder."""
    path = package_dir
    while not path.exists() and not path.is_symlink() and path.parent != path:
        path = path.parent
    if (path.exists() or path.is_symlink()) and not path.is_dir():
        raise GeneratorError(
            None,
            f"{path}: is not a folder, so the package cannot be written under it",
            "pass a folder, or a path that does not exist yet, with --out; nothing was written",
        )


def write_package(
    package_dir: Path,
    files: dict[str, str],
    force: bool = False,
    unchanged: Collection[str] = (),
    manifest: dict[str, Any] | None | Literal[False] = False,
) -> list[str]:
    """Write files (path -> text) into the folder; returns the paths that changed.

    Refuses a folder holding files the generator did not make, unless `force` (the folder is
    listed again now: a file put there while rendering counts). `unchanged`: paths whose text
    was just read from the folder itself (`render_cache`): not compared again. `manifest`: the
    folder's manifest when the caller has read it already (the OpenAI client's lists 2,400
    files, each checked to be inside the folder when read).
    """
    refuse_non_folder(package_dir)
    data = read_manifest(package_dir) if manifest is False else manifest
    if not force:
        refuse_foreign_files(package_dir, data)
    old = previous_files(package_dir, data)
    changed = [p for p in sorted(files) if p not in unchanged and _current(package_dir / p) != files[p]]
    refuse_symlinks_out(package_dir, changed)
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    try:
        for rel in changed:
            target = package_dir / rel
            _make_folders(target.parent, created)
            fd, tmp_name = _temporary(target)
            staged.append((Path(tmp_name), target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(files[rel])
    except BaseException as exc:
        for leftover, _ in staged:
            leftover.unlink(missing_ok=True)
        for folder in reversed(created):
            _remove_if_empty(folder)
        if isinstance(exc, OSError):
            raise _write_error(exc, package_dir) from None
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


def refuse_symlinks_out(package_dir: Path, rels: list[str]) -> None:
    """Stop, before anything is written, if a file would be written through a symlinked
    folder that leads out of the package folder (possible with `--force`)."""
    root = package_dir.resolve()
    seen: set[Path] = set()
    for rel in rels:
        folder = (package_dir / rel).parent
        if folder in seen:
            continue  # the package's files share a few folders: each resolved once
        seen.add(folder)
        if not folder.resolve().is_relative_to(root):
            raise GeneratorError(
                None,
                f"{folder}: leads out of the package folder (a symlink), so {rel} cannot be written there",
                "remove the symlink; nothing was written",
            )


def _make_folders(folder: Path, created: list[Path]) -> None:
    """Create a folder and its missing parents, outermost first, adding each to `created`."""
    missing: list[Path] = []
    while not folder.exists() and not folder.is_symlink() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty, or already gone: leave it


def _write_error(exc: OSError, package_dir: Path) -> GeneratorError:
    """A failed write as what it is: permission denied, a read-only file system, no space."""
    where = exc.filename or package_dir
    reason = exc.strerror or type(exc).__name__
    return GeneratorError(
        None,
        f"{where}: cannot write the package: {reason}",
        "check that --out is a folder you may write to, on a writable disk; nothing was written",
    )


def _temporary(target: Path) -> tuple[int, str]:
    """A new file beside `target` to write it in full before it replaces `target`, created
    with the mode a new file gets (0o666 less the umask), as `target` would have it."""
    name = str(target.with_name(f".{target.name}.{os.getpid()}.tmp"))
    try:
        return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
    except FileExistsError:  # left by a run of the same pid that was killed: pick another
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.chmod(name, 0o666 & ~_umask())
        return fd, name


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
