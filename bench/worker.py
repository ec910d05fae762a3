"""The child side of the harness: import a generated client and time it, in a fresh interpreter.

Run by `bench.harness` with the interpreter of the client's own environment (the project's
`.venv` for ours, `bench/.venv-peers` for openapi-python-client's and the pydantic models),
so this file imports nothing of the project. It prints one JSON line on stdout.

    worker.py import KIND DIR MODULE MODEL [DATA.json]
        wall and CPU seconds of `from MODULE import MODEL` in a fresh process, plus a first
        use of the model (decoding DATA's first item) when DATA is given.
    worker.py codec KIND DIR PACKAGE MODULE MODEL DATA.json REPEATS
        CPU microseconds per item to decode every item of DATA (a JSON list) into MODEL and
        to encode the results back, each the median of REPEATS passes after a warm-up pass; and
        whether encoding gives back exactly the input. Each pair of a kind (ours has two)
        works on values of its own, decoded after the previous pair's were freed, so that a
        second pair does not encode values lying beside a first pair's, farther apart in
        memory than the first pair's (which made `to_dict` look slower than `encode`).

KIND says how a model is used: `ours` (`decode(T, data)` / `encode(v)` of the package, and
`T.from_dict` / `v.to_dict()`), `opc` (`from_dict` / `to_dict`) or `pydantic`
(`model_validate` / `model_dump(mode="json", by_alias=True, exclude_unset=True)`).
"""

from __future__ import annotations

import gc
import importlib
import json
import math
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


def _per_item_us(action: Callable[[], object], items: int, repeats: int) -> float:
    """Median CPU time of `repeats` passes over the items, per item; a pass lasts 20 ms at least.

    CPU time of this process, not wall time: on a loaded machine the wall time of a pass also
    counts the time other processes ran. Each pass starts after a full garbage collection, so
    that a collection of what an earlier pass left is not counted in the next one.
    """
    action()  # warm-up: first-use costs (lazy imports, compiling coders) are not per-item costs
    start = time.process_time()
    action()  # a warm pass: its time sets how many make 20 ms (the first one's would be too few)
    loops = max(1, math.ceil(0.02 / max(time.process_time() - start, 1e-6)))
    passes = []
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        for _ in range(loops):
            action()
        passes.append(time.process_time() - start)
    return statistics.median(passes) / (loops * items) * 1e6


def codec_time(
    kind: str, folder: str, package_name: str, module: str, name: str, data_file: str, repeats: int
) -> dict[str, Any]:
    with open(data_file, encoding="utf-8") as f:
        items: list[Any] = json.load(f)
    sys.path.insert(0, folder)
    package = importlib.import_module(package_name)
    model = getattr(importlib.import_module(module), name)
    result: dict[str, Any] = {}
    for label, (decode, encode) in _codecs(kind, package, model).items():
        values = [decode(item) for item in items]
        result[label] = {
            "decode_us": _per_item_us(lambda: [decode(item) for item in items], len(items), repeats),
            "encode_us": _per_item_us(lambda: [encode(value) for value in values], len(items), repeats),
            "round_trip": [encode(value) for value in values] == items,
        }
        del values  # the next pair's values take their memory instead of lying beside them
    return result


def main(argv: list[str]) -> int:
    mode, kind, *rest = argv
    if mode == "import":
        folder, module, name, *data = rest
        print(json.dumps(import_time(kind, folder, module, name, data[0] if data else None)))
    elif mode == "codec":
        folder, package_name, module, name, data_file, repeats = rest
        print(json.dumps(codec_time(kind, folder, package_name, module, name, data_file, int(repeats))))
    else:
        raise SystemExit(f"error: unknown mode {mode!r} (import or codec)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
