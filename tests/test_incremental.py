"""Incremental regeneration: the no-op fast path, the formatting cache, block-wise black.

Speed itself is measured in `bench/`, never here; these tests check what is (not) done.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import black
import pytest
from conftest import CORPUS, ROOT, SEED_PAGE

from generator import format_cache, pipeline
from generator.context import Context, Options
from generator.format_cache import (
    BlockFormatter,
    black_mode,
    cut_module,
    format_block,
    join_blocks,
    read_module_pack,
    split_blocks,
)
from generator.layout import LayoutMemo
from generator.manifest import is_current
from generator.pipeline import build_spec, fingerprint, generate, spec_inputs
from generator.render import RUNTIME_MODULES, cached, render_package

PEER = CORPUS / "peer" / "datamodel-code-generator"
SPEC = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      summary: List the pets.
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      summary: SUMMARY
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /orders:
    get:
      operationId: listOrders
      tags: [orders]
      summary: List the orders.
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Order"}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties: {id: {type: string}, name: {type: string}}
    Order:
      type: object
      properties: {pet: {$ref: "#/components/schemas/Pet"}, quantity: {type: integer}}
"""


def _options(tmp_path: Path, out: str = "out", cache: str | None = "cache", summary: str = "Get a pet.") -> Options:
    spec = tmp_path / "shop.yaml"
    spec.write_text(SPEC.replace("SUMMARY", summary), encoding="utf-8")
    return Options((spec,), tmp_path / out, "shop", tmp_path, cache_dir=tmp_path / cache if cache else None)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _cache_entries(cache: Path, kind: str = "blocks") -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted((cache / "black" / kind).rglob("*")) if p.is_file()}


def _unformatted(options: Options, runtime: bool = True) -> dict[str, str]:
    """The Python modules of the package as the templates give them, before black.

    `runtime=False` leaves out the runtime modules, which are the same for every spec.
    """
    seen: dict[str, str] = {}

    class Recording(BlockFormatter):
        def format_modules(self, sources: dict[str, str]) -> dict[str, str]:
            seen.update(sources)
            return {name: "" for name in sources}

    render_package(build_spec(Context(options)), Recording())
    skipped = set() if runtime else {f"{module}.py" for module in RUNTIME_MODULES}
    return {name: text for name, text in seen.items() if name not in skipped}


