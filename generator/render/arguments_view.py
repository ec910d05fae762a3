"""The parameter lists of an operation's functions, and how they hand their values on.

One implementation signature (every argument the functions take) and the variants the
overloads spell out: with keyword arguments for the body's properties (`Operation.arguments`)
one variant takes them (the required ones required) and another takes `body=` (a prebuilt
model); else a single variant. Path parameters come first (positional), then the body, the
query/header/cookie parameters and `content_type=`; `accept=`/`stream=` and `timeout=` are
added per overload by the caller. Request positions are typed by `ParamTypes` (enums take
their strings, models their `TypedDict`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import ir
from generator.render.param_types import ParamTypes
from generator.render.pyliteral import literal
from generator.render.request_view import RequestView


@dataclass(frozen=True)
class Signatures:
    implementation: list[str]  # after `client` / `self`: `*` and every argument, with defaults
    variants: list[list[str]]  # the argument lists the overloads spell out (one: no body choice)
    names: list[str]  # every argument but `accept`/`stream`/`timeout`, in order
    body_expr: str  # what `RequestParts.body` gets in the `_parts` function


def argument_required(f: ir.Field) -> bool:
    return f.required and not ir.fixed_value(f)


def _param(p: ir.Parameter, types: ParamTypes) -> str:
    text = types.annotation(p.type)
    return f"{p.name}: {text}" if p.required else f"{p.name}: {text} | Unset = UNSET"


def signatures(op: ir.Operation, types: ParamTypes, request: RequestView) -> Signatures:
    positional = [_param(p, types) for p in op.parameters if p.location == "path"]
    keyword = [_param(p, types) for p in op.parameters if p.location != "path"]
    names: list[str] = [p.name for p in op.parameters if p.location == "path"]
    flat: list[str] = []
    flat_required: list[str] = []
    for f in op.arguments:
        text = types.annotation(f.type)
        flat.append(f"{f.name}: {text} | Unset = UNSET")
        flat_required.append(f"{f.name}: {text}" if argument_required(f) else flat[-1])
        names.append(f.name)
    body: list[str] = []
    if op.body is not None:
        names.append("body")
        optional = not op.body.required or op.arguments
        body = [f"body: {request.annotation}" + (" | Unset = UNSET" if optional else "")]
    names += [p.name for p in op.parameters if p.location != "path"]
    choice = [request.choice_param] if request.choice_param else []
    if request.choice_param:
        names.append("content_type")
    implementation = [*positional, "*", *flat, *body, *keyword, *choice]
    if op.arguments:
        required_body = [f"body: {request.annotation}"] if op.body is not None and op.body.required else body
        variants = [[*positional, "*", *flat_required, *keyword, *choice], [*positional, "*", *required_body, *keyword, *choice]]
    else:
        variants = [implementation]
    return Signatures(implementation, variants, names, _body_expr(op))


def _body_expr(op: ir.Operation) -> str:
    expr = "body"
    if op.arguments and op.body is not None and isinstance(op.body.type, ir.Ref):
        given = ", ".join(f"{literal(f.name)}: {f.name}" for f in op.arguments)
        fixed = [(f.name, f.type.values[0]) for f in op.arguments if isinstance(f.type, ir.LiteralOf) and ir.fixed_value(f)]
        defaults = f", defaults={{{', '.join(f'{literal(n)}: {literal(v)}' for n, v in fixed)}}}" if fixed else ""
        expr = f"build_body(models.{op.body.type.name}, body, {{{given}}}, required={op.body.required}{defaults})"
    if op.stream_switch is not None:
        expr = f"with_stream({expr}, stream, {literal(op.stream_switch.field)})"
    return expr
