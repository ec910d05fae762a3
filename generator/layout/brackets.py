"""Statements that split only at their brackets, laid out without `split`.

Most long statements in generated code are calls and displays nested in one another:
`return client.send(_OP, _op_parts(a=a, b=b), timeout)`, `_response: ApiResponse[T] = await
client.send(...)`, `__all__ = [...]`, `_MODULES: dict[str, str] = {...}`. For these,
black's transforms (`generator.layout.split`) reduce to one recursion:

- a statement whose value is `[await ]NAME.NAME(...)` or a `[...]`/`{...}` display, after
  `return`, `NAME =` or `NAME: TYPE =`, splits at the value's last bracket when that head
  fits (black omits the invisible parentheses); an annotated assignment whose head with the
  call does not fit keeps them instead: `NAME: TYPE = (` / the value, indented / `)`;
- the inside of a bracket stays on one line if it fits, unless it is a display or tuple
  with commas (black's `should_split_line`); else it is cut after each comma, with a
  trailing comma added, and each item is laid out again: as it is if it fits or holds no
  bracket, else split at its last bracket.

A magic trailing comma (in a display, a call's arguments or a tuple of several items) makes
the line that holds it split, and the inside of its bracket one item a line, as black
does; the templates write one where a dict or call must always be exploded.

An import too long for its line becomes `from MODULE import (` / one name a line, each
with a comma / `)`.

`layout_brackets` returns the physical lines, or None for anything else: a `def` or `class`,
a comma before the closing bracket of a one-tuple or a subscript, a delimiter other than
commas (`|` anywhere but in the annotation of an annotated assignment, a dot after a call,
implicit string concatenation, a conditional expression or comparison), a chained
assignment, an empty pair of brackets that would have to split, a head that does not fit
(black then tries other brackets), or an item with brackets that does not end with one. The caller then takes the generic port, which
handles all of those; tests compare the two on every statement of the big specs.
"""

from __future__ import annotations

from generator.layout.lines import CLOSING, OPENING, Leaf
from generator.layout.text import LINE_LENGTH

_REFUSED_FIRST = frozenset(
    ["def", "async", "class", "from", "import", "@", "if", "else", "elif", "while", "for", "with", "try",
     "except", "finally", "raise", "del", "assert", "global", "nonlocal", "yield", "lambda", "pass"]
)
_EXPLODING_ROLES = frozenset(["atom", "list", "dict", "import", "invisible"])


class Structure:
    """What the recursion needs that depends only on the statement's shape (its leaves'
    kinds, roles and keywords): how it splits (`form`), matching brackets, nesting levels
    and magic trailing commas. Kept on a shape's template (`generator.layout.shapes`)."""

    __slots__ = ("form", "match", "level", "magic")

    def __init__(self, form: str, size: int) -> None:
        self.form = form  # "import", "value" (ends in invisible parentheses) or "call"
        self.match: dict[int, int] = {}
        self.level = [0] * size
        self.magic = [0] * (size + 1)  # magic trailing commas among the leaves before i


class _Statement:
    """A statement's leaves as parallel lists, their rendered text offsets, and its
    `Structure`."""

    __slots__ = ("kinds", "roles", "prefixes", "values", "text", "starts", "match", "level", "magic")

    def __init__(
        self, kinds: list[str], roles: list[str], prefixes: list[str], values: list[str], structure: Structure
    ) -> None:
        self.kinds = kinds
        self.roles = roles
        self.prefixes = prefixes
        self.values = values
        parts = [prefix + value for prefix, value in zip(prefixes, values)]
        starts = [0] * (len(parts) + 1)
        offset = 0
        for index, part in enumerate(parts):
            starts[index] = offset
            offset += len(part)
        starts[len(parts)] = offset
        self.text = "".join(parts)
        self.starts = starts
        self.match = structure.match
        self.level = structure.level
        self.magic = structure.magic

    def has_magic(self, start: int, end: int) -> bool:
        """Whether leaves[start:end] hold a closing bracket after a magic trailing comma."""
        return self.magic[end] > self.magic[start]

    def segment(self, start: int, end: int) -> str:
        """The text of leaves[start:end], without the first leaf's prefix."""
        return self.text[self.starts[start] + len(self.prefixes[start]) : self.starts[end]]


