"""Which files a `$ref` may read: regular files under the folder of a spec being read, or
under the project root (the folder of `pyproject.toml`).

A spec comes from a docs site or a colleague; its `$ref`s must not reach the rest of the
machine. So a file `$ref` that is absolute (`/etc/passwd`), `file:` or leads outside those
folders (`../../secret.yaml`, or a symlink pointing out) is refused with one error line at
the `$ref`, wherever it is written (also in a schema, where a *missing* file is only a
warning). What may be read is checked on the real path (symlinks resolved); the file must
then also be a regular file under the size cap (`generator.limits.read_spec_file`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.limits import RefusedFile

HINT = "file $refs must stay under the spec's folder or the project root; copy the file there"


def allowed_folders(input_files: Iterable[str], extra: Iterable[Path] = ()) -> tuple[str, ...]:
    """The real paths of the folders file `$ref`s may read from."""
    folders = {os.path.realpath(Path(f).parent) for f in input_files}
    folders |= {os.path.realpath(folder) for folder in extra}
    return tuple(sorted(folders))


def check_ref_file(written: str, path: Path, folders: tuple[str, ...]) -> None:
    """Raise `RefusedFile` unless the file part of a `$ref` (as `written`, its resolved
    `path`) names a file under one of `folders`."""
    if written.startswith("file:") or PurePosixPath(written).is_absolute() or Path(written).is_absolute():
        raise RefusedFile(f"file $ref {written!r} is an absolute path", HINT)
    real = os.path.realpath(path)
    if not any(real == folder or real.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders):
        raise RefusedFile(f"file $ref {written!r} leads outside the spec's folder and the project root", HINT)
