"""The input as written: its documents, what they declare, and `$ref` following.

Counts come from the raw documents (not from the generator's IR), so that the harness
measures the generator instead of repeating it: operations are paths x HTTP methods over all
documents of the input, component schemas are the `components.schemas` keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.load import LoadedDocument, display_path, load_documents
from generator.merge import HTTP_METHODS, merge
from generator.nodes import YDict, escape_token
from generator.resolve import Resolution, resolve


@dataclass
class RawSpec:
    """The loaded documents of one input, merged and resolved."""

    documents: list[LoadedDocument]
    resolution: Resolution

    @property
    def root(self) -> YDict:
        return self.resolution.root

    def deref(self, node: Any) -> Any:
        """The node a `$ref` node points to (the node itself when it is not a reference)."""
        if isinstance(node, YDict) and "$ref" in node and id(node) in self.resolution.targets:
            return self.resolution.target(node)[0]
        return node

    def is_component_ref(self, node: Any) -> bool:
        """True for a `$ref` to a component schema of the main document."""
        if not (isinstance(node, YDict) and "$ref" in node and id(node) in self.resolution.targets):
            return False
        address = self.resolution.target(node)[1]
        return address.file is None and address.pointer.startswith("/components/schemas/")

    def operations(self) -> set[tuple[str, str]]:
        """(METHOD, path) of every operation in every document."""
        found: set[tuple[str, str]] = set()
        for doc in self.documents:
            paths = doc.root.get("paths")
            for path, item in (paths or {}).items() if isinstance(paths, dict) else []:
                item = self.deref(item)
                if isinstance(item, dict):
                    found.update((m.upper(), str(path)) for m in HTTP_METHODS if m in item)
        return found

    def component_schemas(self) -> dict[str, Any]:
        """Component schemas by JSON pointer (`#/components/schemas/Name`), pages merged."""
        components = self.root.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        if not isinstance(schemas, dict):
            return {}
        return {f"#/components/schemas/{escape_token(str(k))}": v for k, v in schemas.items()}


def load_raw(paths: tuple[Path, ...]) -> RawSpec:
    """Load, merge and resolve the files of one input (raises GeneratorError on bad input)."""
    documents = [d for p in paths for d in load_documents(p)]
    root = merge(documents)
    return RawSpec(documents, resolve(root, [display_path(p) for p in paths]))
