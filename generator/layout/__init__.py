"""Lay out generated Python exactly as black would, without running black.

black is the formatter of record, but running it over thousands of blocks dominated cold
generation. The generated code has few shapes (imports, dataclass fields, signatures, calls,
dict and tuple literals, docstrings), so this package reproduces black 26.10.1's output for
those: `layout_block` formats one top-level block (see `generator.format_cache`) and raises
`Unsupported` for anything outside that subset (comments inside code, operators other than
`|`, slices, lambdas, f-strings, non-ASCII literals, control flow other than a top-level
`if NAME:` or `if NAME.NAME >= (3, 11):` with its `else:` (whose one trailing comment is
kept), ...; a conditional expression `a if c else b` is laid out and split as black splits
it, but a line that would split at a comparison is refused); the caller then lets black
format that block. Tests compare the two on every corpus input.

- `text`: quotes, escapes, numbers and docstrings of single tokens.
- `lines`: a logical line as black's `Line` (whitespace, invisible parens, delimiters).
- `split`: black's splitting of a too-long line (`transform_line`).
- `shapes`: statements read through the template of their shape (names, strings and numbers
  aside), made from the first statement of that shape.
- `signatures`: the common `def` lines, laid out from their text without `split`.
- `brackets`: the common calls and displays, split only at their brackets, without `split`.
- here: statements, indentation and blank lines (black's `EmptyLineTracker`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from generator.layout.brackets import layout_brackets, layout_read
from generator.layout.lines import (
    Leaf,
    Unsupported,
    is_plain_docstring,
    may_need_split,
    statement_line,
    string_statement,
)
from generator.layout.shapes import Template
from generator.layout.shapes import read as read_statement
from generator.layout.signatures import layout_signature
from generator.layout.split import transform_line
from generator.layout.text import LINE_LENGTH

__all__ = ["LayoutMemo", "LogicalLine", "Unsupported", "layout_block", "logical_lines"]

# String literals as unrolled loops (runs of plain characters between escapes): one step
# per run, not per character (tests/test_string_tokens.py: the same matches as the plain form).
_STRING = "|".join(
    [
        r"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''",
        r'\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"',
        r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'",
        r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"',
    ]
)
_PHYSICAL = re.compile(
    rf"""
    (?P<string>{_STRING})
    |(?P<comment>\#[^\n]*)
    |(?P<open>[(\[{{])
    |(?P<close>[)\]}}])
    |(?P<newline>\n)
    |(?P<other>[^'"#()\[\]{{}}\n]+)
    """,
    re.VERBOSE | re.DOTALL,
)


def _nested(levels: int) -> str:
    """A bracket holding code (newlines included), strings and brackets nested `levels` deep
    at most (of any kinds: `_scan_statements` does not match them either); no comment, `;`
    or backslash outside strings."""
    plain = r"""[^'"#()\[\]{}\\;]++"""
    group = rf"""[(\[{{](?:{plain}|{_STRING})*+[)\]}}]"""
    for _ in range(levels - 1):
        group = rf"""[(\[{{](?:{plain}|{_STRING}|{group})*+[)\]}}]"""
    return group


# One logical line of the common kind, in one match: the blank lines before it, its code
# (plain text, strings, brackets nested six deep at most), a comment, the newline. The code
# is matched possessively: what does not match fails at once instead of backtracking.
# Possessive quantifiers are Python 3.11's: on 3.10 every source takes `_scan_statements`
# (the same lines, tests/test_module_scan.py), as it would without this shortcut.
_LOGICAL: re.Pattern[str] | None = None
if sys.version_info >= (3, 11):
    _LOGICAL = re.compile(
        rf"""(?:[ ]*\n)*(?P<code>(?:[^'"#()\[\]{{}}\\;\n]++|{_STRING}|{_nested(6)})*+)(?P<comment>\#[^\n]*)?\n""",
        re.DOTALL,
    )
_FLOW_OPENERS = ("with", "try", "for", "while", "if", "match")


@dataclass
class LogicalLine:
    """One statement (or comment line) of a block, as `logical_lines` finds it."""

    text: str
    indent: int
    blank_before: int
    comment: bool = False
    trailing_comment: str = ""  # a comment after the code (`else:  # pragma: no cover`)
    first_line: int = 0  # 0-based physical lines of the source the statement spans
    last_line: int = 0


@dataclass
class _Kind:
    """What black's EmptyLineTracker asks of a line."""

    depth: int
    is_decorator: bool
    is_def: bool
    is_class: bool
    is_stub_def: bool
    is_import: bool
    is_docstring: bool
    is_comment: bool
    opens_block: bool
    first_value: str


def logical_lines(source: str) -> list[LogicalLine]:
    """The statements (logical lines) of a module or block, with their indentation, the blank
    lines before them and the physical lines they span; Unsupported for what `layout_block`
    refuses at this level (tabs, `;` or a backslash outside strings, comments inside brackets,
    unbalanced brackets, no final newline)."""
    return _statements(source)


def _statements(source: str) -> list[LogicalLine]:
    """Logical lines with their indentation and the blank lines before them: a logical line
    per match of `_LOGICAL` (blank lines, code, a comment, the newline) when the whole source
    is made of such lines, else the token by token scan (`_scan_statements`), which finds
    what this refuses."""
    if _LOGICAL is None:
        return _scan_statements(source)  # Python 3.10
    statements: list[LogicalLine] = []
    line = 0  # the physical line the next statement starts on
    blank = 0
    position = 0
    size = len(source)
    match = _LOGICAL.match
    while position < size:
        found = match(source, position)
        if found is None:
            return _scan_statements(source)  # brackets nested deeper, `;`, `\\`, a comment inside brackets, ...
        position = found.end()
        start, code_end = found.span("code")
        skipped = start - found.start()  # the blank lines the match took first
        if skipped:
            skipped = skipped if skipped == 1 else source.count("\n", found.start(), start)
            blank += skipped
            line += skipped
        comment = found.group("comment")
        trailing = comment is not None and not source[start:code_end].isspace() and start != code_end
        text = source[start:code_end] if trailing else source[start : position - 1]
        stripped = text.strip()
        if not stripped:
            blank += 1
            line += 1
            continue
        indent = len(text) - len(text.lstrip(" "))
        if "\t" in text[: indent + 1] or text[indent] == " ":
            raise Unsupported("tabs")
        last = line + source.count("\n", start, position - 1)
        statement = LogicalLine(stripped, indent, blank, stripped.startswith("#"), "", line, last)
        if trailing:
            statement.trailing_comment = comment
        statements.append(statement)
        blank = 0
        line = last + 1
    return statements


def _scan_statements(source: str) -> list[LogicalLine]:
    """`_statements` token by token (`_PHYSICAL`), for any source."""
    statements: list[LogicalLine] = []
    depth = 0
    start = 0
    blank = 0
    line = 0  # the physical line `start` is on
    has_code = False
    trailing: re.Match[str] | None = None  # a comment after code on this line
    check_other = ";" in source or "\\" in source  # else no stretch of code can hold them
    for match in _PHYSICAL.finditer(source):
        kind = match.lastgroup
        if kind == "other":
            if check_other:
                value = match.group()
                if ";" in value or "\\" in value:
                    raise Unsupported("semicolon or backslash outside strings")
            if not has_code and match.group().strip():
                has_code = True
        elif kind == "newline":
            if depth:
                continue
            end = match.start() if trailing is None else trailing.start()
            text = source[start:end]
            stripped = text.strip()
            if not stripped:
                blank += 1
                line += 1
            else:
                indent = len(text) - len(text.lstrip(" "))
                if "\t" in text[:indent + 1] or text[indent] == " ":
                    raise Unsupported("tabs")
                last = line + source.count("\n", start, match.start())
                statement = LogicalLine(stripped, indent, blank, stripped.startswith("#"), "", line, last)
                if trailing is not None:
                    statement.trailing_comment = trailing.group()
                statements.append(statement)
                blank = 0
                line = last + 1
            start = match.end()
            has_code = False
            trailing = None
        elif kind == "open":
            depth += 1
            has_code = True
        elif kind == "close":
            depth -= 1
            has_code = True
        elif kind == "comment":
            if depth:
                raise Unsupported("comment inside code")
            if has_code:
                trailing = match
        else:  # a string
            has_code = True
    if depth:
        raise Unsupported("unbalanced brackets")
    tail = source[start:]
    if tail.strip():
        raise Unsupported("no final newline")
    return statements


def _kind(leaves: list[Leaf] | None, depth: int, docstring: bool) -> _Kind:
    if leaves is None:
        return _Kind(depth, False, False, False, False, False, False, True, False, "#")
    return _kind_of(leaves[0].value, [leaf.kind for leaf in leaves[-4:]], depth, docstring)


def _kind_of(first: str, last_kinds: list[str], depth: int, docstring: bool) -> _Kind:
    """The kind of a statement from its first leaf's value and its last leaves' kinds."""
    is_def = first == "def" or first == "async"
    is_stub_def = is_def and last_kinds[-4:] == [":", ".", ".", "."]
    return _Kind(
        depth=depth,
        is_decorator=first == "@",
        is_def=is_def,
        is_class=first == "class",
        is_stub_def=is_stub_def,
        is_import=first == "import" or first == "from",
        is_docstring=docstring,
        is_comment=False,
        opens_block=last_kinds[-1] == ":",
        first_value=first,
    )


class LayoutMemo:
    """What `layout_block` keeps for the next blocks: laid-out statements (generated code
    repeats many; the caller may clear them) and the templates of statement shapes
    (`generator.layout.shapes`: a few hundred a spec, kept)."""

    __slots__ = ("statements", "shapes")

    def __init__(self) -> None:
        self.statements: dict[tuple[str, int, bool], tuple[_Kind, list[str]]] = {}
        self.shapes: dict[tuple[object, ...], Template | str | None] = {}


def _generic_lines(text: str, depth: int) -> list[str]:
    """The physical lines of a `def` line (not a docstring) by the generic port."""
    return _layout_statement(text, depth, False, {}, fast=False)[1]


def _layout_statement(
    text: str, depth: int, first_in_block: bool, shapes: dict[tuple[object, ...], Template | str | None], fast: bool = True
) -> tuple[_Kind, list[str]]:
    """The statement's kind (for blank lines) and its physical lines as black writes them."""
    if fast and text.startswith(("def ", "async def ")):
        lines = layout_signature(text, depth, _generic_lines)
        if lines is not None:
            stub = text.endswith(": ...")
            first = "def" if text[0] == "d" else "async"
            return _Kind(depth, False, True, False, stub, False, False, False, not stub, first), lines
    if is_plain_docstring(text):  # a docstring is one token: no need to tokenize it
        leaf = string_statement(text, depth, first_in_block)
        return _kind_of(leaf.value, [leaf.kind], depth, leaf.role == "docstring"), ["    " * depth + leaf.value]
    template, values, leaves = read_statement(text, depth, first_in_block, shapes)
    if template is not None:
        kind = _kind_of(values[0], template.kinds[-4:], depth, False)
        rendered = template.render(values, depth)
        if not template.magic_comma and (len(rendered) <= LINE_LENGTH or len(values) == 1):
            return kind, [rendered]
        structure = None if kind.is_def else template.bracket_structure(values)
        if structure is not None:
            simple = layout_read(template.kinds, template.roles, template.prefixes, values, structure, depth)
            if simple is not None:
                return kind, simple
        leaves = template.leaves(values)
    assert leaves is not None
    if template is None:
        kind = _kind(leaves, depth, leaves[0].role == "docstring")
        rendered = "    " * depth + leaves[0].value + "".join([leaf.prefix + leaf.value for leaf in leaves[1:]])
        if not may_need_split(leaves, rendered):
            return kind, [rendered]
        if not kind.is_def:
            simple = layout_brackets(leaves, depth)
            if simple is not None:
                return kind, simple
    lines = [part.render() for part in transform_line(statement_line(leaves, depth))]
    if kind.is_def and _return_annotation_exploded(lines):
        raise Unsupported("def whose return annotation is split one item a line")
    return kind, lines


def _return_annotation_exploded(lines: list[str]) -> bool:
    """Whether a def's layout puts its parameters on one line of their own and splits its
    return annotation one item a line (with the trailing comma that adds). black formats
    twice, and on its second pass that comma is magic: it keeps the parameters on the `def`
    line and splits only the annotation (`def f(self, a: int) -> Pager[`), which this port
    does not reproduce. (Parameters one a line have a magic comma of their own, and both
    passes agree.)"""
    return (
        len(lines) > 3
        and lines[2].lstrip().startswith(") -> ")
        and lines[2].endswith(("[", "("))
        and any(after.endswith(",") for after in lines[3:])
    )


def _with_trailing_comment(kind: _Kind, lines: list[str], comment: str) -> str:
    """`else:  # comment` as black writes it: two spaces, then the comment as it is. Refused:
    a comment after any other statement, or one black would rewrite (`#x`, trailing spaces,
    type comments) or that would not fit on the line."""
    if kind.first_value != "else" or len(lines) != 1:
        raise Unsupported("comment after code")
    if not comment.startswith("# ") or comment != comment.rstrip() or comment.startswith("# type:"):
        raise Unsupported("comment black would rewrite")
    if not comment.isascii():
        raise Unsupported("non-ASCII comment (black measures its width)")
    line = f"{lines[0]}  {comment}"
    if len(line) > LINE_LENGTH:
        raise Unsupported("comment too long for the line")
    return line


class _EmptyLines:
    """black's EmptyLineTracker (non-stub files, default style) for the lines laid out here."""

    def __init__(self) -> None:
        self.previous: _Kind | None = None
        self.previous_defs: list[_Kind] = []
        self.previous_after = 0
        self.blocks: list[_Kind] = []

    def before_after(self, current: _Kind, user_before: int) -> tuple[int, int]:
        before, after = self._maybe_empty_lines(current, user_before)
        before = max(0, before - self.previous_after)
        if self._is_after_module_docstring(current):
            before = 1
        self.previous = current
        self.previous_after = after
        self.blocks.append(current)
        return before, after

    def _is_after_module_docstring(self, current: _Kind) -> bool:
        if not self.blocks:
            return False
        last = self.blocks[-1]
        if not last.is_docstring or last.depth != 0 or current.is_class or current.is_def:
            return False
        return all(block.is_comment for block in self.blocks[:-1])

    def _maybe_empty_lines(self, current: _Kind, user_before: int) -> tuple[int, int]:
        depth = current.depth
        before = min(user_before, 2 if depth == 0 else 1)
        user_had_newline = bool(before)
        previous_def = None
        while self.previous_defs and self.previous_defs[-1].depth >= depth:
            previous_def = self.previous_defs.pop()
        if current.is_def or current.is_class:
            self.previous_defs.append(current)
        previous = self.previous
        if previous is None:
            return 0, 0
        if current.is_docstring:
            if previous.is_class:
                return 0, 1
            if previous.opens_block and previous.is_def:
                return 0, 0
        if previous_def is not None:
            if depth:
                before = 1
            elif previous_def.depth and current.opens_block and current.first_value not in _FLOW_OPENERS:
                before = 1
            else:
                before = 2
        if current.is_decorator or current.is_def or current.is_class:
            if previous.is_decorator:
                return 0, 0
            if previous.depth < depth and (previous.is_class or previous.is_def):
                return (1 if user_had_newline else 0), 0
            if previous.is_comment and previous.depth == depth and before == 0:
                raise Unsupported("comment directly above a definition")
            newlines = 1 if depth else 2
            if previous.is_stub_def and not user_had_newline:
                newlines = 0
            return newlines, 0
        if previous.is_import and previous.depth == 0 and depth == 0 and not current.is_import:
            return 1, 0
        if previous.is_import and not current.is_import and depth == previous.depth:
            return (before or 1), 0
        return before, 0


def layout_block(source: str, memo: LayoutMemo | None = None, statements: list[LogicalLine] | None = None) -> str:
    """`source` (one block of generated code) as `black.format_str` would give it.

    Raises `Unsupported` when the block holds anything this package does not reproduce.
    `memo` keeps laid-out statements for the next blocks (generated code repeats many).
    `statements`: the block's `logical_lines`, when the caller has them from its module.
    """
    if statements is None:
        statements = _statements(source)
    if not statements:
        raise Unsupported("empty block")
    memo = LayoutMemo() if memo is None else memo
    done_statements = memo.statements
    out: list[str] = []
    indents = [0]
    tracker = _EmptyLines()
    expect_indent = False
    first_in_block = True
    last_at_depth: dict[int, str] = {}  # the first word of the last statement at each depth
    for statement in statements:
        if statement.indent > indents[-1]:
            if not expect_indent:
                raise Unsupported("unexpected indent")
            indents.append(statement.indent)
        else:
            if expect_indent:
                raise Unsupported("empty block body")
            while statement.indent < indents[-1]:
                indents.pop()
            if statement.indent != indents[-1]:
                raise Unsupported("inconsistent dedent")
        depth = len(indents) - 1
        if statement.comment:
            if out or depth or statement.blank_before:
                raise Unsupported("comment not at the top")
            text = statement.text
            if text != text.rstrip() or not (text == "#" or text.startswith("# ")) or "\u00a0" in text:
                raise Unsupported("comment black would rewrite")
            tracker.before_after(_kind(None, depth, False), 0)
            out.append(text)
            continue
        key = (statement.text, depth, first_in_block)
        done = done_statements.get(key)
        if done is None:
            done = done_statements[key] = _layout_statement(statement.text, depth, first_in_block, memo.shapes)
        kind, lines = done
        if kind.first_value == "else" and (not tracker.blocks or last_at_depth.get(depth) != "if"):
            raise Unsupported("else without its if")
        if statement.trailing_comment:
            lines = [_with_trailing_comment(kind, lines, statement.trailing_comment)]
        last_at_depth[depth] = kind.first_value
        if kind.is_docstring and out and depth == 0 and not tracker.blocks[-1].is_comment:
            raise Unsupported("string after code at the top")
        if statement.blank_before and expect_indent and not kind.is_docstring:
            raise Unsupported("blank line at the start of a block")
        if kind.first_value == "." and not kind.is_stub_def:
            raise Unsupported("ellipsis statement")
        before, after = tracker.before_after(kind, statement.blank_before)
        out.extend([""] * before)
        out.extend(lines)
        out.extend([""] * after)
        expect_indent = first_in_block = kind.opens_block
    if expect_indent:
        raise Unsupported("block opener at the end")
    while out and out[-1] == "":
        out.pop()  # black drops the blank lines it would put after the last line (a class docstring's)
    return "\n".join(out) + "\n"
