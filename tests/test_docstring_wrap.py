"""Docstrings are wrapped as `textwrap.wrap` wraps them (`generator.render.pyliteral.wrap`),
most lines by `wrap_words`, a one-pass wrapper for words separated by single spaces: on
every description, summary and title of the corpus's big specs, both give the same lines,
at the widths docstrings get and at a narrow one (where words longer than the line stand
alone), with and without a hanging indent."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import CORPUS

from generator.load import load_file
from generator.render import pyliteral
from generator.render.pyliteral import wrap, wrap_words

_PROSE_KEYS = ("description", "summary", "title")


def _prose(node: Any) -> Iterator[str]:
    """Every description, summary and title in a parsed spec."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in _PROSE_KEYS and isinstance(value, str):
                    yield value
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _big_spec_prose() -> list[str]:
    texts: set[str] = set()
    for path in sorted((CORPUS / "big").glob("*.*")):
        if path.suffix in (".json", ".yaml"):
            texts.update(_prose(load_file(path).root))
    return sorted(texts)


@pytest.fixture(scope="module")
def prose() -> list[str]:
    texts = _big_spec_prose()
    assert len(texts) > 10000
    return texts


def test_wrap_words_gives_textwraps_lines_on_every_description_of_the_big_specs(prose: list[str]) -> None:
    compared = 0
    for text in prose:
        for line in text.split("\n"):
            words = line.strip(" ")
            if not words or pyliteral._NOT_ONE_SPACE.search(words):
                continue
            for width, first, rest in ((84, "", ""), (80, "  ", "      "), (30, "", "    ")):
                expected = textwrap.wrap(
                    words, width, initial_indent=first, subsequent_indent=rest,
                    break_long_words=False, break_on_hyphens=False, expand_tabs=False, replace_whitespace=False,
                )  # fmt: skip
                assert wrap_words(words, width, first, rest) == expected, (line, width)
                compared += 1
    assert compared > 50000


def test_wrap_gives_what_textwrap_alone_gives_on_every_description_of_the_big_specs(
    prose: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole `wrap` (fenced code, hanging indents, lines left to textwrap) against the
    same function with every line left to textwrap."""
    fast = [wrap(text, 84) for text in prose]
    monkeypatch.setattr(pyliteral, "_NOT_ONE_SPACE", re.compile(""))  # matches every line
    assert [wrap(text, 84) for text in prose] == fast


def test_lines_with_other_whitespace_are_left_to_textwrap() -> None:
    """Tabs, runs of spaces and Unicode spaces are what `wrap_words` does not model."""
    for words in ("a\tb", "a  b", "a\u00a0b", "a\u2003b", "a\x0bb"):
        assert pyliteral._NOT_ONE_SPACE.search(words), words
    assert not pyliteral._NOT_ONE_SPACE.search("plain words, with punctuation: and `code`")
