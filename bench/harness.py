"""Side by side: our generator and client against openapi-python-client and pydantic v2.

`python -m bench [--specs dial,openai] [--quick] [--rounds N] [--no-peers] [--results FILE]
[--json FILE] [--work DIR] [--timeout S]` (what `make bench` runs). Per spec, in interleaved
rounds (ours, opc, pydantic, ours, opc, pydantic, ...), each figure from a child process:

1. cold generation: a fresh project (a copy of the input, empty cache, empty output), as a
   user's first `python -m generator generate`; openapi-python-client's `generate` (it runs
   ruff afterwards) and datamodel-code-generator (pydantic models only); CPU and wall
   seconds and peak memory (max RSS, from `os.wait4`);
2. ours only: one schema changed (an edit to one schema's description), and no-op (nothing
   changed), as whole commands in the project of the last cold round;
3. import of the generated client and first use of one model, in a fresh interpreter;
4. the decode/encode workloads that apply to the spec (`bench.workloads`), in at least
   `CODEC_ROUNDS` rounds: a worker takes seconds, and one process's figure can differ from
   the next one's by half (where its objects land in memory), so a median wants more samples;
5. where the spec names a load call (Dial), 2,000 async calls with 100 in flight through
   each client against a local server (`bench/load.py`; 500 with `--quick`).

A peer that fails says so in its cell (and is not run again on that spec). The table goes to
stdout per spec as it is done and, for a whole run, to `bench/RESULTS.md` with the machine.
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import peers, report
from bench.measure import Run, run_child
from bench.rows import Row
from bench.specs import ROOT, Case, select
from bench.workloads import WORKLOADS, WorkloadUnavailable, Workload, write_items
from generator.load import SPEC_SUFFIXES, collect_inputs, load_file
from generator.merge import merge

WORKER = Path(__file__).resolve().parent / "worker.py"
LOAD = Path(__file__).resolve().parent / "load.py"
RESULTS = ROOT / "bench" / "RESULTS.md"
CODEC_ROUNDS = 5


@dataclass(frozen=True)
class Settings:
    rounds: int
    quick: bool
    peers: bool
    timeout_s: float
    codec_repeats: int

    @property
    def codec_rounds(self) -> int:
        """Rounds of the decode/encode workloads: `rounds`, at least `CODEC_ROUNDS` in a full run."""
        return self.rounds if self.quick else max(self.rounds, CODEC_ROUNDS)


@dataclass
class Clients:
    """Where each client of one spec was generated (kinds that failed are absent)."""

    folders: dict[str, Path] = field(default_factory=dict)  # kind -> folder to put on sys.path
    project: Path | None = None  # our last cold project (warm cache) for the incremental runs


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _copy_input(case: Case, into: Path) -> None:
    into.mkdir(parents=True)
    for source in case.sources:
        target = into / source.name
        if source.is_dir():
            shutil.copytree(source, target, copy_function=shutil.copyfile)  # copies stay writable
        else:
            shutil.copyfile(source, target)


def _peer_input(case: Case, pristine: Path, scratch: Path) -> Path:
    """One OpenAPI file the peers can read: the spec file itself, or pages merged by our loader."""
    specs = [pristine / s for s in case.specs]
    if len(specs) == 1 and specs[0].suffix in SPEC_SUFFIXES:
        return specs[0]
    merged = merge([load_file(f) for f in collect_inputs(specs)])
    path = scratch / f"{case.key}.openapi.json"
    path.write_text(json.dumps(merged), encoding="utf-8")
    return path


def _our_project(case: Case, pristine: Path, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(pristine, folder / "input", copy_function=shutil.copyfile)
    specs = ", ".join(json.dumps(f"input/{s}") for s in case.specs)
    (folder / "pyproject.toml").write_text(
        f'[tool.generator]\nspec = [{specs}]\nout = "out"\npackage = "ours_{case.key}"\ncache_dir = "cache"\n',
        encoding="utf-8",
    )
    return folder


def _generate(command: list[str], cwd: Path, settings: Settings, env: dict[str, str] | None = None) -> Run:
    return run_child(command, cwd, env=env, timeout_s=settings.timeout_s)


def cold(case: Case, scratch: Path, settings: Settings, rows: list[Row]) -> Clients:
    cpu, wall, memory = (Row(case.key, m, u) for m, u in _COLD)
    rows += [cpu, wall, memory]
    pristine = scratch / "pristine"
    _copy_input(case, pristine)
    peer_input = _peer_input(case, pristine, scratch)
    clients = Clients()
    runners: dict[str, Callable[[int], tuple[Run, Path]]] = {}

    def ours(round_: int) -> tuple[Run, Path]:
        if clients.project is not None:
            shutil.rmtree(clients.project)  # only the last round's project is kept
        project = _our_project(case, pristine, scratch / f"ours-{round_}")
        clients.project = project
        return _generate([sys.executable, "-m", "generator", "generate"], project, settings), project / "out"

    def opc(round_: int) -> tuple[Run, Path]:
        folder = scratch / "opc"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        config = scratch / "opc-config.yaml"
        config.write_text(peers.opc_config(f"opc_{case.key}", case.opc_config), encoding="utf-8")
        command = peers.opc_command(peer_input, folder / f"opc_{case.key}", config)
        return _generate(command, scratch, settings, peers.env()), folder

    def pydantic(round_: int) -> tuple[Run, Path]:
        folder = scratch / "dcg"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        output = folder / (f"dcg_{case.key}" if case.dcg_modular else f"dcg_{case.key}.py")
        command = peers.dcg_command(peer_input, output)
        return _generate(command, scratch, settings, peers.env()), folder

    runners["ours"] = ours
    if settings.peers:
        runners.update(opc=opc, pydantic=pydantic)
    else:
        for row in (cpu, wall, memory):
            row.note("opc", "skipped (--no-peers)")
            row.note("pydantic", "skipped (--no-peers)")
    failed: set[str] = set()
    for round_ in range(settings.rounds):
        for kind, runner in runners.items():
            if kind in failed:
                continue
            log(f"{case.key}: cold generation, round {round_ + 1}/{settings.rounds}, {kind}")
            run, folder = runner(round_)
            if not run.ok:
                failed.add(kind)
                for row in (cpu, wall, memory):
                    row.note(kind, run.failure())
                clients.folders.pop(kind, None)
                continue
            cpu.add(kind, run.cpu_s)
            wall.add(kind, run.wall_s)
            memory.add(kind, run.max_rss_mb)
            clients.folders[kind] = folder
    if "pydantic" in clients.folders:
        for row in (cpu, wall, memory):
            row.note("pydantic", "models only")
    if "ours" in failed:
        clients.project = None
    return clients


_COLD = (("cold generate, CPU", "s"), ("cold generate, wall", "s"), ("peak memory", "MB"))


def incremental(case: Case, clients: Clients, settings: Settings, rows: list[Row]) -> None:
    """Ours only: one schema changed, then nothing changed, in the warm project of the last cold run."""
    labels = (
        ("one schema changed, CPU", "s"),
        ("one schema changed, wall", "s"),
        ("no-op, CPU", "s"),
        ("no-op, wall", "s"),
    )
    changed_cpu, changed_wall, noop_cpu, noop_wall = (Row(case.key, m, u) for m, u in labels)
    rows += [changed_cpu, changed_wall, noop_cpu, noop_wall]
    for row in (changed_cpu, changed_wall, noop_cpu, noop_wall):
        for kind in ("opc", "pydantic"):
            row.note(kind, "n/a")
    if clients.project is None:
        for row in (changed_cpu, changed_wall, noop_cpu, noop_wall):
            row.note("ours", "no cold run")
        return
    edited, anchor = case.edit
    path = clients.project / "input" / edited
    text = path.read_text(encoding="utf-8")
    if anchor not in text:
        raise SystemExit(f"error: {edited}: the edit's anchor {anchor!r} is not there (update bench/specs.py)")
    command = [sys.executable, "-m", "generator", "generate"]
    for round_ in range(settings.rounds):
        log(f"{case.key}: incremental, round {round_ + 1}/{settings.rounds}")
        path.write_text(text.replace(anchor, f"{anchor} (edit {round_})", 1), encoding="utf-8")
        for (cpu, wall), expect_changed in (((changed_cpu, changed_wall), True), ((noop_cpu, noop_wall), False)):
            run = _generate(command, clients.project, settings)
            up_to_date = "up to date" in run.stdout
            if not run.ok or up_to_date == expect_changed:
                said = "up to date" if up_to_date else "files changed"
                why = (
                    run.failure()
                    if not run.ok
                    else f"wrong: says {said} " + ("after the edit" if expect_changed else "with nothing changed")
                )
                cpu.note("ours", why)
                wall.note("ours", why)
                if expect_changed and not noop_cpu.samples:
                    noop_cpu.note("ours", "not run: the change run failed")
                    noop_wall.note("ours", "not run: the change run failed")
                return
            cpu.add("ours", run.cpu_s)
            wall.add("ours", run.wall_s)


def _python(kind: str) -> tuple[str, dict[str, str] | None]:
    return (sys.executable, None) if kind == "ours" else (str(peers.PEERS_PYTHON), peers.env())


def _module(case: Case, kind: str, model: str) -> tuple[str, str, str]:
    """(package, module holding the model, class name) of one client.

    `model` is a class name, or `sub.module:Class` when the client puts it in a submodule
    (of its models module; of the package for datamodel-code-generator's modular output).
    """
    package = f"dcg_{case.key}" if kind == "pydantic" else f"{kind}_{case.key}"
    module = package if kind == "pydantic" else f"{package}.models"
    sub, _, name = model.rpartition(":")
    return package, f"{module}.{sub}" if sub else module, name


def import_first_use(case: Case, clients: Clients, items: dict[str, Path], settings: Settings, rows: list[Row]) -> None:
    """A fresh interpreter imports one model (decoding one item when a workload has one)."""
    workload = next((WORKLOADS[w] for w in case.workloads if w in items), None)
    label = (workload.models if workload else case.models)["ours"].rpartition(":")[2]
    row, cpu = Row(case.key, f"import + first use of {label}, wall", "ms"), Row(
        case.key, f"import + first use of {label}, CPU", "ms"
    )
    rows += [row, cpu]
    _note_missing(row, clients, settings)
    _note_missing(cpu, clients, settings)
    for round_ in range(settings.rounds):
        for kind, folder in clients.folders.items():
            if kind in row.notes and kind not in row.samples:
                continue
            log(f"{case.key}: import, round {round_ + 1}/{settings.rounds}, {kind}")
            _, module, model = _module(case, kind, (workload.models if workload else case.models)[kind])
            data = [str(items[workload.name])] if workload else []
            python, env = _python(kind)
            run = run_child([python, str(WORKER), "import", kind, str(folder), module, model, *data], ROOT, env=env)
            if not run.ok:
                row.note(kind, run.failure())
                cpu.note(kind, run.failure())
                continue
            row.add(kind, run.json()["wall_s"] * 1000)
            cpu.add(kind, run.json()["cpu_s"] * 1000)


def _note_missing(row: Row, clients: Clients, settings: Settings) -> None:
    for kind in ("ours", "opc", "pydantic"):
        if kind not in clients.folders:
            row.note(kind, "skipped (--no-peers)" if kind != "ours" and not settings.peers else "no client")


_CODEC_ROWS = (
    ("decode", "decode/encode", "decode(T, data)"),
    ("decode", "from_dict/to_dict", "T.from_dict(data)"),
    ("encode", "decode/encode", "encode(value)"),
    ("encode", "from_dict/to_dict", "value.to_dict()"),
)
_PEER_VARIANT = {"opc": "from_dict/to_dict", "pydantic": "model_validate/model_dump"}


def codec(case: Case, workload: Workload, items: Path, clients: Clients, settings: Settings, rows: list[Row]) -> None:
    """The workload decoded and encoded by each client; ours through both of its ways."""
    count = len(json.loads(items.read_text(encoding="utf-8")))
    mine = [Row(case.key, f"{workload.title} ({count}): {op}, ours via {how}", "µs/item") for op, _, how in _CODEC_ROWS]
    rows += mine
    for row in mine:
        _note_missing(row, clients, settings)
    for round_ in range(settings.codec_rounds):
        for kind, folder in clients.folders.items():
            if any(kind in row.notes and kind not in row.samples for row in mine):
                continue
            log(f"{case.key}: {workload.name}, round {round_ + 1}/{settings.codec_rounds}, {kind}")
            package, module, model = _module(case, kind, workload.models[kind])
            python, env = _python(kind)
            argv = [python, str(WORKER), "codec", kind, str(folder), package, module, model, str(items)]
            for variant in _variants(kind):  # each in a fresh process (see bench/worker.py)
                run = run_child([*argv, str(settings.codec_repeats), variant], ROOT, env=env, timeout_s=settings.timeout_s)
                if not run.ok:
                    for row in mine:
                        row.note(kind, run.failure())
                    break
                result = run.json()
                for row, (op, row_variant, _) in zip(mine, _CODEC_ROWS):
                    if kind == "ours" and row_variant != variant:
                        continue
                    row.add(kind, result[f"{op}_us"])
                    if not result["round_trip"] and op == "encode":
                        row.note(kind, "output ≠ input")


def _variants(kind: str) -> list[str]:
    """The ways of decoding and encoding the worker times for a kind of client: ours has one
    per row pair, a peer one for all rows."""
    if kind == "ours":
        return list(dict.fromkeys(variant for _, variant, _ in _CODEC_ROWS))
    return [_PEER_VARIANT[kind]]


LOAD_CALLS, LOAD_IN_FLIGHT = 2000, 100


def _load_function(case: Case, kind: str, folder: Path) -> tuple[str, dict[str, object]] | None:
    """(`module:function`, extra keyword arguments) of the case's load call in one client."""
    assert case.load is not None
    package = f"{kind}_{case.key}"
    if kind == "opc":
        return f"{package}.{case.load.opc_function}", dict(case.load.opc_kwargs)
    index = json.loads((folder / package / "_index.json").read_text(encoding="utf-8"))
    for operation in index["operations"]:
        if operation["operationId"] == case.load.operation_id:
            module, _, name = operation["async"].rpartition(".")
            return f"{module}:{name}", {}
    return None


def load(case: Case, clients: Clients, settings: Settings, rows: list[Row]) -> None:
    """Many async calls at once through each client (opc's and ours), against a local server."""
    calls = LOAD_CALLS // 4 if settings.quick else LOAD_CALLS
    title = f"{calls:,} async calls, {LOAD_IN_FLIGHT} in flight"
    wall, cpu = Row(case.key, f"{title}, wall", "s"), Row(case.key, f"{title}, CPU", "s")
    rows += [wall, cpu]
    for row in (wall, cpu):
        _note_missing(row, clients, settings)
        row.note("pydantic", "n/a (models only)")
    for round_ in range(settings.rounds):
        for kind, folder in clients.folders.items():
            if kind == "pydantic" or (kind in wall.notes and kind not in wall.samples):
                continue
            log(f"{case.key}: load, round {round_ + 1}/{settings.rounds}, {kind}")
            target = _load_function(case, kind, folder)
            if target is None:
                wall.note(kind, f"no operation {case.load.operation_id!r}" if case.load else "no load call")
                continue
            python, env = _python(kind)
            argv = [python, str(LOAD), kind, str(folder), target[0], str(calls), str(LOAD_IN_FLIGHT)]
            run = run_child([*argv, json.dumps(target[1])], ROOT, env=env, timeout_s=settings.timeout_s)
            if not run.ok:
                wall.note(kind, run.failure())
                cpu.note(kind, run.failure())
                continue
            figures = run.json()
            wall.add(kind, figures["wall_s"])
            cpu.add(kind, figures["cpu_s"])
            if figures["failed"]:
                wall.note(kind, f"{figures['failed']} calls failed")


def run_case(case: Case, settings: Settings, scratch: Path) -> list[Row]:
    rows: list[Row] = []
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    clients = cold(case, scratch, settings, rows)
    incremental(case, clients, settings, rows)
    items: dict[str, Path] = {}
    unavailable: dict[str, str] = {}
    for name in case.workloads:
        try:
            items[name] = write_items(WORKLOADS[name], settings.quick, scratch)
        except WorkloadUnavailable as exc:
            unavailable[name] = str(exc)
    import_first_use(case, clients, items, settings, rows)
    for name in case.workloads:
        if name in items:
            codec(case, WORKLOADS[name], items[name], clients, settings, rows)
        else:
            row = Row(case.key, f"{WORKLOADS[name].title}: decode/encode", "µs/item")
            row.note("ours", unavailable[name])
            rows.append(row)
    if case.load is not None:
        load(case, clients, settings, rows)
    return rows


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", action="append", help="comma-separated spec names (default: all)")
    parser.add_argument("--quick", action="store_true", help="one round, 100 chat completions, few repeats")
    parser.add_argument("--rounds", type=int, help="interleaved rounds per figure (default 3; 1 with --quick)")
    parser.add_argument("--no-peers", action="store_true", help="ours only: the peers' cells say skipped")
    parser.add_argument(
        "--results", type=Path, help="write the Markdown table here (default: bench/RESULTS.md on a whole run)"
    )
    parser.add_argument("--json", type=Path, help="also write every row with its per-round figures as JSON")
    parser.add_argument(
        "--work", type=Path, help="keep the generated clients in this folder (default: a temporary one)"
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds one child process may take (default 900)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        cases = select([k.strip() for spec in args.specs or [] for k in spec.split(",") if k.strip()] or None)
    except ValueError as exc:
        print(f"error: --specs: {exc}", file=sys.stderr)
        return 2
    if not args.no_peers and not peers.available():
        print(
            f"error: {peers.PEERS_VENV.relative_to(ROOT)} is missing (run `make bench`, or pass --no-peers)",
            file=sys.stderr,
        )
        return 2
    rounds = args.rounds or (1 if args.quick else 3)
    if rounds < 1:
        print("error: --rounds: at least 1", file=sys.stderr)
        return 2
    settings = Settings(rounds, args.quick, not args.no_peers, args.timeout, 3 if args.quick else 5)
    # pip byte-compiles the peers' installed packages; ours is an editable install, and the
    # children run with PYTHONDONTWRITEBYTECODE, so compile it once too (as a user's second run has it)
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    machine = report.machine(settings.peers)
    results = args.results or (RESULTS if len(cases) == len(select(None)) and not args.quick else None)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        work = args.work or Path(temporary)
        for case in cases:
            missing = [p for p in case.sources if not p.exists()]
            if missing:
                log(f"{case.key}: skipped, input not found: {missing[0]}")
                continue
            case_rows = run_case(case, settings, work / case.key)
            rows += case_rows
            print(report.text_table(case, case_rows), flush=True)
            if results:  # after each spec, so that a long run stopped early leaves what it measured
                done = [c for c in cases if any(row.spec == c.key for row in rows)]
                pending = [c.key for c in cases[cases.index(case) + 1 :]]
                results.write_text(
                    report.markdown(done, rows, machine, (settings.rounds, settings.codec_rounds), argv, pending), encoding="utf-8"
                )
    machine.finish()
    if results:
        results.write_text(report.markdown(cases, rows, machine, (settings.rounds, settings.codec_rounds), argv, []), encoding="utf-8")
        log(f"table written to {results}")
    if args.json:
        args.json.write_text(json.dumps([row.as_json() for row in rows], indent=1), encoding="utf-8")
    return 0
