"""`diff OLD NEW`: the API change report between two specs, for reviews and CI gates.

OLD and NEW are each a page, a spec file or a folder of them (built with the whole pipeline
up to the IR), or a generated package folder (its stored `_index.json` surface). A NEW spec is
built with OLD's names locked, as `generate` over OLD's client would (`name_lock`). Prints one
line per change (`BREAKING` or `ok`) and a summary, or JSON with `--format json`. Exit code
1 when a change breaks the client's users, else 0; bad input is exit 2 (see `generator.cli`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from generator import apidiff
from generator.config import load_config
from generator.context import Context, Options
from generator.diagnostics import GeneratorError, Location
from generator.name_lock import NameLock, lock_of_spec, read_lock
from generator.pipeline import build_spec


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "diff", help="report API changes between two specs (exit 1 when one breaks users)"
    )
    parser.add_argument("old", type=Path, help="the old page, spec file, folder, or generated package")
    parser.add_argument("new", type=Path, help="the new page, spec file, folder, or generated package")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--package", help="package name used to build the specs (default: [tool.generator] package)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config, base = load_config(Path.cwd())
    package = args.package or str(config["package"])
    old, lock = _surface_of(args.old, package, base, NameLock())
    new, _ = _surface_of(args.new, package, base, lock)  # names as `generate` would keep them
    changes = apidiff.compare(old, new)
    if args.format == "json":
        print(apidiff.report_json(changes))
    else:
        print("\n".join(apidiff.report_lines(changes)))
    return 1 if any(c.breaking for c in changes) else 0


def _surface_of(path: Path, package: str, root: Path, lock: NameLock) -> tuple[apidiff.Surface, NameLock]:
    """A generated package's stored surface, else the surface of the spec the path names, with
    the names `lock` holds kept by their owners; and the names it locks in turn."""
    if path.is_dir() and (path / apidiff.INDEX).is_file():
        stored = apidiff.stored_surface(path)
        if stored is None:
            raise GeneratorError(
                Location(str(path / apidiff.INDEX), 0),
                "its stored API surface is not well-formed"
                if _has_surface_key(path / apidiff.INDEX)
                else "this generated package records no API surface",
                "regenerate it with this generator version, or pass its spec instead",
            )
        return stored, read_lock(path)
    ctx = Context(Options(specs=(path,), out=root, package=package, root=root))
    spec = build_spec(ctx, lock=lock)
    for line in ctx.diagnostics.lines():
        print(line, file=sys.stderr)
    return apidiff.surface(spec), lock_of_spec(spec)


def _has_surface_key(index: Path) -> bool:
    """Whether `_index.json` has a `surface` at all (then it is one of the wrong shape)."""
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "surface" in data
