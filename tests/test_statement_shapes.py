"""Statements read through their shape's template (`generator.layout.shapes`) get the leaves
the long way gives: the same kinds, values, roles and whitespace, on every statement of a
cold Twilio and Dial generation and on hand-made cases where names, strings and numbers
differ; what the long way refuses stays refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from test_layout import _blocks

from generator.layout import Unsupported, _statements
from generator.layout.lines import Leaf, read_leaves, tokenize
from generator.layout.shapes import Template, read, shape_of


def _described(leaves: list[Leaf]) -> list[tuple[str, str, str, str]]:
    return [(leaf.kind, leaf.value, leaf.role, leaf.prefix) for leaf in leaves]


def _through_template(text: str, depth: int, shapes: dict[tuple[object, ...], Template | str | None]) -> list[Leaf] | None:
    template, values, leaves = read(text, depth, False, shapes)
    if template is None:
        return None
    return template.leaves(values)


def _assert_templates_give_the_long_way(statements: list[tuple[str, int]]) -> int:
    shapes: dict[tuple[object, ...], Template | str | None] = {}
    for text, depth in statements:  # the first of each shape makes its template
        try:
            read(text, depth, False, shapes)
        except Unsupported:
            pass
    read_through = 0
    mismatches = []
    for text, depth in statements:
        try:
            long_way = read_leaves(tokenize(text), depth, False)
        except Unsupported:
            with pytest.raises(Unsupported):
                read(text, depth, False, shapes)
            continue
        leaves = _through_template(text, depth, shapes)
        if leaves is None:
            continue
        read_through += 1
        if _described(leaves) != _described(long_way):
            mismatches.append(text)
    assert mismatches == []
    return read_through


def _statements_of(spec: Path, tmp_path: Path) -> list[tuple[str, int]]:
    found = {(s.text, s.indent // 4) for block in _blocks(spec, tmp_path) for s in _statements(block)}
    return sorted((text, depth) for text, depth in found if not text.startswith("#"))


def test_every_twilio_statement_read_through_its_template_gets_the_long_ways_leaves(tmp_path: Path) -> None:
    statements = _statements_of(CORPUS / "big" / "twilio_api_v2010.json", tmp_path)
    read_through = _assert_templates_give_the_long_way(statements)
    assert read_through > 0.5 * len(statements)  # a few hundred shapes for thousands of statements


def test_every_dial_statement_read_through_its_template_gets_the_long_ways_leaves(tmp_path: Path) -> None:
    assert _assert_templates_give_the_long_way(_statements_of(ROOT / "spec", tmp_path)) > 20


def test_names_strings_and_numbers_vary_within_a_shape() -> None:
    shapes: dict[tuple[object, ...], Template | str | None] = {}
    read("first: int = field(default='a', size=0XFF)", 1, False, shapes)
    leaves = _through_template("second_name: Other = call(default='it\\'s', size=1E5)", 1, shapes)
    assert leaves is not None
    assert _described(leaves) == _described(read_leaves(tokenize("second_name: Other = call(default='it\\'s', size=1E5)"), 1, False))
    assert [leaf.value for leaf in leaves if leaf.kind in ("STRING", "NUMBER")] == ['"it\'s"', "1e5"]


def test_keywords_are_part_of_the_shape() -> None:
    assert shape_of(tokenize("return x"), 0) != shape_of(tokenize("values x"), 0)
    assert shape_of(tokenize("x = a if b else c"), 0) != shape_of(tokenize("x = a of b elsewhere c"), 0)
    assert shape_of(tokenize("x = a"), 0) != shape_of(tokenize("x = a"), 1)


def test_a_shape_refused_once_is_refused_again_with_the_same_reason() -> None:
    shapes: dict[tuple[object, ...], Template | str | None] = {}
    with pytest.raises(Unsupported, match="redundant parentheses"):
        read("x = (y)", 0, False, shapes)
    with pytest.raises(Unsupported, match="redundant parentheses"):
        read("other = (name)", 0, False, shapes)


def test_what_the_long_way_decides_by_value_is_not_shared() -> None:
    shapes: dict[tuple[object, ...], Template | str | None] = {}
    read("x = f('plain')", 0, False, shapes)
    for text in ("x = f('caf\u00e9')", "x = f('''two\nlines''')"):  # refused by the long way only
        assert shape_of(tokenize(text), 0) is None
        with pytest.raises(Unsupported):
            read(text, 0, False, shapes)
    # a docstring depends on where it stands; `if` headers on their length
    assert shape_of(tokenize('"""Doc."""'), 0) is None
    assert shape_of(tokenize("if TYPE_CHECKING:"), 0) is None
