"""Stage 4a, normalize schemas: JSON Schema (OpenAPI flavour) into IR types and definitions.

Handles nullability in every spelling (`nullable: true`, `type: [T, 'null']`, a `null` enum
value, `oneOf`/`anyOf` with a `{type: 'null'}` branch) as `T | None`; other `oneOf`/`anyOf`
as unions (with the discriminator when there is one); `allOf` as one merged model; string
and integer enums as open enum classes, `const` and one-value enums as `Literal`; objects
with properties as models, free-form objects and `additionalProperties` as maps; arrays,
`prefixItems` tuples, formats (`date-time`, `date`). Component schemas keep their names;
inline objects and enums get names from where they sit (`Billing` + `subscription` ->
`BillingSubscription`). Every node is converted once, so recursion becomes a reference.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator import ir
from generator.context import Context
from generator.diagnostics import SHAPE_ERRORS, GeneratorError, Location, malformed
from generator.normalize.defaults import warn_invalid_default
from generator.naming import (
    ClassName,
    NameRegistry,
    attribute_name,
    class_name,
    constant_name,
    schema_class_names,
    singular_name,
)
from generator.nodes import YDict, location_of, unescape_token
from generator.normalize.variant_names import pick_suffixes, variant_suffixes
from generator.resolve import Address, Resolution

_PRIMITIVES: dict[str, ir.PrimitiveName] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "none",
}
_STRING_FORMATS: dict[str, ir.PrimitiveName] = {"date-time": "datetime", "date": "date"}
# The types these give, made once (they are values: one object serves every use).
_PRIMITIVE_TYPES = {kind: ir.Primitive(name) for kind, name in _PRIMITIVES.items()}
_STRING_TYPES = {fmt: ir.Primitive(name) for fmt, name in _STRING_FORMATS.items()}
_STRING = ir.Primitive("str")
_ANNOTATION_KEYS = {
    "description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly",
    "default", "externalDocs", "xml", "summary", "$comment", "format", "nullable",
}  # fmt: skip


def text(value: object) -> str:
    """A description-like value as text ("" when absent or not a string)."""
    return value.strip() if isinstance(value, str) else ""


@dataclass
class SchemaConverter:
    """Converts schemas to IR, remembering each node so it is defined exactly once."""

    resolution: Resolution
    ctx: Context
    names: NameRegistry = field(default_factory=NameRegistry)
    definitions: list[ir.Definition] = field(default_factory=list)
    schema_names: dict[str, ClassName] = field(default_factory=dict)
    _memo: dict[int, ir.TypeExpr] = field(default_factory=dict)
    _nullable_targets: dict[int, bool] = field(default_factory=dict)  # `$ref` targets' `is_nullable`
    _titled: dict[str, tuple[Any, ir.TypeExpr]] = field(default_factory=dict)  # by class name
    # The component being defined: its class and schema (`_Owner`).
    _owner: _Owner | None = None
    _positions: dict[str, int] = field(default_factory=dict)  # `defined`'s index: name -> first position
    _indexed: int = 0  # how many of `definitions` the index has seen

    def defined(self, name: str) -> ir.Definition | None:
        """The first of `definitions` named `name` (None: none is), as a scan of the list finds
        it, through an index by name that follows the list as it grows (operations look up
        every body type: a scan each took GitHub's spec 200,000 steps). A list changed in
        place (renamed) is scanned instead."""
        definitions = self.definitions
        if self._indexed > len(definitions):
            self._positions.clear()
            self._indexed = 0
        for position in range(self._indexed, len(definitions)):
            self._positions.setdefault(definitions[position].name, position)
        self._indexed = len(definitions)
        first = self._positions.get(name)
        if first is not None and definitions[first].name == name:
            return definitions[first]
        return next((d for d in definitions if d.name == name), None)

    # -- entry points -------------------------------------------------------------------

    def define_components(self, schemas: dict[str, Any], locked: Mapping[str, str] | None = None) -> None:
        """Name every component schema first, so they keep their own names, then define them.
        `locked`: schema name -> its class in the previous output (`name_lock`)."""
        readable = schema_class_names([str(name) for name in schemas], locked)
        claimed = [(name, self.names.claim_class(readable[str(name)])) for name in schemas]
        for name, cname in claimed:
            schema = schemas[name]
            self.schema_names[name] = cname
            if isinstance(schema, dict):
                self._memo.setdefault(id(schema), ir.Ref(cname))
                self._titled.setdefault(cname, (schema, ir.Ref(cname)))
        for name, cname in claimed:
            self._owner = _Owner(cname, schemas[name])
            try:
                self._define(schemas[name], cname, name)
            except SHAPE_ERRORS as exc:
                raise malformed(location_of(schemas[name]), f"schema {name!r}", exc) from None
            finally:
                self._owner = None

    def named(self, schema: Any, hint: str) -> ir.TypeExpr:
        """A type for an operation's body or response: always a named definition.

        An inline union is named first, so its members are named after it; a nullable model
        (`Body | None`) is `<hint>OrNone` beside the model that took the hint."""
        plain = isinstance(schema, dict) and "$ref" not in schema and id(schema) not in self._memo
        union = plain and isinstance(schema.get("oneOf") or schema.get("anyOf"), list)
        if union and not self._is_named_kind(schema):
            cname = self.names.claim_class(class_name(hint))
            expr = self.expr(schema, hint)
            if isinstance(expr, ir.Ref):
                self.names.taken.discard(cname)
                return expr
        else:
            expr = self.expr(schema, hint)
            if isinstance(expr, ir.Ref):
                return expr
            base = class_name(hint)
            if base in self.names.taken and isinstance(expr, ir.UnionOf) and ir.NONE in expr.variants:
                base = ClassName(f"{base}OrNone")
            cname = self.names.claim_class(base)
        self.definitions.append(ir.Alias(cname, text(_get(schema, "description")), expr, location_of(schema)))
        return ir.Ref(cname)

    def expr(self, schema: Any, hint: str) -> ir.TypeExpr:
        """The type of a schema used in place (a property, an item, a parameter)."""
        if not isinstance(schema, dict):
            return ir.ANY
        if "$ref" in schema and isinstance(schema, YDict):
            return self._ref_expr(schema, hint)
        known = self._memo.get(id(schema))
        if known is not None:
            return ir.nullable(known) if self.is_nullable(schema) else known
        if self._is_named_kind(schema):
            title = class_name(text(schema.get("title"))) if text(schema.get("title")) else ""
            seen = self._titled.get(title) if title else None
            if seen is not None and _same(seen[0], schema):  # the same schema, written out again
                self._memo[id(schema)] = seen[1]
                return ir.nullable(seen[1]) if self.is_nullable(schema) else seen[1]
            free = title and seen is None and title not in self.names.taken
            named = text(schema.get("x-name")) or (title if free else "")
            cname = self.names.claim_class(class_name(named or hint))
            self._memo[id(schema)] = ir.Ref(cname)
            if title and named == title:
                self._titled[title] = (schema, ir.Ref(cname))
            self._define(schema, cname, None)
            result: ir.TypeExpr = ir.Ref(cname)
        else:
            result = self._structural(schema, hint)
        return ir.nullable(result) if self.is_nullable(schema) else result

    def break_union_cycles(self) -> None:
        """Aliases that are unions of each other (`A = int | B`, `B = str | A`) are flattened
        (`A = int | str`): Python type checkers reject such aliases, and they add nothing."""
        aliases: dict[str, ir.Alias] = {str(d.name): d for d in self.definitions if isinstance(d, ir.Alias)}

        def members(expr: ir.TypeExpr) -> tuple[ir.TypeExpr, ...]:
            return expr.variants if isinstance(expr, ir.UnionOf) else (expr,)

        def union_refs(name: str) -> set[str]:
            return {v.name for v in members(aliases[name].target) if isinstance(v, ir.Ref) and v.name in aliases}

        def reaches_itself(start: str) -> bool:
            stack, seen = list(union_refs(start)), set()
            while stack:
                name = stack.pop()
                if name == start:
                    return True
                if name not in seen:
                    seen.add(name)
                    stack.extend(union_refs(name))
            return False

        cyclic = {name for name in aliases if reaches_itself(name)}

        def expand(name: str, seen: set[str]) -> list[ir.TypeExpr]:
            seen.add(name)
            found: list[ir.TypeExpr] = []
            for variant in members(aliases[name].target):
                if isinstance(variant, ir.Ref) and variant.name in cyclic:
                    found += expand(variant.name, seen) if variant.name not in seen else []
                elif variant not in found:
                    found.append(variant)
            return found

        flattened = {name: expand(name, set()) for name in cyclic}
        for name, variants in flattened.items():
            unique = [v for i, v in enumerate(variants) if v not in variants[:i]]
            target: ir.TypeExpr = ir.ANY if not unique else unique[0] if len(unique) == 1 else ir.UnionOf(tuple(unique))
            self.ctx.diagnostics.warn(
                aliases[name].location, f"{name} is a union that contains itself through other unions; flattened"
            )
            aliases[name].target = target

    # -- classification -----------------------------------------------------------------

    def is_nullable(self, schema: Any) -> bool:
        """True for every spelling of "may be null"."""
        if not isinstance(schema, dict):
            return False
        get = schema.get  # asked of every type: a keyword it lacks costs no isinstance
        types = get("type")
        if get("nullable") is True or types == "null":
            return True
        if types is not None and isinstance(types, list) and ("null" in types or None in types):
            return True
        enum = get("enum")
        if enum is not None and isinstance(enum, list) and None in enum:
            return True
        for key in ("oneOf", "anyOf"):
            members = get(key)
            if members is not None and isinstance(members, list):
                for member in members:
                    if self._is_null(member):
                        return True
        parts = get("allOf")
        if parts is not None and isinstance(parts, list):
            for part in parts:
                if isinstance(part, dict) and part.get("nullable") is True and "$ref" not in part:
                    return True
        return False

    def _typed_parts(self, schema: dict[str, Any]) -> list[Any]:
        """allOf parts that say something about the type (not only description or nullable)."""
        parts = schema.get("allOf")
        if not isinstance(parts, list):
            return []
        return [
            p for p in parts
            if not self._is_null(p) and (not isinstance(p, dict) or "$ref" in p or _has_type_info(p))
        ]  # fmt: skip

    def _is_null(self, schema: Any) -> bool:
        if isinstance(schema, YDict) and "$ref" in schema:
            schema = self.resolution.target(schema)[0]
        if not isinstance(schema, dict):
            return False
        kind = schema.get("type")
        if kind == "null" or (isinstance(kind, list) and len(kind) == 1 and kind[0] == "null"):
            return True
        enum = schema.get("enum")
        if isinstance(enum, list) and len(enum) == 1 and enum[0] is None:
            return True
        return "const" in schema and schema["const"] is None

    def _is_named_kind(self, schema: dict[str, Any]) -> bool:
        """A model, an enum class or a discriminated union (asked of every type: each test
        only when its keyword is there)."""
        if "properties" in schema:
            return True
        if "allOf" in schema and self._is_model(schema):
            return True
        if "enum" in schema and self._enum_values(schema) is not None:
            return True
        return ("oneOf" in schema or "anyOf" in schema) and self._discriminated(schema)

    def _is_model(self, schema: dict[str, Any]) -> bool:
        return "properties" in schema or len(self._typed_parts(schema)) > 1

    def _discriminated(self, schema: dict[str, Any]) -> bool:
        """A oneOf/anyOf with a discriminator: a named union that decodes by that property."""
        has_union = isinstance(schema.get("oneOf") or schema.get("anyOf"), list)
        return has_union and isinstance(schema.get("discriminator"), dict)

    def _enum_values(self, schema: dict[str, Any]) -> list[str | int] | None:
        """Values of an enum that becomes an enum class (two or more strings, or ints)."""
        raw = schema.get("enum")
        if not isinstance(raw, list):
            return None
        values = self._enum_entries(raw, schema)
        if len(values) < 2:
            return None
        if all(isinstance(v, str) for v in values):
            return values
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return values
        return None

    def _enum_entries(self, raw: list[Any], schema: dict[str, Any]) -> list[Any]:
        """An enum's values, nulls left out (an entry that is no mapping is its value as it is)."""
        entries = [self._enum_value(x, schema) if isinstance(x, dict) else x for x in raw]
        return [v for v in entries if v is not None]

    def _enum_value(self, value: Any, schema: dict[str, Any]) -> Any:
        if isinstance(value, dict) and "value" in value:
            self.ctx.diagnostics.warn(
                location_of(schema), "enum entry written as {value: x}; using x"
            )
            return value["value"]
        return value

    # -- definitions ----------------------------------------------------------------------

    def _define(self, schema: Any, cname: ClassName, component: str | None) -> None:
        loc = location_of(schema)
        doc = text(_get(schema, "description"))
        if isinstance(schema, YDict) and "$ref" not in schema and self._is_model(schema):
            self.definitions.append(self._model(schema, cname, doc, loc, component))
            return
        values = self._enum_values(schema) if isinstance(schema, dict) and "$ref" not in schema else None
        if values is not None:
            self.definitions.append(self._enum(values, cname, doc, loc, component))
            return
        if isinstance(schema, dict):
            if "$ref" in schema and isinstance(schema, YDict):
                target = self._ref_expr(schema, cname)
            else:
                target = self._structural(schema, cname)
                if self.is_nullable(schema):
                    target = ir.nullable(target)
        else:
            target = ir.ANY
        if target != _without_self(target, cname):
            self.ctx.diagnostics.warn(loc, f"{cname} is (one of) its own alternatives; that alternative is ignored")
            target = _without_self(target, cname)
        discriminator = self._discriminator(schema) if isinstance(schema, dict) else None
        if discriminator is not None:
            mapping = tuple(pair for pair in discriminator.mapping if pair[1] != cname)
            discriminator = ir.Discriminator(discriminator.property, mapping)
        self.definitions.append(ir.Alias(cname, doc, target, loc, component, discriminator))

    def _enum(
        self, values: list[str | int], cname: ClassName, doc: str, loc: Location | None, component: str | None
    ) -> ir.Enum:
        members = NameRegistry()
        made = [
            ir.EnumMember(members.claim_identifier(constant_name(str(v))), v) for v in values
        ]
        base: Any = "str" if isinstance(values[0], str) else "int"
        return ir.Enum(cname, doc, base, made, loc, component)

    def _model(
        self, schema: YDict, cname: ClassName, doc: str, loc: Location | None, component: str | None
    ) -> ir.Model:
        properties, required, extra_schema = self._collect_object(schema)
        fields = NameRegistry()
        made: list[ir.Field] = []
        required_names = set(required)
        for wire, prop in properties.items():
            ftype = self.expr(prop, self._field_hint(cname, wire))
            keywords: Mapping[str, Any] = prop if isinstance(prop, dict) else _NO_KEYWORDS
            if "default" in keywords:
                warn_invalid_default(prop, f"property {wire!r} of {cname}", self.ctx)
            read_only, write_only = keywords.get("readOnly") is True, keywords.get("writeOnly") is True
            made.append(
                ir.Field(
                    name=fields.claim_identifier(attribute_name(wire, "field")),
                    wire=wire,
                    type=ftype,
                    required=wire in required_names and not (read_only or write_only),
                    doc=self._describe(prop),
                    deprecated=keywords.get("deprecated") is True,
                    read_only=read_only,
                    write_only=write_only,
                    default=schema_default(prop),
                )
            )
        for missing in sorted(required_names.difference(properties)):
            self.ctx.diagnostics.warn(
                loc, f"`required` names {missing!r}, which is not among the properties; ignored"
            )
        extra: ir.TypeExpr = ir.ANY
        if isinstance(extra_schema, dict) and extra_schema:
            extra = self.expr(extra_schema, f"{cname}Value")
        made.sort(key=lambda f: not f.required)
        return ir.Model(cname, doc, made, extra, loc, component)

    def _field_hint(self, cname: ClassName, wire: str) -> str:
        """What a property's inline schema is named after: `<model><Property>`; a property of an
        inline model inside a component whose name occurs once in the component's schema, after
        the component alone (`CreateChatCompletionResponse` + `finish_reason`, not `...Choice` +
        `finish_reason`), unless a schema has that name. It depends on the component's own schema
        only, so a schema added elsewhere renames nothing."""
        own = f"{cname}{class_name(wire, 'Field')}"
        owner = self._owner
        if owner is None or owner.name == cname or _property_key(wire) not in owner.named_once():
            return own
        short = f"{owner.name}{class_name(wire, 'Field')}"
        return own if class_name(short) in self.names.taken else short

    def _collect_object(self, schema: YDict) -> tuple[dict[str, Any], list[str], Any]:
        """Properties, required names and additionalProperties, merged over allOf parts."""
        parts = _ObjectParts(self.resolution)
        parts.visit(schema)
        return parts.properties, parts.required, parts.extra

    def _describe(self, schema: Any) -> str:
        own = text(_get(schema, "description"))
        if own or not (isinstance(schema, YDict) and "$ref" in schema):
            return own
        return text(self.resolution.target(schema)[0].get("description"))

    def _discriminator(self, schema: dict[str, Any]) -> ir.Discriminator | None:
        disc = schema.get("discriminator")
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
            return None
        mapping: list[tuple[str, ClassName]] = []
        for wire, ref in (disc.get("mapping") or {}).items():
            component = unescape_token(str(ref).rsplit("/", 1)[-1])
            if component in self.schema_names:
                mapping.append((str(wire), self.schema_names[component]))
        variants = schema.get("oneOf") or schema.get("anyOf") or []
        for variant in variants:
            if isinstance(variant, YDict) and "$ref" in variant:
                name = str(variant["$ref"]).rsplit("/", 1)[-1]
                target = self.expr(variant, name)
                if isinstance(target, ir.Ref) and all(t != target.name for _, t in mapping):
                    mapping.append((name, target.name))
        return ir.Discriminator(disc["propertyName"], tuple(mapping))

    # -- structural types -------------------------------------------------------------------

    def _ref_expr(self, schema: YDict, hint: str) -> ir.TypeExpr:
        target, address = self.resolution.target(schema)
        known = self._memo.get(id(target))
        if known is None:
            known = self._define_external(target, address, hint)
        result = known
        nullable = self._nullable_targets.get(id(target))
        if nullable is None:
            nullable = self._nullable_targets[id(target)] = self.is_nullable(target)
        # then its siblings: `is_nullable` reads no `$ref`, so the node itself when it has any
        if nullable or (len(schema) > 1 and self.is_nullable(schema)):
            result = ir.nullable(result)
        return result

    def _define_external(self, target: YDict, address: Address, hint: str) -> ir.TypeExpr:
        """A ref to a schema outside components/schemas: give it a name from its address."""
        tokens = [t for t in address.pointer.split("/") if t]
        base = tokens[-1] if tokens else (address.file or hint).rsplit("/", 1)[-1].split(".")[0]
        if base in {"schema", "items"} or base.isdigit():
            base = hint
        if not self._is_named_kind(target):
            expr = self._structural(target, hint)
            self._memo[id(target)] = expr
            return expr
        cname = self.names.claim_class(class_name(base))
        self._memo[id(target)] = ir.Ref(cname)
        self._define(target, cname, None)
        return ir.Ref(cname)

    def _structural(self, schema: dict[str, Any], hint: str) -> ir.TypeExpr:
        if "const" in schema:
            const = schema["const"]
            if const is None:
                return ir.NONE
            return ir.LiteralOf((const,)) if _literal_value(const) else self._typed(schema, hint)
        raw_enum = schema.get("enum")
        if isinstance(raw_enum, list):
            values = tuple(self._enum_entries(raw_enum, schema))
            if values and all(_literal_value(v) for v in values):
                return ir.LiteralOf(values)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                return self._union(schema[key], hint)
        if "allOf" in schema and len(parts := self._typed_parts(schema)) == 1:
            return self.expr(parts[0], hint)
        return self._typed(schema, hint)

    def _union(self, variants: list[Any], hint: str) -> ir.TypeExpr:
        exprs: list[ir.TypeExpr] = []
        real = [v for v in variants if not self._is_null(v)]
        alone = len(real) == 1 and class_name(hint) not in self.names.taken  # `X | None`: X is the whole
        if alone and self._typed_in_place(real[0]):
            return self.expr(real[0], hint)  # it takes the union's place: no other name to choose
        candidates = variant_suffixes(real, class_name(hint), alone)
        suffixes = pick_suffixes(candidates)
        for index, variant in enumerate(real):
            later = candidates[index][candidates[index].index(suffixes[index]) + 1 :]
            spare = [f"{hint}{s}" for s in later if s not in suffixes]  # when the name is taken
            expr = self._variant(variant, f"{hint}{suffixes[index]}", spare)
            if expr not in exprs:
                exprs.append(expr)
        if not exprs:
            return ir.NONE
        if len(exprs) == 1:
            return exprs[0]
        if ir.ANY in exprs:
            return ir.ANY
        return ir.UnionOf(tuple(exprs))

    def _variant(self, variant: Any, place: str, spare: list[str]) -> ir.TypeExpr:
        """A union member, named by its title, else by its place in the union (else by the
        `spare` places, when that name is taken); a name that another schema has already is
        used only when that schema is the same."""
        if self._typed_in_place(variant):
            return self.expr(variant, place)
        candidates = [class_name(n) for n in (text(variant.get("title")), place, *spare) if n]
        for cname in candidates:
            seen = self._titled.get(cname)
            if seen is not None and _same(seen[0], variant):
                return seen[1]
        for cname in candidates:
            if cname not in self.names.taken:
                expr = self.expr(variant, cname)
                self._titled[cname] = (variant, expr)
                return expr
        return self.expr(variant, place)

    def _typed_in_place(self, variant: Any) -> bool:
        """A union member typed as it stands at its place (a reference, a type that is no
        model, enum or discriminated union), not named by its title or the union's spares."""
        return not isinstance(variant, YDict) or "$ref" in variant or not self._is_named_kind(variant)

    def _item_hint(self, hint: str) -> str:
        """What a list's items are named after: the singular of a plural list name
        (`...Choices` -> `...Choice`), unless a schema has that name already; else `...Item`."""
        single = singular_name(hint)
        return single if single and class_name(single) not in self.names.taken else f"{hint}Item"

    def _typed(self, schema: dict[str, Any], hint: str) -> ir.TypeExpr:
        types = schema.get("type")
        if types is None and "type" in schema:
            return ir.NONE  # `type: null` unquoted is YAML's null, meant as 'null'
        if isinstance(types, list):
            options = [t for t in types if t not in ("null", None)]
            if len(options) > 1:
                exprs = tuple(self._single(schema, str(t), hint) for t in options)
                return ir.UnionOf(exprs)
            types = options[0] if options else "null"
        if types is None:
            if "items" in schema or "prefixItems" in schema:
                types = "array"
            elif "additionalProperties" in schema:
                types = "object"
            else:
                return ir.ANY
        return self._single(schema, str(types), hint)

    def _single(self, schema: dict[str, Any], kind: str, hint: str) -> ir.TypeExpr:
        if kind == "array":
            prefix = schema.get("prefixItems")
            if isinstance(prefix, list) and prefix:
                return ir.TupleOf(
                    tuple(self.expr(p, f"{hint}Item{i + 1}") for i, p in enumerate(prefix))
                )
            return ir.ListOf(self.expr(schema.get("items", {}), self._item_hint(hint)))
        if kind == "object":
            extra = schema.get("additionalProperties")
            value = self.expr(extra, f"{hint}Value") if isinstance(extra, dict) and extra else ir.ANY
            return ir.MapOf(value)
        if kind == "string":
            return _STRING_TYPES.get(str(schema.get("format")), _STRING)
        if kind in _PRIMITIVE_TYPES:
            return _PRIMITIVE_TYPES[kind]
        raise GeneratorError(
            location_of(schema, Location("<input>", 0)),
            f"unknown schema type {kind!r}",
            "use one of string, number, integer, boolean, array, object, null",
        )


_NO_KEYWORDS: Mapping[str, Any] = MappingProxyType({})  # what a schema that is no mapping says

_DATA_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})


