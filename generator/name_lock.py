"""The name lock: the names the previous output gave, which the next generation keeps.

A generated package's `_index.json` records its public surface (`apidiff.surface`), among it
every operation's client method (`files.list`, by `METHOD /path`). `generate` and `check`
read it from the package folder they write (the committed client, not the cache: a
`--no-cache` run gives the same names); `diff OLD NEW` uses OLD's surface when NEW is a spec.
Normalize lets each name in use keep its owner (`resource_names`), so an added operation
never renames an existing method: the newcomer takes a longer name. A removed operation's
entry is never consulted again, so its name is free for the next operation that wants it.
A missing, unreadable or malformed `_index.json` is no lock: names come from the spec alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INDEX = "_index.json"


@dataclass(frozen=True)
class NameLock:
    """Names in use: `METHOD /path` -> the client method as `resource.method`."""

    methods: dict[str, str] = field(default_factory=dict)

    def method(self, key: str) -> tuple[str, str]:
        """The resource module and method name locked for an operation (`("", "")`: none)."""
        module, _, name = self.methods.get(key, "").rpartition(".")
        return module, name


def lock_of(surface: Any) -> NameLock:
    """The lock a stored surface gives (any malformed part is left out)."""
    operations = surface.get("operations") if isinstance(surface, dict) else None
    methods = {
        key: entry["method"]
        for key, entry in (operations.items() if isinstance(operations, dict) else [])
        if isinstance(key, str) and isinstance(entry, dict) and isinstance(entry.get("method"), str)
    }
    return NameLock(methods)


def read_lock(package_dir: Path) -> NameLock:
    """The lock of the package folder's `_index.json` (empty when there is none to read)."""
    try:
        data = json.loads((package_dir / INDEX).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return NameLock()
    return lock_of(data.get("surface") if isinstance(data, dict) else None)
