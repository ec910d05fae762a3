"""Generation stays near-linear, and absurd input (huge files, deep nesting, giant enums,
integers of thousands of digits, a scalar where a mapping belongs) is refused in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, one_error_line

from generator import resolve as resolve_module
from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.limits import Limits
from generator.pipeline import build_spec


def _document(schemas: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}, **top}


def _write(tmp_path: Path, data: Any, name: str = "api.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _build(path: Path, limits: Limits = Limits()) -> Any:
    return build_spec(Context(Options((path,), path.parent / "out", "p", root=path.parent, limits=limits)))


def _refusal(path: Path, limits: Limits = Limits()) -> str:
    with pytest.raises(GeneratorError) as caught:
        _build(path, limits)
    return caught.value.one_line()


def _cli(tmp_path: Path, spec: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", spec.name, "--out", "out", "--package", "p", "--no-cache"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _assert_one_line(run: subprocess.CompletedProcess[str], folder: Path, *needles: str) -> None:
    """One `error:` line holding the needles, and nothing written."""
    one_error_line(run, *needles)
    assert not (folder / "out").exists()


def test_a_chain_of_refs_is_followed_once_per_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain S0 -> S1 -> ... -> S1000 costs one lookup per link (it used to cost one per
    link per start: a million lookups here, 29 s for 2,000 links)."""
    links = 1000
    schemas: dict[str, Any] = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(links)}
    schemas[f"S{links}"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    calls = 0
    original = resolve_module._Resolver.lookup

    def counting(self: Any, ref: str, referrer: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(self, ref, referrer)

    monkeypatch.setattr(resolve_module._Resolver, "lookup", counting)
    spec = _build(_write(tmp_path, _document(schemas)))
    assert calls <= 2 * links, calls
    assert "S0" in spec.schema_names


def test_an_enum_over_the_limit_is_refused_at_its_place(tmp_path: Path) -> None:
    path = _write(tmp_path, _document({"E": {"type": "string", "enum": [f"v{i}" for i in range(11)]}}))
    line = _refusal(path, Limits(max_enum_values=10))
    assert "/components/schemas/E/enum: an enum of 11 values is over the limit of 10" in line, line
    assert _build(path, Limits(max_enum_values=11)).definitions  # at the limit: fine


def test_the_default_enum_limit_refuses_fifty_thousand_values(tmp_path: Path) -> None:
    """What took 72 s is refused at once."""
    path = _write(tmp_path, _document({"E": {"type": "string", "enum": [f"v{i}" for i in range(50_000)]}}))
    assert "an enum of 50,000 values is over the limit of 10,000" in _refusal(path)


def test_nesting_deeper_than_the_limit_is_refused(tmp_path: Path) -> None:
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(30):
        deep = {"type": "object", "properties": {"a": deep}}
    path = _write(tmp_path, _document({"Deep": deep}))
    assert "nested more than 20 levels deep" in _refusal(path, Limits(max_depth=20))
    assert _build(path).definitions  # 60-odd levels are within the default of 100


def test_a_spec_file_over_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _write(tmp_path, _document({"A": {"type": "string", "description": "x" * 3000}}))
    line = _refusal(path, Limits(max_file_bytes=2048))
    assert "api.json #: the file is over the size limit of 2,048 bytes" in line, line


def test_max_file_mb_in_pyproject_sets_the_cap(tmp_path: Path) -> None:
    """The CLI reads the cap from `[tool.generator] max_file_mb`: a 1.1 MB spec over a 1 MB cap."""
    (tmp_path / "pyproject.toml").write_text("[tool.generator]\nmax_file_mb = 1\n", encoding="utf-8")
    spec = _write(tmp_path, _document({"A": {"type": "string", "description": "x" * 1_150_000}}))
    _assert_one_line(_cli(tmp_path, spec), tmp_path, "api.json", "over the size limit of 1.0 MB", "max_file_mb")


def test_max_file_mb_must_be_a_positive_integer(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.generator]\nmax_file_mb = 0\n", encoding="utf-8")
    spec = _write(tmp_path, _document({}))
    _assert_one_line(_cli(tmp_path, spec), tmp_path, "pyproject.toml:2", "max_file_mb must be a positive integer")


@pytest.mark.parametrize("name", ["api.yaml", "api.json"])
def test_an_integer_of_thousands_of_digits_is_one_line(tmp_path: Path, name: str) -> None:
    text = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-n": ' + "9" * 5000 + "}"
    _assert_one_line(_cli(tmp_path, _write(tmp_path, text, name)), tmp_path, name, "digits")


@pytest.mark.parametrize("name", ["api.yaml", "api.json"])
def test_json_nested_a_thousand_deep_is_one_line(tmp_path: Path, name: str) -> None:
    text = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-d": ' + "[" * 1000 + "]" * 1000 + "}"
    _assert_one_line(_cli(tmp_path, _write(tmp_path, text, name)), tmp_path, name, "nest")


