"""The name functions kept once per text (`generator.naming`) give what they give computed anew.

Each is a pure function of its text: every key and title of the big corpus specs (the names a
spec asks for thousands of times), asked twice of the kept function, matches the plain one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

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
