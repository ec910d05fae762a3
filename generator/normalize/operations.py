"""Stage 4c, normalize operations: paths into grouped, typed operations.

Each operation becomes one function named from its operationId (or method and path), in a
module named from its first tag (Fern's `subpackage_` prefix dropped); an untagged operation
goes to the module named by the first meaningful segment of its path (`path_group`: versions
such as `v1`, `2010-04-01` or `api`, and `{parameters}`, are skipped), so `/v1/customers/{id}`
lands in `customers`, and only a path without such a segment in `default`. A version word
that starts every tag (Twilio's `Api20100401Call`) is left out of the module names.
Parameters merge path-level and operation-level declarations; a header that a security
scheme already sends (`Authorization`) is not a parameter. Request bodies and responses come from `media`; the
return type is the union of the success responses (else `default`).
"""

from __future__ import annotations

import re
from typing import Any

from generator import ir
from generator.context import Context
from generator.diagnostics import SHAPE_ERRORS, malformed
from generator.merge import HTTP_METHODS
from generator.naming import NameRegistry, PyIdentifier, attribute_name, class_name, identifier, module_name, pascal
from generator.nodes import location_of
from generator.normalize.media import request_body
from generator.normalize.media import responses as documented_responses
from generator.normalize.defaults import warn_invalid_default
from generator.normalize.schemas import SchemaConverter, schema_default, text
from generator.normalize.security import anonymous_allowed, covered_parameter, operation_security
from generator.resolve import Resolution

_LOCATIONS = ("path", "query", "header", "cookie")
_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
FUNCTION_SUFFIXES = (
    "",
    "_async",
    "_with_response",
    "_with_response_async",
    "_stream",
    "_stream_async",
    "_iter",
    "_iter_async",
)


def group_module(tag: str) -> str:
    """`subpackage_billing` -> `billing`; `Phone Numbers` -> `phone_numbers`."""
    cleaned = re.sub(r"(^|[./])subpackage_", r"\1", tag)
    return module_name(cleaned)


NOT_A_RESOURCE = re.compile(r"^(v\d+([._-]?\d+)*([a-z]+\d*)?|\d+([._-]\d+)*|api|rest)$", re.IGNORECASE)


