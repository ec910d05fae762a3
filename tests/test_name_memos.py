"""The name functions kept once per text (`generator.naming`) give what they give computed anew.

Each is a pure function of its text: every key and title of the big corpus specs (the names a
spec asks for thousands of times), asked twice of the kept function, matches the plain one.
`pascal`'s shortcut for text that is PascalCase already matches splitting it into words.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from generator import naming

SPECS = [CORPUS / "big" / "openai-openapi.json", CORPUS / "big" / "twilio_api_v2010.json"]


def _texts(node: Any) -> Iterator[str]:
    """Every mapping key, and every title and `$ref` token, anywhere in a document."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                if key in {"title", "operationId"} and isinstance(value, str):
                    yield value
                if key == "$ref" and isinstance(value, str):
                    yield value.rsplit("/", 1)[-1]
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


@pytest.fixture(scope="module")
def corpus_names() -> list[str]:
    names = {text for path in SPECS for text in _texts(json.loads(path.read_text()))}
    names |= {"", "1st", "class", "type", "None", "billing subscription", "ISO8601", "café", "IPs"}
    return sorted(names)


# Each kept function with the arguments it is asked besides the text.
KEPT: list[tuple[str, Any, tuple[Any, ...]]] = [
    ("snake", naming.snake, ()),
    ("pascal", naming.pascal, ()),
    ("class_name", naming.class_name, ()),
    ("class_name Field", naming.class_name, ("Field",)),
    ("singular", naming.singular, ()),
    ("constant_name", naming.constant_name, ()),
    ("media_type_word", naming.media_type_word, ()),
    ("identifier", naming._snake_name, ("value", naming.RESERVED)),
    ("attribute_name", naming._snake_name, ("field", naming.RESERVED - naming.UNUSED_IN_BODIES)),
]


@pytest.mark.parametrize("name, function, rest", KEPT, ids=[name for name, _, _ in KEPT])
def test_kept_name_functions_match_the_plain_function(
    corpus_names: list[str], name: str, function: Any, rest: tuple[Any, ...]
) -> None:
    plain = function.__wrapped__  # the function itself, before anything is kept
    assert len(corpus_names) > 4000  # the corpus specs were read
    for text in corpus_names:
        first, again = function(text, *rest), function(text, *rest)
        assert first == again == plain(text, *rest), text
        assert type(first) is type(plain(text, *rest))


def test_kept_class_names_are_class_names() -> None:
    naming.class_name("billing subscription")
    kept = naming.class_name("billing subscription")
    # What `ClassName(...)` and `PyIdentifier(...)` make (plain `str` at run time: `NewType`).
    assert type(kept) is type(naming.ClassName("X")) and kept == "BillingSubscription"
    assert type(naming.attribute_name("type", "field")) is type(naming.PyIdentifier("x"))


ALNUM = st.text(alphabet=st.sampled_from("AaBbSsXxZz019"), min_size=1, max_size=24)


def test_pascal_case_texts_are_their_own_pascal_case(corpus_names: list[str]) -> None:
    """`pascal` returns ASCII letters and digits that start with no lower-case letter as they
    are: the same as splitting them into words and capitalizing each, for every class name
    the corpus names give and the names made of two of them."""
    names = [naming._joined_words(text) for text in corpus_names]
    names += [a + b for a, b in zip(names, reversed(names))]
    checked = 0
    for name in names:
        if name.isascii() and name.isalnum() and not name[0].islower():
            assert naming.pascal(name) == naming._joined_words(name) == name, name
            checked += 1
    assert checked > 4000


@given(ALNUM)
@settings(max_examples=3000, deadline=None)
def test_letters_and_digits_without_a_lower_case_start_are_kept_by_word_splitting(text: str) -> None:
    expected = naming._joined_words(text)
    assert naming.pascal(text) == expected
    if not text[0].islower():
        assert expected == text
