"""`check`: exit 0 when the package folder is exactly what the spec gives, 1 otherwise. Never writes.

Prints which files differ (a short unified diff each), which are stale and which are missing;
the rules are in `generator.check`. `generate --check` runs this same command.
"""

from __future__ import annotations

import argparse
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
    for warning in ctx.diagnostics.warnings:
        print(warning.one_line(), file=sys.stderr)
    for line in report_lines(result):
        print(line)
    return 0 if result.up_to_date else 1
