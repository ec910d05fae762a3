"""Stage 3, resolve: find what every `$ref` points to.

A `$ref` is a JSON pointer into the same document (`#/components/schemas/Pet`, with `~0`/`~1`
escapes and percent-encoding), or a path to another file relative to the referring file,
optionally with a pointer (`common.yaml#/Pet`). Chains of refs are followed to the node that
holds the schema; a chain that only loops is an error. Refs are not inlined: the resolved
document keeps the `$ref` nodes, and `Resolution.target()` maps each one to its target, so a
schema that reaches itself becomes a recursive model later instead of an endless loop.
Sibling keywords next to `$ref` stay on the referring node for the normalizer to apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import GeneratorError, Location
from generator.load import display_path, parse_spec_text
from generator.nodes import YDict, location_of, unescape_token


@dataclass(frozen=True)
class Address:
    """Where a resolved node lives: its file (None for the main document) and pointer."""

    file: str | None
    pointer: str


@dataclass
class Resolution:
    """The resolved document: its root and the target of every `$ref` node in reach."""

    root: YDict
    targets: dict[int, tuple[YDict, Address]] = field(default_factory=dict)

    def target(self, ref_node: YDict) -> tuple[YDict, Address]:
        """The node (and address) a `$ref` node finally points to."""
        return self.targets[id(ref_node)]


@dataclass
class _Resolver:
    root: YDict
    main_files: set[str]
    files: dict[str, Any] = field(default_factory=dict)

    def document_for(self, file: str) -> Any:
        if file in self.main_files:
            return self.root
        if file not in self.files:
            path = Path(file)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                raise KeyError(file) from None
            self.files[file] = parse_spec_text(text, path)
        return self.files[file]

    def lookup(self, ref: str, referrer: Location) -> tuple[Any, Address]:
        if not isinstance(ref, str):
            raise GeneratorError(referrer.at(referrer.pointer + "/$ref"), "`$ref` must be a string")
        ref = ref.strip()
        file_part, _, fragment = ref.partition("#")
        if file_part.startswith(("http://", "https://")):
            raise GeneratorError(
                referrer.at(referrer.pointer + "/$ref"),
                f"remote $ref {ref!r} is not supported",
                "download the file next to the spec and refer to it by relative path",
            )
        if file_part:
            base = Path(referrer.file).parent
            file = display_path(base / unquote(file_part))
        else:
            file = referrer.file
        try:
            document = self.document_for(file)
        except KeyError:
            raise GeneratorError(
                referrer.at(referrer.pointer + "/$ref"),
                f"$ref {ref!r}: file {file} not found",
                "fix the path; it is relative to the referring file",
            ) from None
        node = document
        pointer = unquote(fragment)
        for token in pointer.split("/")[1:] if pointer else []:
            key = unescape_token(token)
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise GeneratorError(
                    referrer.at(referrer.pointer + "/$ref"),
                    f"$ref {ref!r} does not resolve: no {key!r} there",
                    "fix the reference or add the missing definition",
                )
        owner = None if document is self.root else file
        return node, Address(owner, pointer)


def resolve(root: YDict, input_files: list[str]) -> Resolution:
    """Resolve every `$ref` reachable from the root, loading referenced files as needed."""
    resolver = _Resolver(root, set(input_files))
    resolution = Resolution(root)
    seen: set[int] = set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if "$ref" in node and isinstance(node, YDict):
                target, address = _follow(resolver, node)
                resolution.targets[id(node)] = (target, address)
                stack.append(target)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return resolution


def _follow(resolver: _Resolver, ref_node: YDict) -> tuple[YDict, Address]:
    node: Any = ref_node
    visited: list[int] = []
    address = Address(None, "")
    while isinstance(node, dict) and "$ref" in node:
        if id(node) in visited:
            raise GeneratorError(
                location_of(ref_node),
                f"$ref {ref_node['$ref']!r} only refers to itself in a loop",
                "point one of the references at a real schema",
            )
        visited.append(id(node))
        where = location_of(node) or location_of(ref_node) or Location("<input>", 0)
        node, address = resolver.lookup(node["$ref"], where)
    if not isinstance(node, YDict):
        raise GeneratorError(
            location_of(ref_node),
            f"$ref {ref_node['$ref']!r} points at a {type(node).__name__}, not an object",
            "point the reference at a schema or other OpenAPI object",
        )
    return node, address
