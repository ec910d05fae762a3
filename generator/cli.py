"""The command line: wiring subcommands together, and exit codes.

`python -m generator COMMAND ...`; each command lives in `generator/commands/`. Defaults
come from `[tool.generator]` in the nearest pyproject.toml. Exit codes: 0 done, 1 a check
found differences (check, diff; also `generate --fail-on-change` when files changed), 2 bad
input (one line on stderr: file:line, JSON pointer, what is wrong, what to do; no traceback).
An internal error is also one line and exit 2, with nothing written; `--traceback` shows where.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

from generator import __version__
from generator.commands import check as check_command
from generator.commands import diff as diff_command
from generator.commands import generate as generate_command
from generator.commands import pull as pull_command
from generator.diagnostics import GeneratorError

COMMANDS = (generate_command, check_command, diff_command, pull_command)


CONSOLE_SCRIPT = "openapi-docs-generate"  # [project.scripts] in pyproject.toml


def program_name() -> str:
    """How the user started the generator: its console script, else `python -m generator`."""
    return CONSOLE_SCRIPT if Path(sys.argv[0]).name == CONSOLE_SCRIPT else "python -m generator"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name(), description="Generate a typed Python client from OpenAPI pages."
    )
    parser.set_defaults(program=program_name())  # for hints naming a command to run
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--traceback", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(commands)
    return parser


# Collect cyclic garbage less often than Python's default (700, 10, 10): a run builds large
# graphs that live to its end (the parsed spec, the IR: a million objects for OpenAI), which
# every older-generation collection walks again. 0.2 s CPU off a one-schema regeneration of
# OpenAI (a sixth of it), the same peak memory; set for the command's duration only.
GC_THRESHOLDS = (10_000, 50, 50)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    show_traceback = "--traceback" in argv  # accepted before or after the command
    args = _parser().parse_args([a for a in argv if a != "--traceback"])
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        code: int = args.run(args)
        return code
    except GeneratorError as exc:
        print(exc.one_line(), file=sys.stderr)
        return 2
    except Exception as exc:  # a generator bug: still one line, nothing written
        if show_traceback:
            raise
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); nothing was written "
            "(this is a generator bug: rerun with --traceback and report it)",
            file=sys.stderr,
        )
        return 2
    finally:
        gc.set_threshold(*thresholds)


def run() -> NoReturn:
    """`python -m generator` and the console script: `main`, then the process ends at once.

    Python's own exit frees every object still alive, one by one, and collects the cyclic
    garbage the run left (the parsed spec and the IR of a big API: a tenth of a second or more
    after a one-schema regeneration of OpenAI). Nothing needs that: every file is written and
    closed by then, so once stdout and stderr are flushed the process exits without it (as
    mypy does). If flushing fails (a closed pipe), the normal exit reports it as usual; so it
    does under a debugger, profiler or coverage tool (`python -m cProfile -m generator ...`),
    which writes what it found at exit.
    """
    code = main()
    if sys.gettrace() is not None or sys.getprofile() is not None:
        raise SystemExit(code)  # a debugger, profiler or coverage tool writes its results at exit
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None under pythonw
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)
