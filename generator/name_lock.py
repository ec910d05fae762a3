"""The name lock: the names the previous output gave, which the next generation keeps.

A generated package's `_index.json` records its public surface (`apidiff.surface`), among it
every operation's client method (`files.list`, by `METHOD /path`), the class of each
component schema (`component_schemas`) and of each inline schema named by its place
(`inline_schemas`, by JSON pointer). `generate` and `check` read it from the package folder
they write (the committed client, not the cache: a `--no-cache` run gives the same names);
`diff OLD NEW` uses OLD's when NEW is a spec. Normalize lets each name in use keep its owner
(`resource_names`, `naming.schema_class_names`, `inline_names`), so an added operation never
renames an existing method, nor an added schema an existing class: the newcomer takes a
longer name. A removed operation's or schema's entry is never consulted again, so its name
is free for the next one that wants it. A missing, unreadable or malformed `_index.json` is
no lock: names come from the spec alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import ir
from generator.nodes import unescape_token

INDEX = "_index.json"
_COMPONENTS = "#/components/schemas/"  # `component_schemas` keys: that + the escaped name
INLINE = "inline_schemas"  # the `_index.json` key: `#/json/pointer` -> `package.models.Class`


@dataclass(frozen=True)
class NameLock:
    """Names in use: `METHOD /path` -> the client method as `resource.method`, and an inline
    schema's JSON pointer -> its class name, and a component schema's name -> its class name."""

    methods: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    components: dict[str, str] = field(default_factory=dict)  # component schema name -> class
    known: frozenset[str] = frozenset()  # an older `_index.json` (no places): its surface's class names

    def class_name(self, pointer: str, full: str) -> str | None:
        """The name locked for the inline schema at `pointer`, whose full name is `full`: the
        one recorded for its place, else its full name when the surface had a class so named
        (an `_index.json` from before `inline_schemas` was recorded)."""
        return self.classes.get(pointer) or (full if full in self.known else None)

    def method(self, key: str) -> tuple[str, str]:
        """The resource module and method name locked for an operation (`("", "")`: none)."""
        module, _, name = self.methods.get(key, "").rpartition(".")
        return module, name


def lock_of_index(data: Any) -> NameLock:
    """The lock the data of an `_index.json` gives (any malformed part is left out)."""
    data = data if isinstance(data, dict) else {}
    surface = data.get("surface")
    operations = surface.get("operations") if isinstance(surface, dict) else None
    methods = {
        key: entry["method"]
        for key, entry in (operations.items() if isinstance(operations, dict) else [])
        if isinstance(key, str) and isinstance(entry, dict) and isinstance(entry.get("method"), str)
    }
    inline = data.get(INLINE)
    classes = {
        pointer.removeprefix("#"): dotted.rpartition(".")[2]
        for pointer, dotted in (inline.items() if isinstance(inline, dict) else [])
        if isinstance(pointer, str) and isinstance(dotted, str)
    }
    recorded = data.get("component_schemas")
    components = {
        unescape_token(pointer.removeprefix(_COMPONENTS)): dotted.rpartition(".")[2]
        for pointer, dotted in (recorded.items() if isinstance(recorded, dict) else [])
        if isinstance(pointer, str) and pointer.startswith(_COMPONENTS) and isinstance(dotted, str)
    }
    known = frozenset(  # only without recorded places: an older generator's `_index.json`
        name
        for section in ("models", "enums", "aliases")
        for name in (surface.get(section) or {} if isinstance(surface, dict) and INLINE not in data else {})
        if isinstance(name, str)
    )
    return NameLock(methods, classes, components, known)


def lock_of_spec(spec: ir.ApiSpec) -> NameLock:
    """The lock a client generated from `spec` would store."""
    methods = {
        f"{op.method.upper()} {op.path}": f"{group.module}.{op.method_name or op.function}"
        for group in spec.groups
        for op in group.operations
    }
    return NameLock(methods, dict(spec.inline_places), dict(spec.schema_names))


def read_lock(package_dir: Path) -> NameLock:
    """The lock of the package folder's `_index.json` (empty when there is none to read)."""
    try:
        data = json.loads((package_dir / INDEX).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return NameLock()
    return lock_of_index(data)
