"""All checks of one input, reported cell by cell as they finish.

`check_input` generates the client (through the CLI entry point, so refusals are checked
exactly as users see them), then fills the cells: operations and component schemas
generated, import, documented examples and generated instances round-tripped, names,
the oracle, `black --check` and `mypy --strict` (these two run in subprocesses started
right after generation, while the in-process checks go on).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.examples import Example, collect_examples
from corpus.inputs import ORACLE_CANNOT, CorpusInput
from corpus.instances import InstanceMaker, Unsatisfiable
from corpus.naming import naming_problems, public_model_names
from corpus.oracle import oracle_candidates, oracle_source
from corpus.rawspec import RawSpec, load_raw
from corpus.roundtrip import NoType, NotGenerated, Package
from corpus.schemacheck import form_coerced, is_form, violation

CELLS = ("generate", "operations", "schemas", "examples", "instances", "oracle", "names", "import", "mypy", "black")


@dataclass
class Cell:
    """One check's result: the text shown in the table, whether it is full, and why not."""

    name: str
    text: str
    ok: bool
    details: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))


Emit = Callable[[Cell], None]


def ratio(name: str, done: int, total: int, details: list[str], skipped: list[str] | None = None) -> Cell:
    """A `done/total` cell, full when nothing failed; skips are shown and explained."""
    text = f"{done}/{total}" + (f" ({len(skipped)} skip)" if skipped else "")
    return Cell(name, text, done == total, details + [f"skipped: {s}" for s in skipped or []])


def generate(item: CorpusInput, out: Path) -> tuple[int, str]:
    """Run the generator's CLI in-process; its exit code and what it printed on stderr."""
    from generator.cli import main

    args = ["generate", *map(str, item.paths), "--out", str(out), "--package", item.package]
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return code, stderr.getvalue()