def layout_brackets(leaves: list[Leaf], depth: int) -> list[str] | None:
    """The physical lines black makes of the statement `leaves` at `depth` (which does not
    fit on one line), or None when the statement is not of the shape this module handles."""
    kinds = [leaf.kind for leaf in leaves]
    roles = [leaf.role for leaf in leaves]
    values = [leaf.value for leaf in leaves]
    structure = structure_of(kinds, roles, values)
    if structure is None:
        return None
    return layout_read(kinds, roles, [leaf.prefix for leaf in leaves], values, structure, depth)


def layout_read(
    kinds: list[str], roles: list[str], prefixes: list[str], values: list[str], structure: Structure, depth: int
) -> list[str] | None:
    """`layout_brackets` for a statement read as parallel lists, its structure known."""
    statement = _Statement(kinds, roles, prefixes, values, structure)
    indent = "    " * depth
    if structure.form == "import":
        return _import_split(statement, depth)
    if structure.form == "value":
        return _value_split(statement, depth, indent)
    last = len(kinds) - 1
    opening = structure.match[last]
    head = indent + statement.segment(0, opening + 1)
    if len(head) > LINE_LENGTH:
        return None
    body = _body(statement, opening + 1, last, depth + 1)
    if body is None:
        return None
    return [head, *body, indent + values[last]]


def structure_of(kinds: list[str], roles: list[str], values: list[str]) -> Structure | None:
    """The statement's `Structure`, or None for what the recursion does not model."""
    first = values[0]
    if first == "from":
        return _import_structure(kinds, roles, values)
    if first in _REFUSED_FIRST or kinds[0] != "NAME":
        return None
    last = len(kinds) - 1
    if kinds[last] == ")" and not values[last]:
        structure = Structure("value", len(kinds))
    elif kinds[last] in CLOSING:
        structure = Structure("call", len(kinds))
    else:
        return None
    if not _scan(kinds, roles, values, structure):
        return None
    if structure.form == "call":
        opening = structure.match[last]
        if opening == 0 or opening + 1 == last:
            return None
    return structure


def _import_structure(kinds: list[str], roles: list[str], values: list[str]) -> Structure | None:
    """An import whose names stand in invisible parentheses, plain names and `as` only."""
    lpar = next((index for index, kind in enumerate(kinds) if kind == "("), None)
    if lpar is None or values[lpar] or roles[lpar] != "import" or kinds[-1] != ")":
        return None
    names = kinds[lpar + 1 : -1]
    if not names or names[-1] == "," or any(kind not in ("NAME", ",") for kind in names):
        return None
    structure = Structure("import", len(kinds))
    structure.match[len(kinds) - 1] = lpar
    return structure


def _import_split(statement: _Statement, depth: int) -> list[str] | None:
    """`from MODULE import (` / one name a line, each with a comma / `)`: black's split of an
    import too long for its line (the names in invisible parentheses, no omitting them)."""
    last = len(statement.kinds) - 1
    lpar = statement.match[last]
    indent = "    " * depth
    head = indent + statement.segment(0, lpar) + statement.prefixes[lpar] + "("
    if len(head) > LINE_LENGTH:
        return None
    body: list[str] = []
    item: list[str] = []
    for kind, value in zip(statement.kinds[lpar + 1 : last], statement.values[lpar + 1 : last]):
        if kind == ",":
            body.append(indent + "    " + " ".join(item) + ",")
            item = []
        else:
            item.append(value)  # `NAME` or `NAME as NAME`
    body.append(indent + "    " + " ".join(item) + ",")
    return [head, *body, indent + ")"]