def _refuse_black(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_black(source: str) -> str:
        raise AssertionError("black was called")

    monkeypatch.setattr(format_cache, "format_block", no_black)


# Block-wise formatting gives exactly black's output for the whole module.


def _assert_blockwise_is_black(sources: dict[str, str]) -> None:
    for name, source in sources.items():
        cut = cut_module(source)
        blocks = [block for block, _ in cut]
        assert "".join(blocks) == source, name
        whole = black.format_str(source, mode=black_mode())
        formatted = [black.format_str(b, mode=black_mode()) for b in blocks]
        assert join_blocks(formatted, [blank for _, blank in cut]) == whole, name


def test_blockwise_black_equals_whole_file_black_on_the_dial_client(tmp_path: Path) -> None:
    """Every module of the committed example client: blocks joined == black on the whole file."""
    _assert_blockwise_is_black(_unformatted(Options((ROOT / "spec",), tmp_path, "dial", ROOT)))


@pytest.mark.parametrize("name", ["allof.yaml", "oneof.yaml", "discriminator.yaml", "nullable.yaml", "api.yaml"])
def test_blockwise_black_equals_whole_file_black_on_peer_specs(tmp_path: Path, name: str) -> None:
    """datamodel-code-generator's test specs: models, unions, discriminators, nullables."""
    _assert_blockwise_is_black(_unformatted(Options((PEER / name,), tmp_path, "peer", ROOT), runtime=False))


# A class of its own: `--dist loadscope` can then run it beside the rest of this module.
class TestTwilio:
    def test_blockwise_black_equals_whole_file_black(self, tmp_path: Path) -> None:
        """Twilio's spec: its models (thousands of lines, a module each), the client modules,
        and its three largest endpoint modules (its 75 others come from the same template with
        other names: the Dial and peer specs above cover that template, at a fraction of the time)."""
        big = CORPUS / "big" / "twilio_api_v2010.json"
        sources = _unformatted(Options((big,), tmp_path, "twilio", ROOT), runtime=False)
        endpoints = sorted((name for name in sources if name.startswith("api/")), key=lambda n: -len(sources[n]))
        definitions = [name for name in sources if name.startswith("_models/")]
        kept = {name for name in sources if not name.startswith("api/")} | set(endpoints[:3])
        assert {"models.py", "_client.py", "__init__.py"} <= kept
        assert sum(len(sources[name].splitlines()) for name in definitions) > 8000  # one module per model
        _assert_blockwise_is_black({name: sources[name] for name in sorted(kept)})


TRICKY = '''\
# header comment
"""Module docstring."""
from __future__ import annotations
import typing
from typing import TYPE_CHECKING, overload
if TYPE_CHECKING:
    from collections.abc import Iterator
    def helper() -> int: ...
def after_type_checking() -> None: pass
X = 1
# a comment about f, then a blank line

@overload
def f(x: int) -> int: ...
@overload
def f(x: str) -> str:
    ...
def f(x: typing.Any) -> typing.Any:
    return x
    # indented comment at the end of f's body
# comment directly above C
@typing.final
class C:
    """Only a docstring."""
class P(typing.Protocol):
    def m(self) -> int: ...
def g() -> None: pass
Y: typing.TypeAlias = "int"
"""Attribute docstring of Y."""
async def h() -> None:
    pass
def last(): ...
'''


def test_blockwise_black_handles_stubs_comments_docstrings_and_type_checking() -> None:
    """Overload stubs without blank lines, comments between definitions, docstrings, imports."""
    _assert_blockwise_is_black({"tricky.py": TRICKY})


def test_line_separators_inside_strings_do_not_move_the_cuts() -> None:
    """U+2028 or \\x1c in a docstring are not line ends for Python: blocks still match black."""
    source = 'def f():\n    """One\u2028two\x1cthree."""\n\n\nclass A:\n    x = "\u2029"\ndef g(): pass\n'
    assert len(split_blocks(source)) == 3
    _assert_blockwise_is_black({"separators.py": source})


@pytest.mark.parametrize("between", ["", "\n", "\n\n\n"])
@pytest.mark.parametrize("definition", ["@d\nclass A: pass\n", "@d\ndef f(): pass\n", "def f(): pass\n"])
def test_module_docstring_then_definition(between: str, definition: str) -> None:
    """black puts one blank line between a module docstring and a decorator, two before a def."""
    _assert_blockwise_is_black({"doc.py": f'"""Doc."""\n{between}{definition}'})


def test_overload_stubs_stay_in_one_block() -> None:
    """black keeps `...` stubs and the next definition together, so they are not cut apart."""
    blocks = split_blocks("@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x): return x\n")
    assert len(blocks) == 1


def test_definitions_are_separate_blocks() -> None:
    """Top-level classes and functions are cut apart; imports and assignments stay together."""
    blocks = split_blocks("import a\nimport b\nX = 1\nclass A:\n    pass\n\ndef f():\n    pass\nY = 2\n")
    assert blocks == ["import a\nimport b\nX = 1\n", "class A:\n    pass\n\n", "def f():\n    pass\n", "Y = 2\n"]


def test_fmt_off_modules_are_not_cut() -> None:
    """`# fmt: off` regions could span blocks, so such a module is formatted whole."""
    assert len(split_blocks("def f():\n    pass\n# fmt: off\nx = [1,\n  2]\n# fmt: on\ndef g():\n    pass\n")) == 1


# The formatting cache.


def test_output_is_the_same_with_without_and_after_deleting_the_cache(tmp_path: Path) -> None:
    """Cache cold, cache warm, cache deleted, no cache at all: byte-identical packages."""
    cold = _options(tmp_path, out="cold")
    generate(Context(cold))
    generate(Context(_options(tmp_path, out="warm")))
    for path in (tmp_path / "cache").rglob("*"):
        if path.is_file():
            path.unlink()
    generate(Context(_options(tmp_path, out="deleted")))
    generate(Context(_options(tmp_path, out="none", cache=None)))
    expected = _files(tmp_path / "cold")
    for out in ("warm", "deleted", "none"):
        assert _files(tmp_path / out) == expected, out


def test_second_run_takes_every_block_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a warm cache, a full render into a new folder never calls black."""
    generate(Context(_options(tmp_path, out="first")))
    _refuse_black(monkeypatch)
    generate(Context(_options(tmp_path, out="second")))
    assert _files(tmp_path / "second") == _files(tmp_path / "first")


def test_cache_folder_ignores_itself_for_git(tmp_path: Path) -> None:
    """The cache folder carries a `.gitignore` of `*`: git never sees it, in any repository."""
    generate(Context(_options(tmp_path)))
    project = tmp_path
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=project, capture_output=True, text=True
    )
    assert status.returncode == 0
    assert "cache/" not in status.stdout
    assert "out/shop/models.py" in status.stdout


def test_no_cache_writes_no_cache_folder(tmp_path: Path) -> None:
    """cache_dir=None (no cache folder configured) leaves nothing behind."""
    generate(Context(_options(tmp_path, cache=None)))
    assert not (tmp_path / "cache").exists()


def test_corrupt_cache_entry_is_recomputed(tmp_path: Path) -> None:
    """A damaged entry is a miss: formatted again and rewritten; the output is unaffected.

    Only blocks the layouter refuses reach black and its cache, and the templates' code has
    none left (`generator.layout.verbatim`), so modules holding such blocks (a comprehension,
    a lambda) stand in for them."""
    sources = {"a.py": "x = [a  for a in b]\n", "b.py": "def f():\n    return lambda: 1\n"}
    expected = BlockFormatter(tmp_path / "cache").format_modules(sources)
    entries = _cache_entries(tmp_path / "cache")
    assert len(entries) == 2
    damaged = next(iter(entries))
    damaged.write_text(entries[damaged][:-20] + "x = (", encoding="utf-8")
    formatter = BlockFormatter(tmp_path / "cache")
    assert formatter.format_modules(sources) == expected == {name: format_block(text) for name, text in sources.items()}
    assert (formatter.misses, formatter.hits) == (1, 1)
    assert damaged.read_text(encoding="utf-8") == entries[damaged]


def test_changing_one_operation_reformats_only_its_blocks(tmp_path: Path) -> None:
    """After a summary changes, only blocks that show that operation are formatted again
    (laid out, or by black, whose results are cached)."""
    generate(Context(_options(tmp_path)))
    before = _cache_entries(tmp_path / "cache")
    formatter = BlockFormatter(tmp_path / "cache")
    render_package(build_spec(Context(_options(tmp_path, summary="Fetch one pet by id."))), formatter)
    added = {path: text for path, text in _cache_entries(tmp_path / "cache").items() if path not in before}
    assert formatter.misses == len(added)
    assert formatter.misses + formatter.laid_out > 0
    for text in added.values():
        assert "Fetch one pet by id." in text


def test_unchanged_modules_are_taken_whole_from_the_cache(tmp_path: Path) -> None:
    """After a summary changes, only the modules showing it are split; the others hit whole
    (their text is the package's file, whose hash the cache recorded)."""
    generate(Context(_options(tmp_path)))
    modules = len(read_module_pack(tmp_path / "cache"))
    formatter = BlockFormatter(tmp_path / "cache", tmp_path / "out" / "shop")
    files = render_package(build_spec(Context(_options(tmp_path, summary="Fetch one pet by id."))), formatter)
    changed = [name for name, text in files.items() if name.endswith(".py") and "Fetch one pet by id." in text]
    assert 0 < len(changed) < modules
    assert formatter.module_hits == modules - len(changed)


def test_a_module_edited_by_hand_is_not_taken_from_the_package(tmp_path: Path) -> None:
    """The module cache trusts a package file only while it has the recorded hash: an edited
    one is laid out again, so the run gives what a cold run gives."""
    generate(Context(_options(tmp_path)))
    models = tmp_path / "out" / "shop" / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "EDITED = 1\n", encoding="utf-8")
    formatter = BlockFormatter(tmp_path / "cache", tmp_path / "out" / "shop")
    files = render_package(build_spec(Context(_options(tmp_path))), formatter)
    cold = render_package(build_spec(Context(_options(tmp_path))), BlockFormatter())
    assert files == cold
    assert "EDITED" not in files["models.py"]
    assert formatter.module_hits == len(read_module_pack(tmp_path / "cache")) - 1


def test_unwritable_cache_folder_does_not_fail_the_run(tmp_path: Path) -> None:
    """The cache only saves time: if it cannot be written, generation still succeeds."""
    (tmp_path / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    assert generate(Context(_options(tmp_path)))
    assert (tmp_path / "out" / "shop" / "models.py").is_file()


# The no-op fast path.


def test_unchanged_inputs_skip_parsing_and_rendering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing changed: generate returns no changes without loading the spec or calling black."""
    generate(Context(_options(tmp_path)))

    def no_build(*args: object) -> object:
        raise AssertionError("the spec was parsed")

    monkeypatch.setattr(pipeline, "build_spec", no_build)
    _refuse_black(monkeypatch)
    assert generate(Context(_options(tmp_path))) == []


def test_edited_generated_file_is_restored_not_skipped(tmp_path: Path) -> None:
    """A hand edit to a generated file defeats the fast path: the file is rewritten."""
    generate(Context(_options(tmp_path)))
    models = tmp_path / "out" / "shop" / "models.py"
    original = models.read_bytes()
    models.write_bytes(original + b"# edited\n")
    assert generate(Context(_options(tmp_path))) == ["models.py"]
    assert models.read_bytes() == original


def test_changed_spec_is_regenerated(tmp_path: Path) -> None:
    """A spec edit defeats the fast path."""
    generate(Context(_options(tmp_path)))
    changed = generate(Context(_options(tmp_path, summary="Fetch one pet by id.")))
    assert "api/pets.py" in changed


def test_changed_generator_code_is_not_taken_for_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run stamp names the generator's code: other code means a full run."""
    generate(Context(_options(tmp_path)))
    monkeypatch.setattr(pipeline.run_stamp, "code_hash", lambda: "other generator code")
    called = []
    real_build = pipeline.build_spec
    monkeypatch.setattr(pipeline, "build_spec", lambda *a: called.append(1) or real_build(*a))
    assert generate(Context(_options(tmp_path))) == []
    assert called


def test_without_cache_there_is_no_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the cache disabled every run renders (and still writes nothing when nothing changed)."""
    generate(Context(_options(tmp_path, cache=None)))
    called = []
    real_build = pipeline.build_spec
    monkeypatch.setattr(pipeline, "build_spec", lambda *a: called.append(1) or real_build(*a))
    assert generate(Context(_options(tmp_path, cache=None))) == []
    assert called


def test_manifest_is_current_only_while_the_files_are_untouched(tmp_path: Path) -> None:
    """`manifest.is_current`: true right after generating, false once a listed file changes."""
    options = _options(tmp_path)
    generate(Context(options))
    package = tmp_path / "out" / "shop"
    current = fingerprint(Context(options), spec_inputs(Context(options)))
    assert is_current(package, current)
    (package / "py.typed").write_text("changed\n", encoding="utf-8")
    assert not is_current(package, current)


# The command line.


def _run(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **(env or {})},
    )


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [tool.generator]
            spec = "get-billing.md"
            out = "generated"
            package = "dial"
            cache_dir = "build/gen-cache"
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "get-billing.md").write_bytes(SEED_PAGE.read_bytes())
    return tmp_path


def test_cli_second_run_is_up_to_date_and_cache_is_where_configured(tmp_path: Path) -> None:
    """`[tool.generator] cache_dir` places the cache; the second run reports "up to date"."""
    project = _project(tmp_path)
    assert _run(project).returncode == 0
    assert (project / "build" / "gen-cache" / "black").is_dir()
    second = _run(project)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().endswith("up to date")


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_cli_cache_can_be_disabled_and_the_next_run_is_still_a_no_op(tmp_path: Path, how: str) -> None:
    """`--no-cache` or GENERATOR_NO_CACHE=1: nothing is read from the cache, but the run
    leaves what it made (its stamp, its formatted modules), so the next normal run finds
    nothing to do and rewrites nothing."""
    project = _project(tmp_path)
    run = _run(project, "--no-cache") if how == "flag" else _run(project, env={"GENERATOR_NO_CACHE": "1"})
    assert run.returncode == 0, run.stderr
    package = project / "generated" / "dial"
    assert (package / "_manifest.json").is_file()
    cache = project / "build" / "gen-cache"
    assert sorted(path.parent.name for path in cache.rglob("*.json")) == ["black", "runs"]
    pack = (cache / "black" / "modules.json").read_bytes()
    written = {path: path.stat().st_mtime_ns for path in package.rglob("*") if path.is_file()}
    second = _run(project)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().endswith("up to date")
    assert {path: path.stat().st_mtime_ns for path in package.rglob("*") if path.is_file()} == written
    assert (cache / "black" / "modules.json").read_bytes() == pack  # nothing was rendered


def test_an_edit_after_a_no_cache_run_formats_only_the_modules_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first normal run after `--no-cache` is incremental, not a full re-render: the
    `--no-cache` run left its formatted modules, so only a module the edit changed is laid
    out (or cut into blocks) and formatted again; the output is what a cold run gives."""
    generate(Context(dataclasses.replace(_options(tmp_path), no_cache=True)))
    formatted: list[str] = []
    format_module = BlockFormatter._format_module

    def recording(self: BlockFormatter, source: str, salt: str, memo: LayoutMemo) -> str:
        formatted.append(source)
        return format_module(self, source, salt, memo)

    monkeypatch.setattr(BlockFormatter, "_format_module", recording)
    edited = _options(tmp_path, summary="Get one pet by its id.")
    assert generate(Context(edited))
    assert len(formatted) == 1 and "Get one pet by its id." in formatted[0]
    monkeypatch.undo()
    generate(Context(_options(tmp_path, out="cold", cache=None, summary="Get one pet by its id.")))
    assert _files(tmp_path / "out") == _files(tmp_path / "cold")


@pytest.mark.parametrize("blank", [0, 1, 2, 3])
def test_a_top_level_if_block_after_a_simple_statement_is_formatted_apart(blank: int) -> None:
    """The lazy `__getattr__` under `if not TYPE_CHECKING:` after a long index is its own
    block; joined with the source's blank lines (at most two) it is black's whole module."""
    source = (
        '"""Doc."""\n\nimport importlib\n\nX = {\n  "a": 1}\n"""X\'s docstring."""\n' + "\n" * blank
        + "if not TYPE_CHECKING:\n    def __getattr__(name):\n        return importlib.import_module(name)\n"
        + "def __dir__() -> list[str]:\n    return []\n"
    )
    cut = cut_module(source)
    assert [block.split("\n")[0] for block, _ in cut] == ['"""Doc."""', "if not TYPE_CHECKING:", "def __dir__() -> list[str]:"]
    formatted = [black.format_str(block, mode=black_mode()) for block, _ in cut]
    assert join_blocks(formatted, [blank for _, blank in cut]) == black.format_str(source, mode=black_mode())


def test_an_if_block_after_an_import_or_the_docstring_stays_with_it() -> None:
    """black puts its own blank lines there (one after imports, one after a module docstring),
    so no cut; after an ordinary statement there is one, and the join is still black's."""
    for source, blocks in (
        ('"""Doc."""\nif X:\n    y = 1\n', 1),
        ("import a\nif X:\n    y = 1\n", 1),
        ("x = 1\ny = 2\n\nif X:\n  def f(): pass\nz = 3\n", 2),
    ):
        cut = cut_module(source)
        assert len(cut) == blocks, source
        formatted = [black.format_str(block, mode=black_mode()) for block, _ in cut]
        assert join_blocks(formatted, [blank for _, blank in cut]) == black.format_str(source, mode=black_mode())


def test_a_damaged_module_pack_is_a_miss_and_is_rewritten(tmp_path: Path) -> None:
    """Whole modules live in one file (`black/modules.json`); a damaged one counts as empty:
    every module is formatted again, to the same bytes, and the pack is whole again."""
    generate(Context(_options(tmp_path, out="first")))
    pack = tmp_path / "cache" / "black" / "modules.json"
    entries = read_module_pack(tmp_path / "cache")
    assert entries
    pack.write_text(pack.read_text(encoding="utf-8")[:-10], encoding="utf-8")
    assert read_module_pack(tmp_path / "cache") == {}
    generate(Context(_options(tmp_path, out="second")))
    assert _files(tmp_path / "second" / "shop") == _files(tmp_path / "first" / "shop")
    assert read_module_pack(tmp_path / "cache") == entries


def test_the_module_pack_stays_bounded(tmp_path: Path) -> None:
    """Older entries are kept (another package may share the folder) up to three times as many
    as the last run used."""
    used = 0
    for index in range(5):
        formatter = BlockFormatter(tmp_path / "cache", tmp_path / "pkg")
        sources = _unformatted(_options(tmp_path, summary=f"Summary number {index}."), runtime=False)
        formatter.format_modules(sources)
        used = len(sources)
    assert used <= len(read_module_pack(tmp_path / "cache")) <= 3 * used


# A big YAML spec after a one-schema change: parsed piece by piece (`generator.parse_cache`).


def test_one_schema_changed_in_the_openai_spec_gives_what_a_cold_run_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold run, then an edit to one schema that adds lines (everything below moves) and a
    `required` naming no property: the incremental run (cached pieces, cached modules) writes
    the bytes a `--no-cache` run writes and warns at the same, right, lines; it renders the
    edited schema's module only (`render_cache`: the moved lines are in no module's key)."""
    text = (CORPUS / "big" / "openai-openapi.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "openai.yaml"
    spec.write_text(text, encoding="utf-8")

    def options(out: str, no_cache: bool = False) -> Options:
        return Options((spec,), tmp_path / out, "oa", tmp_path, cache_dir=tmp_path / "cache", no_cache=no_cache)

    generate(Context(options("warm")))
    assert (tmp_path / "cache" / "parse").is_dir()
    lines = text.split("\n")
    at = lines.index("    CreateChatCompletionResponse:")
    assert lines[at + 2].startswith("      description: Represents a chat completion response")
    lines[at + 2] += " (edited)"
    lines[at + 4 : at + 4] = ["      # two lines", "      # added"]  # after the description
    required = lines.index("      required:", at)
    lines.insert(required + 1, "        - not_a_property")
    spec.write_text("\n".join(lines), encoding="utf-8")

    incremental, cold = Context(options("warm")), Context(options("cold", no_cache=True))
    rendered: list[str] = []
    module = cached.definition_module
    monkeypatch.setattr(cached, "definition_module", lambda plan: rendered.append(plan.definition.name) or module(plan))
    assert generate(incremental)
    assert rendered == ["CreateChatCompletionResponse"]
    monkeypatch.undo()
    generate(cold)
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")
    assert incremental.diagnostics.lines() == cold.diagnostics.lines()
    new = [line for line in incremental.diagnostics.lines() if "not_a_property" in line]
    assert len(new) == 1 and f"openai.yaml:{at + 2} " in new[0], new  # the schema's first line
    moved = [line for line in incremental.diagnostics.lines() if "ResponseAudioDoneEvent" in line]
    original = lines.index("    ResponseAudioDoneEvent:") + 2
    assert moved and f"openai.yaml:{original} " in moved[0], moved
