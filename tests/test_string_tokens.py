"""The layouter's and the module cutter's scanners find string literals with unrolled loops
(a run of plain characters, then escapes each followed by another run: far fewer steps on
a long docstring than one alternation per character). They must match exactly what the
plain patterns match: the whole token stream is compared on random texts made of quotes,
backslashes, newlines and brackets, and on every generated Dial module."""

from __future__ import annotations

import random
import re
from pathlib import Path

from conftest import ROOT
from test_layout import _modules

from generator.format_cache import _SCAN
from generator.layout import _PHYSICAL
from generator.layout.lines import _TOKEN, is_plain_docstring, tokenize

_SQ3 = "'''"
_DQ3 = r"\"\"\""
_SQ3_ESCAPED = r"'\'\'"
# Each unrolled string pattern, with the plain one it stands for.
_UNROLLED = {
    _SQ3 + r"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*" + _SQ3: _SQ3 + r"(?:[^'\\]|\\.|'(?!''))*" + _SQ3,
    _SQ3_ESCAPED + r"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*" + _SQ3_ESCAPED: _SQ3_ESCAPED + r"(?:[^'\\]|\\.|'(?!''))*" + _SQ3_ESCAPED,
    _DQ3 + r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*' + _DQ3: _DQ3 + r'(?:[^"\\]|\\.|"(?!""))*' + _DQ3,
    r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'": r"'(?:[^'\\\n]|\\.)*'",
    r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"': r'"(?:[^"\\\n]|\\.)*"',
}


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same scanner with the strings matched one alternation per character."""
    source = pattern.pattern
    found = 0
    for unrolled, plain in _UNROLLED.items():
        found += source.count(unrolled)
        source = source.replace(unrolled, plain)
    assert found == 4, pattern.pattern  # its four kinds of string literal
    return re.compile(source, pattern.flags)


def _tokens(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    return [(match.start(), match.end(), match.lastgroup) for match in pattern.finditer(text)]


def _texts() -> list[str]:
    pieces = ['"', "'", "\\", "\n", '"""', "'''", "a", " ", "#", "(", ")", "[", "]", "x = 1"]
    generator = random.Random(9)
    return ["".join(generator.choice(pieces) for _ in range(generator.randint(1, 40))) for _ in range(20000)]


def test_the_unrolled_string_patterns_match_what_the_plain_ones_match(tmp_path: Path) -> None:
    texts = _texts() + list(_modules(ROOT / "spec", tmp_path).values())
    for pattern in (_PHYSICAL, _TOKEN, _SCAN):
        plain = _plain(pattern)
        assert [text for text in texts if _tokens(pattern, text) != _tokens(plain, text)] == []


def test_a_plain_docstring_is_the_one_token_the_tokenizer_reads() -> None:
    """The layouter takes a statement `is_plain_docstring` accepts as one string without
    tokenizing it: on random texts starting with triple quotes and on every docstring of
    the generated Dial modules, the tokenizer reads each accepted one as that one token."""
    pieces = ['"', '"""', "'", "\\", "\n", "a", " ", "#", "("]
    generator = random.Random(5)
    texts = [
        '"""' + "".join(generator.choice(pieces) for _ in range(generator.randint(0, 30))) + generator.choice(['"""', ""])
        for _ in range(20000)
    ]
    texts += ['""""""', '"""a""""', '"""a"""b"""', '"""a\\"""', '"""a""" + x', '"""']
    accepted = 0
    for text in texts:
        if is_plain_docstring(text):
            accepted += 1
            assert tokenize(text) == [("string", text)], text
    assert accepted > 1000
