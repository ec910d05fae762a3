"""Stage 2, merge: several documents of one API into one.

Doc sites publish one page per endpoint, each repeating `info`, `servers` and `components`.
Paths are united (the same method on the same path in two pages is an error naming both);
components are united by name, identical ones kept once, and a name defined differently in
two pages is an error naming both. `info`, `servers`, top-level `security` and `tags` come
from the first document that has them. Each node keeps its own source file, so later
messages still point into the right page.
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import GeneratorError
from generator.load import LoadedDocument
from generator.nodes import YDict, location_of, pointer_join

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def merge(documents: list[LoadedDocument]) -> YDict:
    """Unite documents; raise on contradicting paths or components."""
    first = documents[0]
    root = YDict()
    root.loc = first.root.loc
    for key in ("openapi", "info", "servers", "security", "tags", "jsonSchemaDialect"):
        for doc in documents:
            if key in doc.root:
                root[key] = doc.root[key]
                break
    paths = YDict()
    paths.loc = location_of(first.root.get("paths"), first.root.loc) or first.root.loc
    root["paths"] = paths
    origin: dict[tuple[str, str], LoadedDocument] = {}
    for doc in documents:
        _merge_paths(paths, doc, origin)
    components = YDict()
    components.loc = root.loc
    for doc in documents:
        _merge_components(components, doc, documents)
    if components:
        root["components"] = components
    webhooks = _merge_simple(documents, "webhooks")
    if webhooks:
        root["webhooks"] = webhooks
    return root


def _merge_paths(paths: YDict, doc: LoadedDocument, origin: dict[tuple[str, str], LoadedDocument]) -> None:
    section = doc.root.get("paths") or {}
    if not isinstance(section, dict):
        raise GeneratorError(location_of(section, doc.root.loc), "`paths` must be a mapping", "write paths as `/path: {get: ...}`")
    for path, item in section.items():
        if not isinstance(item, dict):
            continue
        target = paths.get(path)
        if target is None:
            target = YDict()
            target.loc = location_of(item, doc.root.loc) or doc.root.loc
            paths[path] = target
        for key, value in item.items():
            if key not in HTTP_METHODS:
                target.setdefault(key, value)
                continue
            seen = origin.get((path, key))
            if seen is not None and seen.root["paths"][path][key] != value:
                raise GeneratorError(
                    location_of(value),
                    f"{key.upper()} {path} is defined differently in {seen.name} and {doc.name}",
                    "keep one definition per method and path",
                )
            origin[(path, key)] = doc
            target[key] = value


def _merge_components(components: YDict, doc: LoadedDocument, all_docs: list[LoadedDocument]) -> None:
    for section, entries in (doc.root.get("components") or {}).items():
        if not isinstance(entries, dict):
            continue
        merged = components.get(section)
        if merged is None:
            merged = YDict()
            merged.loc = location_of(entries, doc.root.loc) or doc.root.loc
            components[section] = merged
        for name, value in entries.items():
            if name in merged and merged[name] != value:
                other = _defining_doc(all_docs, section, name, merged[name])
                pointer = pointer_join("/components", section, name)
                raise GeneratorError(
                    location_of(value),
                    f"{pointer} differs between {other} and {doc.name}",
                    "make the two definitions identical or rename one",
                )
            merged.setdefault(name, value)


def _defining_doc(docs: list[LoadedDocument], section: str, name: str, value: Any) -> str:
    for doc in docs:
        if (doc.root.get("components") or {}).get(section, {}).get(name) is value:
            return doc.name
    return "an earlier document"


def _merge_simple(documents: list[LoadedDocument], key: str) -> YDict:
    merged = YDict()
    for doc in documents:
        section = doc.root.get(key)
        if isinstance(section, dict):
            if not merged:
                merged.loc = location_of(section, doc.root.loc) or doc.root.loc
            for name, value in section.items():
                merged.setdefault(name, value)
    return merged