@functools.lru_cache(maxsize=8192)
def _property_key(wire: str) -> str:
    """Property names that give one class name, in the singular (`choices` ~ `Choice`); once
    per name (every component's schema is counted: GitHub's spec names `url` thousands of times)."""
    cname = class_name(wire, "Field")
    return singular_name(cname) or cname


@dataclass
class _ObjectParts:
    """What `SchemaConverter._collect_object` gathers from an object schema and its allOf parts
    (a `$ref`'s siblings first, then what it points to): properties, required names and the
    additionalProperties schema. (Not closures: they would leave a reference cycle per model.)"""

    resolution: Resolution
    properties: dict[str, Any] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    required_names: set[str] = field(default_factory=set)  # `required`'s, to test for one in a big list
    extra: Any = None
    seen: set[int] = field(default_factory=set)

    def visit(self, node: Any) -> None:
        if isinstance(node, YDict) and "$ref" in node:
            self.add(node)
            node = self.resolution.target(node)[0]
        if not isinstance(node, dict) or id(node) in self.seen:
            return
        self.seen.add(id(node))
        for part in node.get("allOf") or []:
            self.visit(part)
        self.add(node)

    def add(self, node: dict[str, Any]) -> None:
        """One node's own properties (a later one without type information does not replace
        one seen before), required names and additionalProperties."""
        properties = self.properties
        for wire, prop in (node.get("properties") or {}).items():
            if wire in properties and isinstance(prop, dict) and not _has_type_info(prop):
                continue
            properties[wire] = prop
        for name in node.get("required") or []:
            if isinstance(name, str) and name not in self.required_names:
                self.required.append(name)
                self.required_names.add(name)
        if isinstance(node.get("additionalProperties"), dict):
            self.extra = node["additionalProperties"]


