"""A cache file of marshal data (no code): one format line, the payload's sha256, the payload.

The payload is `(salt, entries)`: the salt says what made the entries (a generator version,
the code that computed them), the entries are a dict. `read_entries` gives them only when
the file is whole and of this format and salt, else an empty dict (a missing, truncated,
damaged or foreign file is a miss, never an error); `write_entries` replaces the file
atomically, best effort (a cache only saves time: a read-only or full disk is ignored).
Used by the parse cache (`parse_cache`) and the render record (`render_cache`); `replace_file`
is how every cache file is written.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any


def read_entries(path: Path, head: bytes, salt: bytes) -> dict[Any, Any]:
    """The entries of the file at `path` if it is whole, of format `head` and of `salt`."""
    try:
        raw = path.read_bytes()
        digest, payload = raw[len(head) : len(head) + 32], raw[len(head) + 32 :]
        if raw[: len(head)] != head or hashlib.sha256(payload).digest() != digest:
            return {}
        found, entries = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return entries if found == salt and isinstance(entries, dict) else {}


def write_entries(path: Path, head: bytes, salt: bytes, entries: dict[Any, Any]) -> None:
    """Write `entries` (marshal-able) under `salt` to `path`, atomically (best effort)."""
    payload = marshal.dumps((salt, entries))
    replace_file(path, head + hashlib.sha256(payload).digest() + payload)


def replace_file(path: Path, data: bytes) -> None:
    """Put `data` at `path` at once: written to a temporary file beside it, then moved over
    it (`os.replace`), so a reader finds the old file or the new one, never a part. Best
    effort, as a cache is: a read-only or full disk (`OSError`) leaves things as they were.
    Every cache of the generator writes its files so (entries, formatted blocks, run stamps,
    compiled templates)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