def _scan(kinds: list[str], roles: list[str], values: list[str], structure: Structure) -> bool:
    """Match brackets, set nesting levels and count magic trailing commas; False for what
    the recursion does not model."""
    match = structure.match
    level = structure.level
    magic = structure.magic
    stack: list[int] = []
    assigns = 0
    commas = [0]  # per open bracket: commas at its level
    count = 0
    previous = ""  # the previous leaf's kind
    for index, kind in enumerate(kinds):
        level[index] = len(stack)
        magic[index] = count
        if kind in OPENING:
            stack.append(index)
            commas.append(0)
        elif kind in CLOSING:
            if not stack:
                return False
            opening = stack.pop()
            inside = commas.pop()
            match[opening] = index
            match[index] = opening
            level[index] = len(stack)
            if previous == ",":
                if not _is_magic(roles[opening], kind, inside):
                    return False  # a one-tuple or one subscript: black keeps them as they are
                count += 1
        elif kind == ",":
            commas[-1] += 1
        elif kind == "|":
            if not _in_annotation(stack, kinds, roles, values, assigns):
                return False
        elif roles[index] in ("ternary", "comparison"):
            return False
        elif kind == "." and previous in CLOSING:
            return False  # black's DOT_PRIORITY delimiter
        elif kind == "STRING" and previous == "STRING":
            return False  # implicit concatenation
        elif kind == "=" and roles[index] == "assign":
            assigns += 1
            if assigns > 1:
                return False
        previous = kind
    magic[len(kinds)] = count
    if stack:
        return False
    if structure.form == "value":
        return _value_shape(kinds, values, structure)
    return True


def _in_annotation(stack: list[int], kinds: list[str], roles: list[str], values: list[str], assigns: int) -> bool:
    """Whether the open brackets are only the invisible parentheses around the annotation of
    an annotated assignment (`NAME: A | B = ...`). black's right-hand split never looks at a
    delimiter there while the head it splits off fits (which the recursion requires): it
    splits at the value's brackets, so `|` in the annotation is taken."""
    if len(stack) != 1 or assigns:
        return False
    opening = stack[0]
    return opening > 0 and kinds[opening] == "(" and not values[opening] and roles[opening - 1] == "annassign"


def _is_magic(opening_role: str, closing: str, commas: int) -> bool:
    """black's magic trailing comma, for the brackets taken here (anything else refused):
    always in a display or a call's arguments; in a tuple of more than one item."""
    if closing == "}":
        return True
    if closing == "]":
        return opening_role == "list"
    return opening_role == "call" or (opening_role == "atom" and commas > 1)


def _value_shape(kinds: list[str], values: list[str], structure: Structure) -> bool:
    """Whether the value in invisible parentheses is `[await ]NAME(.NAME)*(...)` or a
    `[...]`/`{...}` display, with something inside its brackets."""
    last = len(kinds) - 1
    lpar = structure.match[last]
    value_end = last - 1  # the value's own closing bracket
    if kinds[value_end] not in CLOSING or not values[value_end]:
        return False
    opening = structure.match[value_end]
    if opening + 1 == value_end:
        return False  # empty brackets
    if opening > lpar + 1:
        return kinds[opening] == "(" and _is_callee(kinds[lpar + 1 : opening], values[lpar + 1 : opening])
    return kinds[opening] != "("  # a parenthesized value (a tuple): black's rules for atoms differ


def _value_split(statement: _Statement, depth: int, indent: str) -> list[str] | None:
    """A statement ending in the invisible parentheses around its value (after `return`, `=`
    or an annotation): black's right-hand split with optional parentheses."""
    kinds = statement.kinds
    last = len(kinds) - 1
    lpar = statement.match[last]
    value_end = last - 1
    opening = statement.match[value_end]
    oop_head = indent + statement.segment(0, opening + 1)
    if not _prefer_omitting(statement, indent, lpar, oop_head):
        head = indent + statement.segment(0, lpar) + statement.prefixes[lpar] + "("
        if len(head) > LINE_LENGTH:
            return None
        value = _item(statement, lpar + 1, last, depth + 1, "")
        if value is None:
            return None
        return [head, *value, indent + ")"]
    if len(oop_head) > LINE_LENGTH:
        return None
    body = _body(statement, opening + 1, value_end, depth + 1)
    if body is None:
        return None
    return [oop_head, *body, indent + statement.values[value_end]]


