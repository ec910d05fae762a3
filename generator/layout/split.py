"""black's line splitting (`transform_line` and its transforms), ported from black 26.10.1
`linegen.py` for the lines `generator.layout.lines` builds: left-hand split for `def` lines,
right-hand split with omitted trailers and optional parentheses, delimiter split with
trailing commas, and the "second opinion" with forced optional parentheses. Names and
structure follow black's so the two can be compared side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.layout.lines import (
    CLOSING,
    COMMA_PRIORITY,
    DOT_PRIORITY,
    OPENING,
    Leaf,
    Line,
    Unsupported,
    has_comma_before_closing,
    is_line_short_enough,
    is_one_sequence_between,
)
from generator.layout.text import LINE_LENGTH

Transform = Callable[["Line", bool], "list[Line]"]


class CannotSplit(Exception):
    """black's CannotTransform: this transform does not apply; try the next one."""


@dataclass
class RHSResult:
    head: Line
    body: Line
    tail: Line
    opening_bracket: Leaf
    closing_bracket: Leaf


def transform_line(line: Line, force_optional_parens: bool = False, line_str: str | None = None) -> list[Line]:
    """The physical lines black makes of `line` (`line_str`: its text, when the caller has it)."""
    if len(line.leaves) == 1:
        return [line]  # nothing to split on (a docstring, a name)
    if line_str is None:
        line_str = line.render()
    if not line.tracked:  # a delimiter split's part: most fit as they are, untracked
        if not has_comma_before_closing(line.leaves) and is_line_short_enough(line, line_str):
            return [line]
        line.track()
    if not line.should_split_rhs and not line.magic_trailing_comma and is_line_short_enough(line, line_str):
        return [line]
    line.refuse_unmodeled()
    transformers: list[Transform]
    if line.is_def and not _should_split_funcdef_with_rhs(line):
        transformers = [left_hand_split]
    elif line.inside_brackets:
        transformers = [delimiter_split, right_hand_split_with_omits]
    else:
        transformers = [right_hand_split_with_omits]
    for transform in transformers:
        try:
            return _run_transformer(line, transform, line_str, force_optional_parens)
        except CannotSplit:
            continue
    return [line]


def _run_transformer(line: Line, transform: Transform, line_str: str, force: bool) -> list[Line]:
    optional_parens = [bracket for bracket in line.invisible if bracket.bracket_depth == 0]
    result: list[Line] = []
    for transformed in transform(line, force):
        text = transformed.render()
        if text == line_str:
            raise CannotSplit("unchanged")
        result.extend(transform_line(transformed, force, text))
    if (
        force
        or transform is not right_hand_split_with_omits
        or not line.invisible
        or any(bracket.value for bracket in optional_parens)
        or is_line_short_enough(result[0])
        or any(leaf.synthetic for leaf in line.leaves)
    ):
        return result
    twin = Line(line.depth, line.inside_brackets)
    twin.should_split_rhs = line.should_split_rhs
    for leaf in line.leaves:
        twin.append(leaf.copy())
    second_opinion = _run_transformer(twin, transform, line_str, True)
    if all(is_line_short_enough(ln) for ln in second_opinion):
        return second_opinion
    return result


def _should_split_funcdef_with_rhs(line: Line) -> bool:
    """A magic trailing comma in the return annotation (string annotations are refused)."""
    returns: list[Leaf] = []
    in_return = False
    for leaf in line.leaves:
        if leaf.kind == ":":
            in_return = False
        if in_return:
            returns.append(leaf)
        if leaf.kind == "->":
            in_return = True
    if any(leaf.kind == "STRING" for leaf in returns):
        raise Unsupported("string return annotation")
    probe = Line(line.depth)
    inside = _leaves_inside_matching_brackets(returns)
    for leaf in returns:
        probe.append(leaf, track=id(leaf) in inside)
    return probe.magic_trailing_comma is not None


