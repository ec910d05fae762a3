"""IR into template views: every string a template prints is prepared here.

Templates only loop over these views and branch on their flags; annotations, literals and
docstrings are already rendered (and escaped) source text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import ir
from generator.naming import class_scope_def, pascal
from generator.render.annotations import annotation, runtime, uses
from generator.render.media_view import (
    SERVER_SENT_EVENT,
    Overload,
    part_encodings,
    response_spec,
    returns_view,
    spec_needs_event,
)
from generator.render.arguments_view import signatures
from generator.render.models_view import field_doc
from generator.render.paging_view import PagingView, paging_view
from generator.render.param_types import ParamTypes
from generator.render.pyliteral import docstring, literal
from generator.render.request_view import media_of, request_view


# -- endpoints -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamView:
    name: str
    annotation: str
    default: str  # "" when required
    wire_literal: str
    location: str


@dataclass(frozen=True)
class ResponseView:
    status_literal: str
    kind_literal: str
    type_expr: str
    spec_expr: str = ""  # the whole `ResponseSpec(...)`, every documented media type


@dataclass(frozen=True)
class OperationView:
    name: str  # the module-level functions' name (`create_chat_completion`)
    method: str  # the resource method's name (`create`)
    method_def: str  # ... as defined in the class body: `_list`, bound to `list` after the others
    constant: str
    method_literal: str
    path_literal: str
    returns: str
    docstring: str
    method_docstring: str
    signature: str  # parameters after `client` / `self`, with the leading comma
    parts_signature: str
    parts_arguments: str
    responses: list[ResponseView]
    security_literals: list[str]
    auth_optional: bool
    style_literals: list[str]  # `(location, name, style, explode)` of parameters not in their default style
    accept_literal: str
    path_items: list[tuple[str, str]]
    query_items: list[tuple[str, str]]
    header_items: list[tuple[str, str]]
    cookie_items: list[tuple[str, str]]
    has_body: bool
    send_expr: str  # `.send(<endpoint>, <parts>, timeout[, accept], max_retries=...)`, after the client
    body_expr: str  # what `RequestParts.body` gets
    body_kind_literal: str
    content_type_literal: str
    is_deprecated: bool
    deprecation_literal: str
    async_returns: str = ""  # differs from `returns` for event streams
    overloads: list[tuple[str, str, str]] = field(default_factory=list)  # (signature, returns, async_returns)
    send_accept: str = ""  # ", accept" when the caller picks the media type
    has_stream: bool = False  # `<op>_stream` variants that read a binary body as it arrives
    stream_signature: str = ""
    stream_send_accept: str = ""
    stream_arguments: str = ""
    encoding_items: list[tuple[str, str]] = field(default_factory=list)  # form/multipart parts
    body_media: list[str] = field(default_factory=list)  # `BodyMedia(...)` when several media types
    streaming_imports: set[str] = field(default_factory=set)
    base_client_imports: set[str] = field(default_factory=set)
    paging: PagingView | None = None  # `<name>_iter` functions over the items of every page


@dataclass(frozen=True)
class GroupView:
    module: str
    docstring: str
    resource: str
    async_resource: str
    operations: list[OperationView]
    needs_datetime: bool
    needs_literal: bool
    needs_warnings: bool
    needs_overload: bool = False
    needs_with_stream: bool = False  # imports `with_stream` from `.._arguments`
    needs_union: bool = False  # a response type spelled `Union[...]` at run time (an event stream's)
    needs_build_body: bool = False  # imports `build_body` from `.._arguments`
    needs_params: bool = False  # imports `.. params` (TypedDicts) for type checkers
    needs_codec: bool = False  # a signature names `_codec.FileContent`
    abc_imports: list[str] = field(default_factory=list)  # names from `collections.abc`
    streaming_imports: list[str] = field(default_factory=list)  # names from `.._streaming`
    base_client_imports: list[str] = field(default_factory=list)  # more names from `.._base_client`
    needs_pagination: bool = False  # imports `Pager`, `AsyncPager` and `Paging` from `.._pagination`


def _param_annotation(p: ir.Parameter) -> str:
    text = annotation(p.type, "models.")
    return text if p.required else f"{text} | Unset"


def _param_doc(p: ir.Parameter) -> str:
    notes = [" ".join(p.doc.split())] if p.doc else []
    if not isinstance(p.default, ir.Unsupplied):
        notes.append(f"Default (applied by the server when not sent): {literal(p.default)}.")
    return " ".join(notes)


def _argument_doc(f: ir.Field) -> str:
    """A body property's description as a keyword argument, with its default."""
    doc = field_doc(f)
    if ir.fixed_value(f):
        doc = f"{doc} Defaults to {literal(f.type.values[0])}.".strip()  # type: ignore[union-attr]
    return doc


