"""The loader's direct construction (`yaml_loader._build`) gives exactly what PyYAML's generic
construction gives with the same constructors: the same data, the same lines, the same
sharing of anchored nodes (also recursive ones), merge keys and other tags included; and the
JSON pointers it gives while building are those `assign_pointers` gives afterwards."""

from __future__ import annotations

from typing import Any

from conftest import CORPUS

from generator.nodes import assign_pointers
from generator.yaml_loader import _IMPLICIT, _Loader, parse_yaml


def _generic(text: str) -> Any:
    """PyYAML's own construction, then pointers by a walk of the result."""
    loader = _Loader(text)
    loader.file = "spec.yaml"
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    assign_pointers(data, "spec.yaml")
    return data


def _lines(data: Any) -> list[Any]:
    """Every container's line, in a fixed walk order (shared containers walked once)."""
    seen: set[int] = set()
    found: list[Any] = []

    def walk(node: Any) -> None:
        if not isinstance(node, (dict, list)) or id(node) in seen:
            return
        seen.add(id(node))
        found.append(node.loc)
        for child in node.values() if isinstance(node, dict) else node:
            walk(child)

    walk(data)
    return found


def test_direct_construction_equals_the_generic_one_on_the_openai_spec() -> None:
    text = (CORPUS / "big" / "openai-openapi.yaml").read_text(encoding="utf-8")
    direct, generic = parse_yaml(text, "spec.yaml"), _generic(text)
    assert direct == generic
    assert _lines(direct) == _lines(generic)


def test_anchors_merge_keys_tags_and_scalars_are_constructed_alike() -> None:
    text = (
        "base: &base {type: object, properties: {id: {type: integer}}}\n"
        "copy: *base\n"
        "merged:\n  <<: *base\n  description: on\n"
        "loop: &loop\n  self: *loop\n  items: [*loop, 1, 0x1f, 0o17, 1_000, 2024-01-01, yes, true, null, 1.5, ~]\n"
        "set: !!set {a, b}\n"
        "200: ok\n"
        "true: key\n"
    )
    direct, generic = parse_yaml(text, "spec.yaml"), _generic(text)
    assert repr(direct) == repr(generic)
    assert _lines(direct) == _lines(generic)
    assert direct["copy"] is direct["base"]  # an alias is the same object
    assert direct["loop"]["self"] is direct["loop"] and direct["loop"]["items"][0] is direct["loop"]
    assert direct["merged"]["type"] == "object" and direct["merged"]["description"] == "on"
    assert list(direct)[-2:] == ["200", "true"]


def test_duplicate_keys_and_merge_overrides_keep_the_pointers_of_a_walk_in_dict_order() -> None:
    text = (
        "a: {x: 1}\n"
        "b: &shared {y: [1, {z: 2}]}\n"
        "a: {uses: *shared}\n"  # a duplicate key: `a` keeps its place, its value is the later one
        "m:\n  <<: {k: {deep: 1}, v: 2}\n  k: {own: 3}\n"
    )
    direct, generic = parse_yaml(text, "spec.yaml"), _generic(text)
    assert direct == generic
    assert _lines(direct) == _lines(generic)
    assert direct["b"].loc.pointer == "/a/uses"  # the first path in dict order reaches it through `a`
    assert direct["m"]["k"].loc.pointer == "/m/k"


def test_the_fast_resolver_reads_the_tables_the_loader_was_given() -> None:
    """`_resolve` assumes no wildcard and no path resolvers (what `BaseResolver.resolve` would
    also consult)."""
    assert None not in _IMPLICIT
    assert not _Loader.yaml_path_resolvers
    assert _IMPLICIT == _Loader.yaml_implicit_resolvers
