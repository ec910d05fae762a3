"""Read a JSON spec file with `json` (C speed) into the located nodes the YAML loader gives.

A JSON text is YAML too, and `yaml_loader.parse_yaml` reads it with every container's line,
but at YAML speed (Twilio's 2010 spec: 0.15 s, then a failure on a surrogate pair `\\ud83d`
that PyYAML refuses, and `json` reads the whole file again without lines). Here `json.loads`
builds the data, and the lines come from the text: JSON strings hold no raw line break, so
with the strings blanked out, the n-th `{` or `[` of the text opens the n-th container of a
walk in document order, and its line is the container's line, as PyYAML marks it.

Scalars are what the YAML loader makes of them: a number with an exponent but no fraction
or no exponent sign (`1e5`, `1.5e10`) and the non-JSON constants `NaN`/`Infinity` are
strings there (its YAML 1.1 float rule), so they are strings here too. Any doubt gives None,
and the caller reads the text the YAML way: a text `json` refuses, a duplicate key (the
walk's order would not be the text's), a line break that YAML counts and `\\n` does not
(`\\r` alone, NEL, U+2028/U+2029), or a count of brackets that does not match.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from generator.diagnostics import Location
from generator.nodes import YDict, YList, escape_token

# PyYAML's YAML 1.1 float rule (`SafeLoader`), which the YAML loader keeps.
_YAML_FLOAT = re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?)$")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[{\[]")


class _Duplicate(Exception):
    """A mapping with a key twice: let the YAML way read it."""


def _mapping(pairs: list[tuple[str, Any]]) -> YDict:
    data = YDict(pairs)
    if len(data) != len(pairs):
        raise _Duplicate
    return data


def _number(text: str) -> float | str:
    return float(text) if _YAML_FLOAT.match(text) else text


def parse_json(text: str, file: str, line_offset: int = 0) -> Any:
    """The text's data, located like the YAML loader's (lines after `line_offset`, JSON
    pointers), or None when the text should be read the YAML way (see the module docstring)."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text or text.count("\r") != text.count("\r\n"):
        return None
    try:
        data = json.loads(text, object_pairs_hook=_mapping, parse_float=_number, parse_constant=str)
    except (ValueError, RecursionError, _Duplicate):
        return None
    lines = _bracket_lines(text, line_offset)
    if isinstance(data, list):
        data = YList(data)
    if not isinstance(data, (YDict, YList)):
        return data if not lines else None
    return data if _locate(data, file, lines) else None


def _bracket_lines(text: str, line_offset: int) -> list[int]:
    """The line of every `{` and `[` outside strings, in text order."""
    blanked = _STRING.sub('""', text)
    lines: list[int] = []
    line, last = 1 + line_offset, 0
    for bracket in _BRACKET.finditer(blanked):
        at = bracket.start()
        line += blanked.count("\n", last, at)
        last = at
        lines.append(line)
    return lines


def _locate(root: YDict | YList, file: str, lines: list[int]) -> bool:
    """Give every container its line and pointer in one walk in document order (making
    lists `YList`s); False when the containers and the brackets do not pair up."""
    order = 0
    stack: list[tuple[YDict | YList, str]] = [(root, "")]
    while stack:
        node, pointer = stack.pop()
        if order >= len(lines):
            return False
        node.loc = Location(file, lines[order], pointer)
        order += 1
        children: list[tuple[YDict | YList, str]] = []
        entries: Iterable[tuple[Any, Any]] = node.items() if isinstance(node, YDict) else enumerate(node)
        for key, value in entries:
            kind = type(value)
            if kind is list:
                value = node[key] = YList(value)
                kind = YList
            if kind is YDict or kind is YList:
                token = escape_token(key) if key.__class__ is str else str(key)
                children.append((value, f"{pointer}/{token}"))
        children.reverse()
        stack += children
    return order == len(lines)