@pytest.mark.parametrize("key", ["components", "webhooks", "paths"])
def test_a_scalar_where_a_top_level_mapping_belongs_is_one_line(tmp_path: Path, key: str) -> None:
    data = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, key: 5}
    _assert_one_line(_cli(tmp_path, _write(tmp_path, data)), tmp_path, f"api.json:1 /{key}: `{key}` must be a mapping, not int")


def _big_yaml_spec(tmp_path: Path) -> Path:
    """A YAML spec over the size the parse cache cuts into pieces, with a schema 30 levels
    deep and an enum of 11 values among filler schemas."""
    text = ["openapi: 3.0.3", "info:", "  title: t", "  version: '1'", "paths: {}", "components:", "  schemas:"]
    text += ["    E:", "      type: string", "      enum: [" + ", ".join(f"v{i}" for i in range(11)) + "]"]
    text += ["    Deep:", "      type: object", "      properties:", "        a:"]
    node = "          "
    for _ in range(15):
        text += [f"{node}type: object", f"{node}properties:", f"{node}  a:"]
        node += "    "
    text += [f"{node}type: string"]
    for i in range(2500):
        text += [f"    Filler{i}:", "      type: object", "      properties:", "        name:", "          type: string", f"          description: filler number {i} of the spec"]
    path = tmp_path / "api.yaml"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert path.stat().st_size > 200_000  # parse_cache.MIN_CHUNKED_BYTES: read in pieces
    return path


def test_limits_hold_for_a_spec_read_from_cached_pieces_and_the_refusal_names_the_place(tmp_path: Path) -> None:
    """The parse cache keeps each piece's shape, so a warm run checks depth and enums without
    walking the document; a limit it passes still gets the walk's one line, at its place."""
    path = _big_yaml_spec(tmp_path)
    cache = tmp_path / "cache"

    def build(limits: Limits, cache_dir: Path | None = cache) -> Any:
        return build_spec(Context(Options((path,), tmp_path / "out", "p", root=tmp_path, limits=limits, cache_dir=cache_dir)))

    def refusal(limits: Limits, cache_dir: Path | None = cache) -> str:
        with pytest.raises(GeneratorError) as caught:
            build(limits, cache_dir)
        return caught.value.one_line()

    assert build(Limits()).definitions  # cold: pieces parsed and cached with their shapes
    assert list(cache.glob("parse/*.bin"))
    assert build(Limits()).definitions  # warm: from the cache
    for limits, needle in (
        (Limits(max_enum_values=10), "/components/schemas/E/enum: an enum of 11 values is over the limit of 10"),
        (Limits(max_depth=30), "nested more than 30 levels deep"),
    ):
        warm = refusal(limits)
        assert needle in warm, warm
        assert warm == refusal(limits, cache_dir=None)  # the same line as a parse without the cache
    assert build(Limits(max_enum_values=11, max_depth=100)).definitions  # at the limits: fine


def test_a_pieces_shape_is_the_walks_on_every_corpus_yaml_spec(tmp_path: Path) -> None:
    """What the cached pieces say of a document's depth and enums is what walking it finds:
    at the measured depth and enum length every document passes `check_shape`, one less refuses."""
    from conftest import CORPUS

    from generator.limits import check_shape, shape_of
    from generator.load import ParseCaching, _load_text

    files = sorted(p for p in CORPUS.rglob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.stat().st_size > 200_000)
    assert len(files) >= 3
    measured = 0
    for path in files:
        for read in (False, True):  # pieces parsed, then taken from the cache
            try:
                documents, shape = _load_text(path.read_text(encoding="utf-8"), path, ParseCaching(tmp_path, read=read))
            except GeneratorError:
                continue
            if shape is None:
                continue
            measured += 1
            [document] = documents
            assert shape == shape_of(document.root), path
            deepest, longest = shape
            check_shape(document.root, Limits(max_depth=deepest, max_enum_values=longest))
            for limits in (Limits(max_depth=deepest - 1), Limits(max_enum_values=longest - 1)):
                with pytest.raises(GeneratorError):
                    check_shape(document.root, limits)
    assert measured >= 4
