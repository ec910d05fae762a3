"""`pull`: fetch a docs site's API-reference pages (via its llms.txt) into the spec folder."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.config import load_config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.load import display_path

if TYPE_CHECKING:  # the network modules (http, ssl, threads) load only when `pull` runs
    from generator.pull import PullOptions, PullReport


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "pull", help="fetch the pages holding an OpenAPI document from a docs site's llms.txt"
    )
    parser.add_argument("url", nargs="?", help="the docs site, or its llms.txt (default: [tool.generator] docs_url)")
    parser.add_argument(
        "--into", type=Path, metavar="DIR", help="spec folder to update (default: the first [tool.generator] spec)"
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="seconds each request may take in all (default: 30)",
    )
    parser.add_argument(
        "--max-pages", type=_count, default=1000, metavar="N", help="most pages llms.txt may list (default: 1000)"
    )
    parser.add_argument(
        "--max-page-mb", type=_count, default=16, metavar="MB", help="largest llms.txt or page in MB (default: 16)"
    )
    parser.set_defaults(run=run)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def options_from(args: argparse.Namespace) -> PullOptions:
    """The URL and folder from the command line, with `[tool.generator]` filling the gaps."""
    config, base = load_config(Path.cwd())
    url = args.url or config.get("docs_url")
    if not isinstance(url, str) or not url:
        raise GeneratorError(
            None,
            "no docs site given",
            "pass its URL (python -m generator pull https://docs.example.com) or set docs_url in [tool.generator]",
        )
    into = args.into
    if into is None:
        specs = config.get("spec") or []
        if not specs or not isinstance(specs[0], str):
            raise GeneratorError(None, "no spec folder to pull into", "pass --into DIR or set spec in [tool.generator]")
        into = base / specs[0]
    from generator.pull import PullOptions

    return PullOptions(
        docs_url=url,
        into=into,
        timeout=args.timeout,
        max_page_bytes=args.max_page_mb * 1024 * 1024,
        max_pages=args.max_pages,
    )


def run(args: argparse.Namespace) -> int:
    from generator.pull import pull

    options = options_from(args)
    diagnostics = Diagnostics()
    report = pull(options, diagnostics)
    for line in diagnostics.lines():
        print(line, file=sys.stderr)
    print(summary(report, display_path(options.into)))
    return 0


def summary(report: PullReport, folder: str) -> str:
    """The report: added / changed / removed / skipped lines, then one summary line."""
    lines = [f"{kind}: {name}" for kind, names in _changes(report) for name in names]
    lines += [f"skipped: {url} ({why})" for url, why in report.skipped]
    found = f"{len(report.pages)} page(s) with an OpenAPI document from {report.llms_url}"
    if report.other_sites:
        found += f"; {report.other_sites} link(s) to other sites ignored"
    if report.up_to_date:
        lines.append(f"{folder}: up to date ({found})")
    else:
        counts = ", ".join(f"{len(names)} {kind}" for kind, names in _changes(report))
        lines.append(f"{folder}: {counts} ({found})")
    return "\n".join(lines)


def _changes(report: PullReport) -> list[tuple[str, list[str]]]:
    return [("added", report.added), ("changed", report.changed), ("removed", report.removed)]
