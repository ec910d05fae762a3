"""Parse YAML (and JSON) text into located nodes, with OpenAPI-friendly scalar rules.

PyYAML implements YAML 1.1, where `on`, `yes` and `no` are booleans and `2024-01-01` is a
date. OpenAPI documents are JSON-compatible data, so this loader keeps only the YAML 1.2 core
rules: booleans are `true`/`false`, integers are decimal, `0o` or `0x` (`16:9`, `1_000`
and `0b101` stay strings), dates stay strings, and every mapping key becomes a
string (`200:` is the status code "200"). Anchors and aliases, including recursive ones, are
kept as shared objects. Mappings become `YDict`, sequences `YList`, each with its line and
JSON pointer.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import yaml

from generator.diagnostics import GeneratorError, Location
from generator.nodes import YDict, YList, assign_pointers, escape_token

_intern = sys.intern  # keys repeat thousands of times (`type`, `description`): one string each

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DROPPED_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader with YAML 1.2 core booleans, no timestamps, and located containers."""

    file: str = "<input>"
    line_offset: int = 0

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    """YAML 1.2 core integers: decimal (leading zeros allowed), 0o octal, 0x hex."""
    text = str(loader.construct_scalar(node))
    try:
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)
    except ValueError:  # over Python's limit on digits (4,300)
        line = node.start_mark.line + 1 + loader.line_offset
        raise GeneratorError(
            Location(loader.file, line),
            f"an integer of {len(text):,} digits is too long to read",
            "quote it, so it is read as a string",
        ) from None


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _construct_map(loader: Any, node: yaml.MappingNode) -> Iterator[YDict]:
    data = YDict()
    data.loc = Location(loader.file, node.start_mark.line + 1 + loader.line_offset)
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        if isinstance(key, (dict, list)):
            line = key_node.start_mark.line + 1 + loader.line_offset
            raise GeneratorError(
                Location(loader.file, line),
                "a mapping key must be a scalar",
                "quote the key",
            )
        data[_key_text(key)] = loader.construct_object(value_node, deep=False)


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> Iterator[YList]:
    data = YList()
    data.loc = Location(loader.file, node.start_mark.line + 1 + loader.line_offset)
    yield data
    data.extend(loader.construct_object(child, deep=False) for child in node.value)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


_STR = "tag:yaml.org,2002:str"
_MAPS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:omap"})
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGING = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})  # keys `flatten_mapping` handles
# The implicit resolvers by a plain scalar's first character ("" for the empty scalar), as
# `BaseResolver.resolve` reads them (this loader has no wildcard or path resolvers).
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = dict(_Loader.yaml_implicit_resolvers)


