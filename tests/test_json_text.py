"""`render.json_text.indented` writes exactly `json.dumps(value, indent=2, ensure_ascii=False)`."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from conftest import ROOT

from generator.naming import ClassName, PyIdentifier
from generator.render.json_text import Verbatim, indented, indented_at


def _same(value: Any) -> None:
    assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_the_committed_clients_index() -> None:
    _same(json.loads((ROOT / "generated" / "dial" / "_index.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [{}], "d": [[]]},
        ("tuple", 1, None),
        {"é\u2028\"\\\n\t\x00\x7f\ud83d": "ünï\u2029\x1f"},
        {ClassName("Pet"): PyIdentifier("pet_id"), "n": [True, False, None, 0, -1, 10**30]},
        {"float": 1.5},  # left to json
        {"nan": float("nan"), "inf": [float("inf"), -float("inf")]},
        {1: "an int key", None: 2, True: 3},  # keys json converts: left to it
        "just a string",
        7,
    ],
)
def test_values_of_every_kind(value: Any) -> None:
    _same(value)


def test_what_json_refuses_it_refuses() -> None:
    with pytest.raises(TypeError):
        indented({"x": object()})


def _random(rng: random.Random, depth: int) -> Any:
    pick = rng.randrange(9 if depth < 5 else 6)
    if pick == 0:
        return "".join(chr(rng.choice([rng.randrange(32), rng.randrange(32, 127), rng.randrange(127, 0x3000)])) for _ in range(rng.randrange(6)))
    if pick == 1:
        return rng.randrange(-(10**6), 10**6)
    if pick == 2:
        return rng.choice([True, False, None])
    if pick == 3:
        return rng.random() * 100
    if pick in (4, 5):
        return ClassName("Model") if rng.random() < 0.5 else "x"
    if pick in (6, 7):
        return {_random(rng, 9) if rng.random() < 0.9 else "k": _random(rng, depth + 1) for _ in range(rng.randrange(4))}
    return [_random(rng, depth + 1) for _ in range(rng.randrange(4))]


def test_random_values() -> None:
    rng = random.Random(9)
    for _ in range(3000):
        _same(_random(rng, 0))


def test_a_part_written_before_stands_in_for_its_value() -> None:
    """`Verbatim(indented_at(value, depth))` in place of a value `depth` containers deep gives
    the text of the whole with the value; also when a float elsewhere leaves it to json."""
    rng = random.Random(4)
    kept = 0
    for _ in range(1500):
        value = _random(rng, 0)
        text = indented_at(value, 3)
        if text is None:  # json writes it (a float, a key that is not a string)
            assert indented({"a": [{"b": value}]}) == json.dumps({"a": [{"b": value}]}, indent=2, ensure_ascii=False)
            continue
        kept += 1
        for other in ("x", 1.5):
            expected = json.dumps({"a": [{"b": value}], "c": other}, indent=2, ensure_ascii=False)
            assert indented({"a": [{"b": Verbatim(text)}], "c": other}) == expected
    assert kept > 500