def path_group(path: str) -> tuple[str, str]:
    """Module and path prefix for an untagged operation: `/v1/customers/{id}` -> `customers`.

    Skips version segments (`v1`, `v2beta1`, `2010-04-01`), `api`/`rest` and parameters;
    a segment is read up to its first `{`, `:` or `.` (`Calls.json` -> `Calls`).
    ("default", "") when no segment is left.
    """
    prefix = ""
    for segment in path.split("/"):
        word = re.split(r"[{:.]", segment, maxsplit=1)[0]
        prefix += f"/{segment}" if segment else ""
        if word and not NOT_A_RESOURCE.match(word):
            return module_name(word, "api"), prefix
    return "default", ""


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
    version = _version_prefix(resolution)
    for path, item in (root.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        item = resolution.deref(item)
        for method in HTTP_METHODS:
            operation = resolution.deref(item.get(method))  # DigitalOcean: `get: {$ref: file}`
            if not isinstance(operation, dict):
                continue
            tag = _first_tag(operation, ctx)
            module, prefix = (module_name(group_module(tag).removeprefix(version)), "") if tag else path_group(path)
            group = groups.setdefault(module, ir.Group(PyIdentifier(module), tag, path_prefix=prefix))
            registry = functions.setdefault(module, NameRegistry())
            try:
                made = _operation(resolution, converter, schemes, ctx, registry, path, method, item, operation)
            except SHAPE_ERRORS as exc:
                raise malformed(location_of(operation), f"operation {method.upper()} {path}", exc) from None
            group.operations.append(made)
    return list(groups.values())


def _version_prefix(resolution: Resolution) -> str:
    """A version word every tag's module starts with (Twilio's `Api20100401...`), to drop."""
    modules: set[str] = set()
    for item in (resolution.root.get("paths") or {}).values():
        item = resolution.deref(item) if isinstance(item, dict) else {}
        for method in HTTP_METHODS:
            operation = resolution.deref(item.get(method))
            tag = _first_tag(operation) if isinstance(operation, dict) else ""
            if tag:
                modules.add(group_module(tag))
    first = {module.split("_", 1)[0] for module in modules}
    if len(modules) < 2 or len(first) != 1 or any("_" not in module for module in modules):
        return ""
    prefix = f"{first.pop()}_"
    if any(module[len(prefix)].isdigit() for module in modules):
        return ""
    return prefix if re.match(r"^(api|rest)?v?[0-9]+[a-z]*[0-9]*_$", prefix) else ""


def _first_tag(operation: dict[str, Any], ctx: Context | None = None) -> str:
    tags = operation.get("tags")
    flat: list[str] = []
    stack = list(tags) if isinstance(tags, list) else []
    while stack:
        tag = stack.pop(0)
        if isinstance(tag, list):
            stack[:0] = tag
        elif isinstance(tag, str) and tag.strip():
            flat.append(tag.strip())
    if ctx is not None and isinstance(tags, list) and (not flat or any(isinstance(t, list) for t in tags)):
        using = repr(flat[0]) if flat else "its path"
        ctx.diagnostics.warn(location_of(operation), f"unusual tags {tags!r}; grouped by {using}")
    return flat[0] if flat else ""


def called_names(function: PyIdentifier) -> frozenset[str]:
    """The module-level names an operation's generated functions and methods call: its own
    functions (the resource method `search` calls the module's `search`). A parameter named
    like one would shadow it (`search(self._client, search=search)` calls the string); the
    other names they refer to (`models`, imported helpers) are kept clear by `RESERVED`."""
    return frozenset(function + suffix for suffix in FUNCTION_SUFFIXES)


def _function_name(registry: NameRegistry, operation_id: str) -> PyIdentifier:
    base = identifier(operation_id, "operation")
    candidate, number = base, 2
    while any(candidate + s in registry.taken for s in FUNCTION_SUFFIXES):
        candidate = PyIdentifier(f"{base.rstrip('_')}_{number}")
        number += 1
    for suffix in FUNCTION_SUFFIXES:
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
    body = request_body(resolution, converter, ctx, operation, hint)
    params = _parameters(resolution, converter, ctx, item, operation, function, security, schemes, body)
    responses = documented_responses(resolution, converter, ctx, operation, hint)
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
        auth_optional=anonymous_allowed(operation, resolution.root),
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
    function: PyIdentifier,
    security: tuple[str, ...],
    schemes: list[ir.SecurityScheme],
    body: ir.RequestBody | None,
) -> list[ir.Parameter]:
    hint = pascal(function) or "Operation"
    called = called_names(function)
    declared: dict[tuple[str, str], Any] = {}
    for source in (item.get("parameters"), operation.get("parameters")):
        for raw in source or []:
            param = resolution.deref(raw)
            if isinstance(param, dict) and param.get("in") in _LOCATIONS and "name" in param:
                declared[(str(param["name"]), str(param["in"]))] = param
    names = NameRegistry(set(ADDED_ARGUMENTS | called))
    result: list[ir.Parameter] = []
    for (wire, where), param in declared.items():
        if where == "header" and covered_parameter("header", wire, security, schemes):
            continue
        if where == "header" and wire.lower() in {"content-type", "accept"}:
            continue
        if where in {"query", "cookie"} and covered_parameter(where, wire, security, schemes):
            continue
        schema = param.get("schema")
        style = str(param.get("style") or _DEFAULT_STYLE[where])
        if schema is None and isinstance(param.get("content"), dict):
            media = next(iter(param["content"].values()), None)
            schema = media.get("schema") if isinstance(media, dict) else None
            style = "json"  # a parameter declared with `content` is sent JSON-encoded
        ptype = converter.expr(schema, f"{hint}{class_name(wire, 'Param')}")
        warn_invalid_default(schema, f"{where} parameter {wire!r}", ctx)
        if where == "path" and param.get("required") is False:
            ctx.diagnostics.warn(
                location_of(param),
                f"path parameter {wire!r} says `required: false`, but a path parameter is always "
                "required; generated as required",
            )
        required = where == "path" or param.get("required") is True
        explode = param.get("explode", style == "form")
        result.append(
            ir.Parameter(
                name=names.claim_identifier(attribute_name(wire, "param", called)),
                wire=wire,
                location=where,  # type: ignore[arg-type]
                type=ptype,
                required=required,
                doc=text(param.get("description")),
                explode=explode is True,
                style=style,
                default=schema_default(schema),
            )
        )
    order = {"path": 0}
    result.sort(key=lambda p: (order.get(p.location, 1), not p.required))
    return result


# Arguments the generated functions may add beside the spec's parameters: the request body,
# its media type (several documented), the response media type asked for (several documented).
# A parameter is never named like one of them, whether or not this operation adds it.
ADDED_ARGUMENTS = frozenset({"body", "content_type", "accept"})


def add_undeclared_path_params(operation: ir.Operation, ctx: Context) -> None:
    """A `{name}` in the path that no parameter declares becomes a string parameter."""
    declared = {p.wire for p in operation.parameters if p.location == "path"}
    called = called_names(operation.function)
    taken = NameRegistry({p.name for p in operation.parameters} | ADDED_ARGUMENTS | called)
    for position, name in enumerate(re.findall(r"{([^}]+)}", operation.path)):
        if name in declared:
            continue
        ctx.diagnostics.warn(
            operation.location,
            f"path parameter {{{name}}} of {operation.method} {operation.path} is not declared; "
            "generated as a string",
        )
        param = ir.Parameter(
            taken.claim_identifier(attribute_name(name, "param", called)), name, "path", ir.Primitive("str"), True, ""
        )
        operation.parameters.insert(position, param)
        declared.add(name)
