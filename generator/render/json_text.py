"""`json.dumps(value, indent=2, ensure_ascii=False)`, the same text written faster.

With `indent`, the standard library encodes in Python through a generator per container
(its C encoder writes compact JSON only); for the `_index.json` of a big API (the OpenAI
client's is 2 MB, 240,000 values) that was a tenth of a regeneration after a one-schema
edit. `indented` writes the same text with one recursive function: strings through the
standard library's own escaper (its C version), and ints, booleans and None as
`json` spells them (subclasses too, as `json` treats them). Anything else (a float, a key
that is not a string, another type) makes it return `json.dumps`'s text (or error), so the
result is always exactly that.

A part written before (`indented_at`: its text at the depth it will sit) can stand in the
value as a `Verbatim` of that text, written as it is: the render record keeps such parts of `_index.json`
between runs (`render.cached`). Should the whole need `json.dumps`, each `Verbatim` is read
back into the value it spells first.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any


class _Other(Exception):
    """A value `indented` leaves to `json.dumps`."""


class Verbatim(str):
    """JSON text `indented_at` wrote for a value at the depth where it stands."""


def indented(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`."""
    parts: list[str] = []
    try:
        _write(value, "\n", parts)
    except _Other:
        return json.dumps(_plain(value), indent=2, ensure_ascii=False)
    return "".join(parts)


def indented_at(value: Any, depth: int) -> str | None:
    """The text `indented` gives `value` where it stands `depth` containers deep, or None when
    `json.dumps` would have to write it (a float, say)."""
    parts: list[str] = []
    try:
        _write(value, "\n" + "  " * depth, parts)
    except _Other:
        return None
    return "".join(parts)


def _plain(value: Any) -> Any:
    """The value with each `Verbatim` read back into the value it spells."""
    if type(value) is Verbatim:
        return json.loads(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _write(value: Any, newline: str, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(value if type(value) is Verbatim else encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        append = parts.append
        for key, item in value.items():
            if type(key) is not str:  # noqa: E721 (exact: a subclass may spell itself otherwise)
                if not isinstance(key, str):
                    raise _Other  # json spells such keys in ways of its own
            kind = type(item)
            if kind is str:  # the common leaves inline: a call each was most of the time
                append(f"{separator}{encode_basestring(key)}: {encode_basestring(item)}")
            elif item is None or item is True or item is False:
                append(f"{separator}{encode_basestring(key)}: {_ATOMS[item]}")
            else:
                append(f"{separator}{encode_basestring(key)}: ")
                _write(item, inner, parts)
            separator = "," + inner
        append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        append = parts.append
        for item in value:
            if type(item) is str:
                append(separator + encode_basestring(item))
            else:
                append(separator)
                _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    elif value is None or value is True or value is False:
        parts.append(_ATOMS[value])
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    else:  # floats (NaN, infinities) and anything else: as json spells them (or refuses)
        raise _Other


_ATOMS = {None: "null", True: "true", False: "false"}
