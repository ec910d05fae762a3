"""The documented examples of an input, each with the spec location whose type it has.

Collected: component-schema `example` / `examples` (3.1 list) and those of the schemas nested
in them (properties, items, additionalProperties, prefixItems, allOf/oneOf/anyOf parts);
media-type `example` / `examples.*.value` (following `$ref`s to components) and the schema
examples inside request and response bodies; a page's `**Request**` / `**Response**` JSON
blocks (the request body and the first 2xx response of that page's operation). Schemas reached
through a `$ref` to a component are not walked again (their examples count once, at their
definition). Parameter examples are left out: parameters have no generated type of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from generator.merge import HTTP_METHODS
from corpus.rawspec import RawSpec

# ("schema", pointer) | ("request", METHOD, path, media) | ("response", METHOD, path, status, media)
Target = Union[tuple[str, str], tuple[str, str, str, Union[str, None]], tuple[str, str, str, str, Union[str, None]]]
Step = tuple[str, ...]  # ("properties", name), ("items",), ("prefixItems", "0"), ("additionalProperties",), ("same",)


@dataclass(frozen=True)
class Example:
    """One documented JSON value and the type it must decode into."""

    where: str  # for reports: a pointer or page:line
    target: Target
    steps: tuple[Step, ...]  # from the target's schema down to the schema the value belongs to
    value: Any
    schema: Any = None  # the raw schema the value belongs to (None when unknown)
    whole: Any = None  # the raw schema of the decoded type, when `schema` is an allOf/oneOf/anyOf part


@dataclass
class _Walk:
    raw: RawSpec
    found: list[Example]
    seen: set[int]

    def schema(self, node: Any, target: Target, steps: tuple[Step, ...], where: str, whole: Any = None) -> None:
        if self.raw.is_component_ref(node) and (steps or target[0] != "schema"):
            return
        node = self.raw.deref(node)
        if not isinstance(node, dict) or id(node) in self.seen:
            return
        self.seen.add(id(node))
        if "example" in node:
            self.found.append(Example(f"{where}/example", target, steps, node["example"], node, whole))
        if isinstance(node.get("examples"), list):
            for i, value in enumerate(node["examples"]):
                self.found.append(Example(f"{where}/examples/{i}", target, steps, value, node, whole))
        for name, prop in _items(node.get("properties")):
            self.schema(prop, target, (*steps, ("properties", name)), f"{where}/properties/{name}")
        if isinstance(node.get("items"), dict):
            self.schema(node["items"], target, (*steps, ("items",)), f"{where}/items")
        if isinstance(node.get("additionalProperties"), dict):
            extra = ("additionalProperties",)
            self.schema(node["additionalProperties"], target, (*steps, extra), f"{where}/additionalProperties")
        for i, part in enumerate(node.get("prefixItems") or []):
            self.schema(part, target, (*steps, ("prefixItems", str(i))), f"{where}/prefixItems/{i}")
        for key in ("allOf", "oneOf", "anyOf"):
            for i, part in enumerate(node.get(key) or [] if isinstance(node.get(key), list) else []):
                self.schema(part, target, (*steps, ("same",)), f"{where}/{key}/{i}", node if whole is None else whole)

    def content(self, content: Any, target_of: Any, where: str) -> None:
        for media, entry in _items(content):
            entry = self.raw.deref(entry)
            if not isinstance(entry, dict):
                continue
            target: Target = target_of(media)
            here = f"{where}/content/{media}"
            schema = entry.get("schema")
            if "example" in entry:
                self.found.append(Example(f"{here}/example", target, (), entry["example"], schema))
            for name, example in _items(entry.get("examples")):
                example = self.raw.deref(example)
                if isinstance(example, dict) and "value" in example:
                    self.found.append(Example(f"{here}/examples/{name}", target, (), example["value"], schema))
            if "schema" in entry:
                self.schema(entry["schema"], target, (), f"{here}/schema")


def _items(node: Any) -> list[tuple[str, Any]]:
    return [(str(k), v) for k, v in node.items()] if isinstance(node, dict) else []


def _json_schema(raw: RawSpec, holder: Any) -> Any:
    """The schema of a request body's / response's JSON content (None when it has none)."""
    content = holder.get("content") if isinstance(holder, dict) else None
    for media, entry in _items(content):
        entry = raw.deref(entry)
        if "json" in media and isinstance(entry, dict) and "schema" in entry:
            return entry["schema"]
    return None


def collect_examples(raw: RawSpec) -> list[Example]:
    """Every documented example of the input, in spec order."""
    walk = _Walk(raw, [], set())
    for pointer, schema in raw.component_schemas().items():
        walk.schema(schema, ("schema", pointer), (), pointer)
    for path, item in _items(raw.root.get("paths")):
        item = raw.deref(item)
        for method in HTTP_METHODS:
            op = raw.deref(item.get(method)) if isinstance(item, dict) else None
            if not isinstance(op, dict):
                continue
            where = f"#/paths/{path}/{method}"
            body = raw.deref(op.get("requestBody"))
            if isinstance(body, dict):
                walk.content(body.get("content"), lambda m, M=method.upper(), p=path: ("request", M, p, m), f"{where}/requestBody")
            for status, response in _items(op.get("responses")):
                response = raw.deref(response)
                if isinstance(response, dict):
                    target = lambda m, M=method.upper(), p=path, s=status: ("response", M, p, s, m)  # noqa: E731
                    walk.content(response.get("content"), target, f"{where}/responses/{status}")
    walk.found.extend(page_examples(raw))
    return walk.found


def page_examples(raw: RawSpec) -> list[Example]:
    """A page's Request / Response JSON blocks, tied to the page's (only) operation."""
    found: list[Example] = []
    for doc in raw.documents:
        operations = [
            (method, str(path), raw.deref(item).get(method))
            for path, item in _items(doc.root.get("paths"))
            for method in HTTP_METHODS
            if isinstance(raw.deref(item), dict) and method in raw.deref(item)
        ]
        for example in doc.examples:
            where = f"{example.location.file}:{example.location.line}"
            if len(operations) != 1:
                found.append(Example(where, ("page", "ambiguous operation"), (), example.value))
                continue
            method, path, op = operations[0]
            if example.kind == "request":
                body = raw.deref(op.get("requestBody")) if isinstance(op, dict) else None
                schema = _json_schema(raw, body)
                found.append(Example(where, ("request", method.upper(), path, None), (), example.value, schema))
                continue
            responses = op.get("responses") if isinstance(op, dict) else None
            statuses = [s for s, _ in _items(responses)]
            status = next((s for s in statuses if s.startswith("2")), statuses[0] if statuses else "200")
            schema = _json_schema(raw, raw.deref(dict(_items(responses)).get(status)))
            found.append(Example(where, ("response", method.upper(), path, status, None), (), example.value, schema))
    return found
