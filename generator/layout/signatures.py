"""`def` lines laid out straight from their text, as black lays them out.

Signatures of endpoint functions and methods are about half of the layout work on a large
spec, and they have one simple shape: `[async ]def NAME(PARAM, ...) -> RETURN:` (or `: ...`
for an overload), each parameter `NAME`, `*`, `*NAME`, `**NAME`, `NAME: TYPE`,
`NAME: TYPE = DEFAULT` or `NAME=DEFAULT`. For those, black's left-hand split reduces to:

- the line fits in 88 columns: it stays as it is;
- else `def NAME(` / the parameters on one line, indented, if they fit (a lone parameter gets
  a trailing comma) / `) -> RETURN:`;
- else one parameter per line, each with a trailing comma.

Each part is laid out on its own, so a parameter or a return annotation too long for its
line is laid out by the generic port inside a small stand-in signature (`def f(_, PARAM) ->
None:`) and its lines are taken from there.

`layout_signature` returns those lines, or None whenever the text is anything else: not
written as black writes it (spacing, single quotes that are not plain), a comment, a comma
before a closing bracket (black's magic trailing comma), parentheses inside the parameters
or the return annotation, non-ASCII text, a head or a return annotation that does not fit,
or a lone parameter that does not fit. The caller
then takes the generic port (`generator.layout.split`), which handles all of those.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from generator.layout.lines import Unsupported
from generator.layout.text import LINE_LENGTH

Generic = Callable[[str, int], "list[str]"]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# An annotation or a default as black spaces it: names, plain double-quoted strings, decimal
# integers (none black would rewrite, as `1.` or `0XFF`), dots, square brackets, `, ` and ` | `
# (no parentheses, operators or calls). Each token matches one way only (`...` as three dots),
# so a text that does not match fails fast instead of backtracking.
_EXPR = r"""(?:[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_])|(?<![.\w])[0-9]+(?![\w.])|"[^"'\\]*"|[.\[\]]|,\ |\ \|\ )+"""
_PARAM = re.compile(
    rf"""
    \*{{1,2}}{_NAME}(?::\ {_EXPR})?     # *args, **kwargs
    |\*                                 # keyword-only marker
    |{_NAME}(?::\ {_EXPR}(?:\ =\ {_EXPR})?|={_EXPR})?
    """,
    re.VERBOSE,
)
_HEAD = re.compile(rf"(?:async )?def {_NAME}\(")
_TAIL = re.compile(rf"\)(?: -> {_EXPR})?:(?: \.\.\.)?")
_SINGLE_QUOTED = re.compile(r"'([^'\"\\]*)'")
_MAGIC_COMMA = re.compile(r",\s*[\])]")
_PUNCTUATION = re.compile(r"[\[\],]")


def _split_params(inner: str) -> list[str] | None:
    """The parameters (split at the commas outside brackets), or None if unbalanced."""
    if "[" not in inner and "]" not in inner:
        params = inner.split(", ")
        return None if any("," in param for param in params) else params
    params = []
    depth = 0
    start = 0
    for match in _PUNCTUATION.finditer(inner):
        char = match.group()
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0:
            index = match.start()
            if inner[index + 1 : index + 2] != " ":
                return None
            params.append(inner[start:index])
            start = index + 2
    if depth:
        return None
    params.append(inner[start:])
    return params


def layout_signature(text: str, depth: int, generic: Generic) -> list[str] | None:
    """The physical lines of the `def` line `text` at `depth`, or None (take the generic path).

    `generic` lays out a `def` line the generic way; it is asked only for the lines of one
    too-long parameter, inside a small stand-in signature.
    """
    if "'" in text and '"' not in text:
        text = _SINGLE_QUOTED.sub(r'"\1"', text)  # black prefers double quotes
    if not text.isascii() or "#" in text or "\n" in text or _MAGIC_COMMA.search(text):
        return None
    head = _HEAD.match(text)
    if head is None:
        return None
    close = text.find(")", head.end())  # no parentheses inside: the first `)` closes
    tail = text[close:]
    if close < 0 or _TAIL.fullmatch(tail) is None:
        return None
    params = _split_params(text[head.end() : close])
    if params is None or not params[0]:
        return None
    for param in params:
        if _PARAM.fullmatch(param) is None:
            return None
    indent = "    " * depth
    flat = indent + text
    if len(flat) <= LINE_LENGTH:
        return [flat]
    head_line = indent + text[: head.end()]
    tail_line = indent + tail
    if len(head_line) > LINE_LENGTH or len(tail_line) > LINE_LENGTH:
        return None  # a return annotation black splits: left to the generic port
    inner_indent = indent + "    "
    if len(params) == 1:
        if "," in params[0]:
            return None  # black's rule for a lone parameter's comma depends on where it stands
        body = [inner_indent + params[0] + ","]
        if len(body[0]) > LINE_LENGTH:
            return None
    else:
        one_line = inner_indent + ", ".join(params)
        if len(one_line) <= LINE_LENGTH:
            body = [one_line]
        else:
            body = []
            for param in params:
                line = inner_indent + param + ","
                if len(line) <= LINE_LENGTH:
                    body.append(line)
                else:  # black wraps a long annotation in parentheses, or splits a subscript
                    lines = _stand_in(f"def f(_, {param}) -> None:", depth, generic)
                    if lines is None or lines[1] != inner_indent + "_," or lines[-1] != indent + ") -> None:":
                        return None
                    body.extend(lines[2:-1])
    return [head_line, *body, tail_line]


@functools.lru_cache(maxsize=4096)
def _stand_in(text: str, depth: int, generic: Generic) -> tuple[str, ...] | None:
    """The generic layout of a stand-in signature `def f(...)`, split by black's left-hand
    split into `def f(` and the rest (else None). Kept for the next signatures: an endpoint's
    long parameter comes back in each of its functions and methods."""
    try:
        lines = generic(text, depth)
    except Unsupported:
        return None
    if len(lines) < 3 or lines[0] != "    " * depth + "def f(":
        return None
    return tuple(lines)
