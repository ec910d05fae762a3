"""Check mode: is the package folder exactly what the spec gives? Never writes.

The verdict does not depend on the installed black when nothing changed: if the package's
`_manifest.json` records the current generator version, spec hash and templates hash, and
every file it lists is on disk with the listed hash, the package is up to date and nothing is
rendered. Otherwise the package is rendered in memory and compared with the disk: files whose
text differs (with a short unified diff each), files the generator made earlier that the spec
no longer needs (stale), and files it needs that are not there (missing). A file edited by
hand after generation no longer has its manifest hash, so it is always reported as differing.
Files the generator did not make (not in the manifest) are not part of the verdict.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.context import Context
from generator.manifest import is_current
from generator.pipeline import generate_files, read_when_strict, recorded_fingerprint, spec_inputs
from generator.writer import MANIFEST, previous_files, read_manifest

MAX_DIFF_LINES = 40  # per file; the rest is summarised in one line


@dataclass(frozen=True)
class CheckResult:
    """What differs between the package folder and what the spec gives."""

    package_dir: Path
    differing: dict[str, list[str]] = field(default_factory=dict)  # path -> short unified diff
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return not (self.differing or self.stale or self.missing)


def check_package(ctx: Context) -> CheckResult:
    """Compare the package folder named in the options with what the spec gives."""
    package_dir = Path(ctx.options.out) / ctx.options.package
    current = recorded_fingerprint(ctx, package_dir)
    if is_current(package_dir, current):
        read_when_strict(ctx, spec_inputs(ctx))
        return CheckResult(package_dir)  # decided from hashes alone: nothing formatted
    manifest = read_manifest(package_dir)
    if manifest is not None and _manifest_is_trusted(manifest, package_dir, current):
        listed: dict[str, Any] = manifest["files"]
        missing = [p for p in sorted(listed) if not (package_dir / p).is_file()]
        edited = [p for p in sorted(listed) if p not in missing and _disk_hash(package_dir / p) != listed[p]]
        return CheckResult(package_dir, _explain(package_dir, edited, generate_files(ctx)), [], missing)
    return _compare(package_dir, generate_files(ctx))


def _manifest_is_trusted(manifest: dict[str, Any], package_dir: Path, current: dict[str, Any]) -> bool:
    """The manifest was written by this generator, from this spec and these templates, untouched.

    Then it says exactly which bytes each file should have, whatever black is installed, and
    only the files whose hash differs from it (or that are missing) are wrong.
    """
    if any(manifest.get(key) != value for key, value in current.items()):
        return False
    if not all(isinstance(h, str) for h in manifest["files"].values()):
        return False
    canonical = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    return _read_bytes(package_dir / MANIFEST) == canonical.encode("utf-8")


def _explain(package_dir: Path, edited: list[str], files: dict[str, str]) -> dict[str, list[str]]:
    """Diffs for files whose hash is not the one the manifest records.

    A file that is nevertheless exactly what the spec gives means the manifest's record of it
    is what was edited, so the manifest is reported instead.
    """
    differing: dict[str, list[str]] = {}
    for rel in edited:
        expected = files.get(rel, "")
        if _read_bytes(package_dir / rel) == expected.encode("utf-8"):
            differing[MANIFEST] = _diff(package_dir, MANIFEST, files[MANIFEST])
        else:
            differing[rel] = _diff(package_dir, rel, expected)
    return dict(sorted(differing.items()))


def _compare(package_dir: Path, files: dict[str, str]) -> CheckResult:
    """Every rendered file against the disk, plus stale files from the old manifest."""
    differing: dict[str, list[str]] = {}
    missing: list[str] = []
    for rel in sorted(files):
        on_disk = _read_bytes(package_dir / rel)
        if on_disk is None:
            missing.append(rel)
        elif on_disk != files[rel].encode("utf-8"):
            differing[rel] = _diff(package_dir, rel, files[rel])
    stale = sorted(p for p in previous_files(package_dir) - set(files) if (package_dir / p).is_file())
    return CheckResult(package_dir, differing, stale, missing)


def _diff(package_dir: Path, rel: str, expected: str) -> list[str]:
    """A short unified diff from the file on disk to what the spec gives."""
    actual = (_read_bytes(package_dir / rel) or b"").decode("utf-8", errors="replace")
    shown = f"{package_dir.as_posix()}/{rel}"
    lines = [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            actual.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            f"{shown} (on disk)",
            f"{shown} (from the spec)",
            n=2,
        )
    ]
    if not lines:  # same text now, yet not the hash the manifest records
        return ["    (same text, but not the bytes the manifest records: regenerate)"]
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... ({len(lines) - MAX_DIFF_LINES} more diff lines)"]
    return lines


def report_lines(result: CheckResult, fix: str) -> list[str]:
    """What check prints: a verdict line (with `fix`, how to regenerate), then each differing
    file with its diff, the stale ones and the missing ones."""
    where = result.package_dir.as_posix()
    if result.up_to_date:
        return [f"{where}: up to date with the spec"]
    counts = f"{len(result.differing)} differ, {len(result.stale)} stale, {len(result.missing)} missing"
    lines = [f"{where}: not what the spec gives ({counts}; {fix})"]
    for rel, diff in result.differing.items():
        lines.append(f"differs: {where}/{rel}")
        lines += diff
    lines += [f"stale: {where}/{rel} (made by the generator, no longer needed)" for rel in result.stale]
    lines += [f"missing: {where}/{rel}" for rel in result.missing]
    return lines


def _disk_hash(path: Path) -> str | None:
    data = _read_bytes(path)
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
