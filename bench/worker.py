"""The child side of the harness: import a generated client and time it, in a fresh interpreter.

Run by `bench.harness` with the interpreter of the client's own environment (the project's
`.venv` for ours, `bench/.venv-peers` for openapi-python-client's and the pydantic models),
so this file imports nothing of the project. It prints one JSON line on stdout.

    worker.py import KIND DIR MODULE MODEL [DATA.json]
        wall and CPU seconds of `from MODULE import MODEL` in a fresh process, plus a first
        use of the model (decoding DATA's first item) when DATA is given.
    worker.py codec KIND DIR PACKAGE MODULE MODEL DATA.json REPEATS VARIANT
        CPU microseconds per item to decode every item of DATA (a JSON list) into MODEL and
        to encode the results back through one VARIANT of the kind (ours has two: see
        `variants`), each the median of REPEATS passes after a warm-up pass; and whether
        encoding gives back exactly the input. One variant per process: a variant measured
        after another in the same process read up to twice as slow (its values lay beside the
        other's, and the collector had more to walk), so each starts from a fresh interpreter.

KIND says how a model is used: `ours` (`decode(T, data)` / `encode(v)` of the package, and
`T.from_dict` / `v.to_dict()`), `opc` (`from_dict` / `to_dict`) or `pydantic`
(`model_validate` / `model_dump(mode="json", by_alias=True, exclude_unset=True)`).
"""

from __future__ import annotations

import gc
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def _codecs(kind: str, package: Any, model: Any) -> dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]:
    """Named (decode one item, encode one value) pairs for this kind of client."""
    if kind == "ours":
        return {
            "decode/encode": (lambda d: package.decode(model, d), package.encode),
            "from_dict/to_dict": (model.from_dict, lambda v: v.to_dict()),
        }
    if kind == "opc":
        return {"from_dict/to_dict": (model.from_dict, lambda v: v.to_dict())}
    if kind == "pydantic":
        return {
            "model_validate/model_dump": (
                model.model_validate,
                lambda v: v.model_dump(mode="json", by_alias=True, exclude_unset=True),
            )
        }
    raise SystemExit(f"error: unknown kind {kind!r} (ours, opc or pydantic)")


def _first_use(kind: str, model: Any, item: Any) -> Any:
    return model.model_validate(item) if kind == "pydantic" else model.from_dict(item)


def import_time(kind: str, folder: str, module: str, name: str, data_file: str | None) -> dict[str, Any]:
    item = json.loads(open(data_file, encoding="utf-8").read())[0] if data_file else None
    sys.path.insert(0, folder)
    wall, cpu = time.perf_counter(), time.process_time()
    model = getattr(importlib.import_module(module), name)
    if item is not None:
        _first_use(kind, model, item)
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu, "modules": len(sys.modules)}


PASS_ITEMS = 1000  # items a timed pass works through: the chat workload once, Billing 1,000 times


def _per_item_us(action: Callable[[], object], items: int, repeats: int) -> float:
    """Median CPU time of `repeats` passes, per item; a pass runs `action` (one run over the
    items) `PASS_ITEMS // items` times, at least once: the same work for every client.

    CPU time of this process, not wall time: on a loaded machine the wall time of a pass also
    counts the time other processes ran. Each pass starts after a full garbage collection, so
    that a collection of what an earlier pass left is not counted in the next one; collections
    the pass itself causes are counted, as a user pays them. (A pass sized by time instead,
    as this was, gives a fast client more runs per pass than a slow one, so more of the
    collector's work per item: the figures would depend on the speed measured.)
    """
    action()  # warm-up: first-use costs (lazy imports, compiling coders) are not per-item costs
    loops = max(1, PASS_ITEMS // items)
    passes = []
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        for _ in range(loops):
            action()
        passes.append(time.process_time() - start)
    return statistics.median(passes) / (loops * items) * 1e6


def codec_time(
    kind: str, folder: str, package_name: str, module: str, name: str, data_file: str, repeats: int, variant: str
) -> dict[str, Any]:
    with open(data_file, encoding="utf-8") as f:
        items: list[Any] = json.load(f)
    sys.path.insert(0, folder)
    package = importlib.import_module(package_name)
    model = getattr(importlib.import_module(module), name)
    pairs = _codecs(kind, package, model)
    if variant not in pairs:
        raise SystemExit(f"error: {kind} has no variant {variant!r} ({', '.join(pairs)})")
    decode, encode = pairs[variant]
    values = [decode(item) for item in items]
    return {
        "decode_us": _per_item_us(lambda: [decode(item) for item in items], len(items), repeats),
        "encode_us": _per_item_us(lambda: [encode(value) for value in values], len(items), repeats),
        "round_trip": [encode(value) for value in values] == items,
    }


def main(argv: list[str]) -> int:
    mode, kind, *rest = argv
    if mode == "import":
        folder, module, name, *data = rest
        print(json.dumps(import_time(kind, folder, module, name, data[0] if data else None)))
    elif mode == "codec":
        folder, package_name, module, name, data_file, repeats, variant = rest
        print(json.dumps(codec_time(kind, folder, package_name, module, name, data_file, int(repeats), variant)))
    else:
        raise SystemExit(f"error: unknown mode {mode!r} (import or codec)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
