"""Valid instances of a JSON Schema (OpenAPI flavour), made from the raw spec.

A small generator of our own (hypothesis-jsonschema does not know OpenAPI's `nullable`,
`discriminator` or 3.0 spellings). Instance `k` of a schema picks the `k`-th enum value, union
variant and type; even `k` sets every optional property, odd `k` only the required ones;
nullable schemas give `null` for `k % 4 == 3`. Recursion is cut at a depth limit by leaving
optional properties out, arrays empty and nullable values null. Formats that the client
decodes (`date-time`, `date`) get valid values; other string constraints are not checked by
the client and are only respected where cheap (`minLength`, `minimum`). An `allOf` part that
only annotates (`{nullable: true}`) adds no value of its own, and a union variant that only
adds `required` (`anyOf: [{required: [a]}, ...]`) is the surrounding object with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from corpus.rawspec import RawSpec

MAX_DEPTH = 4
HARD_DEPTH = 14
_DATETIMES = ("2024-05-06T07:08:09Z", "2024-05-06T07:08:09.123+02:00")


class Unsatisfiable(Exception):
    """The schema has no finite instance the generator can find (e.g. required recursion)."""


@dataclass
class InstanceMaker:
    """Makes instances of the schemas of one resolved document."""

    raw: RawSpec

    def instances(self, schema: Any, count: int) -> list[Any]:
        """Up to `count` distinct valid instances of `schema`."""
        made: list[Any] = []
        for k in range(count):
            value = self.make(schema, k, 0)
            if not any(_same_json(value, m) for m in made):
                made.append(value)
        return made

    def variety(self, schema: Any) -> int:
        """How many instances cover the schema's top-level choices (at least 4)."""
        node = self.raw.deref(schema)
        if not isinstance(node, dict):
            return 4
        widths = [len(node[k]) for k in ("enum", "oneOf", "anyOf") if isinstance(node.get(k), list)]
        return min(12, max([4, *(2 * w for w in widths)]))

    def make(self, schema: Any, k: int, depth: int) -> Any:
        if depth > HARD_DEPTH:
            raise Unsatisfiable("required recursion deeper than the limit")
        node = self.raw.deref(schema)
        if node is True or node is None or node == {}:
            return ("any", 1, {"a": 1})[k % 3] if depth <= MAX_DEPTH else "any"
        if not isinstance(node, dict):
            raise Unsatisfiable(f"schema is {node!r}")
        shallow = depth > MAX_DEPTH
        if (_nullable(node) or self._null_branch(node)) and (k % 4 == 3 or shallow):
            return None
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list) and node["enum"]:
            values = [v["value"] if isinstance(v, dict) and "value" in v else v for v in node["enum"]]
            values = [v for v in values if v is not None] or [None]
            return values[k % len(values)]
        for key in ("oneOf", "anyOf"):
            if isinstance(node.get(key), list) and node[key]:
                return self._union(node, key, k, depth)
        if isinstance(node.get("allOf"), list) and node["allOf"]:
            return self._all_of(node, k, depth)
        return self._typed(node, k, depth)

    def _null_branch(self, node: dict[str, Any]) -> bool:
        branches = [*(node.get("oneOf") or []), *(node.get("anyOf") or [])]
        return any(_is_null(self.raw.deref(b)) for b in branches)

    def _union(self, node: dict[str, Any], key: str, k: int, depth: int) -> Any:
        variants = [v for v in node[key] if not _is_null(self.raw.deref(v))] or node[key]
        index = (k // 2) % len(variants) if len(variants) > 1 and depth == 0 else k % len(variants)
        last_error: Unsatisfiable | None = None
        for shift in range(len(variants)):
            variant = variants[(index + shift) % len(variants)]
            variant = self._with_outer_properties(node, key, variant)
            try:
                value = self.make(variant, k, depth + 1)
            except Unsatisfiable as exc:
                last_error = exc
                continue
            value = self._discriminate(node, variant, value)
            if isinstance(value, dict) and ("properties" in node or "required" in node):
                base = self._typed({**node, "type": "object"}, k, depth)
                value = {**base, **value} if isinstance(base, dict) else value
            return value
        raise last_error or Unsatisfiable("no variant")

    def _with_outer_properties(self, node: dict[str, Any], key: str, variant: Any) -> Any:
        """A variant that only adds `required` (`oneOf: [{required: [a]}, ...]`) is the outer object with it."""
        target = self.raw.deref(variant)
        if not (isinstance(target, dict) and isinstance(target.get("required"), list)):
            return variant
        if not isinstance(node.get("properties"), dict):
            return variant
        if not set(target) <= {"required", "description", "title"}:
            return variant
        outer = {name: v for name, v in node.items() if name not in {key, "discriminator", "example", "examples"}}
        outer["required"] = [*(node.get("required") or []), *target["required"]]
        return outer

    def _discriminate(self, node: dict[str, Any], variant: Any, value: Any) -> Any:
        disc = node.get("discriminator")
        if not (isinstance(disc, dict) and isinstance(disc.get("propertyName"), str) and isinstance(value, dict)):
            return value
        ref = str(variant.get("$ref", "")) if isinstance(variant, dict) else ""
        if not ref:
            return value
        mapping: dict[str, Any] = disc["mapping"] if isinstance(disc.get("mapping"), dict) else {}
        key = next((str(w) for w, r in mapping.items() if str(r) == ref), None)
        if key is None:
            key = next((str(w) for w, r in mapping.items() if str(r).rsplit("/", 1)[-1] == ref.rsplit("/", 1)[-1]), None)
        if key is None:
            key = ref.rsplit("/", 1)[-1]
        target = self.raw.deref(variant)
        if isinstance(target, dict) and (target.get("oneOf") or target.get("anyOf")):
            return value  # a nested union sets its own discriminator value
        allowed = self._allowed(target, disc["propertyName"], set())
        if allowed is not None and key not in map(str, allowed):
            return value  # the variant pins the property to other values: keep the generated one
        current = value.get(disc["propertyName"])
        if isinstance(current, int) and not isinstance(current, bool) and key.lstrip("-").isdigit():
            value[disc["propertyName"]] = int(key)
        else:
            value[disc["propertyName"]] = key
        return value

    def _flat_object(self, node: dict[str, Any], seen: set[int]) -> dict[str, Any] | None:
        """An allOf of object schemas as one object schema (later properties win), else None."""
        if id(node) in seen:
            return {"type": "object"}
        seen = seen | {id(node)}
        if any(isinstance(node.get(key), list) for key in ("oneOf", "anyOf", "enum")) or "const" in node:
            return None
        kind = node.get("type")
        if kind not in (None, "object") or not ({"properties", "required", "allOf"} & set(node) or kind == "object"):
            return None
        flat: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in node.get("allOf") or []:
            inner = self.raw.deref(part)
            piece = self._flat_object(inner, seen) if isinstance(inner, dict) else None
            if piece is None:
                return None
            self._absorb(flat, piece)
        self._absorb(flat, node)
        return flat

    def _absorb(self, flat: dict[str, Any], node: dict[str, Any]) -> None:
        if isinstance(node.get("properties"), dict):
            flat["properties"].update(node["properties"])
        flat["required"] += [r for r in node.get("required") or [] if r not in flat["required"]]
        for key in ("additionalProperties", "nullable"):
            if key in node:
                flat[key] = node[key]

    def _allowed(self, node: Any, prop: str, seen: set[int]) -> list[Any] | None:
        """The values a variant's `const` / `enum` allows for a property (None: any)."""
        node = self.raw.deref(node)
        if not isinstance(node, dict) or id(node) in seen:
            return None
        seen.add(id(node))
        schema = self.raw.deref((node.get("properties") or {}).get(prop)) if isinstance(node.get("properties"), dict) else None
        if isinstance(schema, dict):
            found = self._values(schema)
            if found is not None:
                return found
        for part in node.get("allOf") or []:
            found = self._allowed(part, prop, seen)
            if found is not None:
                return found
        return None

    def _values(self, schema: dict[str, Any]) -> list[Any] | None:
        """The values a `const` / `enum` schema, or a union of such (and null), allows, else None."""
        if "const" in schema:
            return [schema["const"]]
        if isinstance(schema.get("enum"), list):
            return list(schema["enum"])
        branches = [self.raw.deref(b) for b in [*(schema.get("anyOf") or []), *(schema.get("oneOf") or [])]]
        if not branches:
            return None
        values: list[Any] = []
        for branch in branches:
            found = [None] if _is_null(branch) else self._values(branch) if isinstance(branch, dict) else None
            if found is None:
                return None
            values += found
        return values

    def _all_of(self, node: dict[str, Any], k: int, depth: int) -> Any:
        flat = self._flat_object(node, set())
        if flat is not None:
            return self._object(flat, k, depth)
        merged: dict[str, Any] = {}
        other: Any = None
        parts = list(node["allOf"])
        if "properties" in node or "type" in node:
            parts.append({key: v for key, v in node.items() if key not in {"allOf", "example", "examples"}})
        constraining = [p for p in parts if not _annotation_only(self.raw.deref(p))]
        parts = constraining or parts  # `allOf: [X, {nullable: true}]` is X (null aside)
        for part in parts:
            value = self.make(part, k, depth + 1 if self.raw.is_component_ref(part) else depth)
            if isinstance(value, dict):
                merged.update(value)
            elif value is not None:
                other = value
        return merged if merged or other is None else other

    def _typed(self, node: dict[str, Any], k: int, depth: int) -> Any:
        kind = node.get("type")
        if "type" in node and kind is None:
            return None  # `type: null` unquoted in YAML
        if isinstance(kind, list):
            kinds = [t for t in kind if t not in {"null", None}] or ["null"]
            kind = kinds[k % len(kinds)]
        if kind is None:
            if "properties" in node or "additionalProperties" in node or "required" in node:
                kind = "object"
            elif "items" in node or "prefixItems" in node:
                kind = "array"
            else:
                return ("any", 1, {"a": 1})[k % 3] if depth <= MAX_DEPTH else "any"
        maker = getattr(self, f"_{kind}", None)
        if maker is None:
            raise Unsatisfiable(f"unknown type {kind!r}")
        return maker(node, k, depth)

    def _object(self, node: dict[str, Any], k: int, depth: int) -> Any:
        properties: dict[str, Any] = node["properties"] if isinstance(node.get("properties"), dict) else {}
        required = [r for r in node.get("required") or [] if isinstance(r, str)]
        full = k % 2 == 0 and depth <= MAX_DEPTH
        value: dict[str, Any] = {}
        for name, prop in properties.items():
            if name in required or full:
                try:
                    value[str(name)] = self.make(prop, k, depth + 1)
                except Unsatisfiable:
                    if name in required:
                        raise
        for name in required:
            value.setdefault(name, "value")  # `required` naming a property the schema lacks
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and full and not properties:
            value["someKey"] = self.make(extra, k, depth + 1)
        return value

    def _array(self, node: dict[str, Any], k: int, depth: int) -> Any:
        if isinstance(node.get("prefixItems"), list):
            return [self.make(p, k, depth + 1) for p in node["prefixItems"]]
        minimum: int = node["minItems"] if isinstance(node.get("minItems"), int) else 0
        size = max(minimum, 0 if depth > MAX_DEPTH else 1 + k % 2)
        items = node.get("items", {})
        return [self.make(items, k + i, depth + 1) for i in range(size)]

    def _string(self, node: dict[str, Any], k: int, depth: int) -> Any:
        fmt = node.get("format")
        if fmt == "binary":
            raise Unsatisfiable("`format: binary` content is not a JSON value")
        if fmt == "date-time":
            return _DATETIMES[k % 2]
        if fmt == "date":
            return "2024-05-06"
        minimum: int = node["minLength"] if isinstance(node.get("minLength"), int) else 0
        text = f"text{k}"
        return text + "x" * max(0, minimum - len(text))

    def _integer(self, node: dict[str, Any], k: int, depth: int) -> Any:
        low = node.get("minimum")
        if isinstance(low, (int, float)) and not isinstance(low, bool):
            return int(low) + (1 if node.get("exclusiveMinimum") is True else 0)
        high = node.get("maximum")
        if isinstance(high, (int, float)) and not isinstance(high, bool) and high < 7:
            return int(high) - (1 if node.get("exclusiveMaximum") is True else 0)
        return 7 + k

    def _number(self, node: dict[str, Any], k: int, depth: int) -> Any:
        low = node.get("minimum")
        if isinstance(low, (int, float)) and not isinstance(low, bool):
            return low + (0.5 if node.get("exclusiveMinimum") is True else 0)
        return (1.5, 3)[k % 2]

    def _boolean(self, node: dict[str, Any], k: int, depth: int) -> Any:
        return k % 2 == 0

    def _null(self, node: dict[str, Any], k: int, depth: int) -> Any:
        return None


def _nullable(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    if node.get("nullable") is True or kind == "null" or ("type" in node and kind is None):
        return True
    if isinstance(kind, list) and ("null" in kind or None in kind):
        return True
    return isinstance(node.get("enum"), list) and None in node["enum"]


_ANNOTATIONS = {
    "nullable", "description", "title", "default", "example", "examples", "deprecated", "readOnly", "writeOnly", "externalDocs",
}


def _annotation_only(node: Any) -> bool:
    """A schema that only annotates (`{nullable: true}`, `{description: ...}`): it constrains nothing."""
    return isinstance(node, dict) and bool(node) and all(k in _ANNOTATIONS or str(k).startswith("x-") for k in node)


def _is_null(node: Any) -> bool:
    return isinstance(node, dict) and (node.get("type") == "null" or node.get("enum") == [None])


def _same_json(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b
