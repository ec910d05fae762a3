"""Benchmark: time each pipeline stage, and incremental regeneration, on representative inputs.

Run with `make bench` (`python bench/bench_generate.py [RUNS]`). Inputs that are not
there (the shared corpus is optional) are skipped with a note. All caches live in a temporary
folder, so the project's own `.generator-cache/` is never touched.

1. Stages: best of RUNS for load, build IR (merge, resolve, normalize), render (templates +
   black, no cache) and the whole in-memory run, in milliseconds.
2. Incremental (`generate` as the command runs it, with a formatting cache), per input:
   - cold: empty cache and empty output folder;
   - no-op: nothing changed, in process and as a whole `python -m generator generate`
     command (interpreter start included: what a pre-commit hook pays);
   - one op: one operation's summary edited, then regenerated with the warm cache.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.context import Context, Options  # noqa: E402
from generator.format_cache import BlockFormatter  # noqa: E402
from generator.load import collect_inputs, load_documents  # noqa: E402
from generator.pipeline import build_spec, generate, generate_files  # noqa: E402
from generator.render import render_package  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TWILIO = CORPUS / "big" / "twilio_api_v2010.json"
INPUTS = {
    "dial (seed page)": [ROOT / "spec"],
    "opik (4 pages)": sorted((CORPUS / "pages").glob("opik__*.md")),
    "petstore-expanded": [CORPUS / "big" / "oai-examples-v3.0" / "petstore-expanded.yaml"],
}
# input -> (spec file, text of one operation's summary or description to edit)
INCREMENTAL = {
    "dial": (ROOT / "spec" / "dial" / "get-billing.md", "summary: Get billing status"),
    "twilio": (TWILIO, "Create a new Twilio Subaccount from the account making the request"),
}


def best_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def stages(runs: int, scratch: Path) -> None:
    print(f"{'input':<22}{'load':>10}{'build IR':>10}{'render':>10}{'total':>10}   (ms, best of {runs}, no cache)")
    for label, specs in INPUTS.items():
        if not specs or not all(p.exists() for p in specs):
            print(f"{label:<22}  skipped: input not found")
            continue
        options = Options(tuple(specs), scratch, "bench", ROOT)
        files = collect_inputs(list(specs))
        load = best_ms(lambda: [load_documents(f) for f in files], runs)
        build = best_ms(lambda: build_spec(Context(options)), runs)
        spec = build_spec(Context(options))
        render = best_ms(lambda: render_package(spec, BlockFormatter()), runs)
        total = best_ms(lambda: generate_files(Context(options)), runs)
        print(f"{label:<22}{load:>10.1f}{build:>10.1f}{render:>10.1f}{total:>10.1f}")


def _project(folder: Path, spec: Path) -> Options:
    """A throw-away project: a copy of the spec, a pyproject naming it, its own cache."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copyfile(spec, folder / spec.name)
    (folder / "pyproject.toml").write_text(
        f'[tool.generator]\nspec = "{spec.name}"\nout = "out"\npackage = "bench"\ncache_dir = "cache"\n',
        encoding="utf-8",
    )
    return _options(folder, spec)


def _options(folder: Path, spec: Path) -> Options:
    return Options((folder / spec.name,), folder / "out", "bench", folder, cache_dir=folder / "cache")


def _cold(folder: Path, spec: Path) -> float:
    options = _project(folder, spec)
    return best_ms(lambda: generate(Context(options)), 1)


def _command(folder: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=folder, capture_output=True, text=True)
    assert run.returncode == 0 and "up to date" in run.stdout, run.stdout + run.stderr


def incremental(runs: int, scratch: Path) -> None:
    print(f"\n{'incremental':<14}{'cold':>10}{'no-op':>10}{'no-op cmd':>11}{'one op':>10}   (ms, best of {runs})")
    for label, (spec, anchor) in INCREMENTAL.items():
        if not spec.exists():
            print(f"{label:<14}  skipped: input not found")
            continue
        folder = scratch / label
        cold = _cold(folder, spec)
        options = _options(folder, spec)
        noop = best_ms(lambda: generate(Context(options)), runs)
        command = best_ms(lambda: _command(folder), runs)
        text = (folder / spec.name).read_text(encoding="utf-8")
        assert anchor in text, anchor
        edits = iter(range(runs))

        def one_op() -> None:
            (folder / spec.name).write_text(text.replace(anchor, f"{anchor} (edit {next(edits)})", 1), encoding="utf-8")
            assert generate(Context(options))

        one = best_ms(one_op, runs)
        print(f"{label:<14}{cold:>10.0f}{noop:>10.1f}{command:>11.1f}{one:>10.0f}")


def main(argv: list[str]) -> int:
    runs = int(next((a for a in argv if a.isdigit()), "3"))
    with tempfile.TemporaryDirectory() as scratch:
        stages(runs, Path(scratch) / "stages")
        incremental(runs, Path(scratch) / "incremental")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
