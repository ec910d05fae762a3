"""A JSON spec read with `json` (`generator.json_loader`) gives what the YAML loader gives
for the same text: the same data, every container on the same line with the same pointer;
and a text it is not sure of is left to the YAML way (None)."""

from __future__ import annotations

import re
from typing import Any

from conftest import CORPUS

from generator.json_loader import parse_json
from generator.yaml_loader import parse_yaml


def _located(data: Any) -> list[Any]:
    """Every value in document order, each container as its type and location."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.append(("dict", node.loc))
            for key, value in node.items():
                found.append(key)
                walk(value)
        elif isinstance(node, list):
            found.append((type(node).__name__, node.loc))
            for value in node:
                walk(value)
        else:
            found.append((type(node).__name__, node))

    walk(data)
    return found


def test_the_openai_json_spec_reads_as_the_yaml_loader_reads_it() -> None:
    text = (CORPUS / "big" / "openai-openapi.json").read_text(encoding="utf-8")
    fast, slow = parse_json(text, "spec.json"), parse_yaml(text, "spec.json")
    assert fast is not None
    assert _located(fast) == _located(slow)


def test_twilio_reads_with_lines_where_the_yaml_loader_gives_up() -> None:
    """PyYAML refuses Twilio's surrogate-pair escapes; with them replaced it reads the file,
    and its lines are the ones `json_loader` gives for the original."""
    text = (CORPUS / "big" / "twilio_api_v2010.json").read_text(encoding="utf-8")
    fast = parse_json(text, "spec.json")
    assert fast is not None
    plain = re.sub(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", "?", text)
    assert [v for v in _located(fast) if isinstance(v, tuple) and v[0] != "str"] == [
        v for v in _located(parse_yaml(plain, "spec.json")) if isinstance(v, tuple) and v[0] != "str"
    ]


def test_numbers_and_constants_are_what_the_yaml_loader_makes_of_them() -> None:
    text = '{\n "a": [1e5, 1.5e10, 1.5e+10, 2.5, -0, -0.0, 10, NaN, Infinity, -Infinity],\n "b": {"c": [true, null, "x"]}}\n'
    fast = parse_json(text, "spec.json", line_offset=4)
    assert fast is not None
    assert _located(fast) == _located(parse_yaml(text, "spec.json", 4))
    assert fast["a"][:3] == ["1e5", "1.5e10", 1.5e10]
    assert fast["b"]["c"].loc.line == 7 and fast["b"]["c"].loc.pointer == "/b/c"


def test_brackets_inside_strings_do_not_count() -> None:
    text = '{"a": "{[ \\" ]}",\n "b": [\n  {"c": "]"}]}'
    fast = parse_json(text, "spec.json")
    assert fast is not None
    assert _located(fast) == _located(parse_yaml(text, "spec.json"))
    assert fast["b"][0].loc.line == 3


def test_texts_it_is_not_sure_of_are_left_to_the_yaml_way() -> None:
    assert parse_json('{"a": 1, "a": 2}', "spec.json") is None  # a duplicate key
    assert parse_json('{"a":\r 1}', "spec.json") is None  # a line break YAML counts and `\n` does not
    assert parse_json('{"a": "\u2028"}', "spec.json") is None
    assert parse_json("a: 1\n", "spec.json") is None  # YAML, not JSON
    assert parse_json('{"a": 1', "spec.json") is None  # broken: the YAML way reports it with its line
    assert parse_json('{"a":\r\n [1]}', "spec.json") is not None  # CRLF counts lines as `\n` does