def left_hand_split(line: Line, force: bool) -> list[Line]:
    """Split at the first opening bracket (the parameters of a `def`)."""
    head: list[Leaf] = []
    body: list[Leaf] = []
    tail: list[Leaf] = []
    current = head
    matching: Leaf | None = None
    for leaf in line.leaves:
        if current is body and leaf.kind in CLOSING and leaf.opening_bracket is matching and matching is not None:
            _ensure_visible(leaf)
            _ensure_visible(matching)
            current = tail if body else head
        current.append(leaf)
        if current is head and leaf.kind == "(":
            matching = leaf
            current = body
    if matching is None or not tail:
        raise CannotSplit("no brackets")
    head_line = _build_line(head, line, matching, "head")
    body_line = _build_line(body, line, matching, "body")
    tail_line = _build_line(tail, line, matching, "tail")
    _bracket_split_succeeded_or_raise(head_line, body_line, tail_line)
    return [part for part in (head_line, body_line, tail_line) if part]


def right_hand_split_with_omits(line: Line, force: bool) -> list[Line]:
    first_lines: list[Line] | None = None
    prefix_lengths: dict[int, int] = {}
    length = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[id(leaf)] = length
        length += len(leaf.prefix) + len(leaf.value)
    for omit in _generate_trailers_to_omit(line):
        if omit:
            target: Leaf | None = None
            for leaf in reversed(line.leaves):
                if leaf.kind in CLOSING and id(leaf) not in omit:
                    target = leaf.opening_bracket
                    break
            if target is not None and target.value and prefix_lengths.get(id(target), 0) > LINE_LENGTH:
                continue
        lines = _right_hand_split(line, force, omit)
        if first_lines is None and not omit:
            first_lines = lines
        if is_line_short_enough(lines[0]):
            return lines
    if first_lines is not None:
        return first_lines
    return _right_hand_split(line, force, set())


def _right_hand_split(line: Line, force: bool, omit: set[int]) -> list[Line]:
    rhs = _first_right_hand_split(line, omit)
    return _maybe_split_omitting_optional_parens(rhs, line, force, omit)


def _first_right_hand_split(line: Line, omit: set[int]) -> RHSResult:
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.kind in CLOSING and id(leaf) not in omit:
            opening = leaf.opening_bracket
            closing = leaf
            current = body
    if opening is None or closing is None or not head:
        raise CannotSplit("no brackets")
    tail.reverse()
    body.reverse()
    head.reverse()
    head_line = _build_line(head, line, opening, "head")
    body_line = _build_line(body, line, opening, "body")
    tail_line = _build_line(tail, line, opening, "tail")
    _bracket_split_succeeded_or_raise(head_line, body_line, tail_line)
    return RHSResult(head_line, body_line, tail_line, opening, closing)


def _maybe_split_omitting_optional_parens(rhs: RHSResult, line: Line, force: bool, omit: set[int]) -> list[Line]:
    if (
        not force
        and rhs.opening_bracket.kind == "("
        and not rhs.opening_bracket.value
        and rhs.closing_bracket.kind == ")"
        and not rhs.closing_bracket.value
        and not line.is_import
        and _can_omit_invisible_parens(rhs)
    ):
        omit = {id(rhs.closing_bracket), *omit}
        try:
            rhs_oop = _first_right_hand_split(line, omit)
            if _prefer_split_rhs_oop_over_rhs(rhs_oop, rhs):
                return _maybe_split_omitting_optional_parens(rhs_oop, line, force, omit)
        except CannotSplit as exc:
            if line.is_chained_assignment:
                pass
            elif not _can_be_split(rhs.body) and not is_line_short_enough(rhs.body):
                raise CannotSplit("body too long") from exc
    _ensure_visible(rhs.opening_bracket)
    _ensure_visible(rhs.closing_bracket)
    return [part for part in (rhs.head, rhs.body, rhs.tail) if part]


def _prefer_split_rhs_oop_over_rhs(rhs_oop: RHSResult, rhs: RHSResult) -> bool:
    if not (len(rhs.head.leaves) >= 2 and rhs.head.leaves[-2].kind == "="):
        return True
    if not any(leaf.kind in OPENING or leaf.kind in CLOSING for leaf in rhs.head.leaves[:-1]):
        return True
    if len(rhs.head.render()) > LINE_LENGTH - 1:
        return True
    if rhs.head.magic_trailing_comma is not None:
        return True
    rhs_head_equals = sum(1 for leaf in rhs.head.leaves if leaf.kind == "=")
    oop_head_equals = sum(1 for leaf in rhs_oop.head.leaves if leaf.kind == "=")
    if rhs_head_equals > 1 and rhs_head_equals > oop_head_equals:
        return False
    has_closing_bracket_after_assign = False
    for leaf in reversed(rhs_oop.head.leaves):
        if leaf.kind == "=":
            break
        if leaf.kind in CLOSING:
            has_closing_bracket_after_assign = True
            break
    return has_closing_bracket_after_assign or (
        any(leaf.kind == "=" for leaf in rhs_oop.head.leaves) and is_line_short_enough(rhs_oop.head)
    )


