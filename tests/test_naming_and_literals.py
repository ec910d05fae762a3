"""Python names (`generator.naming`) and Python source literals (`generator.render.pyliteral`)."""

from __future__ import annotations

import ast
import keyword
import math
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.naming import RESERVED, NameRegistry, class_name, constant_name, identifier
from generator.render.pyliteral import comment, docstring, docstring_body, literal

# Any code point, lone surrogates and control characters included.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()))
# Text that likes to hit the dangerous spots: quotes, backslashes, line breaks.
TRICKY_TEXT = st.text(
    alphabet=st.sampled_from(['"', "'", "\\", "\n", "\r", " ", "a", "N", "{", "}", "\x00", "\u2028"])
)
JSON_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | ANY_TEXT
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4),
    max_leaves=20,
)


def is_safe_name(name: str) -> bool:
    return (
        name.isidentifier()
        and name.isascii()
        and not keyword.iskeyword(name)
        and not keyword.issoftkeyword(name)
        and name not in RESERVED
    )


# -- identifiers and class names -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("balanceCents", "balance_cents"),
        ("get-billing", "get_billing"),
        ("Phone Numbers", "phone_numbers"),
        ("HTTPResponse", "http_response"),
        ("v1/audio/speech", "v1_audio_speech"),
        ("café", "cafe"),
    ],
)
def test_identifier_is_snake_case(text: str, expected: str) -> None:
    """Any spelling becomes snake_case words joined by underscores."""
    assert identifier(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("class", "class_"), ("match", "match_"), ("type", "type_"), ("self", "self_"), ("client", "client_")],
)
def test_identifier_escapes_keywords_and_reserved_names(text: str, expected: str) -> None:
    """Keywords, soft keywords and names the generated code uses get a trailing underscore."""
    assert identifier(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("123abc", "value_123abc"), ("", "value"), ("日本", "value")])
def test_identifier_falls_back_for_digits_and_empty_text(text: str, expected: str) -> None:
    """A leading digit gets the fallback prefix; text with no ASCII words is the fallback."""
    assert identifier(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("billing subscription", "BillingSubscription"),
        ("pet_store", "PetStore"),
        ("APIKey", "APIKey"),
        ("3d model", "Model3dModel"),
        ("", "Model"),
        ("None", "None_"),
        ("client", "Client_"),
        ("literal", "Literal_"),
    ],
)
def test_class_name(text: str, expected: str) -> None:
    """PascalCase with inner capitals kept, digit-first prefixed, reserved names escaped."""
    assert class_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("pay-as-you-go", "PAY_AS_YOU_GO"), ("1st", "VALUE_1ST"), ("", "VALUE")]
)
def test_constant_name(text: str, expected: str) -> None:
    """Enum member names are UPPER_SNAKE, digit-first values prefixed."""
    assert constant_name(text) == expected


@settings(database=None)
@given(ANY_TEXT)
def test_identifier_is_always_a_safe_name(text: str) -> None:
    """For any text, identifier() is an ASCII, non-keyword, non-reserved snake_case identifier."""
    name = identifier(text)
    assert is_safe_name(name)
    assert name == name.lower()


@settings(database=None)
@given(ANY_TEXT)
def test_class_name_is_always_a_safe_name(text: str) -> None:
    """For any text, class_name() is an ASCII, non-keyword, non-reserved name starting upper-case."""
    name = class_name(text)
    assert is_safe_name(name)
    assert name[0].isupper()


# -- name registry -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requests", "expected"),
    [
        (["Foo", "Foo", "Foo"], ["Foo", "Foo2", "Foo3"]),
        (["foo_bar", "foo_bar"], ["foo_bar", "foo_bar_2"]),
        (["items", "items"], ["items", "items_2"]),
        (["class_", "class_"], ["class_", "class_2"]),
        (["Foo2", "Foo", "Foo"], ["Foo2", "Foo", "Foo3"]),
    ],
)
def test_registry_numbers_collisions_in_request_order(requests: list[str], expected: list[str]) -> None:
    """The first request keeps the name; later ones get the next free number."""
    registry = NameRegistry()
    assert [registry.claim(name) for name in requests] == expected


def test_registry_respects_names_taken_up_front() -> None:
    """Names given to the registry at creation are never handed out."""
    registry = NameRegistry({"body"})
    assert registry.claim("body") == "body_2"


