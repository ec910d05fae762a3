"""Logical lines as black sees them: leaves with black's whitespace, brackets and delimiters.

`statement_line` turns one logical line of generated code into a `Line` of `Leaf`s the way
black's `LineGenerator` would (string and number normalization, invisible parentheses after
`=`, `return` and `->`, whitespace between leaves); anything outside the small subset of
Python the generator writes raises `Unsupported`, and the caller lets black format that block.
`Line` keeps black's bracket tracking (depths, matching brackets, delimiter priorities,
magic trailing commas), ported from black 26.10.1 `lines.py` and `brackets.py`.
"""

from __future__ import annotations

import re

from generator.layout.text import LINE_LENGTH, docstring, normalize_number, normalize_string


class Unsupported(Exception):
    """The code is outside what the layouter reproduces exactly; black must format it."""


OPENING = frozenset("([{")
CLOSING = frozenset(")]}")
MATCHING = {")": "(", "]": "[", "}": "{"}
COMMA_PRIORITY = 18
TERNARY_PRIORITY = 16
STRING_PRIORITY = 12
COMPARATOR_PRIORITY = 10
VBAR_PRIORITY = 9
DOT_PRIORITY = 1

KEYWORDS_SPACED = frozenset(
    {"return", "await", "def", "class", "async", "from", "import", "as", "if", "else", "is", "not"}
)
# A conditional expression's `if`/`else` and a comparison's `is`/`not`: black's TERNARY and
# COMPARATOR delimiters. Splitting at a ternary is modelled; a line whose highest delimiter
# at its own depth 0 would be a comparison is refused if it would have to be split.
UNMODELED_ROLES = frozenset({"ternary", "comparison"})
REFUSED_NAMES = frozenset(
    {
        "if", "else", "elif", "for", "while", "in", "not", "and", "or", "is", "lambda", "yield",
        "del", "global", "nonlocal", "assert", "raise", "try", "except", "finally", "with",
        "break", "continue", "print", "exec",
    }
)
ATOM_KEYWORDS = frozenset({"None", "True", "False"})
# Keywords accepted after a statement's first token: a conditional expression's `if`/`else`
# and the `is` / `is not` of its condition (`_wrap_ternaries` checks where they stand).
MID_STATEMENT = {"if": "ternary", "else": "ternary", "is": "comparison", "not": "comparison"}
# String literals as unrolled loops (runs of plain characters between escapes): one step
# per run, not per character (tests/test_string_tokens.py: the same matches as the plain form).
_TOKEN = re.compile(
    r"""
    [rRbBuUfFtT]{1,2}['"]                               # a prefixed string: refused
    |[^\W\d]\w*                                         # a name
    |\d[\w.]*(?:(?<=[eE])[-+]\d+)?|\.\d\w*                # a number
    |'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''|\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"
    |'[^'\\\n]*(?:\\.[^'\\\n]*)*'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"          # strings
    |->|\.\.\.|[<>=!]=|\S                                # operators (and anything else)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPERATORS = frozenset(["(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "|", "*", "@", "-", "->", "..."])
_NAME_START = re.compile(r"[^\W\d]")
_COMPARISONS = frozenset(["<", ">", "==", "!=", "<=", ">="])


class Leaf:
    """One token. `kind` is NAME, NUMBER, STRING or the operator itself ("(" even when invisible)."""

    __slots__ = ("kind", "value", "prefix", "role", "bracket_depth", "opening_bracket", "synthetic", "source")

    def __init__(self, kind: str, value: str, role: str = "") -> None:
        self.kind = kind
        self.value = value
        self.prefix = ""
        self.role = role  # syntactic context black reads from its tree (see `statement_line`)
        self.bracket_depth = 0
        self.opening_bracket: Leaf | None = None
        self.synthetic = False  # made by a split (a trailing comma): has no parent in black's tree
        self.source = -1  # the index of the token it was read from (`read_leaves`), for `shapes`

    def copy(self) -> Leaf:
        twin = Leaf(self.kind, self.value, self.role)
        twin.prefix = self.prefix
        return twin

    def __repr__(self) -> str:
        return f"Leaf({self.kind!r}, {self.value!r}, {self.role!r})"


class Line:
    """black's `Line`: leaves at one indentation depth, with bracket and delimiter tracking."""

    __slots__ = (
        "depth", "leaves", "inside_brackets", "should_split_rhs", "magic_trailing_comma",
        "delimiters", "invisible", "_bracket_match", "_open", "_previous", "is_def", "is_import",
        "has_comparison", "tracked",
    )

    def __init__(self, depth: int, inside_brackets: bool = False) -> None:
        self.depth = depth
        self.leaves: list[Leaf] = []
        self.inside_brackets = inside_brackets
        self.should_split_rhs = False
        self.magic_trailing_comma: Leaf | None = None
        self.delimiters: dict[int, int] = {}
        self.invisible: list[Leaf] = []
        self._bracket_match: dict[tuple[int, str], Leaf] = {}
        self._open = 0
        self._previous: Leaf | None = None
        self.is_def = False
        self.is_import = False
        self.has_comparison = False  # an `is` / `not` at depth 0 (see UNMODELED_ROLES)
        self.tracked = True  # False: leaves added with `defer_tracking`, `track` before use

    def append(self, leaf: Leaf, track: bool = True) -> None:
        leaves = self.leaves
        if not leaves:
            first = leaf.value
            self.is_def = first == "def" or first == "async"
            self.is_import = first == "import" or first == "from"
        if track:
            kind = leaf.kind
            if kind in CLOSING:
                self._mark(leaf)
                if leaves and leaves[-1].kind == "," and self._has_magic_trailing_comma(leaf):
                    self.magic_trailing_comma = leaf
            elif kind in OPENING or self._open == 0:
                self._mark(leaf)
            else:  # an ordinary leaf inside brackets: only its depth changes
                leaf.bracket_depth = self._open
                self._previous = leaf
        leaves.append(leaf)

    def extend(self, leaves: list[Leaf], track: bool = True) -> None:
        """`append` for each leaf (the same tracking as `_mark`, inlined: this loop is the
        layouter's hottest)."""
        if not leaves:
            return
        own = self.leaves
        if not own:
            first = leaves[0].value
            self.is_def = first == "def" or first == "async"
            self.is_import = first == "import" or first == "from"
        if not track:
            own.extend(leaves)
            return
        append = own.append
        depth = self._open
        previous = self._previous
        match = self._bracket_match
        delimiters = self.delimiters
        for leaf in leaves:
            kind = leaf.kind
            if kind in CLOSING:
                if depth == 0 and (0, kind) not in match:
                    pass  # `_mark` leaves an unmatched closing bracket alone
                else:
                    depth -= 1
                    opening = match.pop((depth, kind), None)
                    if opening is None:
                        raise Unsupported("unmatched bracket")
                    leaf.opening_bracket = opening
                    if not leaf.value:
                        self.invisible.append(leaf)
                    leaf.bracket_depth = depth
                    if depth == 0:
                        self._delimiter_at_depth_zero(leaf, previous)
                    previous = leaf
                if own and own[-1].kind == "," and self._has_magic_trailing_comma(leaf):
                    self.magic_trailing_comma = leaf
            elif depth == 0:
                leaf.bracket_depth = 0
                if kind == ",":
                    delimiters[id(leaf)] = COMMA_PRIORITY
                elif kind == "." or kind == "|" or kind == "STRING" or leaf.role in UNMODELED_ROLES:
                    self._delimiter_at_depth_zero(leaf, previous)
                # any other leaf has no delimiter priority (`_split_before_priority`)
                if kind in OPENING:
                    match[0, _CLOSER[kind]] = leaf
                    depth = 1
                    if not leaf.value:
                        self.invisible.append(leaf)
                previous = leaf
            elif kind in OPENING:
                leaf.bracket_depth = depth
                match[depth, _CLOSER[kind]] = leaf
                depth += 1
                if not leaf.value:
                    self.invisible.append(leaf)
                previous = leaf
            else:  # an ordinary leaf inside brackets: only its depth changes
                leaf.bracket_depth = depth
                previous = leaf
            append(leaf)
        self._open = depth
        self._previous = previous

    def defer_tracking(self, leaves: list[Leaf]) -> None:
        """Take the leaves without tracking them yet (`track` does it when the line must be
        split). Only for a segment of a tracked line cut at its depth-0 delimiters
        (`split.delimiter_split`): tracking it gives its leaves the depths and brackets they
        already have, so putting it off changes nothing but the line's own bookkeeping."""
        self.tracked = False
        self.extend(leaves, track=False)

    def track(self) -> None:
        """The tracking `defer_tracking` put off."""
        if not self.tracked:
            leaves = self.leaves
            self.leaves = []
            self.tracked = True
            self.extend(leaves)

    def _delimiter_at_depth_zero(self, leaf: Leaf, previous: Leaf | None) -> None:
        """`_mark`'s delimiter bookkeeping for a leaf at depth 0."""
        if leaf.role == "comparison":
            self.has_comparison = True
        priority = _split_before_priority(leaf, previous)
        if priority and previous is not None:
            self.delimiters[id(previous)] = priority
        elif leaf.kind == ",":
            self.delimiters[id(leaf)] = COMMA_PRIORITY

    def _mark(self, leaf: Leaf) -> None:
        kind = leaf.kind
        if kind in CLOSING:
            if self._open == 0 and (0, kind) not in self._bracket_match:
                return
            self._open -= 1
            opening = self._bracket_match.pop((self._open, kind), None)
            if opening is None:
                raise Unsupported("unmatched bracket")
            leaf.opening_bracket = opening
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.bracket_depth = self._open
        if self._open == 0:
            if leaf.role == "comparison":
                self.has_comparison = True
            previous = self._previous
            priority = _split_before_priority(leaf, previous)
            if priority and previous is not None:
                self.delimiters[id(previous)] = priority
            elif kind == ",":
                self.delimiters[id(leaf)] = COMMA_PRIORITY
        if kind in OPENING:
            self._bracket_match[self._open, _CLOSER[kind]] = leaf
            self._open += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self._previous = leaf

    def _has_magic_trailing_comma(self, closing: Leaf) -> bool:
        kind = closing.kind
        if kind not in CLOSING or not self.leaves or self.leaves[-1].kind != ",":
            return False
        if kind == "}":
            return True
        if kind == "]":
            return not (
                closing.role == "subscript"
                and closing.opening_bracket is not None
                and is_one_sequence_between(closing.opening_bracket, closing, self.leaves, "[", "]")
            )
        if self.is_import:
            return True
        return closing.opening_bracket is not None and not is_one_sequence_between(
            closing.opening_bracket, closing, self.leaves
        )

    def refuse_unmodeled(self) -> None:
        """Stop where black would split at a comparison (not ported): a line with one at its
        depth 0 and no higher delimiter (a ternary's `if`/`else`, a comma)."""
        if self.has_comparison and max(self.delimiters.values(), default=0) <= COMPARATOR_PRIORITY:
            raise Unsupported("splitting a line at a comparison")

    def max_delimiter_priority(self, exclude: int | None = None) -> int:
        """The highest delimiter priority (ValueError when there is none)."""
        return max(v for k, v in self.delimiters.items() if k != exclude)

    def delimiter_count_with_priority(self, priority: int) -> int:
        return sum(1 for p in self.delimiters.values() if p == priority)

    @property
    def is_chained_assignment(self) -> bool:
        return sum(1 for leaf in self.leaves if leaf.kind == "=") > 1  # black counts keyword `=` too

    def __bool__(self) -> bool:
        return bool(self.leaves)

    def render(self) -> str:
        """The line's text without its newline (black's `line_to_string`)."""
        leaves = self.leaves
        return "    " * self.depth + leaves[0].value + "".join([leaf.prefix + leaf.value for leaf in leaves[1:]])


_CLOSER = {"(": ")", "[": "]", "{": "}"}


def _split_before_priority(leaf: Leaf, previous: Leaf | None) -> int:
    """black's `is_split_before_delimiter` for the leaves the layouter accepts."""
    kind = leaf.kind
    if kind == "." and leaf.role != "import" and (previous is None or previous.kind in CLOSING):
        return DOT_PRIORITY
    if kind == "|":
        return VBAR_PRIORITY
    if kind == "STRING" and previous is not None and previous.kind == "STRING":
        return STRING_PRIORITY
    if leaf.role == "ternary":
        return TERNARY_PRIORITY
    if leaf.role == "comparison" and leaf.value == "is":
        return COMPARATOR_PRIORITY  # a `not` is none: after `is`, or unary (`not in` is refused)
    return 0


def is_one_sequence_between(
    opening: Leaf, closing: Leaf, leaves: list[Leaf], open_kind: str = "(", close_kind: str = ")"
) -> bool:
    """black's `is_one_sequence_between`: the brackets hold a one-tuple (or one subscript)."""
    if opening.kind != open_kind or closing.kind != close_kind:
        return False
    depth = closing.bracket_depth + 1
    try:
        index = next(i for i, leaf in enumerate(leaves) if leaf is opening)
    except StopIteration:
        return False
    commas = 0
    for leaf in leaves[index + 1 :]:
        if leaf is closing:
            break
        if leaf.bracket_depth == depth and leaf.kind == ",":
            commas += 1
            if leaf.role in ("call", "params", "class"):  # arglist / typedargslist
                commas += 1
                break
    return commas < 2


def has_comma_before_closing(leaves: list[Leaf]) -> bool:
    """Whether a comma stands right before a closing bracket (a possible magic trailing comma)."""
    previous = ""
    for leaf in leaves:
        kind = leaf.kind
        if previous == "," and kind in CLOSING:
            return True
        previous = kind
    return False


def is_line_short_enough(line: Line, text: str | None = None) -> bool:
    text = line.render() if text is None else text
    if "\n" in text:
        raise Unsupported("multiline string inside a split line")
    return len(text) <= LINE_LENGTH


_FIRST_CHAR = {
    **{char: "string" for char in "'\""},
    **{char: "number" for char in "0123456789"},
    **{char: "name" for char in "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    **{char: "op" for char in "()[]{},:=|*@-"},
}  # how a token's first character classifies it; "." and anything else: `tokenize` looks closer


def tokenize(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs of a logical line; Unsupported for anything unexpected."""
    tokens: list[tuple[str, str]] = []
    append = tokens.append
    classify = _FIRST_CHAR.get
    for value in _TOKEN.findall(text):
        first = value[0]
        kind = classify(first)
        if kind == "name":
            if value[-1] in "'\"":
                raise Unsupported("string prefix")
        elif kind == "op":
            if value not in _OPERATORS:
                if value not in _COMPARISONS:
                    raise Unsupported(f"cannot read {value!r}")
                kind = "comparison"  # `==`: accepted only in an `if` header (`_if_header`)
        elif kind is None:
            if first == "." and len(value) > 1 and value[1].isdigit():
                kind = "number"
            elif value in _OPERATORS:
                kind = "op"
            elif value in _COMPARISONS:
                kind = "comparison"  # accepted only in an `if` header (`_if_header`)
            elif value[-1] in "'\"":
                raise Unsupported("string prefix")
            elif _NAME_START.match(first):
                kind = "name"
            else:
                raise Unsupported(f"cannot read {value!r}")
        append((kind, value))
    return tokens


def statement_leaves(text: str, depth: int, first_in_block: bool) -> list[Leaf]:
    """One logical line (a statement or a block opener) as black's leaves, with whitespace.

    `first_in_block`: the statement is the first of its block (so a string there is a
    docstring).
    """
    tokens = tokenize(text)
    if not tokens:
        raise Unsupported("empty statement")
    return read_leaves(tokens, depth, first_in_block)


def statement_line(leaves: list[Leaf], depth: int) -> Line:
    """The leaves as a tracked `Line`, ready for `split.transform_line`."""
    line = Line(depth)
    line.extend(leaves)
    return line


def may_need_split(leaves: list[Leaf], rendered: str) -> bool:
    """Whether black could split the line: too long, or a trailing comma before a bracket."""
    if len(rendered) > LINE_LENGTH and len(leaves) > 1:
        return True
    return has_comma_before_closing(leaves)


def is_plain_docstring(text: str) -> bool:
    """Whether a statement's text is one triple-double-quoted string without a backslash, so
    that `tokenize` would read it as that one token (the first closing quotes end it)."""
    return text.startswith('"""') and "\\" not in text and text.find('"""', 3) == len(text) - 3 >= 3


def string_statement(value: str, depth: int, first_in_block: bool) -> Leaf:
    """The leaf of a statement that is one (prefix-free) string: a docstring when it is the
    first of its block, else (an attribute docstring) only normalized."""
    if not first_in_block:
        return Leaf("STRING", normalize_string(value))
    text = docstring(value, depth)
    if text is None:
        raise Unsupported("docstring with backslash-newline")
    return Leaf("STRING", normalize_string(text), "docstring")


def read_leaves(tokens: list[tuple[str, str]], depth: int, first_in_block: bool) -> list[Leaf]:
    """Leaves with roles, invisible parentheses and whitespace prefixes."""
    first_kind, first_value = tokens[0]
    if len(tokens) == 1 and first_kind == "string":
        return [string_statement(first_value, depth, first_in_block)]
    if first_value == "if":
        if depth:
            raise Unsupported("if inside a block")
        return _if_header(tokens)
    if first_value == "else":
        if depth or len(tokens) != 2 or tokens[1] != ("op", ":"):
            raise Unsupported("else")
        return [Leaf("NAME", "else"), Leaf(":", ":")]
    if first_value in ("type", "match", "case") and len(tokens) > 1 and tokens[1][0] != "op":
        raise Unsupported("soft keyword statement")
    leaves: list[Leaf] = []
    stack: list[Leaf] = []  # open brackets
    annotated: list[bool] = []  # per open "params" bracket: current parameter has an annotation
    statement = first_value
    if statement == "async":
        statement = tokens[1][1] if len(tokens) > 1 else ""
    previous: Leaf | None = None
    unmodeled = False  # a conditional expression or comparison (`_wrap_ternaries`)
    for index, (kind, value) in enumerate(tokens):
        if kind == "name":
            if index and value in MID_STATEMENT:
                leaf = Leaf("NAME", value, MID_STATEMENT[value])
                unmodeled = True
            elif value in REFUSED_NAMES:
                raise Unsupported(value)
            else:
                leaf = Leaf("NAME", value)
                # `_prefix` for a plain name, inlined (most leaves are names)
                if previous is None:
                    pass
                else:
                    pkind = previous.kind
                    if pkind in OPENING or pkind == "@":
                        pass
                    elif value == "import":
                        leaf.prefix = " "
                    elif pkind == ".":
                        if previous.role == "ellipsis":
                            leaf.prefix = " "
                    elif pkind in _GLUED_AFTER and previous.role == _GLUED_AFTER[pkind]:
                        pass
                    else:
                        leaf.prefix = " "
                leaf.source = index
                leaves.append(leaf)
                previous = leaf
                continue
        elif kind == "number":
            leaf = Leaf("NUMBER", normalize_number(value))
        elif kind == "string":
            if "\n" in value:
                raise Unsupported("multiline string in an expression")
            if not value.isascii():
                raise Unsupported("non-ASCII literal (black measures its width)")
            leaf = Leaf("STRING", normalize_string(value))
        elif value == "...":
            for dot in range(3):
                leaf = Leaf(".", ".", "ellipsis")
                leaf.prefix = _prefix(leaf, previous, stack) if dot == 0 else ""
                leaves.append(leaf)
                previous = leaf
            continue
        else:
            if kind == "comparison":
                raise Unsupported("comparison operator")
            leaf = Leaf(value, value)
            _assign_role(leaf, previous, stack, annotated, statement, leaves)  # names and literals have none
        leaf.prefix = _prefix(leaf, previous, stack)
        leaf.source = index
        if leaf.kind in OPENING:
            stack.append(leaf)
        elif leaf.kind in CLOSING:
            if not stack or stack[-1].kind != MATCHING[leaf.kind]:
                raise Unsupported("unbalanced brackets")
            leaf.role = stack.pop().role
        leaves.append(leaf)
        previous = leaf
        if previous.kind == "," and not stack and statement not in ("from", "import"):
            raise Unsupported("tuple at statement level")
    if stack:
        raise Unsupported("unbalanced brackets")
    leaves = _invisible_parens(leaves, statement)
    if unmodeled:
        leaves = _wrap_ternaries(leaves)
    return leaves


# After these operators in these roles black puts no space (`_prefix`): `f(a=b)`, `*args`, `-1`.
_GLUED_AFTER = {"=": "kwarg", "*": "vararg", "-": "unary"}


def _if_header(tokens: list[tuple[str, str]]) -> list[Leaf]:
    """A top-level `if NAME:` (the model modules' `if TYPE_CHECKING:`) or a version check
    `if NAME.NAME >= (NUMBER, ...):` (the params module's `sys.version_info`), on one line as
    black writes it; other `if`s (and one too long for a line) go to black."""
    if len(tokens) < 3 or tokens[-1] != ("op", ":") or tokens[1][0] != "name":
        raise Unsupported("if")
    leaves = [Leaf("NAME", "if")]
    index = 1
    while True:  # a dotted name
        kind, value = tokens[index]
        if kind != "name" or value in REFUSED_NAMES or value in ATOM_KEYWORDS:
            raise Unsupported("if")
        leaf = Leaf("NAME", value)
        leaf.prefix = " " if index == 1 else ""
        leaves.append(leaf)
        index += 1
        if tokens[index] != ("op", "."):
            break
        leaves.append(Leaf(".", "."))
        index += 1
    if index < len(tokens) - 1:
        kind, value = tokens[index]
        rest = tokens[index + 1 : -1]
        numbers = rest[1:-1:2]
        commas = rest[2:-1:2]
        if (
            kind != "comparison"
            or len(rest) < 3
            or rest[0] != ("op", "(")
            or rest[-1] != ("op", ")")
            or len(rest) % 2 == 0
            or any(token[0] != "number" for token in numbers)
            or any(token != ("op", ",") for token in commas)
        ):
            raise Unsupported("if")
        operator = Leaf(value, value, "comparison")
        operator.prefix = " "
        opening = Leaf("(", "(", "atom")
        opening.prefix = " "
        leaves += [operator, opening]
        for position, (_, number) in enumerate(numbers):
            if position:
                leaves.append(Leaf(",", ",", "atom"))
            leaf = Leaf("NUMBER", normalize_number(number))
            leaf.prefix = " " if position else ""
            leaves.append(leaf)
        leaves.append(Leaf(")", ")", "atom"))
    leaves.append(Leaf(":", ":"))
    if 4 + sum(len(leaf.prefix) + len(leaf.value) for leaf in leaves) > LINE_LENGTH:
        raise Unsupported("if header too long for one line")
    return leaves


def _assign_role(
    leaf: Leaf, previous: Leaf | None, stack: list[Leaf], annotated: list[bool], statement: str,
    leaves: list[Leaf],
) -> None:
    kind = leaf.kind
    enclosing = stack[-1].role if stack else ""
    if kind == "(":
        if previous is not None and previous.kind == "NAME" and len(leaves) >= 2 and leaves[-2].value == "def":
            leaf.role = "params"
            annotated.append(False)
        elif previous is not None and previous.kind == "NAME" and len(leaves) >= 2 and leaves[-2].value == "class":
            leaf.role = "class"
        elif previous is not None and (
            (previous.kind == "NAME" and previous.value not in KEYWORDS_SPACED) or previous.kind in (")", "]")
        ):
            leaf.role = "call"
        elif statement == "from" and previous is not None and previous.value == "import":
            leaf.role = "import"
        else:
            leaf.role = "atom"
    elif kind == "[":
        if previous is not None and (
            (previous.kind == "NAME" and previous.value not in KEYWORDS_SPACED) or previous.kind in (")", "]")
        ):
            leaf.role = "subscript"
        else:
            leaf.role = "list"
    elif kind == "{":
        leaf.role = "dict"
    elif kind == ",":
        leaf.role = enclosing
        if enclosing == "params":
            annotated[-1] = False
    elif kind == ":":
        if enclosing == "params":
            annotated[-1] = True
            leaf.role = "annotation"
        elif enclosing == "dict":
            leaf.role = "dict"
        elif not stack:
            leaf.role = "annassign"
        else:
            raise Unsupported("colon in brackets (slice or lambda)")
    elif kind == "=":
        if not stack:
            leaf.role = "assign"
        elif enclosing == "params":
            leaf.role = "default_spaced" if annotated[-1] else "kwarg"
        elif enclosing in ("call", "class"):
            leaf.role = "kwarg"
        else:
            raise Unsupported("= inside brackets")
    elif kind == "*":
        if enclosing == "params" and previous is not None and previous.kind in ("(", ","):
            leaf.role = "vararg"
        else:
            raise Unsupported("star operator")
    elif kind == "-":
        if previous is None or previous.kind in ("(", "[", "{", ",", "=", ":", "->", "|") or previous.value == "return":
            leaf.role = "unary"
        else:
            raise Unsupported("binary minus")
    elif kind == "@":
        if previous is not None:
            raise Unsupported("matrix multiplication")
        leaf.role = "decorator"
    elif kind == ".":
        if statement == "from" and "import" not in [x.value for x in leaves]:
            leaf.role = "import"
        elif statement == "import":
            leaf.role = "import"
        elif previous is None or previous.kind not in ("NAME", ")", "]", "STRING", "."):
            raise Unsupported("leading dot")
    elif kind == "NAME":
        if leaf.value == "await" and previous is not None and previous.kind == "(":
            pass
    if kind in CLOSING and stack and stack[-1].role == "params":
        annotated.pop()


def _prefix(leaf: Leaf, previous: Leaf | None, stack: list[Leaf]) -> str:
    """black's whitespace before `leaf` (only for the constructs `_assign_role` accepts)."""
    if previous is None:
        return ""
    kind = leaf.kind
    if kind in CLOSING or kind == "," or kind == ":":
        return ""
    pkind = previous.kind
    if pkind in OPENING or pkind == "@":
        return ""
    if kind == "NAME" and leaf.value == "import":
        return " "
    if kind == "." and leaf.role == "import":
        return " " if previous.value == "from" else ""
    if pkind == "." and previous.role != "ellipsis":
        return ""
    if kind == "." and leaf.role != "ellipsis":
        return ""
    if kind == "." and leaf.role == "ellipsis" and pkind == ".":
        return ""
    if kind in ("(", "[") and leaf.role in ("call", "subscript", "params", "class"):
        return ""
    if kind == "=" and leaf.role == "kwarg":
        return ""
    if pkind == "=" and previous.role == "kwarg":
        return ""
    if pkind == "*" and previous.role == "vararg":
        return ""
    if pkind == "-" and previous.role == "unary":
        return ""
    return " "


def _invisible_parens(leaves: list[Leaf], statement: str) -> list[Leaf]:
    """Wrap what follows `return`, a statement-level `=` or annotation `:` and a `->` in
    invisible parens, as black's `normalize_invisible_parens` does for the accepted shapes."""
    if statement == "return":
        return _wrap(leaves, 1, len(leaves)) if len(leaves) > 1 else leaves
    if statement in ("def", "async"):
        leaves = _wrap_union_annotations(leaves)
        arrow = next((i for i, leaf in enumerate(leaves) if leaf.kind == "->"), None)
        if arrow is None:
            return leaves
        colon = next((i for i in range(arrow, len(leaves)) if leaves[i].kind == ":" and leaves[i].role == "annassign"), None)
        if colon is None:
            raise Unsupported("def without its colon")
        return _wrap(leaves, arrow + 1, colon)
    if statement == "from":
        return _import_parens(leaves)
    if statement in ("class", "import", "@"):
        return leaves
    assigns = [i for i, leaf in enumerate(leaves) if leaf.kind == "=" and leaf.role == "assign"]
    colons = [i for i, leaf in enumerate(leaves) if leaf.kind == ":" and leaf.role == "annassign"]
    if len(assigns) > 1 or len(colons) > 1:
        raise Unsupported("chained assignment")
    if assigns:
        leaves = _wrap(leaves, assigns[0] + 1, len(leaves))
    if colons:
        end = assigns[0] if assigns else len(leaves)
        leaves = _wrap(leaves, colons[0] + 1, end)
    return leaves


def _wrap_union_annotations(leaves: list[Leaf]) -> list[Leaf]:
    """A parameter annotation that is a union (`a: X | None`) goes in invisible parens
    (black's `visit_tname`: such an annotation is an `expr` node)."""
    result: list[Leaf] = []
    index = 0
    count = len(leaves)
    depth = 0
    while index < count:
        leaf = leaves[index]
        result.append(leaf)
        index += 1
        if leaf.kind in OPENING:
            depth += 1
        elif leaf.kind in CLOSING:
            depth -= 1
        elif leaf.kind == ":" and leaf.role == "annotation" and depth == 1:
            end = index
            inner_depth = 0
            union = False
            while end < count:
                kind = leaves[end].kind
                if inner_depth == 0 and kind in (",", "=", ")"):
                    break
                if kind in OPENING:
                    inner_depth += 1
                elif kind in CLOSING:
                    inner_depth -= 1
                elif kind == "|" and inner_depth == 0:
                    union = True
                end += 1
            if union:
                wrapped = _wrap(leaves[index:end], 0, end - index)
                result.extend(wrapped)
                index = end
    return result


def _wrap(leaves: list[Leaf], start: int, end: int) -> list[Leaf]:
    if start >= end:
        raise Unsupported("nothing to wrap")
    inner = leaves[start:end]
    if inner[0].kind == "(" and _closes_at(inner, 0) == len(inner) - 1:
        raise Unsupported("redundant parentheses black would remove")
    if inner[0].kind in ("[", "{") and _closes_at(inner, 0) == len(inner) - 1 and len(inner) > 1 and inner[1].kind == "(":
        raise Unsupported("parenthesized single item")
    lpar = Leaf("(", "", "invisible")
    rpar = Leaf(")", "", "invisible")
    lpar.prefix = inner[0].prefix
    inner[0].prefix = ""
    return [*leaves[:start], lpar, *inner, rpar, *leaves[end:]]


def _import_parens(leaves: list[Leaf]) -> list[Leaf]:
    """`from x import a, b`: the names go in invisible parens (existing ones become invisible)."""
    start = next((i for i, leaf in enumerate(leaves) if leaf.value == "import"), None)
    if start is None or start + 1 >= len(leaves):
        raise Unsupported("import without names")
    first = leaves[start + 1]
    if first.kind == "(":
        if leaves[-1].kind != ")" or _closes_at(leaves, start + 1) != len(leaves) - 1:
            raise Unsupported("odd import")
        first.value = ""
        leaves[-1].value = ""
        return leaves
    lpar = Leaf("(", "", "import")
    rpar = Leaf(")", "", "import")
    lpar.prefix = first.prefix
    first.prefix = ""
    return [*leaves[: start + 1], lpar, *leaves[start + 1 :], rpar]


def _closes_at(leaves: list[Leaf], start: int) -> int:
    depth = 0
    for index in range(start, len(leaves)):
        kind = leaves[index].kind
        if kind in OPENING:
            depth += 1
        elif kind in CLOSING:
            depth -= 1
            if depth == 0:
                return index
    return -1



_TERNARY_STOPS = frozenset({",", "=", ":", "->"})


def _wrap_ternaries(leaves: list[Leaf]) -> list[Leaf]:
    """Each conditional expression (`a if c else b`) in invisible parens, unless a `(` encloses
    exactly it (black's `visit_test`). Refused: nested ones, anything but a name, a call, a
    literal or an attribute around them (no operators, `await`, stars), and a comparison
    (`is`, `not`) anywhere but in a condition."""
    handled: set[int] = set()  # ids of the `if` leaves done
    conditions: set[int] = set()  # ids of the leaves inside a condition
    while True:
        depths = _depths(leaves)
        pending = [i for i, leaf in enumerate(leaves) if leaf.role == "ternary" and leaf.value == "if" and id(leaf) not in handled]
        if not pending:
            break
        index = pending[-1]
        handled.add(id(leaves[index]))
        level = depths[index]
        start = index
        while start > 0:
            before = leaves[start - 1]
            if depths[start - 1] < level:
                break
            if depths[start - 1] == level:
                if before.kind in _TERNARY_STOPS or before.value == "return":
                    break
                if before.kind in ("|", "*", "-", "@") or before.value in MID_STATEMENT or before.value == "await":
                    raise Unsupported("operator or keyword around a conditional expression")
            start -= 1
        end = index + 1
        other = None
        while end < len(leaves) and depths[end] >= level and not (depths[end] == level and leaves[end].kind in (",", ":")):
            if depths[end] == level:
                if leaves[end].role == "ternary":
                    if leaves[end].value == "if" or other is not None:
                        raise Unsupported("nested conditional expressions")
                    other = end
                elif other is not None and leaves[end].kind in ("|", "*", "-", "@", "="):
                    raise Unsupported("operator after a conditional expression")
            end += 1
        if other is None or start == index or other == index + 1 or other == end - 1:
            raise Unsupported("incomplete conditional expression")
        conditions.update(id(leaf) for leaf in leaves[index + 1 : other])
        enclosed = (
            start > 0 and leaves[start - 1].kind == "(" and end < len(leaves) and _closes_at(leaves, start - 1) == end
        )
        if not enclosed:
            leaves = _wrap(leaves, start, end)
    if any(leaf.role == "comparison" and id(leaf) not in conditions for leaf in leaves):
        raise Unsupported("comparison outside a condition")
    return leaves


def _depths(leaves: list[Leaf]) -> list[int]:
    """Each leaf's bracket depth (a bracket has the depth outside it)."""
    depths: list[int] = []
    depth = 0
    for leaf in leaves:
        if leaf.kind in CLOSING:
            depth -= 1
        depths.append(depth)
        if leaf.kind in OPENING:
            depth += 1
    return depths
