"""One row of the results table: a measure on one spec, with each client's per-round figures.

A cell shows the median over the rounds, or why there is no figure (the client failed, was
skipped, or the measure does not apply to it). A ratio is ours / theirs, the median of the
per-round ratios: below 1 we are faster (or smaller), 0.5 is twice as fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.measure import median, median_ratio

KINDS = ("ours", "opc", "pydantic")


@dataclass
class Row:
    spec: str
    measure: str
    unit: str
    samples: dict[str, list[float]] = field(default_factory=dict)  # kind -> one figure per round
    notes: dict[str, str] = field(default_factory=dict)  # kind -> why there is no figure, or a remark

    def add(self, kind: str, value: float) -> None:
        self.samples.setdefault(kind, []).append(value)

    def note(self, kind: str, text: str) -> None:
        self.notes.setdefault(kind, text)

    def value(self, kind: str) -> float | None:
        values = self.samples.get(kind)
        return median(values) if values else None

    def ratio(self, kind: str) -> float | None:
        ours, theirs = self.samples.get("ours"), self.samples.get(kind)
        if not ours or not theirs:
            return None
        try:
            return median_ratio(ours, theirs)
        except ValueError:
            return None

    def cell(self, kind: str) -> str:
        value = self.value(kind)
        note = self.notes.get(kind, "")
        if value is None:
            return note or "—"
        return f"{number(value)} ({note})" if note else number(value)

    def ratio_cell(self, kind: str) -> str:
        ratio = self.ratio(kind)
        return "" if ratio is None else f"{ratio:.2f}×"

    def as_json(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "measure": self.measure,
            "unit": self.unit,
            "samples": self.samples,
            "median": {kind: self.value(kind) for kind in self.samples},
            "ratio": {kind: self.ratio(kind) for kind in KINDS[1:] if self.ratio(kind) is not None},
            "notes": self.notes,
        }


def number(value: float) -> str:
    """Three significant figures at most, never exponent notation."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
