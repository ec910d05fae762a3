"""The layouter (`generator.layout`) gives exactly black's output, block by block.

Blocks of generated code the layouter accepts are compared with `black.format_str` of the
same block, for the Dial spec, the corpus pages, the peer specs, the small OpenAPI examples
and each big spec, one block per distinct layout shape (names, strings and numbers collapsed);
on the big specs, one statement per distinct shape (laid out alone at its depth), which keeps
the number of black runs small. Blocks the layouter refuses
are left to black by `BlockFormatter`; their share is checked so that the fast path stays
the common one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.format_cache import BlockFormatter, format_block, split_blocks
from generator.layout import Unsupported, _statements, layout_block
from generator.pipeline import build_spec
from generator.render import RUNTIME_MODULES, render_package

BIG = CORPUS / "big"
SMALL_INPUTS = [
    ROOT / "spec",
    *sorted((CORPUS / "pages").glob("*.md")),
    *sorted((CORPUS / "peer" / "datamodel-code-generator").glob("*.yaml")),
    *sorted((CORPUS / "peer" / "datamodel-code-generator").glob("*.json")),
    *sorted((BIG / "oai-examples-v3.0").glob("*.yaml")),
]
BIG_INPUTS = {
    "twilio": BIG / "twilio_api_v2010.json",
    "openai": BIG / "openai-openapi.json",
    "stripe": BIG / "stripe-spec3@2023-09-12.yaml",
    "github": BIG / "github-api.github.com@v1.1.4_thirdparty-copy-2021-12.yaml",
    "digitalocean": CORPUS / "multi" / "digitalocean_multi" / "DigitalOcean-public.v2.yaml",
}
_TOKEN = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|\w+")
_PLAIN = re.compile(r"\"[^\"\\\n]*\"|\w+")


def _blocks(spec: Path, tmp_path: Path) -> list[str]:
    """The distinct blocks of the spec's generated modules before formatting (runtime left out)."""
    return sorted({block for text in _modules(spec, tmp_path).values() for block in split_blocks(text)})


def _modules(spec: Path, tmp_path: Path) -> dict[str, str]:
    """The spec's generated modules before formatting, by name (runtime left out)."""
    seen: dict[str, str] = {}

    class Recording(BlockFormatter):
        def format_modules(self, sources: dict[str, str]) -> dict[str, str]:
            seen.update(sources)
            return {name: "" for name in sources}

    options = Options((spec,), tmp_path / "out", "client", tmp_path)
    render_package(build_spec(Context(options)), Recording())
    runtime = {f"{module}.py" for module in RUNTIME_MODULES}
    return {name: text for name, text in seen.items() if name not in runtime}


def _laid_out(blocks: list[str]) -> dict[str, str]:
    done: dict[str, str] = {}
    for block in blocks:
        try:
            done[block] = layout_block(block)
        except Unsupported:
            pass
    return done


def _mismatches(laid_out: dict[str, str]) -> list[str]:
    """Blocks whose layout differs from black's, checking one block per layout shape."""
    by_shape: dict[str, str] = {}
    for block, text in laid_out.items():
        by_shape.setdefault(_TOKEN.sub("x", text), block)
    return [block for block in by_shape.values() if laid_out[block] != format_block(block)]


def test_layout_equals_black_on_every_block_of_the_small_inputs(tmp_path: Path) -> None:
    blocks: set[str] = set()
    for index, spec in enumerate(SMALL_INPUTS):
        try:
            blocks.update(_blocks(spec, tmp_path / str(index)))
        except GeneratorError:
            continue  # refused inputs (the AsyncAPI page, invalid.yaml) give no code
    laid_out = _laid_out(sorted(blocks))
    assert len(blocks) > 500
    # the few per-package functions with control flow (lazy `__getattr__`, `server_url`) go to black
    assert len(laid_out) > 0.85 * len(blocks)
    assert _mismatches(laid_out) == []


