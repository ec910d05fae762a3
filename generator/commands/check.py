"""`check`: exit 0 when the package folder is exactly what the spec gives, 1 otherwise. Never writes.

Prints which files differ (a short unified diff each), which are stale and which are missing;
the rules are in `generator.check`. `generate --check` runs this same command.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from dataclasses import replace
from typing import Any

from generator.check import check_package, report_lines
from generator.commands.common import add_target_arguments, options_from
from generator.context import Context


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "check", help="exit 1 when the package folder is not what the spec gives (writes nothing)"
    )
    add_target_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    ctx = Context(replace(options_from(args), cache_dir=None))  # check writes nothing, not even a cache
    result = check_package(ctx)
    for line in ctx.diagnostics.lines():
        print(line, file=sys.stderr)
    for line in report_lines(result, fix_hint(args)):
        print(line)
    return 0 if result.up_to_date else 1


def fix_hint(args: argparse.Namespace) -> str:
    """How to regenerate, named as it works where this check runs: under pre-commit (which
    sets PRE_COMMIT=1) the hook, since the generator is installed only in the hook's own
    environment; else the program this check was started as, with the same target arguments."""
    if os.environ.get("PRE_COMMIT") == "1":
        return "run `pre-commit run spec-sync --all-files` with a spec-sync hook that has no `--check` arg"
    target = [str(spec) for spec in args.spec]
    target += [] if args.out is None else ["--out", str(args.out)]
    target += [] if args.package is None else ["--package", args.package]
    return f"run `{args.program} generate{''.join(' ' + shlex.quote(word) for word in target)}`"