@settings(database=None)
@given(st.lists(st.sampled_from(["Foo", "Foo2", "foo", "foo_2", "foo_", "Bar"]), max_size=12))
def test_registry_is_unique_and_deterministic(requests: list[str]) -> None:
    """Claimed names never repeat, and the same requests always give the same names."""
    first, second = NameRegistry(), NameRegistry()
    names = [first.claim(n) for n in requests]
    assert len(set(names)) == len(names)
    assert [second.claim(n) for n in requests] == names


# -- docstrings ----------------------------------------------------------------------------


def compile_with_docstring(text: str) -> dict[str, Any]:
    """Compile `def f(): <docstring(text)>; return 42` and check its AST is exactly that."""
    source = f"def f():\n    {docstring(text)}\n    return 42\n"
    tree = ast.parse(source)
    assert len(tree.body) == 1
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 2
    doc = function.body[0]
    assert isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
    assert isinstance(doc.value.value, str)
    assert isinstance(function.body[1], ast.Return)
    namespace: dict[str, Any] = {}
    exec(compile(source, "<docstring>", "exec"), namespace)
    return namespace


@settings(database=None, max_examples=300)
@given(ANY_TEXT)
def test_docstring_of_any_text_compiles_and_stays_a_docstring(text: str) -> None:
    """docstring() of arbitrary text compiles to a function whose body is only that docstring."""
    assert compile_with_docstring(text)["f"]() == 42


@settings(database=None, max_examples=300)
@given(TRICKY_TEXT)
def test_docstring_of_quote_and_backslash_runs_stays_a_docstring(text: str) -> None:
    """Runs of quotes, backslashes and line breaks cannot close the docstring early; and no
    backslash comes before a line break (black would leave such a docstring unformatted, and
    the generator's layout would hand the whole block to black), yet the text is the same."""
    assert compile_with_docstring(text)["f"]() == 42
    body = docstring_body(text)
    assert not re.search(r"\\\s*\n", body)
    assert ast.literal_eval('"""' + body + ' """')[:-1] == text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(
    "text",
    ['"""', 'ends with a quote"', '""" + __import__("os").system("x") + """', "back\\", "\\N{", '\\"""'],
)
def test_docstring_breakout_attempts(text: str) -> None:
    """Known break-out shapes compile to a function that just returns."""
    assert compile_with_docstring(text)["f"]() == 42


@settings(database=None)
@given(ANY_TEXT.filter(lambda t: "\n" not in t and "\r" not in t and len(t) <= 80))
def test_single_line_docstring_keeps_the_text(text: str) -> None:
    """A one-line docstring (short enough not to wrap) is the stripped text, every character intact."""
    assert ast.literal_eval(docstring(text)) == text.strip()


@settings(database=None)
@given(ANY_TEXT.filter(lambda t: "\n" not in t and "\r" not in t))
def test_wrapped_docstring_keeps_every_character_but_break_spaces(text: str) -> None:
    """Wrapping a long line only trades spaces for line breaks and indentation."""
    value = ast.literal_eval(docstring(text))
    assert value.replace(" ", "").replace("\n", "") == text.strip().replace(" ", "")


def test_multiline_docstring_indents_continuation_lines() -> None:
    """Continuation lines are indented, blank lines left empty, and the closing quotes on their own line."""
    assert docstring("first\n\nsecond") == '"""first\n\n    second\n    """'


# -- literals and comments -----------------------------------------------------------------


@settings(database=None, max_examples=300)
@given(JSON_VALUES)
def test_literal_round_trips_json_values(value: Any) -> None:
    """literal() of any JSON-like value evaluates back (ast.literal_eval) to the same value and types."""
    assert repr(ast.literal_eval(literal(value))) == repr(value)


def test_literal_of_a_tuple_is_a_list() -> None:
    """Tuples are written as JSON-style lists."""
    assert literal(("a", 1)) == "['a', 1]"


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_literal_of_an_infinite_float_is_valid_python(value: float) -> None:
    """YAML's .inf / -.inf become a Python expression that evaluates to the same float."""
    assert eval(literal(value), {}) == value


@settings(database=None)
@given(ANY_TEXT)
def test_comment_stays_on_one_line(text: str) -> None:
    """comment() output never contains a line break, so it cannot end the `#` comment."""
    source = f"x = 1  # {comment(text)}\n"
    assert source.count("\n") == 1
    assert "\r" not in source
    namespace: dict[str, Any] = {}
    exec(compile(source, "<comment>", "exec"), namespace)
    assert namespace["x"] == 1