def _assert_statement_shapes_are_blacks(name: str, tmp_path: Path) -> None:
    """Every distinct statement shape of a big spec, laid out alone at its depth, is black's."""
    blocks = _blocks(BIG_INPUTS[name], tmp_path)
    laid_out = _laid_out(blocks)
    assert len(laid_out) > 0.95 * len(blocks)
    samples: dict[tuple[str, ...], str] = {}
    for block in laid_out:
        for statement in _statements(block):
            wrapped = _wrapped(statement.text, statement.indent // 4)
            if wrapped is None:
                continue
            try:
                text = layout_block(wrapped)
            except Unsupported:
                continue
            samples.setdefault(_statement_shape(text), wrapped)
    assert len(samples) > 20
    # at most 400 black runs: statements with a line at the limit first, then the longest
    chosen = sorted(samples.items(), key=lambda item: (-any("#" in line for line in item[0]), -len(item[0])))
    mismatches = [wrapped for _, wrapped in chosen[:400] if layout_block(wrapped) != format_block(wrapped)]
    assert mismatches == []


# One class per big spec: `make test` runs with `--dist loadscope`, which keeps a module's
# plain test functions on one worker but spreads classes, and these are the longest tests.
class TestStripe:
    def test_each_statement_shape_is_laid_out_as_black_does(self, tmp_path: Path) -> None:
        _assert_statement_shapes_are_blacks("stripe", tmp_path)


class TestGithub:
    def test_each_statement_shape_is_laid_out_as_black_does(self, tmp_path: Path) -> None:
        _assert_statement_shapes_are_blacks("github", tmp_path)


class TestOpenai:
    def test_each_statement_shape_is_laid_out_as_black_does(self, tmp_path: Path) -> None:
        _assert_statement_shapes_are_blacks("openai", tmp_path)


class TestDigitalocean:
    def test_each_statement_shape_is_laid_out_as_black_does(self, tmp_path: Path) -> None:
        _assert_statement_shapes_are_blacks("digitalocean", tmp_path)


class TestTwilio:
    def test_each_statement_shape_is_laid_out_as_black_does(self, tmp_path: Path) -> None:
        _assert_statement_shapes_are_blacks("twilio", tmp_path)


def _wrapped(statement: str, depth: int) -> str | None:
    """The statement alone in a block at its depth (a body added to a block opener)."""
    if statement.startswith(("@", "#", '"', "'")) or depth > 2:
        return None  # decorators need their definition; docstrings are checked in blocks
    heads = ["", "class C:\n", "class C:\n    def f(self):\n"][depth]
    indent = "    " * depth
    body = f"\n{indent}    pass" if statement.endswith(":") else ""
    return f"{heads}{indent}{statement}{body}\n"


def _statement_shape(text: str) -> tuple[str, ...]:
    """Names and plain strings collapsed, runs of alike lines merged; lines at the limit kept apart."""
    shape: list[str] = []
    for line in text.split("\n"):
        key = _PLAIN.sub("x", line) + (f" #{len(line)}" if len(line) >= 84 else "")
        if not shape or shape[-1] != key:
            shape.append(key)
    return tuple(shape)


def test_refused_code_is_left_to_black() -> None:
    """Constructs outside the layouter's subset raise Unsupported instead of a guess."""
    for source in (
        "x = [a for a in b]\n",
        "def f(x):\n    if x:\n        return 1\n",
        "y = f'{x}'\n",
        "z = a[1:2]\n",
        "x = 1  # note\n",
        "x = lambda: 1\n",
    ):
        with pytest.raises(Unsupported):
            layout_block(source)


def test_a_type_checking_import_block_is_laid_out_as_black_does() -> None:
    """The one `if` the generated code has at the top of a module: imports for type checkers."""
    source = (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .pet import Pet\n"
        "    from .owner import Owner\n__all__ = ['Pet']\n"
    )
    assert layout_block(source) == format_block(source)


def test_conditional_expressions_are_laid_out_as_black_does() -> None:
    """`a if c else b` (the stream switch's accept argument, the client's env fallbacks) gets
    black's invisible parentheses and, when too long, is split before `if` and `else` as black
    does; a line that would split at a comparison is left to black."""
    accepted = (
        "x = a if b else c\n",
        "x = foo(a if b else c)\n",
        "x = foo(a if b else c, d)\n",
        "x = foo(a)(b if c else d)\n",
        "x = foo(k=a if b is not None else os.environ.get('X'))\n",
        "x = [a if not b else c]\n",
        "x = {'k': a if b else c}\n",
        "x = foo(a if b else (c if d else e))\n",
        "def f():\n    return a if b else c\n",
        "def f():\n    return self._client.request(build_something(alpha=alpha, beta=beta, gamma=gamma),"
        " timeout, 'text/event-stream' if stream else 'application/json', max_retries=max_retries)\n",
        "x = foo(aaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbb if ccccccccccccccccccccccc"
        " else ddddddddddddddddddd)\n",
        "x = foo(bbbbbbbbbbbbbbbbbbbbbbbbbbbb if cccccccccccccccccccccccccccccc else dddddddddddddddddddddddddddddddd)\n",
        f"x = {'a' * 60} if {'b' * 30} is not None else {'c' * 30}\n",
        f"def f():\n    return {'a' * 30} if {'b' * 30} is not None else {'c' * 30}\n",
        f"x = [{'a' * 30} if {'b' * 30} else {'c' * 30}]\n",
        f"x = {{'k': {'a' * 30} if {'b' * 30} else {'c' * 30}}}\n",
        f"x = foo(bar({'a' * 30}), {'a' * 30} if {'b' * 30} is not None else baz({'c' * 30}, {'d' * 30}), e)\n",
        "class C:\n    def f(self):\n        return Thing(credentials=Basic(username=username if username is not None"
        " else os.environ.get('TWILIO_USERNAME'), password=password if password is not None else"
        " os.environ.get('TWILIO_PASSWORD'), hint='pass username= and password='), schemes=SECURITY_SCHEMES)\n",
    )
    for source in accepted:
        assert layout_block(source) == format_block(source), source
    refused = (
        f"x = foo(a if {'b' * 90} is not None else c)\n",  # split at a comparison: not ported
        "x = a if b else c if d else e\n",
        "x = a is None\n",
        "x = not a\n",
        "x = a if b else\n",
    )
    for source in refused:
        with pytest.raises(Unsupported):
            layout_block(source)


def test_a_version_check_with_a_commented_else_is_laid_out_as_black_does() -> None:
    """The params module's `if sys.version_info >= (3, 11):` / `else:  # pragma: ...` block
    (laid out, so a cold run need not import black); comparisons and comments elsewhere are
    left to black."""
    accepted = (
        "import sys\n\nif sys.version_info >= (3, 11):\n    from typing import Required, TypedDict\n"
        "else:  # pragma: no cover - Python 3.10 type checkers read typing_extensions\n"
        "    from typing_extensions import Required, TypedDict\n\n__all__ = ['A', 'B']\n",
        "import sys\nif sys.version_info>=(3,11):\n    import a\nelse:    # spaced\n    import b\nx = 1\n",
        "if sys.version_info < (3, 10, 2):\n    import a\nelse:\n    import b\n",
        "if a.b.c:\n    import a\n",
    )
    for source in accepted:
        assert layout_block(source) == format_block(source), source
    refused = (
        "x = a >= b\n",  # a comparison outside an `if` header
        "if a >= b:\n    pass\n",  # only a version tuple on the right
        "if a >= (1,):\n    pass\n",  # a one-tuple
        "if a:\n    x = 1\nelse:  #tight\n    x = 2\n",  # black would add a space
        "if a:\n    x = 1\nelse:  # type: ignore\n    x = 2\n",
        "x = 1  # note\n",
        "def f():\n    x = 1\nelse:\n    pass\n",  # no `if` before the `else`
        f"if {'a' * 70} >= ({', '.join(['1'] * 10)}):\n    pass\n",  # too long for one line
    )
    for source in refused:
        with pytest.raises(Unsupported):
            layout_block(source)


def test_a_class_with_only_a_docstring_is_laid_out_as_black_does() -> None:
    """black drops the blank line it would put after a class docstring when nothing follows
    (an empty `TypedDict` of the params module)."""
    for source in (
        'class EmptyParam(TypedDict, total=False):\n    """`models.Empty` as a plain dict."""\n\n\n',
        'class A(B):\n\n    """Doc."""\n',
        'class A:\n    """Doc."""\n\n    x: int\n',
    ):
        assert layout_block(source) == format_block(source), source


def test_a_def_whose_return_annotation_must_split_is_left_to_black() -> None:
    """When a def's return annotation ends up one item a line, black's second pass treats the
    trailing comma it added as magic and keeps the parameters on the `def` line
    (`def f(self, a: int) -> Pager[`); the port refuses such a def and black lays it out. The
    formatter that the generator runs gives black's text either way; an annotation whose items
    fit on one line stays with the port."""
    long_a, long_b = "X" * 40, "Y" * 40
    blocks = [
        f"class C:\n    def f(self, a: int) -> Pager[{long_a}, {long_b}]:\n        pass\n",
        f"def f(self, a: int) -> Pager[{long_a}{long_a}, {long_b}{long_b}]:\n    pass\n",
        f"async def f(self, a: int) -> Pager[{long_a}{long_a}, {long_b}]: ...\n",
    ]
    for block in blocks:
        with pytest.raises(Unsupported):
            layout_block(block)
        formatter = BlockFormatter()
        assert formatter.format_modules({"m.py": block}) == {"m.py": format_block(block)}
        assert formatter.misses == 1 and formatter.laid_out == 0  # black formatted it
    one_line = f"def f(self, a: int) -> Pager[{long_a}, {long_b}]:\n    pass\n"
    assert layout_block(one_line) == format_block(one_line)
