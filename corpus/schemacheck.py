"""Whether a documented example contradicts its own schema, by a JSON Schema validator.

OpenAPI schemas are converted first: 3.0 `nullable: true` becomes `anyOf: [null, schema]`,
`$ref`s (also into other files) point at registry resources, OpenAPI-only keywords
(`example`, `discriminator`, `xml`, ...) are dropped, and in request bodies `readOnly`
properties are not required (in responses `writeOnly` ones). 3.0 documents are validated
with draft 4 (boolean `exclusiveMaximum`), 3.1 ones with draft 2020-12. Formats are not
asserted. Form-encoded bodies travel as text: `form_coerced` turns the strings of a form
example into the booleans and numbers its schema declares (and a lone value of an array
property into a one-item list), before anything compares it.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import jsonschema.exceptions
import referencing
import referencing.jsonschema

from corpus.rawspec import RawSpec

_SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "definitions", "$defs")
_SCHEMA_ONE = ("additionalProperties", "not", "contains", "if", "then", "else", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "additionalItems")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_DROPPED = {"example", "examples", "discriminator", "xml", "externalDocs", "nullable", "deprecated", "x-nullable"}
FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")


class _Converter:
    def __init__(self, raw: RawSpec, direction: str | None) -> None:
        self.raw = raw
        self.direction = direction  # "request" (readOnly not required), "response", or None
        self.resources: dict[str, Any] = {}
        self.seen: dict[int, str] = {}

    def uri(self, target: Any) -> str:
        key = self.seen.get(id(target))
        if key is None:
            key = self.seen[id(target)] = f"urn:corpus:{len(self.seen)}"
            self.resources[key] = True
            self.resources[key] = self.convert(target)
        return key

    def convert(self, node: Any) -> Any:
        if isinstance(node, bool) or not isinstance(node, dict):
            return node if isinstance(node, bool) else {}
        if "$ref" in node and self.raw.deref(node) is not node:
            return {"$ref": self.uri(self.raw.deref(node))}
        out: dict[str, Any] = {}
        for key, value in node.items():
            key = str(key)
            if key in _DROPPED or key.startswith("x-"):
                continue
            if key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {str(k): self.convert(v) for k, v in value.items()}
            elif key in _SCHEMA_ONE or (key == "items" and isinstance(value, dict)):
                out[key] = self.convert(value)
            elif key in _SCHEMA_LISTS or (key == "items" and isinstance(value, list)):
                out[key] = [self.convert(v) for v in value] if isinstance(value, list) else value
            else:
                out[key] = _plain(value)
        hidden = "readOnly" if self.direction == "request" else "writeOnly" if self.direction == "response" else None
        props = node.get("properties")
        if hidden and isinstance(out.get("required"), list) and isinstance(props, dict):
            skip = {str(k) for k, v in props.items() if isinstance(self.raw.deref(v), dict) and self.raw.deref(v).get(hidden) is True}
            out["required"] = [r for r in out["required"] if r not in skip]
        if node.get("nullable") is True or node.get("x-nullable") is True:
            if isinstance(out.get("type"), str) and not any(k in out for k in ("allOf", "oneOf", "anyOf", "not")):
                out["type"] = [out["type"], "null"]  # the plainer form gives the plainer message
                if isinstance(out.get("enum"), list) and None not in out["enum"]:
                    out["enum"] = [*out["enum"], None]
                return out
            return {"anyOf": [{"type": "null"}, out]}
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _is_31(raw: RawSpec) -> bool:
    return str(raw.root.get("openapi", "")).startswith("3.1")


def violation(raw: RawSpec, schema: Any, value: Any, direction: str | None = None) -> str | None:
    """The validator's first complaint about `value` against the OpenAPI `schema`, else None."""
    converter = _Converter(raw, direction)
    root = converter.convert(schema)
    spec = referencing.jsonschema.DRAFT202012 if _is_31(raw) else referencing.jsonschema.DRAFT4
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (uri, referencing.Resource.from_contents(contents, default_specification=spec)) for uri, contents in converter.resources.items()
    )
    cls = jsonschema.Draft202012Validator if _is_31(raw) else jsonschema.Draft4Validator
    error = jsonschema.exceptions.best_match(cls(root, registry=registry).iter_errors(value))
    if error is None:
        return None
    where = "".join(f"/{p}" for p in error.absolute_path) or "/"
    return f"{where}: {_short(error.message)}"


def _short(text: str) -> str:
    return text if len(text) <= 160 else text[:157] + "..."


def is_form(media: Any) -> bool:
    return isinstance(media, str) and media.split(";")[0].strip().lower() in FORM_MEDIA


def form_coerced(raw: RawSpec, schema: Any, value: Any) -> Any:
    """A form example's text values as the booleans / numbers its schema's properties declare."""
    schema = raw.deref(schema)
    if not isinstance(schema, dict) or not isinstance(value, dict):
        return value
    props = _all_properties(raw, schema)
    return {k: _scalar(raw, props.get(str(k)), v) for k, v in value.items()}


def _all_properties(raw: RawSpec, schema: Any, depth: int = 0) -> dict[str, Any]:
    schema = raw.deref(schema)
    found: dict[str, Any] = {}
    if not isinstance(schema, dict) or depth > 10:
        return found
    for part in schema.get("allOf") or []:
        found.update(_all_properties(raw, part, depth + 1))
    if isinstance(schema.get("properties"), dict):
        found.update({str(k): v for k, v in schema["properties"].items()})
    return found


def _scalar(raw: RawSpec, schema: Any, value: Any) -> Any:
    schema = raw.deref(schema)
    if not isinstance(schema, dict):
        return value
    if schema.get("type") == "array":  # `a=x` on the wire is the one-item list [x]
        items = value if isinstance(value, list) else [value]
        return [_scalar(raw, schema.get("items"), v) for v in items]
    if not isinstance(value, str):
        return value
    kind = schema.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    if "integer" in kinds:
        try:
            return int(value)
        except ValueError:
            pass
    if "number" in kinds:
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    return value
