"""A module is scanned once for its logical lines (`generator.layout.logical_lines`):
`format_cache` finds its top-level statements and cuts from them, as its own bracket and
string scanner finds them, and hands each block the logical lines a scan of the block
alone would find, so the layouter does not scan the block again."""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS, ROOT
from test_layout import _modules

from generator.format_cache import _cut, _top_level_of, _top_level_statements
from generator.layout import LogicalLine, Unsupported, logical_lines


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
