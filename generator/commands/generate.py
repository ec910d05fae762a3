"""`generate`: build the client package from the spec and write what changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.commands.common import add_target_arguments, options_from
from generator.context import Context
from generator.pipeline import generate


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("generate", help="generate the client package")
    add_target_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    ctx = Context(options_from(args))
    changed = generate(ctx)
    for warning in ctx.diagnostics.warnings:
        print(warning.one_line(), file=sys.stderr)
    where = Path(ctx.options.out) / ctx.options.package
    print(f"{where}: {len(changed)} file(s) changed" if changed else f"{where}: up to date")
    return 0