def _is_callee(kinds: list[str], values: list[str]) -> bool:
    """`[await ]NAME(.NAME)*`: what can stand before a call's bracket without a delimiter."""
    start = 1 if values[0] == "await" else 0
    names = list(zip(kinds[start:], values[start:]))
    if not names or len(names) % 2 == 0:
        return False
    for position, (kind, value) in enumerate(names):
        if position % 2:
            if kind != ".":
                return False
        elif kind != "NAME" or value == "await":
            return False
    return True


def _prefer_omitting(statement: _Statement, indent: str, lpar: int, oop_head: str) -> bool:
    """black's `_prefer_split_rhs_oop_over_rhs` for these statements: split at the value's
    bracket rather than keep the invisible parentheses."""
    head_kinds = statement.kinds[: lpar + 1]
    if not (len(head_kinds) >= 2 and head_kinds[-2] == "="):
        return True
    if not any(kind in OPENING or kind in CLOSING for kind in head_kinds[:-1]):
        return True
    if len(indent + statement.segment(0, lpar + 1)) > LINE_LENGTH - 1:
        return True
    # one `=` (chained assignments are refused), and no closing bracket after it in the
    # head that omits the parentheses: the value is `[await ]NAME.NAME(` or a display
    return len(oop_head) <= LINE_LENGTH


def _body(statement: _Statement, start: int, end: int, depth: int) -> list[str] | None:
    """The lines of the inside of a bracket (leaves[start:end]) that black split out."""
    kinds = statement.kinds
    indent = "    " * depth
    text = indent + statement.segment(start, end)
    level = statement.level[start]
    levels = statement.level
    commas = [index for index in range(start, end) if kinds[index] == "," and levels[index] == level]
    magic = kinds[end - 1] == ","  # the bracket's own magic trailing comma (others are refused)
    separators = commas[:-1] if magic else commas
    explode = bool(separators) and (magic or statement.roles[start - 1] in _EXPLODING_ROLES)
    if len(text) <= LINE_LENGTH and not explode and not statement.has_magic(start, end):
        return [text]
    if not separators:
        return _item(statement, start, end, depth, "")
    lines: list[str] = []
    item_start = start
    for comma in commas:
        item = _item(statement, item_start, comma + 1, depth, "")
        if item is None:
            return None
        lines += item
        item_start = comma + 1
    if magic:
        return lines  # the last item ends with the magic comma
    item = _item(statement, item_start, end, depth, ",")  # black adds the trailing comma
    if item is None:
        return None
    return lines + item


def _item(statement: _Statement, start: int, end: int, depth: int, comma: str) -> list[str] | None:
    """One item of a split bracket (leaves[start:end], `comma` appended): as it is if it fits
    (and holds no magic trailing comma) or has no bracket to split at, else split at its last
    bracket."""
    kinds = statement.kinds
    indent = "    " * depth
    text = indent + statement.segment(start, end) + comma
    if len(text) <= LINE_LENGTH and not statement.has_magic(start, end):
        return [text]
    last = end - 1
    trailing = comma
    if kinds[last] == ",":
        trailing = ","
        last -= 1
    closing = kinds[last]
    if closing not in CLOSING:
        if any(kind in OPENING for kind in kinds[start:end]):
            return None  # brackets, then something else: black's omitted trailers
        return [text]  # nothing to split at: left too long, as black leaves it
    if not statement.values[last]:
        return None
    opening = statement.match[last]
    if opening < start or opening + 1 == last:
        return None
    head = indent + statement.segment(start, opening + 1)
    if len(head) > LINE_LENGTH:
        return None
    body = _body(statement, opening + 1, last, depth + 1)
    if body is None:
        return None
    return [head, *body, indent + statement.values[last] + trailing]
