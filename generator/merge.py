"""Stage 2, merge: several documents of one API into one.

Doc sites publish one page per endpoint, each repeating `info`, `servers` and `components`.
Paths are united (the same method on the same path in two pages is an error naming both);
components are united by name, identical ones kept once, and a name defined differently in
two pages is an error naming both. `info`, `servers`, top-level `security` and `tags` come
from the first document that has them. Each node keeps its own source file, so later
messages still point into the right page.

Documents of different APIs are refused: two whose `info.title`s differ, whose servers
have no URL in common, or whose security schemes share no name (each facet compared only
when both documents state it) give one error naming both. When the user allows it
(`allow_multiple_apis`), they are merged anyway: each operation then keeps the security of
its own document (written onto the operation unless it has its own), and the servers of
every document are offered, in document order.
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import GeneratorError
from generator.load import LoadedDocument
from generator.nodes import YDict, YList, location_of, pointer_join

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def merge(documents: list[LoadedDocument], allow_multiple_apis: bool = False) -> YDict:
    """Unite documents; raise on contradicting paths or components, and on documents of
    different APIs unless `allow_multiple_apis`."""
    first = documents[0]
    root = YDict()
    root.loc = first.root.loc
    if not allow_multiple_apis:
        _refuse_different_apis(documents)
    elif len(documents) > 1:
        for doc in documents:
            _own_security_on_operations(doc)
    for key in ("openapi", "info", "servers", "security", "tags", "jsonSchemaDialect"):
        for doc in documents:
            if key in doc.root:
                root[key] = doc.root[key]
                break
    if allow_multiple_apis and len(documents) > 1:
        servers = _all_servers(documents)
        if servers:
            root["servers"] = servers
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


def _identity(doc: LoadedDocument) -> list[tuple[str, str, Any, Any]]:
    """The facets a document states: (name, pointer, comparable value, node)."""
    facets: list[tuple[str, str, Any, Any]] = []
    info = doc.root.get("info")
    title = info.get("title") if isinstance(info, dict) else None
    if isinstance(title, str) and title.strip():
        facets.append(("info.title", "/info/title", title.strip(), info))
    servers = doc.root.get("servers")
    urls = {_url(server) for server in servers} - {""} if isinstance(servers, list) else set()
    if urls:
        facets.append(("servers", "/servers", urls, servers))
    components = doc.root.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if isinstance(schemes, dict) and schemes:
        facets.append(("security schemes", "/components/securitySchemes", set(map(str, schemes)), schemes))
    return facets


def _refuse_different_apis(documents: list[LoadedDocument]) -> None:
    """One error naming both documents when two of them describe different APIs."""
    first_seen: dict[str, tuple[LoadedDocument, Any]] = {}
    for doc in documents:
        for what, pointer, value, node in _identity(doc):
            if what not in first_seen:
                first_seen[what] = (doc, value)
                continue
            other, seen = first_seen[what]
            same = value == seen if what == "info.title" else bool(value & seen)
            if not same:
                raise GeneratorError(
                    (location_of(node) or doc.root.loc).at(pointer),
                    f"different APIs: {what} {_shown(value)} in {doc.name}, {_shown(seen)} in {other.name}",
                    "generate one client per API, or merge them anyway: --allow-multiple-apis, "
                    "or allow_multiple_apis = true in [tool.generator]",
                )


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else ", ".join(sorted(value))


def _own_security_on_operations(doc: LoadedDocument) -> None:
    """Write the document's security onto each of its operations that states none, so that
    another document's top-level security never applies to them: its `security`, else every
    scheme it defines (what a document with schemes and no `security` means), else none."""
    security = doc.root.get("security")
    if not isinstance(security, list):
        components = doc.root.get("components")
        schemes = components.get("securitySchemes") if isinstance(components, dict) else None
        security = [{str(name): []} for name in schemes] if isinstance(schemes, dict) else []
    for item in (doc.root.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict) and "$ref" not in operation and "security" not in operation:
                operation["security"] = security


def _all_servers(documents: list[LoadedDocument]) -> YList:
    """Every document's servers, each URL once, in document order."""
    merged = YList()
    seen: set[str] = set()
    for doc in documents:
        servers = doc.root.get("servers")
        for server in servers if isinstance(servers, list) else []:
            url = _url(server)
            if url and url not in seen:
                if not merged:
                    merged.loc = location_of(servers, doc.root.loc) or doc.root.loc
                seen.add(url)
                merged.append(server)
    return merged


def _url(server: Any) -> str:
    """A server object's URL as compared ("" when it has none)."""
    return str(server.get("url", "")).strip().rstrip("/") if isinstance(server, dict) else ""
