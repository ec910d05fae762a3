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
a comma before the closing bracket of a one-tuple or a subscript, a delimiter other
than commas (`|`, a dot after a call, implicit string concatenation, a
conditional expression or comparison), a chained assignment, an empty pair of brackets that
would have to split, a head that does not fit (black then tries other brackets), or an item
with brackets that does not end with one. The caller then takes the generic port, which
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


class _Statement:
    """The leaves of one statement with what the recursion looks up: rendered text offsets,
    matching brackets and nesting levels."""

    __slots__ = ("leaves", "text", "starts", "match", "level", "magic")

    def __init__(self, leaves: list[Leaf]) -> None:
        self.leaves = leaves
        parts = [leaf.prefix + leaf.value for leaf in leaves]
        starts = [0] * (len(leaves) + 1)
        offset = 0
        for index, part in enumerate(parts):
            starts[index] = offset
            offset += len(part)
        starts[len(leaves)] = offset
        self.text = "".join(parts)
        self.starts = starts
        self.match: dict[int, int] = {}
        self.level = [0] * len(leaves)
        self.magic = [0] * (len(leaves) + 1)  # magic trailing commas among leaves[:i]

    def has_magic(self, start: int, end: int) -> bool:
        """Whether leaves[start:end] hold a closing bracket after a magic trailing comma."""
        return self.magic[end] > self.magic[start]

    def segment(self, start: int, end: int) -> str:
        """The text of leaves[start:end], without the first leaf's prefix."""
        return self.text[self.starts[start] + len(self.leaves[start].prefix) : self.starts[end]]


def layout_brackets(leaves: list[Leaf], depth: int) -> list[str] | None:
    """The physical lines black makes of the statement `leaves` at `depth` (which does not
    fit on one line), or None when the statement is not of the shape this module handles."""
    first = leaves[0]
    if first.value == "from":
        return _import_split(leaves, depth)
    if first.value in _REFUSED_FIRST or first.kind not in ("NAME",):
        return None
    statement = _Statement(leaves)
    if not _scan(statement):
        return None
    indent = "    " * depth
    last = len(leaves) - 1
    closing = leaves[last]
    if closing.kind == ")" and not closing.value:
        return _value_split(statement, depth, indent)
    if closing.kind not in CLOSING:
        return None
    opening = statement.match[last]
    if opening == 0 or opening + 1 == last:
        return None
    head = indent + statement.segment(0, opening + 1)
    if len(head) > LINE_LENGTH:
        return None
    body = _body(statement, opening + 1, last, depth + 1)
    if body is None:
        return None
    return [head, *body, indent + closing.value]


def _import_split(leaves: list[Leaf], depth: int) -> list[str] | None:
    """`from MODULE import (` / one name a line, each with a comma / `)`: black's split of an
    import too long for its line (the names in invisible parentheses, no omitting them)."""
    lpar = next((index for index, leaf in enumerate(leaves) if leaf.kind == "("), None)
    if lpar is None or leaves[lpar].value or leaves[lpar].role != "import" or leaves[-1].kind != ")":
        return None
    names = leaves[lpar + 1 : -1]
    if not names or names[-1].kind == "," or any(leaf.kind not in ("NAME", ",") for leaf in names):
        return None
    indent = "    " * depth
    head = indent + leaves[0].value + "".join([leaf.prefix + leaf.value for leaf in leaves[1:lpar]])
    head += leaves[lpar].prefix + "("
    if len(head) > LINE_LENGTH:
        return None
    body: list[str] = []
    item: list[str] = []
    for leaf in names:
        if leaf.kind == ",":
            body.append(indent + "    " + " ".join(item) + ",")
            item = []
        else:
            item.append(leaf.value)  # `NAME` or `NAME as NAME`
    body.append(indent + "    " + " ".join(item) + ",")
    return [head, *body, indent + ")"]


def _scan(statement: _Statement) -> bool:
    """Match brackets, set nesting levels and count magic trailing commas; False for what
    the recursion does not model."""
    leaves = statement.leaves
    match = statement.match
    level = statement.level
    magic = statement.magic
    stack: list[int] = []
    assigns = 0
    commas = [0]  # per open bracket: commas at its level
    count = 0
    previous: Leaf | None = None
    for index, leaf in enumerate(leaves):
        kind = leaf.kind
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
            if previous is not None and previous.kind == ",":
                if not _is_magic(leaves[opening], leaf, inside):
                    return False  # a one-tuple or one subscript: black keeps them as they are
                count += 1
        elif kind == ",":
            commas[-1] += 1
        elif kind == "|" or leaf.role in ("ternary", "comparison"):
            return False
        elif kind == "." and previous is not None and previous.kind in CLOSING:
            return False  # black's DOT_PRIORITY delimiter
        elif kind == "STRING" and previous is not None and previous.kind == "STRING":
            return False  # implicit concatenation
        elif kind == "=" and leaf.role == "assign":
            assigns += 1
            if assigns > 1:
                return False
        previous = leaf
    magic[len(leaves)] = count
    return not stack


