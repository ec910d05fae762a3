"""The report: one table row per input, then what is missing or failing, cell by cell."""

from __future__ import annotations

from corpus.check import CELLS, Cell
from corpus.inputs import CorpusInput

_HEADERS = {
    "generate": "generate", "operations": "operations", "schemas": "schemas",
    "examples": "examples", "instances": "instances", "oracle": "oracle", "names": "names",
    "import": "import", "mypy": "mypy", "black": "black",
}  # fmt: skip


def render_report(results: list[tuple[CorpusInput, list[Cell], float]], details: int) -> tuple[str, bool]:
    """The table and the failure notes; and whether every row is full."""
    rows = [["input", *(_HEADERS[c] for c in CELLS), "s"]]
    notes: list[str] = []
    full = True
    for item, cells, seconds in results:
        by_name = {c.name: c for c in cells}
        row_full = all(c.ok for c in cells)
        full = full and row_full
        rows.append([("  " if row_full else "! ") + item.name, *(by_name[c].text if c in by_name else "-" for c in CELLS), f"{seconds:.0f}"])
        for cell in cells:
            if cell.details and (not cell.ok or any(d.startswith(("skipped", "contradicts")) for d in cell.details)):
                shown = cell.details[:details]
                more = len(cell.details) - len(shown)
                notes.append(f"{item.name} [{cell.name}]" + ("" if cell.ok else " FAILED"))
                notes += [f"    {line}" for line in shown] + ([f"    ... and {more} more"] if more > 0 else [])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    verdict = "every row is full" if full else f"{sum(1 for l in lines[2:] if l.startswith('!'))} row(s) not full (marked !)"
    return "\n".join([*lines, "", verdict, *(["", "Details:", *notes] if notes else [])]), full