def _resolve(loader: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """`BaseResolver.resolve` for this loader's tables, which the C parser calls for every
    node (GitHub's spec: 140,000 times): a plain scalar matched against the resolvers of its
    first character, anything else its kind's default tag."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


_Loader.resolve = _resolve
# Path resolvers are never registered here, so descending into and out of a node resolves
# nothing: the C parser's two calls per node go to C built-ins that ignore their arguments.
_Loader.descend_resolver = staticmethod({}.get)  # called with (parent, index) -> index, unused
_Loader.ascend_resolver = staticmethod(tuple)  # called with () -> (), unused


class _Building:
    """One document being built by `_build`: the loader, the nodes built so far (by node
    identity: what an anchor shares is built once) and whether every container's pointer is
    its first path in document order (not so after a duplicate key, a merge key or another
    tag: then `assign_pointers` sets them again)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.file: str = loader.file
        self.offset: int = 1 + loader.line_offset  # node marks count lines from 0
        self.built: dict[int, Any] = {}
        self.pointers_exact = True


def _build(state: _Building, node: yaml.Node, pointer: str) -> Any:
    """The node as data, as the registered constructors give it, in one direct walk: what
    PyYAML's generic `construct_document` does through generators per node, at a third of
    its cost (the OpenAI spec: about 1.5 s less). Each container is located at once (file,
    line and `pointer`, the path the walk took, as `assign_pointers` gives it). Nodes an
    anchor shares (aliases) are built once; a mapping is registered before its children, so
    a recursive alias gets the object itself. Other tags take the loader's own way."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR else state.loader.construct_object(node, deep=True)
    built = state.built
    done = built.get(id(node))
    if done is not None:
        return done
    if kind is yaml.MappingNode and node.tag in _MAPS:
        data = built[id(node)] = YDict()
        data.loc = Location(state.file, node.start_mark.line + state.offset, pointer)
        _fill(state, data, node, pointer)
        return data
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        items = built[id(node)] = YList()
        items.loc = Location(state.file, node.start_mark.line + state.offset, pointer)
        items.extend(
            [
                child.value if type(child) is yaml.ScalarNode and child.tag == _STR else _build(state, child, f"{pointer}/{index}")
                for index, child in enumerate(node.value)
            ]
        )
        return items
    state.pointers_exact = False  # what a tag's own constructor builds holds no pointers
    return state.loader.construct_object(node, deep=True)


def _fill(state: _Building, data: YDict, node: yaml.Node, pointer: str) -> None:
    """The mapping's pairs into `data`. A merge key (`<<`, or a `!!value` key) first has the
    loader flatten the mapping (the merged pairs in front, as PyYAML does for every mapping;
    here only where one is: its Python loop cost every mapping of a big spec) and starts over."""
    merging = None  # whether a key is a merge key, once a key is not a plain string
    for key_node, value_node in node.value:
        if type(key_node) is yaml.ScalarNode and key_node.tag == _STR:
            key = _intern(key_node.value)
        else:
            if merging is None:
                merging = any(pair[0].tag in _MERGING for pair in node.value)
            if merging:
                state.loader.flatten_mapping(node)
                state.pointers_exact = False  # values met before the merge key were reached first
                data.clear()
                _fill(state, data, node, pointer)  # flattened: no merge key is left
                return
            key = _key(state, key_node)
        if key in data:
            state.pointers_exact = False  # the dict keeps the first place, the walk went on
        if type(value_node) is yaml.ScalarNode and value_node.tag == _STR:
            data[key] = value_node.value  # most values: no pointer to make
        else:
            data[key] = _build(state, value_node, f"{pointer}/{escape_token(key)}")


def _key(state: _Building, key_node: yaml.Node) -> str:
    """A mapping key that is not a plain string, as the string it stands for."""
    key = _build(state, key_node, "")
    if isinstance(key, (dict, list)):
        line = key_node.start_mark.line + state.offset
        raise GeneratorError(Location(state.file, line), "a mapping key must be a scalar", "quote the key")
    return _intern(_key_text(key))


def parse_yaml(text: str, file: str, line_offset: int = 0, pointer: str = "") -> Any:
    """Parse one YAML document into located nodes (lines, and JSON pointers below `pointer`:
    the document's own, as `assign_pointers` gives them); errors become a one-line
    `GeneratorError` at file:line."""
    loader = _Loader(text)
    loader.file = file
    loader.line_offset = line_offset
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        state = _Building(loader)
        data = _build(state, node, pointer)
        if not state.pointers_exact:
            assign_pointers(data, file, pointer)
        return data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset
        problem = exc.problem or exc.context or "unreadable YAML"
        raise GeneratorError(
            Location(file, line), f"invalid YAML: {problem}", "fix the YAML syntax there"
        ) from None
    except RecursionError:
        raise GeneratorError(Location(file, line_offset), "invalid YAML: nested too deeply", "flatten it with $refs") from None
    except yaml.YAMLError as exc:
        raise GeneratorError(
            Location(file, line_offset), f"invalid YAML: {exc}", "fix the YAML syntax"
        ) from None
    finally:
        loader.dispose()
