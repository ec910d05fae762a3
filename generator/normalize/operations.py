"""Stage 4c, normalize operations: paths into grouped, typed operations.

Each operation becomes one function named from its operationId (or method and path), in a
module named from its first tag (Fern's `subpackage_` prefix dropped). Parameters merge
path-level and operation-level declarations; a header that a security scheme already sends
(`Authorization`) is not a parameter. The request body picks one media type (JSON, form,
multipart, binary, text); every response gets a decoding kind and a named type; the
return type is the union of the success responses.
"""

from __future__ import annotations

import re
from typing import Any

from generator import ir
from generator.context import Context
from generator.diagnostics import SHAPE_ERRORS, malformed
from generator.merge import HTTP_METHODS
from generator.naming import NameRegistry, PyIdentifier, class_name, identifier, pascal
from generator.nodes import YDict, location_of
from generator.normalize.schemas import SchemaConverter, text
from generator.normalize.security import covered_parameter, operation_security
from generator.resolve import Resolution

_LOCATIONS = ("path", "query", "header", "cookie")
_FUNCTION_SUFFIXES = ("", "_async", "_with_response", "_with_response_async")
_STATUS = re.compile(r"^([1-5][0-9][0-9]|[1-5]XX|default)$", re.IGNORECASE)


def group_module(tag: str) -> str:
    """`subpackage_billing` -> `billing`; `Phone Numbers` -> `phone_numbers`."""
    cleaned = re.sub(r"(^|[./])subpackage_", r"\1", tag)
    return identifier(cleaned, "default")


