"""A big YAML spec parsed piece by piece through the cache gives exactly the nodes of a whole
parse (values, key order, shared anchors, line numbers), reuses unchanged pieces, shifts the
lines of pieces that moved, falls back to a whole parse wherever cutting could change the
meaning, and ignores a cache file that is corrupt, forged or from another version."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS

from generator import parse_cache
from generator.diagnostics import GeneratorError
from generator.load import ParseCaching, parse_spec_text
from generator.nodes import YDict, YList, assign_pointers
from generator.parse_cache import ChunkCache, split_chunks
from generator.yaml_loader import parse_yaml

OPENAI = CORPUS / "big" / "openai-openapi.yaml"


def assert_same_nodes(expected: Any, actual: Any, path: str = "#") -> None:
    """Equal values, the same key order, the same types and the same locations throughout."""
    assert type(actual) is type(expected), path
    if isinstance(expected, (YDict, YList)):
        assert actual.loc == expected.loc, path
        if isinstance(expected, dict):
            assert list(actual) == list(expected), path
            for key in expected:
                assert_same_nodes(expected[key], actual[key], f"{path}/{key}")
        else:
            assert len(actual) == len(expected), path
            for index, (a, b) in enumerate(zip(expected, actual)):
                assert_same_nodes(a, b, f"{path}/{index}")
    else:
        assert actual == expected, path


def _whole(text: str) -> Any:
    """The nodes of a whole parse, located as the loader leaves them (pointers assigned)."""
    data = parse_yaml(text, "spec.yaml")
    assign_pointers(data, "spec.yaml")
    return data


def _pieces(cache_dir: Path, text: str, read: bool = True) -> tuple[Any, ChunkCache]:
    cache = ChunkCache(cache_dir, "spec.yaml", read)
    return cache.parse(text, 0, lambda piece, offset, pointer: parse_yaml(piece, "spec.yaml", offset, pointer)), cache


def test_openai_spec_in_pieces_equals_the_whole_parse_cold_warm_and_after_lines_moved(tmp_path: Path) -> None:
    text = OPENAI.read_text(encoding="utf-8")
    whole = _whole(text)
    cold, cache = _pieces(tmp_path, text)
    assert cache.missed > 1000  # cut into pieces: components/schemas/<Name>, paths/<path>, ...
    assert_same_nodes(whole, cold)
    warm, cache = _pieces(tmp_path, text)
    assert cache.missed == 0
    assert_same_nodes(whole, warm)

    lines = text.split("\n")
    at = lines.index("    CreateChatCompletionResponse:")
    lines[at + 4 : at + 4] = ["      # a comment", "      # and another"]  # in the schema: it changes, all below move
    edited = "\n".join(lines)
    moved, cache = _pieces(tmp_path, edited)
    assert cache.missed == 1
    assert_same_nodes(_whole(edited), moved)
    schema = moved["components"]["schemas"]["ChatCompletionList"]  # below the edit: from the cache, shifted
    assert schema.loc.line == edited.split("\n").index("    ChatCompletionList:") + 2


def test_every_corpus_yaml_file_in_pieces_equals_the_whole_parse(tmp_path: Path) -> None:
    """The corpus's YAML files over 2 kB (the small ones hold nothing to cut): each gives the
    whole parse's nodes, or is parsed whole."""
    files = sorted(p for p in CORPUS.rglob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.stat().st_size > 2000)
    assert len(files) > 50
    cut = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            whole = _whole(text)
        except GeneratorError:
            continue
        got, _ = _pieces(tmp_path, text)
        if got is not None:
            cut += 1
            assert_same_nodes(whole, got, str(path))
    assert cut > 0.8 * len(files)


def _big(body: str) -> str:
    """An inline spec, dedented, with filler pieces around it (cut as a big one is)."""
    return "openapi: 3.1.0\n" + textwrap.dedent(body) + "components:\n  schemas:\n    Z:\n      type: string\n"


CUT_SAFELY = {
    "sequence at the key's column": "tags:\n- name: a\n- name: b\nservers:\n- url: x\n",
    "block scalars keeping and clipping their line breaks": "info:\n  description: |+\n    text\n\n  summary: >\n    folded\n    text\n\n# comment\npaths: {}\n",
    "duplicate keys (the last wins, in the first one's place)": "info:\n  title: a\n  title: b\n  version: '1'\n",
    "an anchor used inside its own piece": "paths:\n  /a:\n    get:\n      summary: &t T\n      description: *t\n",
    "comments before the first key of a block": "info:\n\n  # about\n  title: a\n",
    "keys that look like other scalars": "paths:\n  200:\n    x: 1\n  'true':\n    y: 2\n  null:\n    z: 3\n",
}


@pytest.mark.parametrize("body", CUT_SAFELY.values(), ids=list(CUT_SAFELY))
def test_pieces_give_the_whole_parse(tmp_path: Path, body: str) -> None:
    text = _big(body)
    got, cache = _pieces(tmp_path, text)
    assert got is not None and cache.missed > 1
    assert_same_nodes(_whole(text), got)


MUST_PARSE_WHOLE = {
    "an alias to an anchor in another piece": "info:\n  title: &t T\npaths:\n  /a:\n    summary: *t\n",
    "a quoted scalar running over a line at a key's column": 'info:\n  title: "a\n  version: b"\n',
    "a flow mapping running over a line at a key's column": "info: {title: a,\ninfo2: b}\n",
    "a merge key": "info:\n  <<: {title: a}\n  title: b\n",
    "a document marker": "---\ninfo:\n  title: a\n",
    "carriage returns": "info:\r\n  title: a\r\n",
    "a less indented sibling": "info:\n    title: a\n  version: b\n",
    "a plain scalar continued at column 0": "info: a\nb\n",
}


