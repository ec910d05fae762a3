"""`_manifest.json`: what a generated package was made from, and whether it still is.

The manifest holds the fingerprint of the inputs (generator version, every file read while
building the spec and one hash over them, templates hash: `pipeline.fingerprint`), the sources, and the sha256 of every file of the package.
`manifest_text` writes it (sorted keys, so the same package always gives the same bytes).

`is_current` answers without parsing or rendering anything whether a package folder is what
a fingerprint gives: the manifest records exactly that fingerprint, is byte for byte what
the generator writes, and every file it lists is on disk with the recorded hash. `generate`
uses it for its no-op fast path; `check` can use it the same way.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from generator.writer import MANIFEST, read_manifest, sha256


def manifest_text(fingerprint: dict[str, Any], sources: list[str], files: dict[str, str]) -> str:
    """The manifest of a package made of `files` (path -> text) from `fingerprint`'s inputs."""
    data: dict[str, Any] = {
        **fingerprint,
        "sources": sources,
        "files": {path: sha256(text) for path, text in files.items()},
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def is_current(package_dir: Path, fingerprint: dict[str, Any], manifest: dict[str, Any] | None | Literal[False] = False) -> bool:
    """Whether the folder holds, untouched, the package the fingerprinted inputs give.
    `manifest`: the folder's manifest when the caller has read it already."""
    manifest = read_manifest(package_dir) if manifest is False else manifest
    if manifest is None or any(manifest.get(key) != value for key, value in fingerprint.items()):
        return False
    if _file_hash(package_dir / MANIFEST) != sha256(json.dumps(manifest, indent=2, sort_keys=True) + "\n"):
        return False  # edited by hand, or not written by this generator
    listed: dict[str, Any] = manifest["files"]
    return all(isinstance(digest, str) and _file_hash(package_dir / rel) == digest for rel, digest in listed.items())


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