def _operation_doc(op: ir.Operation, types: ParamTypes) -> str:
    parts = [op.summary or f"{op.method} {op.path}"]
    if op.doc and op.doc != op.summary:
        parts.append(op.doc)
    args = [f"{p.name}: {doc}" for p in op.parameters if p.location == "path" and (doc := _param_doc(p))]
    args += [f"{f.name}: {doc}" for f in op.arguments if (doc := _argument_doc(f))]
    if op.body is not None and op.arguments:
        args.append(f"body: A prebuilt `{request_view(op).annotation}` instead of the keyword arguments above.")
    elif op.body is not None:
        args.append(f"body: {' '.join(op.body.doc.split()) or 'The request body.'}")
    args += [f"{p.name}: {doc}" for p in op.parameters if p.location != "path" and (doc := _param_doc(p))]
    if choice_doc := request_view(op).choice_doc:
        args.append(choice_doc)
    accept_doc = returns_view(op).accept_doc
    if accept_doc:
        args.append(accept_doc)
    args.append("timeout: Overrides the client's timeout for this call (retries included).")
    args.append("max_retries: Overrides the client's max_retries for this call.")
    parts.append("Args:\n" + "\n".join("    " + a for a in args))
    errors = [r for r in op.responses if not r.is_success and r.type != ir.NONE]
    if errors:
        lines = [f"{r.status}: {' '.join(r.doc.split()) or 'Error.'}" for r in errors]
        parts.append("Raises:\n    APIStatusError: on a non-2xx response; documented bodies:\n"
                     + "\n".join("        " + line for line in lines))
    return "\n\n".join(parts)


OPTION_ARGUMENTS = ", timeout=timeout, max_retries=max_retries"  # the per-call options, passed on


def operation_view(op: ir.Operation, types: ParamTypes) -> OperationView:
    params = list(op.parameters)
    request = request_view(op)
    signs = signatures(op, types, request)
    names = signs.names
    plan = returns_view(op)
    sig = signs.implementation
    parts_sig = [s for s in sig if s != "*"]
    parts_names = list(names)
    if plan.stream_field:
        parts_sig.append("stream: bool")
        parts_names.append("stream")
    timeout_param = ", timeout: TimeoutTypes | Unset = UNSET, max_retries: int | Unset = UNSET"
    sig_text = "".join(f", {s}" for s in sig) + plan.accept_param + timeout_param
    parts_arguments = ", ".join(f"{n}={n}" for n in parts_names)
    returning = plan.overloads or [Overload(plan.accept_param, plan.returns, plan.async_returns)]
    overloads = [
        ("".join(f", {s}" for s in variant) + o.accept_param + timeout_param, o.returns, o.async_returns)
        for variant in signs.variants
        for o in returning
    ] if len(signs.variants) > 1 or plan.overloads else []
    by_location = {loc: [(literal(p.wire), str(p.name)) for p in params if p.location == loc]
                   for loc in ("path", "query", "header", "cookie")}
    kind = op.body.kind if op.body is not None else "none"
    return OperationView(
        name=op.function,
        method=op.method_name or op.function,
        method_def=class_scope_def(op.method_name or op.function),
        constant=f"_{op.function.upper()}",
        method_literal=literal(op.method),
        path_literal=literal(op.path),
        returns=plan.returns,
        docstring=docstring(_operation_doc(op, types)),
        method_docstring=docstring(_operation_doc(op, types), "        "),
        signature=sig_text,
        parts_signature=", ".join(["*", *parts_sig]) if parts_sig else "",
        parts_arguments=parts_arguments,
        responses=[
            ResponseView(literal(r.status), literal(r.kind), runtime(r.type, "models."), response_spec(r))
            for r in op.responses
        ],
        security_literals=[literal(s) for s in op.security],
        auth_optional=op.auth_optional,
        style_literals=[
            f"({literal(p.location)}, {literal(p.wire)}, {literal(p.style)}, {p.explode})"
            for p in params
            if p.style and not _default_style(p)
        ],
        accept_literal=literal(_accept(op)),
        path_items=by_location["path"],
        query_items=by_location["query"],
        header_items=by_location["header"],
        cookie_items=by_location["cookie"],
        has_body=op.body is not None,
        body_expr=signs.body_expr,
        send_expr=(
            f".send(_{op.function.upper()}, _{op.function}_parts({parts_arguments}), timeout{plan.accept_argument}"
            ", max_retries=max_retries)"
        ),
        body_kind_literal=literal(kind),
        content_type_literal=literal(op.body.content_type if op.body else ""),
        is_deprecated=op.deprecated,
        deprecation_literal=literal(f"{op.function} is deprecated by the API"),
        async_returns=plan.async_returns,
        overloads=overloads,
        send_accept=plan.accept_argument,
        has_stream=plan.has_stream,
        stream_signature="".join(f", {s}" for s in sig) + plan.stream_accept_param + timeout_param,
        stream_send_accept=plan.stream_accept_argument,
        stream_arguments="".join(f", {n}={n}" for n in names)
        + OPTION_ARGUMENTS
        + (", accept=accept" if plan.stream_accept_param else ""),
        encoding_items=part_encodings(op.body),
        body_media=request.bodies,
        streaming_imports=plan.streaming_imports
        | ({SERVER_SENT_EVENT} if any(spec_needs_event(r) for r in op.responses) else set()),
        base_client_imports=request.imports,
        paging=paging_view(op, plan.returns),
    )