@dataclass
class _Owner:
    """The component schema being defined, and the property keys that occur once in it
    (`_named_once`), counted when first asked: most components hold no inline model."""

    name: ClassName
    schema: Any
    _once: frozenset[str] | None = None

    def named_once(self) -> frozenset[str]:
        if self._once is None:
            self._once = _named_once(self.schema)
        return self._once


def _named_once(schema: Any) -> frozenset[str]:
    """The property keys (`_property_key`) that occur once in a schema and the inline schemas
    within it (not through `$ref`, not in example data). A node reached twice (a YAML alias,
    which may lead back to itself) is one schema: it is counted once."""
    counts: Counter[str] = Counter()
    stack = [schema] if isinstance(schema, (list, dict)) else []  # lists and mappings only
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend([item for item in node if isinstance(item, (list, dict))])
        elif "$ref" not in node:
            for key, value in node.items():
                if not isinstance(value, (list, dict)):
                    continue
                if key == "properties" and isinstance(value, dict):
                    counts.update([_property_key(str(wire)) for wire in value])
                    stack.extend([prop for prop in value.values() if isinstance(prop, (list, dict))])
                elif key not in _DATA_KEYWORDS and not str(key).startswith("x-"):
                    stack.append(value)
    return frozenset(key for key, count in counts.items() if count == 1)


