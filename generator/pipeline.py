"""The whole pipeline in memory: inputs -> documents -> one document -> IR -> files.

`build_spec` runs load, merge, resolve and normalize; `generate_files` adds render and the
manifest. Nothing here writes to disk; `generate` does, atomically, at the very end.
`generate` first takes the no-op fast path when it can: if the package folder is what the
spec files give (`manifest.is_current`: the inputs and every file the last build read, as
its manifest lists them, hashed) and this generator code made it (`run_stamp`), it returns
without parsing or rendering. Render (jinja2, black) is imported only when needed. Otherwise
render takes the modules whose inputs did not change from the package folder
(`render_cache`); the record of what it rendered is saved after the files are written.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from generator import __version__, ir
from generator.context import Context
from generator.diagnostics import GeneratorError, Location
from generator.load import ParseCaching, client_bytes, collect_inputs, display_path, load_documents
from generator.merge import merge
from generator.name_lock import NameLock, read_lock
from generator.normalize import normalize
from generator.resolve import resolve
from generator import run_stamp
from generator.format_cache import BlockFormatter, cache_salt
from generator.render_cache import RenderCache
from generator.manifest import is_current, manifest_text
from generator.writer import MANIFEST, read_manifest, refuse_foreign_files, refuse_non_folder, write_package


def spec_inputs(ctx: Context) -> list[Path]:
    """The page and spec files the options name (folders expanded)."""
    inputs = collect_inputs(list(ctx.options.specs))
    if not inputs:
        shown = ", ".join(str(p) for p in ctx.options.specs)
        raise GeneratorError(Location(shown, 0), "no spec files found", "add .md, .yaml or .json files")
    return inputs


def build_spec(ctx: Context, inputs: list[Path] | None = None, lock: NameLock | None = None) -> ir.ApiSpec:
    """Load, merge, resolve and normalize the inputs named in the options; `lock`: the names
    the previous output gave, kept by their owners (`name_lock`; none: from the spec alone)."""
    inputs = inputs if inputs is not None else spec_inputs(ctx)
    cache_dir = ctx.options.cache_dir
    caching = None if cache_dir is None else ParseCaching(cache_dir, read=not ctx.options.no_cache)
    documents = [document for path in inputs for document in load_documents(path, ctx.options.limits, caching)]
    for warning in (w for document in documents for w in document.warnings):
        ctx.diagnostics.warn(warning.location, warning.message)
    root = merge(documents, ctx.options.allow_multiple_apis)
    names = [display_path(path) for path in inputs]
    resolution = resolve(root, names, [ctx.options.root], ctx.options.limits)
    spec = normalize(resolution, ctx, [provenance(path, ctx.options.root) for path in inputs], lock)
    spec.files_read = [*names, *resolution.files_read]  # what the fingerprint must cover
    return spec


def provenance(path: Path, root: Path) -> str:
    """How generated files name a source: relative to the project root, else its file name."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _templates_hash() -> str:
    digest = hashlib.sha256()
    root = resources.files("generator.templates")
    for name in sorted(_template_names(root)):
        digest.update(name.encode())
        digest.update(root.joinpath(name).read_bytes())
    return digest.hexdigest()


def _template_names(root: object, prefix: str = "") -> list[str]:
    names: list[str] = []
    for entry in root.iterdir():  # type: ignore[attr-defined]
        if entry.is_dir() and entry.name != "__pycache__":
            names += _template_names(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".j2") or (prefix == "runtime/" and entry.name.endswith(".py")):
            names.append(prefix + entry.name)
    return names


def fingerprint(ctx: Context, files: Iterable[Path]) -> dict[str, Any]:
    """What the manifest says the package was made from: the generator version, the templates
    hash, and every file read while building the spec (`spec_files`: the inputs and every file
    a `$ref` reached, by path relative to the project root) with one hash over what of them can
    change the client (`load.client_bytes`: a page's prose does not count, so a wording change
    on a docs page leaves the manifest as it was).

    Each file is read once per run (`Context.spec_bytes`): the manifest hashes the inputs as
    they were before parsing (as the up-to-date check read them, or `generate_files` first). An
    input edited during the run then leaves a hash the next run does not match, so that run
    generates again; hashing it after parsing would record the edit over a client made from
    the text before it. (A file reached by `$ref` is first read while parsing.)"""
    named = read_spec_bytes(ctx, files)
    spec_hash = hashlib.sha256()
    for name in sorted(named):
        spec_hash.update(name.encode())
        spec_hash.update(named[name])
    return {
        "generator": f"docs-openapi-generator {__version__}",
        "spec_files": sorted(named),
        "spec_sha256": spec_hash.hexdigest(),
        "templates_sha256": _templates_hash(),
        "env_prefix": ctx.options.env_prefix,  # configured ("" = from the title, part of the spec)
        "docs_url": ctx.options.docs_url,  # relative links in descriptions are joined to it
    }


def read_spec_bytes(ctx: Context, files: Iterable[Path]) -> dict[str, bytes]:
    """What of each file can change the client (`_file_bytes`), by its manifest name; a file
    is read once per run, and later calls give what that read found (`Context.spec_bytes`)."""
    read = ctx.spec_bytes
    named: dict[str, bytes] = {}
    for path in files:
        name = spec_file_name(path, ctx.options.root)
        if name not in read:
            read[name] = _file_bytes(path, ctx.options.limits.max_file_bytes)
        named[name] = read[name]
    return named


