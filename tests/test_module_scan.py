"""A module is scanned once for its logical lines (`generator.layout.logical_lines`):
`format_cache` finds its top-level statements and cuts from them, as its own bracket and
string scanner finds them, and hands each block the logical lines a scan of the block
alone would find, so the layouter does not scan the block again."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from conftest import CORPUS, ROOT
from test_layout import _modules

from generator.format_cache import _cut, _top_level_of, _top_level_statements
from generator.layout import LogicalLine, Unsupported, _scan_statements, _statements, logical_lines


def _described(lines: list[LogicalLine]) -> list[tuple[str, int, int, bool, str]]:
    """What the layouter reads of a logical line (its line numbers stay the module's)."""
    return [(line.text, line.indent, line.blank_before, line.comment, line.trailing_comment) for line in lines]


def _assert_one_scan_is_enough(modules: dict[str, str]) -> int:
    handed = 0
    for name, source in modules.items():
        lines = [f"{line}\n" for line in source.split("\n")]
        lines[-1] = lines[-1][:-1]
        try:
            logical = logical_lines(source)
        except Unsupported:
            continue
        assert _top_level_of(logical, lines) == _top_level_statements(source, lines), name
        for block in _cut(source):
            assert block.logical is not None, name
            handed += 1
            assert _described(block.logical) == _described(logical_lines(block.text)), name
    return handed


def test_twilio_modules_are_cut_and_their_blocks_scanned_from_one_scan(tmp_path: Path) -> None:
    assert _assert_one_scan_is_enough(_modules(CORPUS / "big" / "twilio_api_v2010.json", tmp_path)) > 2000


def test_dial_modules_are_cut_and_their_blocks_scanned_from_one_scan(tmp_path: Path) -> None:
    assert _assert_one_scan_is_enough(_modules(ROOT / "spec", tmp_path)) > 20


def test_blank_lines_and_comments_before_a_block_are_counted_from_the_block() -> None:
    source = "import os\n\n\n# a comment\n\n\ndef f():\n    return os\n\n\n\nclass C:\n    x: int\n"
    blocks = _cut(source)
    assert len(blocks) > 1
    for block in blocks:
        assert block.logical is not None
        assert _described(block.logical) == _described(logical_lines(block.text))


def test_a_module_the_scan_refuses_is_cut_the_old_way_and_its_blocks_scan_themselves() -> None:
    source = "x = 1; y = 2\n\n\ndef f():\n    return 1\n"
    blocks = _cut(source)
    assert [block.text for block in blocks] == ["x = 1; y = 2\n\n\n", "def f():\n    return 1\n"]
    assert all(block.logical is None for block in blocks)


def _scanned(scan: Callable[[str], list[LogicalLine]], source: str) -> list[LogicalLine] | str:
    try:
        return scan(source)
    except Unsupported as refused:
        return f"refused: {refused}"


def _assert_line_matches_agree_with_the_token_scan(modules: dict[str, str]) -> None:
    for name, source in modules.items():
        assert _scanned(_statements, source) == _scanned(_scan_statements, source), name
        for block in _cut(source):
            assert _scanned(_statements, block.text) == _scanned(_scan_statements, block.text), name


def test_a_module_read_a_logical_line_a_match_gives_what_the_token_scan_gives(tmp_path: Path) -> None:
    """`_statements` takes a logical line per regex match; on the modules of Twilio and Dial
    (and their blocks) it finds the same lines, numbers and comments as the scan token by token."""
    _assert_line_matches_agree_with_the_token_scan(_modules(CORPUS / "big" / "twilio_api_v2010.json", tmp_path / "t"))
    _assert_line_matches_agree_with_the_token_scan(_modules(ROOT / "spec", tmp_path / "d"))


def test_sources_the_line_matches_do_not_take_are_scanned_token_by_token_and_agree() -> None:
    """Brackets nested deeper than the line pattern, `;` and `\\` outside strings, comments
    inside brackets, tabs, blank lines at the end, strings over several lines: the same
    result (or the same refusal) either way."""
    deep = "x = " + "(" * 9 + "1" + ")" * 9 + "\n"
    sources = [
        deep,
        f"def f():\n    {deep}\n\n    return x  # done\n",
        "x = 1; y = 2\n",
        "x = 'a;b\\\\c'\ny = [1,\n  2]  # two\n",
        "x = (1 +\n     2)\n",
        "x = (1,  # one\n     2)\n",
        "if x:\n\tpass\n",
        "x = 1\n\n\n",
        "x = 1\n   \n  \t\n\ny = 2\n",
        "x = 1",
        "x = 1\n   ",
        '"""A docstring\n\n    over lines (with a # and a \' in it).\n    """\nx = 1\n',
        "x = 'it''s'\ny = \"a\\\nb\"\n",
        "# a comment\n\n  # an indented one\nx = {'a': [1, (2, 3)]}  # trailing\n",
        "x = ')'  # a bracket in a string\n",
        "x = it's\n",
        "x = (1\n",
        "x = 1)\n",
        "\n\n\n",
        "",
    ]
    for source in sources:
        assert _scanned(_statements, source) == _scanned(_scan_statements, source), source


def test_random_texts_read_a_line_a_match_give_what_the_token_scan_gives() -> None:
    """Random texts of quotes, backslashes, brackets, comments, `;`, tabs and newlines."""
    pieces = ['"', "'", "\\", "\n", "\n\n", '"""', "'''", "a", " ", "    ", "\t", "#", ";", "(", ")", "[", "]", "{", "}", "x = 1\n"]
    generator = random.Random(11)
    for _ in range(20000):
        source = "".join(generator.choice(pieces) for _ in range(generator.randint(1, 40)))
        assert _scanned(_statements, source) == _scanned(_scan_statements, source), source
