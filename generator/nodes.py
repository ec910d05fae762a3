"""Located document nodes: dicts and lists that remember their file, line and JSON pointer.

The loader builds every mapping as a `YDict` and every sequence as a `YList`; they behave as
plain `dict`/`list` (and compare equal to them) but carry `.loc`, so any later stage can say
where a problem is. Also the JSON pointer helpers (RFC 6901 `~0`/`~1` escapes).
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Location

_NOWHERE = Location("<unknown>", 0, "")


class YDict(dict[str, Any]):
    """A mapping from the input, with its location."""

    loc: Location = _NOWHERE


class YList(list[Any]):
    """A sequence from the input, with its location."""

    loc: Location = _NOWHERE


def location_of(node: object, fallback: Location | None = None) -> Location | None:
    """The location of a node if it has one, else the fallback."""
    loc = getattr(node, "loc", None)
    if isinstance(loc, Location) and loc is not _NOWHERE:
        return loc
    return fallback


def escape_token(token: str) -> str:
    """Escape one JSON pointer reference token."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    """Undo `escape_token`."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_join(pointer: str, *tokens: object) -> str:
    """Append reference tokens to a JSON pointer ("" is the whole document)."""
    return pointer + "".join("/" + escape_token(str(t)) for t in tokens)


def assign_pointers(root: object, file: str, pointer: str = "") -> None:
    """Give every located node its JSON pointer (the first path that reaches it); `pointer`:
    the root's own (a piece of a document, `generator.parse_cache`).

    Iterative, and safe on the shared and cyclic structures that YAML aliases make.
    """
    seen: set[int] = set()
    stack: list[tuple[object, str]] = [(root, pointer)]
    while stack:
        node, pointer = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, (YDict, YList)):
            line = node.loc.line if node.loc is not _NOWHERE else 0
            node.loc = Location(file, line, pointer)
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            continue
        for key, child in reversed(items):
            if isinstance(child, (dict, list)):
                stack.append((child, pointer_join(pointer, key)))
