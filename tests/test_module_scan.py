"""A module is scanned once for its logical lines (`generator.layout.logical_lines`):
`format_cache` finds its top-level statements and cuts from them, as its own bracket and
string scanner finds them, and hands each block the logical lines a scan of the block
alone would find, so the layouter does not scan the block again. The scan takes a logical
line per regex match and agrees with the scan token by token it falls back on; a module the
layouter takes whole is laid out whole, the same text as its blocks laid out and joined."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from test_layout import _modules

from generator.format_cache import BlockFormatter, _cut, _top_level_of, _top_level_statements, format_block, join_blocks
from generator.layout import LayoutMemo, LogicalLine, Unsupported, _scan_statements, _statements, layout_block, logical_lines


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


def _by_blocks(source: str, memo: LayoutMemo) -> str:
    formatter = BlockFormatter()
    blocks = _cut(source)
    return join_blocks(
        [formatter._format_block(block.text, "", memo, block.logical) for block in blocks],
        [block.blank_before for block in blocks],
    )


def _assert_whole_modules_are_their_blocks_joined(modules: dict[str, str]) -> int:
    whole = 0
    memo = LayoutMemo()
    for name, source in modules.items():
        try:
            laid_out = layout_block(source, memo, logical_lines(source))
        except Unsupported:
            continue
        whole += 1
        assert laid_out == _by_blocks(source, memo), name
    return whole


def test_a_module_laid_out_whole_is_its_blocks_laid_out_and_joined(tmp_path: Path) -> None:
    """`BlockFormatter` lays out a module whole when the layouter takes it: on Twilio's and
    Dial's modules the text is the same as cutting it into blocks and joining them, and on
    Dial's it is black's."""
    twilio = _modules(CORPUS / "big" / "twilio_api_v2010.json", tmp_path / "t")
    assert _assert_whole_modules_are_their_blocks_joined(twilio) > 0.95 * len(twilio)
    dial = _modules(ROOT / "spec", tmp_path / "d")
    assert _assert_whole_modules_are_their_blocks_joined(dial) > 0.8 * len(dial)
    assert BlockFormatter().format_modules(dial) == {name: format_block(source) for name, source in dial.items()}


def test_a_module_the_layouter_refuses_whole_is_formatted_block_by_block() -> None:
    """A refused statement (a lambda) in one block: black formats that block, the layouter the rest."""
    source = "import os\n\n\ndef f():\n    return lambda: 1\n\n\n\ndef g(a,b):\n    return os\n"
    with pytest.raises(Unsupported):
        layout_block(source)
    formatter = BlockFormatter()
    assert formatter.format_modules({"m.py": source}) == {"m.py": format_block(source)}
    assert (formatter.misses, formatter.laid_out) == (1, 2)
