"""Benchmark: time each pipeline stage and the whole run on representative inputs.

Run with `make bench`. Prints one row per input: best of N runs for load, normalize (merge,
resolve, normalize), render (templates + black) and the total, in milliseconds. Inputs that
are not there (the shared corpus is optional) are skipped with a note.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.context import Context, Options
from generator.load import collect_inputs, load_file
from generator.pipeline import build_spec, generate_files
from generator.render import render_package

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = {
    "dial (seed page)": [ROOT / "spec"],
    "opik (4 pages)": sorted((CORPUS / "pages").glob("opik__*.md")),
    "petstore-expanded": [CORPUS / "big" / "oai-examples-v3.0" / "petstore-expanded.yaml"],
}


def best_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main(runs: int = 5) -> int:
    print(f"{'input':<22}{'load':>10}{'build IR':>10}{'render':>10}{'total':>10}   (ms, best of {runs})")
    with tempfile.TemporaryDirectory() as scratch:
        for label, specs in INPUTS.items():
            if not specs or not all(p.exists() for p in specs):
                print(f"{label:<22}  skipped: input not found")
                continue
            options = Options(tuple(specs), Path(scratch), "bench", ROOT)
            files = collect_inputs(list(specs))
            load = best_ms(lambda: [load_file(f) for f in files], runs)
            build = best_ms(lambda: build_spec(Context(options)), runs)
            spec = build_spec(Context(options))
            render = best_ms(lambda: render_package(spec), runs)
            total = best_ms(lambda: generate_files(Context(options)), runs)
            print(f"{label:<22}{load:>10.1f}{build:>10.1f}{render:>10.1f}{total:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
