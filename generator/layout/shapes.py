"""Statements read through the template of their shape, not token by token.

Reading a statement into black's leaves (`lines.read_leaves`: roles, invisible parentheses,
whitespace) was most of the layout work, and generated code repeats a few hundred shapes:
OpenAI's 24,000 statements that reach the layouter have about 600. A shape is the
statement's tokens with every name that is not a keyword replaced by `name`, every string
by `string` and every number by `number` (operators and keywords kept). Nothing `read_leaves`
decides depends on what those stand for, so the first statement of a shape is read the
long way and its leaves, minus their values, become the shape's template: kind, role,
whitespace prefix, and where the value comes from (a token of the statement, normalized as
`read_leaves` normalizes it, or a fixed text such as an invisible parenthesis). The next
statements of that shape take their leaves from the template.

Left to the long way every time: one-token statements (docstrings depend on where they
stand), `if`/`else` headers (`_if_header` refuses one too long for its line), strings
`read_leaves` refuses (multi-line, non-ASCII), and any shape whose first reading did not map
back onto its tokens (checked when the template is made).
"""

from __future__ import annotations

import functools
import keyword
import operator

from generator.layout.brackets import Structure, structure_of
from generator.layout.lines import (
    ATOM_KEYWORDS,
    KEYWORDS_SPACED,
    MID_STATEMENT,
    REFUSED_NAMES,
    Leaf,
    Unsupported,
    has_comma_before_closing,
    read_leaves,
    tokenize,
)
from generator.layout.text import normalize_number, normalize_string

# Names `read_leaves` tells apart by their text: kept as they are in a shape.
_SPECIAL = frozenset(
    [*keyword.kwlist, *keyword.softkwlist, "print", "exec", "await", "async"]
) | KEYWORDS_SPACED | REFUSED_NAMES | frozenset(MID_STATEMENT) | ATOM_KEYWORDS


class Template:
    """The leaves of a statement shape, without the values that vary."""

    __slots__ = ("kinds", "roles", "prefixes", "fixed", "varying", "magic_comma", "structure", "structure_known")

    def __init__(self, leaves: list[Leaf], tokens: list[tuple[str, str]]) -> None:
        self.kinds = [leaf.kind for leaf in leaves]
        self.roles = [leaf.role for leaf in leaves]
        self.prefixes = [leaf.prefix for leaf in leaves]
        self.fixed: list[str] = []  # per leaf: its value, or "" where a token gives it
        self.varying: list[tuple[int, int, str]] = []  # (leaf, token, token kind): values to fill
        for position, leaf in enumerate(leaves):
            source = leaf.source
            if source >= 0 and tokens[source][0] in _VARYING and tokens[source][1] not in _SPECIAL:
                if leaf.value != _normalized(tokens[source]):
                    raise ValueError("a varying token's value was rewritten in context")
                self.varying.append((position, source, tokens[source][0]))
                self.fixed.append("")
            else:
                self.fixed.append(leaf.value)
        if leaves[0].prefix:
            raise ValueError("a prefix before the first leaf")  # `render` counts on none
        self.magic_comma = has_comma_before_closing(leaves)
        # the shape's `brackets.Structure` (None: not taken there), found for its first long statement
        self.structure: Structure | None = None
        self.structure_known = False

    def values(self, tokens: list[tuple[str, str]]) -> list[str]:
        """The leaves' values for a statement of this shape."""
        values = self.fixed[:]
        for position, source, kind in self.varying:
            value = tokens[source][1]
            if kind == "string":
                value = _normalized_string(value)
            elif kind == "number":
                value = normalize_number(value)
            values[position] = value
        return values

    def bracket_structure(self, values: list[str]) -> Structure | None:
        """The shape's structure for `brackets.layout_read` (None: the fast path does not
        take it), found once: it depends only on what the shape keeps."""
        if not self.structure_known:
            self.structure = structure_of(self.kinds, self.roles, values)
            self.structure_known = True
        return self.structure

    def leaves(self, values: list[str]) -> list[Leaf]:
        """Fresh leaves (the layout changes them) for a statement of this shape."""
        made: list[Leaf] = []
        for kind, value, role, prefix in zip(self.kinds, values, self.roles, self.prefixes):
            leaf = Leaf(kind, value, role)
            leaf.prefix = prefix
            made.append(leaf)
        return made

    def render(self, values: list[str], depth: int) -> str:
        """The statement on one line (black's `line_to_string`)."""
        return "    " * depth + "".join(map(operator.add, self.prefixes, values))


_VARYING = frozenset(["name", "string", "number"])


@functools.lru_cache(maxsize=8192)
def _normalized_string(value: str) -> str:
    """`normalize_string`, kept: generated code repeats its strings (keys, literals)."""
    return normalize_string(value)


def _normalized(token: tuple[str, str]) -> str:
    kind, value = token
    if kind == "string":
        return normalize_string(value)
    if kind == "number":
        return normalize_number(value)
    return value


def shape_of(tokens: list[tuple[str, str]], depth: int) -> tuple[object, ...] | None:
    """The statement's shape, or None when it must be read the long way."""
    if len(tokens) < 2 or tokens[0][1] in ("if", "else"):
        return None
    key: list[str] = []
    for kind, value in tokens:
        if kind == "string":
            if "\n" in value or not value.isascii():
                return None  # refused by `read_leaves` with its own message
            key.append("string")
        elif kind == "name" and value not in _SPECIAL:
            key.append("name")
        elif kind == "number":
            key.append("number")
        else:
            key.append(value)
    return (depth, *key)


def read(
    text: str, depth: int, first_in_block: bool, shapes: dict[tuple[object, ...], Template | str | None]
) -> tuple[Template | None, list[str], list[Leaf] | None]:
    """The statement as (template, leaf values, leaves): through its shape's template when
    it has one (leaves None: `Template.leaves` makes them when needed), else read the long
    way (template None) and, the first time, made the shape's template. Raises Unsupported
    as `lines.statement_leaves` does."""
    tokens = tokenize(text)
    if not tokens:
        raise Unsupported("empty statement")
    shape = shape_of(tokens, depth)
    if shape is None:
        leaves = read_leaves(tokens, depth, first_in_block)
        return None, [leaf.value for leaf in leaves], leaves
    template = shapes.get(shape)
    if isinstance(template, Template):
        return template, template.values(tokens), None
    if isinstance(template, str):
        raise Unsupported(template)  # the shape's first statement was refused
    try:
        leaves = read_leaves(tokens, depth, first_in_block)
    except Unsupported as refused:
        if shape not in shapes:
            shapes[shape] = str(refused)
        raise
    if shape not in shapes:
        try:
            shapes[shape] = Template(leaves, tokens)
        except ValueError:
            shapes[shape] = None  # always the long way
    return None, [leaf.value for leaf in leaves], leaves