def _is_magic(opening: Leaf, closing: Leaf, commas: int) -> bool:
    """black's magic trailing comma, for the brackets taken here (anything else refused):
    always in a display or a call's arguments; in a tuple of more than one item."""
    if closing.kind == "}":
        return True
    if closing.kind == "]":
        return opening.role == "list"
    return opening.role == "call" or (opening.role == "atom" and commas > 1)


def _value_split(statement: _Statement, depth: int, indent: str) -> list[str] | None:
    """A statement ending in the invisible parentheses around its value (after `return`, `=`
    or an annotation): black's right-hand split with optional parentheses."""
    leaves = statement.leaves
    last = len(leaves) - 1
    lpar = statement.match[last]
    value_end = last - 1  # the value's own closing bracket
    closing = leaves[value_end]
    if closing.kind not in CLOSING or not closing.value:
        return None
    opening = statement.match[value_end]
    if opening + 1 == value_end:
        return None  # empty brackets
    callee = leaves[lpar + 1 : opening]
    if callee:
        if leaves[opening].kind != "(" or not _is_callee(callee):
            return None
    elif leaves[opening].kind == "(":
        return None  # a parenthesized value (a tuple): black's rules for atoms differ
    head_leaves = leaves[: lpar + 1]
    oop_head = indent + statement.segment(0, opening + 1)
    if not _prefer_omitting(statement, head_leaves, indent, lpar, opening, oop_head):
        head = indent + statement.segment(0, lpar) + leaves[lpar].prefix + "("
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
    return [oop_head, *body, indent + closing.value]


def _is_callee(callee: list[Leaf]) -> bool:
    """`[await ]NAME(.NAME)*`: what can stand before a call's bracket without a delimiter."""
    start = 1 if callee[0].value == "await" else 0
    names = callee[start:]
    if not names or len(names) % 2 == 0:
        return False
    for position, leaf in enumerate(names):
        if position % 2:
            if leaf.kind != ".":
                return False
        elif leaf.kind != "NAME" or leaf.value == "await":
            return False
    return True


def _prefer_omitting(
    statement: _Statement, head_leaves: list[Leaf], indent: str, lpar: int, opening: int, oop_head: str
) -> bool:
    """black's `_prefer_split_rhs_oop_over_rhs` for these statements: split at the value's
    bracket rather than keep the invisible parentheses."""
    if not (len(head_leaves) >= 2 and head_leaves[-2].kind == "="):
        return True
    if not any(leaf.kind in OPENING or leaf.kind in CLOSING for leaf in head_leaves[:-1]):
        return True
    if len(indent + statement.segment(0, lpar + 1)) > LINE_LENGTH - 1:
        return True
    # one `=` (chained assignments are refused), and no closing bracket after it in the
    # head that omits the parentheses: the value is `[await ]NAME.NAME(` or a display
    return len(oop_head) <= LINE_LENGTH


def _body(statement: _Statement, start: int, end: int, depth: int) -> list[str] | None:
    """The lines of the inside of a bracket (leaves[start:end]) that black split out."""
    leaves = statement.leaves
    indent = "    " * depth
    text = indent + statement.segment(start, end)
    level = statement.level[start]
    commas = [index for index in range(start, end) if leaves[index].kind == "," and statement.level[index] == level]
    magic = leaves[end - 1].kind == ","  # the bracket's own magic trailing comma (others are refused)
    separators = commas[:-1] if magic else commas
    explode = bool(separators) and (magic or leaves[start - 1].role in _EXPLODING_ROLES)
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
    leaves = statement.leaves
    indent = "    " * depth
    text = indent + statement.segment(start, end) + comma
    if len(text) <= LINE_LENGTH and not statement.has_magic(start, end):
        return [text]
    last = end - 1
    trailing = comma
    if leaves[last].kind == ",":
        trailing = ","
        last -= 1
    closing = leaves[last]
    if closing.kind not in CLOSING:
        if any(leaf.kind in OPENING for leaf in leaves[start:end]):
            return None  # brackets, then something else: black's omitted trailers
        return [text]  # nothing to split at: left too long, as black leaves it
    if not closing.value:
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
    return [head, *body, indent + closing.value + trailing]
