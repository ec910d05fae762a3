"""The piece splitter's quick checks (`parse_cache`) find what the regexes they replace find."""

from __future__ import annotations

import random
import re

from conftest import CORPUS

from generator import parse_cache

_UNSURE = re.compile(r"^(?:---|\.\.\.|%|[{\[])|^ *\t|[\r\x85\u2028\u2029]", re.MULTILINE)
_FRAGMENTS = ["a: 1", "  b: 2", "---", "...", "%YAML", "{x: 1}", "[1]", " \tc: 3", "\td", "x\ty", "-", "#c", "", " ", "é", "\r", "\x85", "\u2028", "\u2029"]


def test_unsure_texts_are_what_the_regex_finds() -> None:
    rng = random.Random(4)
    for _ in range(20_000):
        text = "".join(rng.choice(_FRAGMENTS) + rng.choice(["\n", "", " "]) for _ in range(rng.randrange(1, 6)))
        assert parse_cache._unsure_text(text) == (_UNSURE.search(text) is not None), repr(text)


def _content_by_multiline_regex(text: str, deepest: int) -> list[tuple[int, int]]:
    return [(m.start(), len(m.group(1))) for m in re.finditer(rf"^( {{0,{deepest}}})[^ \n#]", text, re.MULTILINE)]


def test_content_lines_are_what_the_multiline_regex_finds() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted((CORPUS / "big").glob("*.yaml"))]
    rng = random.Random(5)
    texts += ["".join(rng.choice(_FRAGMENTS) + rng.choice(["\n", "\n\n", ""]) for _ in range(8)) for _ in range(5000)]
    for text in texts:
        for deepest in (0, 2, 4):
            assert parse_cache.content_lines(text, deepest) == _content_by_multiline_regex(text, deepest), repr(text[:80])
