"""`python -m corpus [PATTERN ...]`: check every corpus input and print one table.

Each input runs in its own worker process (`--worker NAME`), so that generated packages
never share an interpreter; workers report cells as JSON lines, and an input that runs out
of time shows `TIMEOUT` in the cells it had not filled. Exit code 0 when every row is full.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corpus.check import CELLS, Cell, check_input
from corpus.inputs import CorpusInput, corpus_inputs, select
from corpus.table import render_report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def run_worker(item: CorpusInput, work: Path) -> int:
    """Check one input, printing each cell as a JSON line as soon as it is known."""
    def emit(cell: Cell) -> None:
        print(cell.to_json(), flush=True)

    check_input(item, work, emit)
    return 0


def run_input(item: CorpusInput, corpus: Path, timeout: float, scratch: Path) -> tuple[list[Cell], float]:
    """Run one worker; its cells (TIMEOUT / CRASH for those it did not report) and seconds taken."""
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix=item.package[:40] + "-", dir=scratch))
    command = [sys.executable, "-m", "corpus", "--worker", item.name, "--corpus", str(corpus), "--work", str(work)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        missing = "CRASH"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        stdout, stderr = process.communicate()
        missing = "TIMEOUT"
    cells = [Cell(**json.loads(line)) for line in stdout.splitlines() if line.startswith("{")]
    filled = {c.name for c in cells}
    expected = ("generate",) if item.refuse else CELLS
    if cells and not cells[0].ok:
        expected = ("generate",)  # generation failed: nothing else to check
    why = [f"{missing} after {time.monotonic() - started:.0f}s"] + stderr.strip().splitlines()[-5:]
    cells += [Cell(name, missing, False, why) for name in expected if name not in filled]
    return cells, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    parser.add_argument("patterns", nargs="*", help="only inputs whose name contains one of these")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per input")
    parser.add_argument("--details", type=int, default=8, help="lines of detail per failed cell")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    inputs = corpus_inputs(args.corpus)
    if args.worker:
        [item] = [i for i in inputs if i.name == args.worker]
        return run_worker(item, args.work)
    chosen = select(inputs, args.patterns)
    with tempfile.TemporaryDirectory(prefix="corpus-") as scratch, ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_input, item, args.corpus, args.timeout, Path(scratch)) for item in chosen]
        results = []
        for item, future in zip(chosen, futures):
            cells, seconds = future.result()
            results.append((item, cells, seconds))
            print(f"{item.name}: {seconds:.0f}s", file=sys.stderr, flush=True)
    report, full = render_report(results, args.details)
    print(report)
    return 0 if full else 1


if __name__ == "__main__":
    sys.exit(main())