def _default_style(p: ir.Parameter) -> bool:
    """True when the runtime's default for its location already serializes the parameter."""
    if p.location == "query":
        return (p.style, p.explode) == ("form", True)
    return (p.style, p.explode) == {"path": ("simple", False), "header": ("simple", False)}.get(
        p.location, ("form", p.explode)
    )


def _accept(op: ir.Operation) -> str:
    """The Accept header: the documented response media types, JSON first; else JSON."""
    types = sorted({r.content_type for r in op.responses if r.content_type}, key=lambda t: (t != "application/json", t))
    return ", ".join(types) or "application/json"


def _group_origin(group: ir.Group) -> str:
    if group.tag:
        return f"tagged {group.tag!r}"
    return f"under `{group.path_prefix}`" if group.path_prefix else "without a tag"


def resource_names(group: ir.Group) -> tuple[str, str]:
    """The group's resource classes: sync and async."""
    resource = group.resource or f"{pascal(group.module)}Resource"
    return resource, f"Async{resource}"


def group_inputs(group: ir.Group) -> tuple[object, ...]:
    """What `group_view` reads of the group, for a cache key (`render_cache`): all of it but
    the operations' locations (never printed). The definitions it looks up through `types`
    are a key's other part (`render.cached`)."""
    ops = tuple(tuple((k, v) for k, v in vars(op).items() if k != "location") for op in group.operations)
    return tuple((k, ops if k == "operations" else v) for k, v in vars(group).items())


def group_view(group: ir.Group, types: ParamTypes) -> GroupView:
    ops = [operation_view(op, types) for op in group.operations]
    exprs: list[ir.TypeExpr] = []
    for op in group.operations:
        exprs.append(op.returns)
        exprs.extend(p.type for p in op.parameters)
        exprs.extend(r.type for r in op.responses)
        if op.body is not None:
            exprs.extend(m.type for m in media_of(op.body))
        exprs.extend(f.type for f in op.arguments)
    resource, async_resource = resource_names(group)
    return GroupView(
        module=group.module,
        docstring=docstring(f"Endpoints {_group_origin(group)}: sync and async functions, and the "
                            f"`{group.module}` resource of the clients."),
        resource=resource,
        async_resource=async_resource,
        operations=ops,
        needs_datetime=any(uses(e, "datetime") or uses(e, "date") for e in exprs),
        needs_literal=any(uses(e, "literal") for e in exprs)
        or any("Literal[" in text for o in ops for text in [o.signature, *(sig for sig, _, _ in o.overloads)]),
        needs_warnings=any(op.deprecated for op in group.operations),
        needs_overload=any(o.overloads for o in ops),
        needs_union=any(uses(m.type, "union") for op in group.operations for r in op.responses for m in r.media),
        needs_with_stream=any("with_stream(" in o.body_expr for o in ops),
        needs_build_body=any("build_body(" in o.body_expr for o in ops),
        needs_params=any("params." in o.signature for o in ops),
        needs_codec=any("_codec." in o.signature for o in ops),
        abc_imports=sorted(name for name in ("Mapping", "Sequence") if any(f"{name}[" in o.signature for o in ops)),
        streaming_imports=sorted(set().union(*(o.streaming_imports for o in ops))),
        base_client_imports=sorted(set().union(*(o.base_client_imports for o in ops))),
        needs_pagination=any(o.paging for o in ops),
    )