def _can_omit_invisible_parens(rhs: RHSResult) -> bool:
    line = rhs.body
    line.refuse_unmodeled()
    if not line.delimiters:
        return True
    max_priority = line.max_delimiter_priority()
    delimiter_count = line.delimiter_count_with_priority(max_priority)
    if delimiter_count > 1:
        return False
    if max_priority == DOT_PRIORITY:
        return True
    first = line.leaves[0]
    second = line.leaves[1]
    if first.kind in OPENING and second.kind not in CLOSING:
        if _can_omit_opening_paren(line, first):
            return True
    penultimate = line.leaves[-2]
    last = line.leaves[-1]
    if last.kind == ")" or last.kind == "}" or (last.kind == "]" and last.role != "subscript"):
        if penultimate.kind in OPENING:
            return False
        if _can_omit_closing_paren(line, last):
            return True
    return False


def _can_omit_opening_paren(line: Line, first: Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    index = -1
    for index, leaf in enumerate(line.leaves):
        leaf_length = len(leaf.prefix) + len(leaf.value)
        if leaf.kind in CLOSING and leaf.opening_bracket is first:
            remainder = True
        if remainder:
            length += leaf_length
            if length > LINE_LENGTH:
                break
            if leaf.kind in OPENING:
                remainder = False
    else:
        if len(line.leaves) == index + 1:
            return True
    return False


def _can_omit_closing_paren(line: Line, last: Leaf) -> bool:
    length = 4 * line.depth
    seen_other_brackets = False
    for leaf in line.leaves:
        length += len(leaf.prefix) + len(leaf.value)
        if leaf is last.opening_bracket:
            if seen_other_brackets or length <= LINE_LENGTH:
                return True
        elif leaf.kind in OPENING:
            seen_other_brackets = True
    return False


def _can_be_split(line: Line) -> bool:
    leaves = line.leaves
    if len(leaves) < 2:
        return False
    if leaves[0].kind == "STRING" and leaves[1].kind == ".":
        call_count = 0
        dot_count = 0
        following = leaves[-1]
        for leaf in leaves[-2::-1]:
            if leaf.kind in OPENING:
                if following.kind not in CLOSING:
                    return False
                call_count += 1
            elif leaf.kind == ".":
                dot_count += 1
            elif leaf.kind == "NAME":
                if not (following.kind == "." or following.kind in OPENING):
                    return False
            elif leaf.kind not in CLOSING:
                return False
            if dot_count > 1 and call_count > 1:
                return False
            following = leaf
    return True


def _bracket_split_succeeded_or_raise(head: Line, body: Line, tail: Line) -> None:
    tail_len = len(tail.render().strip()) if tail else 0
    if not body:
        if tail_len == 0:
            raise CannotSplit("same line")
        if tail_len < 3:
            raise CannotSplit("not worth it")


def _ensure_trailing_comma(leaves: list[Leaf], original: Line, opening: Leaf) -> bool:
    if not leaves:
        return False
    if original.is_import:
        return True
    if not original.is_def:
        return False
    if opening.value != "(":
        return False
    if any(leaf.kind == "," and leaf.role != "subscript" for leaf in leaves):
        return False
    if opening.role != "params":
        # the return annotation's parentheses (black: no comma in a return annotation)
        return False
    return True


def _build_line(leaves: list[Leaf], original: Line, opening: Leaf, component: str) -> Line:
    result = Line(original.depth)
    if component == "body":
        result.inside_brackets = True
        result.depth += 1
        if _ensure_trailing_comma(leaves, original, opening):
            if leaves[-1].kind != ",":
                comma = Leaf(",", ",")
                comma.synthetic = True
                leaves.append(comma)
    if component == "head":
        tracked = _leaves_inside_matching_brackets(leaves)
        for leaf in leaves:
            result.append(leaf, track=id(leaf) in tracked)
    else:
        result.extend(leaves, track=result.inside_brackets)
    if component == "body" and _should_split_line(result, opening):
        result.should_split_rhs = True
    return result


def _should_split_line(line: Line, opening: Leaf) -> bool:
    """Should the body be exploded one item per line right away (black's `should_split_line`)."""
    if not line.leaves:
        return False
    line.refuse_unmodeled()
    trailing_comma = False
    exclude: int | None = None
    last = line.leaves[-1]
    if last.kind == ",":
        trailing_comma = True
        exclude = id(last)
    try:
        max_priority = line.max_delimiter_priority(exclude)
    except ValueError:
        return False
    # black: the opening bracket's parent is an atom (tuple, list, dict, invisible parens) or
    # an import; calls, subscripts and parameters explode only on a trailing comma
    return max_priority == COMMA_PRIORITY and (
        trailing_comma or opening.role in ("atom", "list", "dict", "import", "invisible")
    )


def _leaves_inside_matching_brackets(leaves: list[Leaf]) -> set[int]:
    start = next((i for i, leaf in enumerate(leaves) if leaf.kind in OPENING), None)
    if start is None:
        return set()
    ids: set[int] = set()
    stack: list[tuple[str, list[int]]] = []
    closer = {"(": ")", "[": "]", "{": "}"}
    for leaf in leaves[start:]:
        if leaf.kind in OPENING:
            stack.append((closer[leaf.kind], [id(leaf)]))
        elif leaf.kind in CLOSING:
            if stack and leaf.kind == stack[-1][0]:
                _, level = stack.pop()
                level.append(id(leaf))
                ids.update(level)
            else:
                break
        elif stack:
            stack[-1][1].append(id(leaf))
    return ids


def _generate_trailers_to_omit(line: Line) -> Iterator[set[int]]:
    omit: set[int] = set()
    if not line.magic_trailing_comma:
        yield omit
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[int] = set()
    leaves = line.leaves
    for index in range(len(leaves) - 1, -1, -1):
        leaf = leaves[index]
        length += len(leaf.prefix) + len(leaf.value)
        if length > LINE_LENGTH:
            break
        if opening is not None:
            if leaf is opening:
                opening = None
            elif leaf.kind in CLOSING:
                prev = leaves[index - 1] if index > 0 else None
                if (
                    prev is not None
                    and prev.kind == ","
                    and leaf.opening_bracket is not None
                    and not is_one_sequence_between(leaf.opening_bracket, leaf, leaves)
                ):
                    break
                inner.add(id(leaf))
        elif leaf.kind in CLOSING:
            prev = leaves[index - 1] if index > 0 else None
            if prev is not None and prev.kind in OPENING:
                inner.add(id(leaf))
                continue
            if closing is not None:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield omit
            if (
                prev is not None
                and prev.kind == ","
                and leaf.opening_bracket is not None
                and not is_one_sequence_between(leaf.opening_bracket, leaf, leaves)
            ):
                break
            if leaf.value:
                opening = leaf.opening_bracket
                closing = leaf


def delimiter_split(line: Line, force: bool) -> list[Line]:
    if not line.leaves:
        raise CannotSplit("empty")
    last_leaf = line.leaves[-1]
    try:
        priority = line.max_delimiter_priority(exclude=id(last_leaf))
    except ValueError:
        raise CannotSplit("no delimiters") from None
    if priority == DOT_PRIORITY and line.delimiter_count_with_priority(priority) == 1:
        raise CannotSplit("single attribute")
    result: list[Line] = []
    delimiters = line.delimiters
    group: list[Leaf] = []
    for leaf in line.leaves:
        group.append(leaf)
        if delimiters.get(id(leaf)) == priority:
            part = Line(line.depth, line.inside_brackets)
            part.defer_tracking(group)
            result.append(part)
            group = []
    current = Line(line.depth, line.inside_brackets)
    current.defer_tracking(group)
    if current:
        if priority == COMMA_PRIORITY and current.leaves[-1].kind != ",":
            comma = Leaf(",", ",")
            comma.synthetic = True
            current.leaves.append(comma)  # tracked with the others, if ever (a comma at depth 0)
        result.append(current)
    return result


def _ensure_visible(leaf: Leaf) -> None:
    if leaf.kind == "(":
        leaf.value = "("
    elif leaf.kind == ")":
        leaf.value = ")"