def schema_default(schema: Any) -> ir.JsonScalar | ir.Unsupplied:
    """The documented default of a property when it is a JSON scalar (else none)."""
    if not isinstance(schema, dict) or "default" not in schema:
        return ir.NO_DEFAULT
    value = schema["default"]
    return value if value is None or isinstance(value, (str, int, float, bool)) else ir.NO_DEFAULT


def _without_self(target: ir.TypeExpr, cname: ClassName) -> ir.TypeExpr:
    """A union naming itself (`X = X | Y`) adds nothing: drop that variant (`X = X` is Any)."""
    if target == ir.Ref(cname):
        return ir.ANY
    if not isinstance(target, ir.UnionOf) or ir.Ref(cname) not in target.variants:
        return target
    rest = tuple(v for v in target.variants if v != ir.Ref(cname))
    if not rest or rest == (ir.NONE,):
        return ir.ANY
    return rest[0] if len(rest) == 1 else ir.UnionOf(rest)


def _same(one: Any, other: Any) -> bool:
    """Two schemas with the same content (recursive ones compare unequal)."""
    try:
        return bool(one is other or one == other)
    except RecursionError:
        return False


def _literal_value(value: object) -> bool:
    """True for what `typing.Literal` may hold (PEP 586: str, int, bool; not float)."""
    return isinstance(value, (str, int, bool))


def _get(schema: Any, key: str) -> Any:
    return schema.get(key) if isinstance(schema, dict) else None


# Validation limits narrow a type but never make one: `allOf: [{$ref: Name}, {maxLength: 16}]`
# is still a string (DigitalOcean's volume labels), not a model of two parts.
_CONSTRAINT_KEYS = {
    "maxLength", "minLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "maxItems", "minItems", "uniqueItems", "maxProperties",
    "minProperties", "contentEncoding", "contentMediaType",
}  # fmt: skip


def _has_type_info(schema: dict[str, Any]) -> bool:
    """Whether a schema says what kind of value it is (not only docs, limits or `x-` keys)."""
    return any(
        k not in _ANNOTATION_KEYS and k not in _CONSTRAINT_KEYS and not k.startswith("x-")
        for k in schema
    )