def refusal_cell(item: CorpusInput, code: int, stderr: str, out: Path) -> Cell:
    """Refused as it must be: exit code 2, one `error:` line, nothing written."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    problems = []
    if code != 2:
        problems.append(f"exit code {code}, expected 2")
    if len(lines) != 1 or not lines[0].startswith("error: "):
        problems.append(f"expected one `error:` line, got: {stderr.strip()[:300]!r}")
    if (out / item.package).exists():
        problems.append("the refused input left files on disk")
    return Cell("generate", "refused" if not problems else "NOT REFUSED", not problems, problems or lines)


def _start(command: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish(name: str, process: subprocess.Popen[str]) -> Cell:
    output, _ = process.communicate()
    lines = [line for line in output.splitlines() if line.strip()]
    ok = process.returncode == 0
    return Cell(name, "ok" if ok else "FAIL", ok, [] if ok else lines[-30:])


def check_input(item: CorpusInput, work: Path, emit: Emit, *, typecheck: bool = True) -> None:
    """Generate one input into `work` and emit every cell (refusals: the generate cell only)."""
    out = work / "out"
    code, stderr = generate(item, out)
    if item.refuse is not None:
        emit(refusal_cell(item, code, stderr, out))
        return
    warnings = [line for line in stderr.splitlines() if line.startswith("warning:")]
    if code != 0:
        emit(Cell("generate", "FAIL", False, stderr.strip().splitlines()[-5:]))
        return
    emit(Cell("generate", f"ok ({len(warnings)} warn)" if warnings else "ok", True, warnings[:20]))
    package_dir = out / item.package
    checks = []
    if typecheck:
        mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(work / "mypy-cache"), item.package]
        checks = [("mypy", _start(mypy, out)), ("black", _start([sys.executable, "-m", "black", "--check", "-q", "."], package_dir))]
    try:
        _in_process_checks(item, out, work, emit)
    finally:
        for name, process in checks:
            emit(_finish(name, process))


def _in_process_checks(item: CorpusInput, out: Path, work: Path, emit: Emit) -> None:
    index = json.loads((out / item.package / "_index.json").read_text(encoding="utf-8"))
    raw = load_raw(item.paths)
    emit(operations_cell(raw, index))
    emit(schemas_cell(raw, index))
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module(item.package)
    except Exception as exc:  # noqa: BLE001 - a cell, not a crash
        emit(Cell("import", "FAIL", False, [f"{type(exc).__name__}: {exc}"]))
        return
    emit(Cell("import", "ok", True))
    package = Package(module, index)
    emit(examples_cell(raw, package))
    emit(instances_cell(raw, package))
    definitions = sorted((out / item.package / "_models").glob("*.py"))  # one module per definition
    models_source = "\n".join(path.read_text(encoding="utf-8") for path in definitions)
    emit(names_cell(models_source, index, raw))
    emit(oracle_cell(item, raw, package, work))


def operations_cell(raw: RawSpec, index: dict[str, Any]) -> Cell:
    """Operations of the spec (method, path) that the index lists."""
    expected = raw.operations()
    generated = {(op["method"].upper(), op["path"]) for op in index["operations"]}
    missing = sorted(expected - generated)
    return ratio("operations", len(expected) - len(missing), len(expected), [f"not generated: {m} {p}" for m, p in missing])


def schemas_cell(raw: RawSpec, index: dict[str, Any]) -> Cell:
    """Component schemas of the spec that the index lists by pointer."""
    expected = list(raw.component_schemas())
    generated = index.get("component_schemas", {})
    missing = [p for p in expected if p not in generated]
    return ratio("schemas", len(expected) - len(missing), len(expected), [f"not generated: {p}" for p in missing])


def examples_cell(raw: RawSpec, package: Package) -> Cell:
    """Every documented example decodes into its type and encodes back unchanged.

    Decoding is strict: the value must fit its generated type. An example that fails and that
    a JSON Schema validator finds contradicting its own schema must round-trip through the
    client's tolerant decoding instead (what does not fit is kept as received); the cell says
    how many did (`N contradict their schema, kept as received`) and lists each with the
    validator's message. Form-encoded examples are compared in their wire form: their text
    values are read as the booleans / numbers their schema declares first.
    """
    done, total, failures, skipped, contradicting = 0, 0, [], [], []
    for example in collect_examples(raw):
        try:
            tp = package.type_of(example)
        except NotGenerated as exc:  # the spec documents a type the client lacks
            total += 1
            failures.append(f"{example.where}: {exc}")
            continue
        except NoType as exc:
            skipped.append(f"{example.where}: {exc}")
            continue
        value = example.value
        if example.schema is not None and is_form(example.target[-1] if example.target[0] in {"request", "response"} else None):
            value = form_coerced(raw, example.schema, value)
        problem = package.round_trip(tp, value)
        text = json_text(value) if problem is not None else None
        if problem is not None and text is not None and package.round_trip(tp, text) is None:
            problem = None  # an example written as JSON text (Apidog exports them so)
        reason = _not_json(example, tp) if problem is not None else None
        if reason is not None:
            skipped.append(f"{example.where}: {reason}")
            continue
        complaint = _contradiction(raw, example, value) if problem is not None else None
        if complaint is not None and complaint[0] == "part":
            skipped.append(f"{example.where}: a value of one allOf/anyOf part, not of the composed type ({complaint[1]})")
            continue
        if complaint is not None:
            problem = package.round_trip(tp, value, strict=False)
            if problem is None:
                contradicting.append(f"contradicts its schema, kept as received: {example.where}: {complaint[1]}")
        total += 1
        if problem is None:
            done += 1
        else:
            failures.append(f"{example.where} as {_type_name(tp)}: {problem}")
    cell = ratio("examples", done, total, failures, skipped)
    if contradicting:
        cell.text += f", {len(contradicting)} contradict their schema, kept as received"
        cell.details = failures + contradicting + cell.details[len(failures):]
    return cell


_ANNOTATIONS = {"description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly", "default", "externalDocs", "nullable"}


def _contradiction(raw: RawSpec, example: Example, value: Any) -> tuple[str, str] | None:
    """("contradicts", message) when the example violates its own schema (by the validator);
    ("part", message) when it is valid for its allOf/anyOf part but not for the composed schema
    it is decoded as; None when the validator finds nothing (the failure counts)."""
    if example.schema is None:
        return None
    direction = example.target[0] if example.target[0] in {"request", "response"} else None
    try:
        complaint = violation(raw, example.schema, value, direction)
        if complaint is not None:
            return ("contradicts", complaint)
        if example.whole is None:
            return None
        complaint = violation(raw, example.whole, value, direction)
    except Exception:  # noqa: BLE001 - an unusable schema proves nothing: the failure counts
        return None
    if complaint is None:
        return None
    part = raw.deref(example.schema)
    if isinstance(part, dict) and all(str(k) in _ANNOTATIONS or str(k).startswith("x-") for k in part):
        return ("contradicts", f"{complaint} (the part only annotates the schema it is part of)")
    return ("part", complaint)


def _not_json(example: Example, tp: Any) -> str | None:
    """Why an example is no JSON value of its type (file content, form text), else None."""
    if "IO[" in repr(tp):
        return "file content (`format: binary`) is not a JSON value"
    media = example.target[-1] if example.target[0] in {"request", "response"} else None
    if isinstance(media, str) and "json" not in media and isinstance(example.value, str):
        return f"a {media} example written as text, not as a JSON value"
    return None


def json_text(value: Any) -> Any:
    """The JSON value a string example spells (`//` line comments removed), else None."""
    if not isinstance(value, str) or not value.strip().startswith(("{", "[")):
        return None
    lines = [re.sub(r'^((?:[^"/]|"(?:[^"\\]|\\.)*")*)//.*$', r"\1", line) for line in value.splitlines()]
    try:
        return json.loads("\n".join(lines))
    except json.JSONDecodeError:
        return None


def instances_cell(raw: RawSpec, package: Package) -> Cell:
    """Instances made from each component schema decode and encode back unchanged."""
    maker = InstanceMaker(raw)
    done, total, failures, skipped = 0, 0, [], []
    generated = package.index.get("component_schemas", {})
    for pointer, schema in raw.component_schemas().items():
        if pointer not in generated:
            continue
        tp = package.dotted(generated[pointer])
        try:
            instances = maker.instances(schema, maker.variety(schema))
        except (Unsatisfiable, RecursionError) as exc:
            skipped.append(f"{pointer}: no instance ({exc})")
            continue
        for value in instances:
            total += 1
            problem = package.round_trip(tp, value)
            if problem is None:
                done += 1
            else:
                failures.append(f"{pointer} instance {json.dumps(value)[:300]}: {problem}")
    return ratio("instances", done, total, failures, skipped)


def names_cell(models_source: str, index: dict[str, Any], raw: RawSpec) -> Cell:
    """Public names: no made-up numbers, no collisions."""
    names = public_model_names(models_source)
    functions = [op["sync"] for op in index["operations"]]
    documents = [raw.root, *(target for target, _ in raw.resolution.targets.values())]
    problems = naming_problems(names, functions, documents)  # other files' names count too
    return Cell("names", "ok" if not problems else f"{len(problems)} bad", not problems, problems)


def oracle_cell(item: CorpusInput, raw: RawSpec, package: Package, work: Path) -> Cell:
    """datamodel-code-generator's models have the same properties as ours."""
    names = {p.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~"): p for p in raw.component_schemas()}
    if not names:
        return Cell("oracle", "n/a", True, ["skipped: no component schemas to compare"])
    try:
        modules = oracle_source(raw.root, item.paths[0], work)
    except BaseException as exc:  # noqa: BLE001 - the oracle's own failure is reported, not fatal
        if isinstance(exc, KeyboardInterrupt):
            raise
        failed = f"datamodel-code-generator failed: {type(exc).__name__}: {str(exc)[:300]}"
        expected = ORACLE_CANNOT.get(item.paths[0].name)
        if expected is not None:
            return Cell("oracle", "n/a", True, [f"skipped: {expected} ({failed})"])
        return Cell("oracle", "failed", False, [failed])
    theirs = oracle_candidates(modules, list(names))
    generated = package.index.get("component_schemas", {})
    agreed, failures = 0, []
    for name, candidates in theirs.items():
        dotted = generated.get(names[name])
        ours = package.dotted(dotted) if dotted else None
        mine: set[str] = set()
        if ours is not None and dataclasses.is_dataclass(ours):
            mine = {f.wire for f in package.module._codec._model_info(ours).fields}
        if mine in candidates:
            agreed += 1
            continue
        closest = min(candidates, key=lambda c: len(c ^ mine))
        what = "ours" if mine or (ours is not None and dataclasses.is_dataclass(ours)) else "ours (not a model)"
        failures.append(f"{name}: only {what} {sorted(mine - closest)}, only the oracle's {sorted(closest - mine)}")
    return ratio("oracle", agreed, len(theirs), failures)


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or repr(tp)