def build_groups(
    resolution: Resolution,
    converter: SchemaConverter,
    schemes: list[ir.SecurityScheme],
    ctx: Context,
) -> list[ir.Group]:
    """All operations, grouped by module, in document order."""
    root = resolution.root
    groups: dict[str, ir.Group] = {}
    functions: dict[str, NameRegistry] = {}
    for path, item in (root.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        item = _deref(resolution, item)
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            tag = _first_tag(operation, ctx)
            module = group_module(tag)
            group = groups.setdefault(module, ir.Group(PyIdentifier(module), tag))
            registry = functions.setdefault(module, NameRegistry())
            try:
                made = _operation(resolution, converter, schemes, ctx, registry, path, method, item, operation)
            except SHAPE_ERRORS as exc:
                raise malformed(location_of(operation), f"operation {method.upper()} {path}", exc) from None
            group.operations.append(made)
    return list(groups.values())


def _deref(resolution: Resolution, node: Any) -> Any:
    if isinstance(node, YDict) and "$ref" in node:
        return resolution.target(node)[0]
    return node


def _first_tag(operation: dict[str, Any], ctx: Context) -> str:
    tags = operation.get("tags")
    flat: list[str] = []
    stack = list(tags) if isinstance(tags, list) else []
    while stack:
        tag = stack.pop(0)
        if isinstance(tag, list):
            stack[:0] = tag
        elif isinstance(tag, str) and tag.strip():
            flat.append(tag.strip())
    if isinstance(tags, list) and (not flat or any(isinstance(t, list) for t in tags)):
        ctx.diagnostics.warn(location_of(operation), f"unusual tags {tags!r}; using {flat[:1] or ['default']}")
    return flat[0] if flat else "default"


def _function_name(registry: NameRegistry, operation_id: str) -> PyIdentifier:
    base = identifier(operation_id, "operation")
    candidate, number = base, 2
    while any(candidate + s in registry.taken for s in _FUNCTION_SUFFIXES):
        candidate = PyIdentifier(f"{base.rstrip('_')}_{number}")
        number += 1
    for suffix in _FUNCTION_SUFFIXES:
        registry.taken.add(candidate + suffix)
    return candidate


def _operation(
    resolution: Resolution,
    converter: SchemaConverter,
    schemes: list[ir.SecurityScheme],
    ctx: Context,
    registry: NameRegistry,
    path: str,
    method: str,
    item: dict[str, Any],
    operation: dict[str, Any],
) -> ir.Operation:
    operation_id = text(operation.get("operationId")) or f"{method} {path}"
    function = _function_name(registry, operation_id)
    hint = pascal(function) or "Operation"
    security = operation_security(operation, resolution.root, schemes)
    body = _body(resolution, converter, operation, hint)
    params = _parameters(resolution, converter, ctx, item, operation, hint, security, schemes, body)
    responses = _responses(resolution, converter, operation, hint)
    successes = [r.type for r in responses if r.is_success]
    if not successes:
        successes = [r.type for r in responses if r.status == "default"]
    returns = _union(successes) if successes else ir.ANY
    summary = text(operation.get("summary"))
    made = ir.Operation(
        operation_id=text(operation.get("operationId")) or operation_id,
        function=function,
        method=method.upper(),
        path=path,
        summary=summary,
        doc=text(operation.get("description")),
        parameters=params,
        body=body,
        responses=responses,
        returns=returns,
        security=security,
        deprecated=operation.get("deprecated") is True,
        location=location_of(operation),
    )
    add_undeclared_path_params(made, ctx)
    return made


def _union(types: list[ir.TypeExpr]) -> ir.TypeExpr:
    unique: list[ir.TypeExpr] = []
    for t in types:
        if t not in unique:
            unique.append(t)
    return unique[0] if len(unique) == 1 else ir.UnionOf(tuple(unique))


def _parameters(
    resolution: Resolution,
    converter: SchemaConverter,
    ctx: Context,
    item: dict[str, Any],
    operation: dict[str, Any],
    hint: str,
    security: tuple[str, ...],
    schemes: list[ir.SecurityScheme],
    body: ir.RequestBody | None,
) -> list[ir.Parameter]:
    declared: dict[tuple[str, str], Any] = {}
    for source in (item.get("parameters"), operation.get("parameters")):
        for raw in source or []:
            param = _deref(resolution, raw)
            if isinstance(param, dict) and param.get("in") in _LOCATIONS and "name" in param:
                declared[(str(param["name"]), str(param["in"]))] = param
    names = NameRegistry({"body"} if body else set())
    result: list[ir.Parameter] = []
    for (wire, where), param in declared.items():
        if where == "header" and covered_parameter("header", wire, security, schemes):
            continue
        if where == "header" and wire.lower() in {"content-type", "accept"}:
            continue
        if where in {"query", "cookie"} and covered_parameter(where, wire, security, schemes):
            continue
        schema = param.get("schema")
        if schema is None and isinstance(param.get("content"), dict):
            media = next(iter(param["content"].values()), None)
            schema = media.get("schema") if isinstance(media, dict) else None
        ptype = converter.expr(schema, f"{hint}{class_name(wire, 'Param')}")
        required = where == "path" or param.get("required") is True
        explode = param.get("explode", param.get("style", "form") == "form")
        result.append(
            ir.Parameter(
                name=names.claim_identifier(identifier(wire, "param")),
                wire=wire,
                location=where,  # type: ignore[arg-type]
                type=ptype,
                required=required,
                doc=text(param.get("description")),
                explode=explode is True,
            )
        )
    order = {"path": 0}
    result.sort(key=lambda p: (order.get(p.location, 1), not p.required))
    return result


def _media_kind(content_type: str) -> str:
    ct = content_type.lower().split(";")[0].strip()
    if ct == "application/json" or ct.endswith("+json"):
        return "json"
    if ct == "application/x-www-form-urlencoded":
        return "form"
    if ct.startswith("multipart/"):
        return "multipart"
    if ct.startswith("text/") and ct != "text/event-stream":
        return "text"
    return "binary"


_BODY_PREFERENCE = {"json": 0, "form": 1, "multipart": 2, "binary": 3, "text": 4}


def _preferred_media(content: dict[str, Any]) -> tuple[str, Any, Any]:
    """The media type to use (JSON, then form, multipart, binary, text), its kind and schema."""
    content_type, media = min(content.items(), key=lambda kv: _BODY_PREFERENCE[_media_kind(str(kv[0]))])
    schema = media.get("schema") if isinstance(media, dict) else None
    return str(content_type), _media_kind(str(content_type)), schema


def _body(
    resolution: Resolution, converter: SchemaConverter, operation: dict[str, Any], hint: str
) -> ir.RequestBody | None:
    body = _deref(resolution, operation.get("requestBody"))
    if not isinstance(body, dict) or not isinstance(body.get("content"), dict) or not body["content"]:
        return None
    content_type, kind, schema = _preferred_media(body["content"])
    if kind == "binary":
        btype: ir.TypeExpr = ir.Primitive("bytes")
    elif kind == "text":
        btype = ir.Primitive("str")
    else:
        btype = converter.named(schema, f"{hint}Body") if schema is not None else ir.ANY
    return ir.RequestBody(
        kind, content_type, btype, body.get("required") is True, text(body.get("description"))
    )


def _responses(
    resolution: Resolution, converter: SchemaConverter, operation: dict[str, Any], hint: str
) -> list[ir.Response]:
    raw = operation.get("responses")
    if not isinstance(raw, dict):
        return []
    documented = [(str(s), r) for s, r in raw.items() if _STATUS.match(str(s))]
    successes = [s for s, _ in documented if s.startswith("2")]
    result: list[ir.Response] = []
    for status, response in documented:
        response = _deref(resolution, response)
        status = status.upper() if status.lower() != "default" else "default"
        suffix = "" if successes == [status] else status.title().replace("Xx", "XX")
        name = f"{hint}Response{suffix}"
        result.append(_response(converter, status, response, name))
    return result


def _response(converter: SchemaConverter, status: str, response: Any, name: str) -> ir.Response:
    doc = text(response.get("description")) if isinstance(response, dict) else ""
    content = response.get("content") if isinstance(response, dict) else None
    if not isinstance(content, dict) or not content:
        return ir.Response(status, "empty", "", ir.NONE, doc)
    content_type, kind, schema = _preferred_media(content)
    if kind == "json":
        rtype = converter.named(schema, name) if schema is not None else ir.ANY
        return ir.Response(status, "json", content_type, rtype, doc)
    if kind == "text":
        return ir.Response(status, "text", content_type, ir.Primitive("str"), doc)
    return ir.Response(status, "binary", content_type, ir.Primitive("bytes"), doc)


def add_undeclared_path_params(operation: ir.Operation, ctx: Context) -> None:
    """A `{name}` in the path that no parameter declares becomes a string parameter."""
    declared = {p.wire for p in operation.parameters if p.location == "path"}
    taken = NameRegistry({p.name for p in operation.parameters} | {"body"})
    for position, name in enumerate(re.findall(r"{([^}]+)}", operation.path)):
        if name in declared:
            continue
        ctx.diagnostics.warn(
            operation.location,
            f"path parameter {{{name}}} of {operation.method} {operation.path} is not declared; "
            "generated as a string",
        )
        param = ir.Parameter(
            taken.claim_identifier(identifier(name, "param")), name, "path", ir.Primitive("str"), True, ""
        )
        operation.parameters.insert(position, param)
        declared.add(name)
