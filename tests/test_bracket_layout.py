"""Calls and displays split only at their brackets (`generator.layout.brackets`) are black's.

Every long statement of a cold Twilio and Dial generation that the fast path takes is
compared with the generic port (`generator.layout.split`, itself compared with black in
`test_layout.py`); hand-made edge cases are compared with `black.format_str`, and the shapes
the fast path must refuse are checked to be refused and still laid out as black does.
"""

from __future__ import annotations

import random
from pathlib import Path

from conftest import CORPUS, ROOT
from test_layout import _blocks

from generator.format_cache import format_block
from generator.layout import Unsupported, _statements, layout_block
from generator.layout.brackets import layout_brackets
from generator.layout.lines import may_need_split, statement_leaves, statement_line
from generator.layout.split import transform_line

_HEADS = ["", "def f():\n", "class C:\n    def f(self):\n"]


def _split_statements(spec: Path, tmp_path: Path) -> list[tuple[str, int]]:
    """The distinct statements of the spec's generated code that do not fit on one line."""
    found: set[tuple[str, int]] = set()
    for block in _blocks(spec, tmp_path):
        for statement in _statements(block):
            if statement.text.startswith(("def ", "async def ", "#", '"')):
                continue
            depth = statement.indent // 4
            try:
                leaves = statement_leaves(statement.text, depth, False)
            except Unsupported:
                continue
            rendered = "    " * depth + leaves[0].value + "".join(leaf.prefix + leaf.value for leaf in leaves[1:])
            if may_need_split(leaves, rendered):
                found.add((statement.text, depth))
    return sorted(found)


def _fast(text: str, depth: int) -> list[str] | None:
    return layout_brackets(statement_leaves(text, depth, False), depth)


def _port(text: str, depth: int) -> list[str]:
    return [line.render() for line in transform_line(statement_line(statement_leaves(text, depth, False), depth))]


def _assert_same_as_the_port(statements: list[tuple[str, int]]) -> int:
    taken = 0
    mismatches = []
    for text, depth in statements:
        fast = _fast(text, depth)
        if fast is None:
            continue
        taken += 1
        if fast != _port(text, depth):
            mismatches.append(text)
    assert mismatches == []
    return taken


def test_every_long_twilio_statement_the_fast_path_takes_is_the_ports(tmp_path: Path) -> None:
    statements = _split_statements(CORPUS / "big" / "twilio_api_v2010.json", tmp_path)
    assert len(statements) > 1500
    taken = _assert_same_as_the_port(statements)
    assert taken > 0.7 * len(statements)  # the common shapes: endpoint calls, request parts, imports


def test_every_long_dial_statement_the_fast_path_takes_is_the_ports(tmp_path: Path) -> None:
    statements = _split_statements(ROOT / "spec", tmp_path)
    assert _assert_same_as_the_port(statements) > 5


def _chunk(statement: str, depth: int) -> str:
    return _HEADS[depth] + "    " * depth + statement + "\n"


_LONG = "x" * 50
TAKEN = [
    # a call after `return`: split at its bracket, arguments on one line
    (f"return client.send(_OPERATION, _parts(a=a, b=b), timeout, max_retries={_LONG})", 1),
    # arguments one a line, a nested call split again, the trailing comma added
    (f"return self._client.send(_OP, _parts({', '.join(f'p{i}=p{i}' for i in range(12))}), timeout)", 2),
    # an annotated assignment whose head fits with the call
    (f"_response: ApiResponse[models.Account] = client.send(_OP, _parts(account_sid={_LONG}))", 1),
    # ... and one whose head does not: the invisible parentheses are kept
    (f"_response: ApiResponse[models.{_LONG[:40]}] = await client.send(_OP, _parts(a=a, b=b))", 1),
    (f"_response: ApiResponse[models.{_LONG[:36]}] = await self._client.send(_OP, _parts({', '.join(f'p{i}=p{i}' for i in range(9))}))", 2),
    # displays explode one item a line even when the items would fit on one
    ("__all__ = [" + ", ".join(f'"Name{i}"' for i in range(20)) + "]", 0),
    ("_MODULES: dict[str, str] = {" + ", ".join(f'"N{i}": "n{i}"' for i in range(12)) + "}", 0),
    (f"_BY_NAME_{_LONG}: dict[str, str] = {{'a': 'b', 'c': 'd'}}", 1),  # items that would fit
    (f"_NAMES_{_LONG} = ['a', 'b', 'c', 'd', 'e']", 1),
    # a dict inside a call's arguments, a long string left as it is
    (f"return RequestParts(path={{'a': a}}, query={{'{_LONG}': b, 'c{_LONG}': c}}, headers={{}})", 1),
    (f"raise_for(message='{_LONG}{_LONG}')", 1),
    (f"value = decode(models.{_LONG}, data, strict={_LONG})", 2),
    # magic trailing commas: the line splits even if it fits, their brackets one item a line
    ("return RequestParts(path={}, query={'s': s,}, headers={}, cookies={},)", 1),
    ("x = f(a,)", 0),
    ("x = f({'a': 1,})", 0),
    ("x = f((a, b,), c)", 0),
    (f"x = f(g(a, b),)", 1),
    (f"_response: ApiResponse[models.{_LONG[:40]}] = await client.send(_OP, _parts(a=a,))", 1),
    # `|` in an annotation (the dataclass fields): split at the value's brackets all the same
    (f"x: models.A | models.B = decode(models.{_LONG}, data, strict={_LONG})", 1),
    ("content_type: WebhookConfigContentType | Unset = field(default=UNSET, metadata={'wire': 'content_type'})", 1),
    (f"items: list[models.{_LONG[:30]}] | Unset = field(default=UNSET, metadata={{'wire': 'items'}})", 1),
    (f"items: list[models.{_LONG[:30]}] | None | Unset = field(default=UNSET, metadata={{'wire': '{_LONG}'}})", 1),
    (f"value: {_LONG[:30]} | {_LONG[:30]} | Unset = field(default=UNSET, metadata={{'wire': 'v'}})", 1),
    (f"value: {_LONG[:30]} | {_LONG[:30]} | Unset = field(default=UNSET, metadata={{'wire': 'v',}})", 1),
    # ... a head that does not fit with the call, brackets in the annotation: parentheses kept
    (f"value: dict[str, Any] | {_LONG[:40]} | Unset = field(default=UNSET, metadata={{'wire': 'v'}})", 1),
    # imports: one name a line, each with a comma, even a lone one
    (f"from .{_LONG} import {_LONG[:20]}, {_LONG[:30]} as other", 0),
    (f"from ._models.{_LONG} import {_LONG[:30]}", 1),
]
REFUSED = [
    f"x = Endpoint(security=('{_LONG}',), accept='{_LONG}')",  # a one-tuple
    f"x: tuple[int, str,] = f(a, b, '{_LONG}{_LONG}')",  # a comma ending a subscript
    f"x: dict[str, models.A | models.B] = decode(models.{_LONG}, data, strict={_LONG})",  # `|` in a subscript
    f"x = decode(models.A | models.B, data, strict={_LONG}{_LONG})",  # `|` in the arguments
    f"x: A | B = decode(models.{_LONG}, data) | decode(models.{_LONG}, data)",  # `|` in the value
    f"x = client.get(path='{_LONG}').json(strict='{_LONG}')",  # a dot after a call
    f"x = decode(models.{_LONG}, data) if strict else decode(models.{_LONG}, data)",  # a ternary
    f"x = ('{_LONG}', '{_LONG}')",  # a parenthesized tuple
    f"def f(a: int = {_LONG}, b: str = '{_LONG}') -> None: ...",  # a def
    f"from {_LONG}{_LONG} import {_LONG}",  # an import whose head does not fit
    f"{_LONG}{_LONG} = {_LONG}.method(argument)",  # a head that does not fit
    f"x = f(a)[0](b, '{_LONG}{_LONG}')",  # brackets before the last: black may omit trailers
]