def recorded_fingerprint(ctx: Context, package_dir: Path, manifest: dict[str, Any] | None | Literal[False] = False) -> dict[str, Any]:
    """The fingerprint of the present inputs plus the files the package's manifest says the
    last build read: what the fast path and `check` compare, without parsing anything. A
    changed `$ref` target changes the hash; a changed input may reach other files, but it
    changes the hash itself. `manifest`: the folder's manifest when the caller has read it.
    The first step of a run (`check`, the fast path): the spec files are read afresh."""
    ctx.spec_bytes.clear()
    manifest = read_manifest(package_dir) if manifest is False else manifest
    recorded = manifest.get("spec_files") if manifest is not None else None
    names = [n for n in recorded if isinstance(n, str)] if isinstance(recorded, list) else []
    return fingerprint(ctx, [*spec_inputs(ctx), *(ctx.options.root / name for name in names)])


def spec_file_name(path: Path, root: Path) -> str:
    """How the manifest names a spec file: relative to the project root (`..` when outside)."""
    try:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    except ValueError:  # another drive
        return path.resolve().as_posix()


def _file_bytes(path: Path, max_bytes: int) -> bytes:
    """What of a spec file can change the client; a file that is not there (a dangling `$ref`),
    not a regular file, or over the size cap (which generating refuses: it is not read here
    either) gives a marker instead."""
    try:
        info = path.stat()
    except OSError:
        return b"\0missing"
    if not stat.S_ISREG(info.st_mode):
        return b"\0missing"
    if info.st_size > max_bytes:
        return f"\0too large: {info.st_size} bytes, modified {info.st_mtime_ns}".encode()
    try:
        return client_bytes(path)
    except OSError:
        return b"\0unreadable"


def generate_files(ctx: Context, cache: RenderCache | None = None) -> dict[str, str]:
    """Every file of the package, manifest included, by path relative to the package.
    `cache`: the modules the last run rendered (`render_cache`); this run's are kept in it."""
    inputs = spec_inputs(ctx)
    package_dir = Path(ctx.options.out) / ctx.options.package
    read_spec_bytes(ctx, inputs)  # for the manifest: the inputs as they are before parsing
    spec = build_spec(ctx, inputs, read_lock(package_dir))  # the names in use keep their owners
    from generator.render import render_package  # imported when needed: not on the fast path

    formatter = BlockFormatter(ctx.options.cache_dir, package_dir, read=not ctx.options.no_cache)  # `--no-cache` still leaves its results
    files = render_package(spec, formatter, cache)
    files[MANIFEST] = manifest_text(fingerprint(ctx, map(Path, spec.files_read)), spec.sources, files)
    return files


def render_cache(ctx: Context, package_dir: Path) -> RenderCache | None:
    """The record of rendered modules for the package folder (none without a cache folder);
    salted with what renders them besides their inputs: this code, the templates, Jinja, black."""
    if ctx.options.cache_dir is None:
        return None
    import jinja2  # render imports it next anyway

    salt = "\0".join([run_stamp.code_hash(), _templates_hash(), str(getattr(jinja2, "__version__", "")), cache_salt()])
    return RenderCache(ctx.options.cache_dir, package_dir, salt, read=not ctx.options.no_cache)


def generate(ctx: Context) -> list[str]:
    """Generate and write the package; returns the changed paths ([] when up to date)."""
    package_dir = Path(ctx.options.out) / ctx.options.package
    ctx.spec_bytes.clear()  # a run starts: the spec files are read afresh (once in the run)
    refuse_non_folder(package_dir)
    manifest = read_manifest(package_dir)  # read once for the checks before rendering
    if not ctx.options.force:
        refuse_foreign_files(package_dir, manifest)  # fail fast, before rendering
    if is_up_to_date(ctx, package_dir, manifest):
        return []
    cache = render_cache(ctx, package_dir)
    files = generate_files(ctx, cache)
    taken = cache.taken if cache is not None else ()
    changed = write_package(package_dir, files, ctx.options.force, taken, manifest)
    try:
        if ctx.options.cache_dir is not None:  # also after `--no-cache`: the next run may be a no-op
            run_stamp.record(ctx.options.cache_dir, package_dir, files[MANIFEST])
        if cache is not None:  # after writing: it points at the files written
            cache.save()
    except Exception as exc:  # a generator bug (the cache writes are best effort): the client is written
        ctx.diagnostics.warn(
            None,
            f"{package_dir} is written and complete, but saving the cache failed ({type(exc).__name__}: {exc}), "
            "so a later run may render more than it needs (this is a generator bug: please report it)",
        )
    return changed


def is_up_to_date(ctx: Context, package_dir: Path, manifest: dict[str, Any] | None) -> bool:
    """The no-op fast path: hashes only, no parsing or rendering. Needs the cache folder."""
    cache_dir = ctx.options.cache_dir
    if cache_dir is None or ctx.options.no_cache or not run_stamp.matches(cache_dir, package_dir):
        return False
    if not is_current(package_dir, recorded_fingerprint(ctx, package_dir, manifest), manifest):
        return False
    read_when_strict(ctx, spec_inputs(ctx))
    return True


def read_when_strict(ctx: Context, inputs: list[Path]) -> None:
    """Under `--strict`, read the spec (no render) even when the hashes say nothing changed:
    a warning must stop the run, and only reading the spec finds one."""
    if ctx.options.strict:
        build_spec(ctx, inputs, read_lock(Path(ctx.options.out) / ctx.options.package))