@pytest.mark.parametrize("body", MUST_PARSE_WHOLE.values(), ids=list(MUST_PARSE_WHOLE))
def test_texts_the_splitter_is_not_sure_of_are_parsed_whole(tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _big(body)
    got, _ = _pieces(tmp_path, text)
    assert got is None  # the caller parses the text whole
    monkeypatch.setattr(parse_cache, "MIN_CHUNKED_BYTES", 0)
    cached = ParseCaching(tmp_path)
    try:
        whole = parse_spec_text(text, Path("spec.yaml"))
    except GeneratorError as exc:
        with pytest.raises(GeneratorError) as same:
            parse_spec_text(text, Path("spec.yaml"), cache=cached)
        assert str(same.value) == str(exc)
        return
    assert_same_nodes(whole, parse_spec_text(text, Path("spec.yaml"), cache=cached))


def test_a_yaml_error_in_a_changed_piece_is_reported_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cache, "MIN_CHUNKED_BYTES", 0)
    cached = ParseCaching(tmp_path)
    text = _big("info:\n  title: a\npaths:\n  /a:\n    get:\n      summary: ok\n")
    parse_spec_text(text, Path("spec.yaml"), cache=cached)
    broken = text.replace("summary: ok\n", "summary: ok\n\n\n      description: [unclosed\n")
    with pytest.raises(GeneratorError) as error:
        parse_spec_text(broken, Path("spec.yaml"), cache=cached)
    with pytest.raises(GeneratorError) as whole:
        parse_spec_text(broken, Path("spec.yaml"))
    assert str(error.value) == str(whole.value)
    assert error.value.location.line == broken.split("\n").index("      description: [unclosed") + 2  # the scanner stops past it


def _write_pack(cache: ChunkCache, text: str) -> None:
    cache.parse(text, 0, lambda piece, offset, pointer: parse_yaml(piece, "spec.yaml", offset, pointer))


def test_a_corrupt_or_foreign_cache_file_is_ignored_and_rewritten(tmp_path: Path) -> None:
    text = _big("info:\n  title: a\n  version: '1'\n")
    whole = _whole(text)
    _, cache = _pieces(tmp_path, text)
    good = cache.path.read_bytes()

    cache.path.write_bytes(good[:-10] + b"0123456789")  # damaged: the checksum does not match
    got, again = _pieces(tmp_path, text)
    assert again.missed > 0
    assert_same_nodes(whole, got)
    assert cache.path.read_bytes() == good  # rewritten

    foreign = ChunkCache(tmp_path, "spec.yaml")
    foreign.salt = b"another generator version"
    assert foreign._read() == {}  # written by another version: nothing is taken from it

    cache.path.write_bytes(b"not a cache file at all")
    got, again = _pieces(tmp_path, text)
    assert again.missed > 0
    assert_same_nodes(whole, got)


def test_a_forged_piece_cannot_run_code_and_is_parsed_again(tmp_path: Path) -> None:
    text = _big("info:\n  title: a\n")
    _, cache = _pieces(tmp_path, text)
    forged = ChunkCache(tmp_path, "spec.yaml")
    evil = pickle.dumps(YDict(info=print))  # a builtin: the unpickler refuses it
    forged.entries = {key: (line, evil, *shape) for key, (line, _, *shape) in forged.entries.items()}
    forged.missed = 1
    forged.used = dict(forged.entries)
    forged._save()
    got, again = _pieces(tmp_path, text)
    assert again.missed == len(forged.entries)
    assert_same_nodes(_whole(text), got)


def test_no_cache_parses_everything_and_leaves_the_pieces_for_the_next_run(tmp_path: Path) -> None:
    text = _big("info:\n  title: a\n")
    _pieces(tmp_path, text)
    _, cache = _pieces(tmp_path, text, read=False)
    assert cache.missed == len(cache.used)
    _, cache = _pieces(tmp_path, text)
    assert cache.missed == 0


def test_split_opens_only_plain_headers_three_levels_deep() -> None:
    text = "a:\n  b:\n    c:\n      d:\n        e: 1\n  'q':\n    r: 1\n  s: &x\n    t: 1\n"
    block = split_chunks(text)
    assert block is not None
    [(name, a)] = block.children
    assert name == "a" and isinstance(a, parse_cache._Block)
    b, q, s = a.children
    assert b[0] == "b" and isinstance(b[1], parse_cache._Block)
    [c] = b[1].children  # c: one piece, not opened further
    assert isinstance(c[0], int) and isinstance(c[1], int) and text[c[0] : c[1]] == "    c:\n      d:\n        e: 1\n"
    pieces = [text[start:end] for start, end in (q, s) if isinstance(start, int) and isinstance(end, int)]
    assert pieces == ["  'q':\n    r: 1\n", "  s: &x\n    t: 1\n"]  # a quoted header and an anchored one stay pieces


def test_specs_of_the_same_name_in_two_projects_keep_their_pieces_apart(tmp_path: Path) -> None:
    """A cache folder shared by two projects (the user's cache folder) holds one file per spec
    file, by its resolved path, though both spell it `spec.yaml`: neither run throws the
    other's pieces away."""
    for project, title in (("one", "a"), ("two", "b")):
        spec = tmp_path / project / "spec.yaml"
        spec.parent.mkdir()
        spec.write_text(_big(f"info:\n  title: {title}\n"), encoding="utf-8")
        cache = ChunkCache(tmp_path / "cache", "spec.yaml", source=spec)
        assert cache.parse(spec.read_text(encoding="utf-8"), 0, lambda piece, offset, pointer: parse_yaml(piece, "spec.yaml", offset, pointer))
    assert len(list((tmp_path / "cache" / "parse").iterdir())) == 2
