"""What last produced a package folder, remembered in the cache folder for the no-op fast path.

The manifest names the generator by its version only, but while the generator is being
worked on its code changes without a new version; trusting the manifest alone, `generate`
would then call a package "up to date" that the changed generator would write differently.
So each successful run records, under `<cache_dir>/runs/`, one small file per package folder:
the hash of the generator's own source files and the hash of the manifest it left. The fast
path is taken only when both still match. Deleting the cache folder only costs one full run.
A `--no-cache` run records its stamp too (it only skips the formatting cache and the fast
path), so the run after it can be a no-op.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import generator
from generator.cache_file import replace_file
from generator.format_cache import prepare_cache_dir
from generator.writer import MANIFEST, sha256


def code_hash() -> str:
    """sha256 over the generator's Python sources (templates are in the manifest already)."""
    root = Path(generator.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_path(cache_dir: Path, package_dir: Path) -> Path:
    key = hashlib.sha256(str(package_dir.resolve()).encode()).hexdigest()
    return cache_dir / "runs" / f"{key}.json"


def _expected(package_dir: Path, manifest: str) -> dict[str, str]:
    return {"package_dir": str(package_dir.resolve()), "generator_code": code_hash(), "manifest": sha256(manifest)}


def matches(cache_dir: Path, package_dir: Path) -> bool:
    """Whether this generator code made the folder's present manifest (per the stamp)."""
    try:
        manifest = (package_dir / MANIFEST).read_text(encoding="utf-8")
        stamp = json.loads(_stamp_path(cache_dir, package_dir).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return bool(stamp == _expected(package_dir, manifest))


def record(cache_dir: Path, package_dir: Path, manifest: str) -> None:
    """Remember that this generator code wrote `manifest` into the folder (best effort)."""
    target = _stamp_path(cache_dir, package_dir)
    prepare_cache_dir(cache_dir)
    replace_file(target, json.dumps(_expected(package_dir, manifest)).encode())  # the stamp only saves time
