"""Rendered modules remembered between runs, so that a regeneration renders only what changed.

After a one-schema edit of a big spec, most of render's time went into modules whose text
could not have changed (the OpenAI client: 2,141 modules under `_models/`, 40 under `api/`),
each built into a view, put through its template and formatted. So render gives each such
module a key: a digest of exactly what its rendering reads (`models_view.ModulePlan.inputs`;
for an endpoint module its group and the definitions its annotations looked up, see
`render.cached`), salted with this generator's code, its templates, Jinja's version and black's
version and mode. When a module's key is the one recorded for its path by the last run, and the package
folder still holds the text that run wrote (its sha256, recorded too), that text is the
module: nothing is rendered or formatted. Anything else (a new key, a file edited by hand or
gone, a damaged record) renders the module as a cold run does.

Names are part of the IR the keys digest, so a name the lock (`name_lock`) decided is in the
key of every module that prints it. The record is one file per package folder under
`<cache_dir>/render/`: marshal data (no code) after a format line and a checksum; an
unreadable, damaged or foreign file counts as empty and is rewritten. `--no-cache` reads
none of it but writes it, so the run after it is incremental. Deleting it is always safe.

The record also keeps pieces of text by key (`part`, `keep_part`): the entries of
`_index.json`'s surface, each under a key of the digest of its definition and the sides using
it (`render.cached`), so that file is not rebuilt value by value either.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from generator.cache_file import read_entries, write_entries
from generator.format_cache import prepare_cache_dir

_FORMAT = b"docs-openapi-generator render cache 1\n"
_PARTS = "\0parts"  # the entry of the pieces of text (`part`): never a path
Extra = Any  # marshal-able data recorded beside a module (an endpoint module: what it read)


def key_of(salt: bytes, inputs: object) -> bytes:
    """The digest of `inputs` (IR dataclasses, strings, tuples): equal digests, equal inputs.

    Plain data (strings, bytes, numbers, tuples of them: a key made of other keys) is written
    by `marshal` format 2, which has no references between objects nor marks of interned
    strings; anything else is pickled without its memo (`fast`): an object met twice is
    written twice. Either way the bytes depend on the values only, never on which equal
    strings or nodes happen to be one object (a cold parse and cached pieces share them
    differently). A leading byte tells the two writings apart."""
    try:
        data = b"m" + marshal.dumps(cast(Any, inputs), 2)
    except ValueError:  # not plain data (an IR node)
        out = io.BytesIO(b"p")
        out.seek(1)
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo; the IR has no cycles (a cycle raises ValueError)
        pickler.dump(inputs)
        data = out.getvalue()
    return hashlib.blake2b(salt + data, digest_size=20).digest()


class RenderCache:
    """The modules the last run rendered into one package folder (see the module docstring)."""

    def __init__(self, cache_dir: Path, package_dir: Path, salt: str, read: bool = True) -> None:
        self.cache_dir = cache_dir
        self.package_dir = package_dir
        self.salt = salt.encode()
        where = hashlib.sha256(str(package_dir.resolve()).encode()).hexdigest()[:32]
        self.path = cache_dir / "render" / f"{where}.bin"
        self.entries: dict[str, tuple[bytes, str, Extra]] = read_entries(self.path, _FORMAT, self.salt) if read else {}
        parts = self.entries.pop(_PARTS, None)
        self.parts: dict[bytes, str] = parts[2] if isinstance(parts, tuple) and len(parts) == 3 and isinstance(parts[2], dict) else {}
        self.kept: dict[str, tuple[bytes, str, Extra]] = {}
        self.kept_parts: dict[bytes, str] = {}
        self.taken: set[str] = set()  # paths taken from the package folder, as it holds them
        self._root = str(package_dir)
        self.read = read

    def bytecode_place(self) -> tuple[Path, bytes, bool]:
        """Where and how the templates' compiled code is kept (`render.environment`): this
        cache folder, under this record's salt, read unless this record is not."""
        return self.cache_dir, self.salt, self.read

    def key(self, inputs: object) -> bytes:
        return key_of(self.salt, inputs)

    def take(self, path: str, key: bytes, accept: Callable[[Extra], bool] | None = None) -> tuple[str, Extra] | None:
        """The module at `path` (relative to the package folder) and what was recorded beside
        it, if the last run rendered it from inputs of this key, `accept` (if any) accepts what
        was recorded beside it, and the folder still holds it."""
        entry = self.entries.get(path)
        if not isinstance(entry, tuple) or len(entry) != 3 or entry[0] != key:
            return None
        if accept is not None and not accept(entry[2]):
            return None
        try:
            with open(os.path.join(self._root, path), "rb") as handle:  # not pathlib: thousands of modules
                data = handle.read()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry[1]:
            return None  # edited by hand, or another run's
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        self.kept[path] = entry
        self.taken.add(path)
        return text, entry[2]

    def part(self, key: bytes) -> str | None:
        """A piece of text the last run recorded under this key (`keep_part`), kept for the next."""
        text = self.parts.get(key)
        if not isinstance(text, str):
            return None
        self.kept_parts[key] = text
        return text

    def keep_part(self, key: bytes, text: str) -> None:
        """Record a piece of a file made from inputs of this key (a part of `_index.json`)."""
        self.kept_parts[key] = text

    def keep(self, path: str, key: bytes, text: str, extra: Extra = None) -> None:
        """Record that `text` is what inputs of this key render at `path`."""
        self.kept[path] = (key, hashlib.sha256(text.encode()).hexdigest(), extra)

    def save(self) -> None:
        """Write the modules this run rendered or took (best effort: a cache only saves time);
        nothing when that is what the file holds already."""
        if self.kept == self.entries and self.kept_parts == self.parts:
            return
        prepare_cache_dir(self.cache_dir)
        write_entries(self.path, _FORMAT, self.salt, {**self.kept, _PARTS: (b"", "", self.kept_parts)})
