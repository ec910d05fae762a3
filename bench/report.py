"""The results table (plain text per spec for the terminal, Markdown for bench/RESULTS.md)
and the machine it ran on."""

from __future__ import annotations

import datetime as _dt
import os
import platform
import subprocess
from dataclasses import dataclass, field
from importlib import metadata

from bench import peers
from bench.rows import Row
from bench.specs import ROOT, Case

COLUMNS = ("ours", "openapi-python-client", "ours / opc", "pydantic v2 (dcg)", "ours / pydantic")


def _cells(row: Row) -> list[str]:
    return [
        f"{row.measure} ({row.unit})",
        row.cell("ours"),
        row.cell("opc"),
        row.ratio_cell("opc"),
        row.cell("pydantic"),
        row.ratio_cell("pydantic"),
    ]


def text_table(case: Case, rows: list[Row]) -> str:
    lines = [["measure", *COLUMNS]] + [_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = [f"\n{case.title}: {case.shown()}"]
    for line in lines:
        out.append(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(line, widths))
            )
        )
    return "\n".join(out)


@dataclass
class Machine:
    started: str
    cpu: str
    cores: int
    python: str
    versions: dict[str, str]
    commit: str
    load: list[str] = field(default_factory=list)

    def finish(self) -> None:
        self.load.append(_load())


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _commit() -> str:
    run = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    return run.stdout.strip() or "unknown"


def machine(with_peers: bool) -> Machine:
    versions = {
        "docs-openapi-generator": metadata.version("docs-openapi-generator"),
        "black": metadata.version("black"),
    }
    if with_peers:
        versions.update(peers.versions())
    return Machine(
        started=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        cpu=_cpu_model(),
        cores=os.cpu_count() or 0,
        python=platform.python_version(),
        versions=versions,
        commit=_commit(),
        load=[_load()],
    )


def markdown(
    cases: list[Case], rows: list[Row], machine: Machine, rounds: tuple[int, int], argv: list[str], pending: list[str]
) -> str:
    """The table; `rounds`: (rounds per figure, rounds of the decode/encode rows)."""
    every, codec = rounds
    out = [
        "# Side-by-side benchmark results",
        "",
        "Written by `make bench` (`python -m bench" + "".join(f" {a}" for a in argv) + "`); how to read it: README.md, "
        "section Benchmarks. Ratios are ours / theirs, the median of the per-round ratios: below 1 we are "
        "faster or smaller, 0.5 is twice as fast.",
        "",
        f"- date: {machine.started}; commit {machine.commit}",
        f"- machine: {machine.cpu}, {machine.cores} cores (shared: load average {' → '.join(machine.load)})",
        f"- Python {machine.python}; " + ", ".join(f"{name} {version}" for name, version in machine.versions.items()),
        f"- {every} interleaved rounds per figure (ours, opc, pydantic, ours, ...), {codec} for decode and encode; "
        "cells are medians",
    ]
    if pending:
        out.append(f"- **the run is not finished**: still to come {', '.join(pending)}")
    for case in cases:
        case_rows = [row for row in rows if row.spec == case.key]
        if not case_rows:
            continue
        out += ["", f"## {case.title}", "", f"`{case.shown()}`", ""]
        out.append("| measure | " + " | ".join(COLUMNS) + " |")
        out.append("|---|" + "---:|" * len(COLUMNS))
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in _cells(row)) + " |" for row in case_rows]
    return "\n".join(out) + "\n"
