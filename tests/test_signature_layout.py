"""`def` lines laid out from their text (`generator.layout.signatures`) are black's.

Every signature the fast path takes, of a cold Twilio and Dial generation and of hand-made
edge cases, is compared with `black.format_str` (all at once: one module per input, each
signature alone in its chunk at its depth); the shapes it must leave to the generic port
are checked to be refused, and the generic port still lays those out as black does.
"""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS, ROOT
from test_layout import _blocks

from generator.format_cache import format_block
from generator.layout import Unsupported, _generic_lines, _statements, layout_block
from generator.layout.signatures import layout_signature

_HEADS = ["", "class C:\n", "class C:\n    def f(self):\n"]


def _chunk(lines: list[str], depth: int) -> str:
    """The signature's lines alone in a module at `depth` (a body added to a block opener)."""
    body = f"\n{'    ' * depth}    pass" if lines[-1].endswith(":") else ""
    return _HEADS[depth] + "\n".join(lines) + body + "\n"


def _assert_fast_path_is_blacks(signatures: list[tuple[str, int]]) -> None:
    sources: list[str] = []
    expected: list[str] = []
    for text, depth in signatures:
        lines = layout_signature(text, depth, _generic_lines)
        assert lines is not None, text
        sources.append(_chunk(["    " * depth + text], depth))
        expected.append(_chunk(lines, depth))
    # top-level chunks are two blank lines apart, as black leaves them; none holds a blank line
    formatted = format_block("\n\n".join(sources)).split("\n\n\n")
    wanted = "\n\n".join(expected).split("\n\n\n")
    mismatches = [(got, want) for got, want in zip(formatted, wanted, strict=True) if got != want]
    assert mismatches == []


def _signatures(spec: Path, tmp_path: Path) -> list[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    for block in _blocks(spec, tmp_path):
        for statement in _statements(block):
            if statement.text.startswith(("def ", "async def ")) and statement.indent <= 8:
                found.add((statement.text, statement.indent // 4))
    return sorted(found)


def _taken(signatures: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(text, depth) for text, depth in signatures if layout_signature(text, depth, _generic_lines) is not None]


def test_every_twilio_signature_the_fast_path_takes_is_blacks(tmp_path: Path) -> None:
    signatures = _signatures(CORPUS / "big" / "twilio_api_v2010.json", tmp_path)
    taken = _taken(signatures)
    assert len(signatures) > 2000
    assert len(taken) > 0.7 * len(signatures)  # the fast path is the common one
    assert sum(len(layout_signature(text, depth, _generic_lines) or ()) > 3 for text, depth in taken) > 1000  # exploded ones
    _assert_fast_path_is_blacks(taken)


def test_every_dial_signature_the_fast_path_takes_is_blacks(tmp_path: Path) -> None:
    taken = _taken(_signatures(ROOT / "spec", tmp_path))
    assert len(taken) > 10
    _assert_fast_path_is_blacks(taken)


_LONG = "x" * 60
TAKEN = [
    ("def f(a: int) -> None:", 0),  # fits
    ("async def f(*, client: AsyncAPIClient, a: int | Unset = UNSET) -> ApiResponse[models.Account]:", 0),
    (f"def {_LONG}(a: int, b: str | None = None) -> dict[str, Any]:", 0),  # body on one line
    (f"def f({_LONG[:50]}: list[int] | None = None) -> None:", 1),  # lone parameter: comma added
    (f"async def {_LONG}(self, a: int, *, b: Literal['x', 'y'] = 'x') -> dict[str, Any]: ...", 1),  # overload
    (f"def f(*args: Any, **kwargs: Any) -> Pager[{_LONG}, models.Page]:", 0),
    ("def f(" + ", ".join(f"p{i}: tuple[int, ...] = UNSET" for i in range(6)) + ") -> None:", 2),
    ("def f(" + ", ".join(f"p{i}=None" for i in range(12)) + ") -> models.Very.Long.Name: ...", 0),
    # parameters black wraps in parentheses or splits at their brackets
    (f"def f(a: int, status: models.AccountEnumStatus | Literal['active', 'suspended', 'closed{_LONG}'] = UNSET) -> None:", 1),
    (f"def f(a: int, b: dict[str, models.{_LONG}AndSomeMoreToMakeItLonger] = UNSET) -> None: ...", 0),
    (f"def f(a: int = 10, b: Literal[\"{_LONG[:40]}\"] = \"{_LONG[:10]}\") -> None:", 0),
]
REFUSED = [
    f"def f(a: int, b: int,) -> None:",  # magic trailing comma
    f"def f(a: int, b: list[int,] = UNSET) -> None:",  # magic trailing comma in a subscript
    f"def f(a: int, b: int = (1, 2), c: str = '{_LONG}') -> None:",  # parentheses in a default
    f"def f(a: int, b: float = 1., c: str = '{_LONG}') -> None:",  # a number black rewrites
    f"def f(a: int, b: int = 0XFF, c: str = '{_LONG}') -> None:",  # a number black rewrites
    f"def f(a:int, b: str = '{_LONG}') -> None:",  # spacing black rewrites
    f"def f(a: int, b='it\\'s', c: str = '{_LONG}') -> None:",  # an escape in a string
    f"def f(a: int, b: str = \"it's\", c: str = '{_LONG}') -> None:",  # mixed quotes
    f"def {_LONG}{_LONG}(a: int) -> None:",  # a head that does not fit
    f"def f(a: int) -> dict[str, models.{_LONG}AndSomeMoreToMakeItLonger]:",  # a long return annotation
    f"def f({_LONG}: models.{_LONG} | None = None) -> None:",  # a lone parameter that does not fit
    f"def f() -> dict[str, models.{_LONG}]:",  # no parameters
    f"def f(a: int, b: Literal['\u00e9{_LONG}'] = UNSET) -> None:",  # non-ASCII
    f"def f({_LONG}: dict[str, int] = UNSET) -> None:",  # a lone parameter holding a comma
    f"def f[T](a: T, b: str = '{_LONG}') -> T:",  # type parameters
]


def test_hand_made_signatures_are_laid_out_as_black_does() -> None:
    _assert_fast_path_is_blacks(TAKEN)
    assert sum(len(layout_signature(text, depth, _generic_lines) or ()) > 1 for text, depth in TAKEN) == len(TAKEN) - 1  # all but the first split


def test_shapes_outside_the_fast_path_are_left_to_the_generic_port() -> None:
    refused = [text for text in REFUSED if layout_signature(text, 1, _generic_lines) is not None]
    assert refused == []
    for text in REFUSED:
        block = f"class C:\n    {text}\n        pass\n"
        try:
            laid_out = layout_block(block)
        except Unsupported:
            continue  # left to black (`def f[T]`, non-ASCII)
        assert laid_out == format_block(block), text