def _assert_blacks(cases: list[tuple[str, int]]) -> None:
    for text, depth in cases:
        lines = _fast(text, depth)
        assert lines is not None, text
        chunk = _chunk(text, depth)
        assert _HEADS[depth] + "\n".join(lines) + "\n" == format_block(chunk), text


def test_hand_made_calls_and_displays_are_laid_out_as_black_does() -> None:
    _assert_blacks(TAKEN)
    assert all(len(_fast(text, depth) or ()) > 1 for text, depth in TAKEN)


def test_every_long_github_statement_the_fast_path_takes_is_the_ports(tmp_path: Path) -> None:
    statements = _split_statements(CORPUS / "big" / "github-api.github.com@v1.1.4_thirdparty-copy-2021-12.yaml", tmp_path)
    assert _assert_same_as_the_port(statements) > 0.8 * len(statements)


def test_shapes_outside_the_fast_path_are_refused_and_still_blacks() -> None:
    taken = []
    for text in REFUSED:
        try:
            if _fast(text, 1) is not None:
                taken.append(text)
        except Unsupported:
            pass  # not even read: the whole block goes to black
    assert taken == []
    for text in REFUSED:
        block = _chunk(text, 1)
        try:
            laid_out = layout_block(block)
        except Unsupported:
            continue  # left to black
        assert laid_out == format_block(block), text


def test_annotations_with_a_union_are_laid_out_as_black_does_at_every_length() -> None:
    """Dataclass fields and annotated assignments whose annotation holds `|` (outside any
    other bracket), their names, annotations and values of many lengths, at each depth:
    whatever the fast path takes of those too long for their line is black's (heads that do
    not fit go to the generic port)."""
    generator = random.Random(3)
    cases: list[tuple[str, int]] = []
    for _ in range(150):
        name = "n" * generator.randint(1, 40)
        union = " | ".join("T" * generator.randint(1, 30) for _ in range(generator.randint(2, 4)))
        annotation = generator.choice([union, f"list[{union.split(' | ')[0]}] | None", f"{union} | dict[str, Any]"])
        wire = "w" * generator.randint(1, 50)
        value = generator.choice(
            [
                f"field(default=UNSET, metadata={{'wire': '{wire}'}})",
                f"field(default_factory=list, metadata={{'wire': '{wire}', 'extra': True}})",
                f"await client.send(_OP, _parts(a={wire}, b=b), timeout)",
                f"[{', '.join(repr(wire[:n]) for n in range(1, 6))}]",
            ]
        )
        cases.append((f"{name}: {annotation} = {value}", generator.randint(0, 2)))
    taken = 0
    for text, depth in cases:
        leaves = statement_leaves(text, depth, False)
        rendered = "    " * depth + leaves[0].value + "".join(leaf.prefix + leaf.value for leaf in leaves[1:])
        lines = layout_brackets(leaves, depth) if may_need_split(leaves, rendered) else None
        if lines is None:
            continue
        taken += 1
        assert _HEADS[depth] + "\n".join(lines) + "\n" == format_block(_chunk(text, depth)), text
    assert taken > 50
