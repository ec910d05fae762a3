"""The command line: argument parsing and exit codes only.

`python -m generator generate [SPEC ...] [--out DIR] [--package NAME]`. Defaults come from
`[tool.generator]` in the nearest pyproject.toml. Exit codes: 0 done, 2 bad input (one line
on stderr: file:line, JSON pointer, what is wrong, what to do; no traceback). An internal
error is also one line and exit 2, with nothing written; `--traceback` shows where.
"""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path

from generator import __version__
from generator.config import load_config
from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.naming import identifier
from generator.pipeline import generate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="Generate a typed Python client from OpenAPI pages."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="generate the client package")
    gen.add_argument("spec", nargs="*", type=Path, help="pages, spec files or folders (default: [tool.generator] spec)")
    gen.add_argument("--out", type=Path, help="output folder (default: [tool.generator] out)")
    gen.add_argument("--package", help="package name (default: [tool.generator] package)")
    gen.add_argument("--traceback", action="store_true", help="show the traceback of an internal error")
    return parser


def _options(args: argparse.Namespace) -> Options:
    config, base = load_config(Path.cwd())
    specs = tuple(args.spec) or tuple(base / s for s in config["spec"])
    out = args.out or base / config["out"]
    package = args.package or str(config["package"])
    if not package.isidentifier() or keyword.iskeyword(package):
        raise GeneratorError(None, f"package name {package!r} is not a Python identifier", f"try {identifier(package)!r}")
    return Options(specs=specs, out=out, package=package, root=base)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        ctx = Context(_options(args))
        changed = generate(ctx)
    except GeneratorError as exc:
        print(exc.one_line(), file=sys.stderr)
        return 2
    except Exception as exc:  # a generator bug: still one line, nothing written
        if args.traceback:
            raise
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); nothing was written "
            "(this is a generator bug: rerun with --traceback and report it)",
            file=sys.stderr,
        )
        return 2
    for warning in ctx.diagnostics.warnings:
        print(warning.one_line(), file=sys.stderr)
    where = Path(ctx.options.out) / ctx.options.package
    print(f"{where}: {len(changed)} file(s) changed" if changed else f"{where}: up to date")
    return 0
