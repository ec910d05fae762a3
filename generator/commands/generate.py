"""`generate`: build the client package from the spec and write what changed.

`--force` writes into a package folder holding files the generator did not make;
`--fail-on-change` exits 1 when a file changed (the pre-commit hook's convention);
`--check` writes nothing and behaves exactly like the `check` command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.apidiff import INDEX, report_since, surface_from_text
from generator.commands import check as check_command
from generator.commands.common import add_target_arguments, options_from
from generator.context import Context
from generator.pipeline import generate


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("generate", help="generate the client package")
    add_target_arguments(parser)
    parser.add_argument(
        "--force", action="store_true", help="write even into a folder holding files the generator did not make"
    )
    parser.add_argument("--fail-on-change", action="store_true", help="exit 1 when a file changed (for hooks)")
    parser.add_argument("--check", action="store_true", help="write nothing; exactly the `check` command")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.check:
        return check_command.run(args)
    ctx = Context(options_from(args))
    where = Path(ctx.options.out) / ctx.options.package
    try:  # the surface before, parsed only if `_index.json` changes (not on a no-op run)
        before = (where / INDEX).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        before = None
    changed = generate(ctx)
    for line in ctx.diagnostics.lines():
        print(line, file=sys.stderr)
    print(f"{where}: {len(changed)} file(s) changed" if changed else f"{where}: up to date")
    if INDEX in changed and before is not None:
        for line in report_since(surface_from_text(before), where):
            print(line)
    return 1 if changed and args.fail_on_change else 0
