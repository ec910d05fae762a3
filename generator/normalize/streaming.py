"""Which request field switches a response between JSON and an event stream.

A success response documented as both `application/json` and `text/event-stream` is chosen
by the request, in the APIs that do this, with a boolean `stream` property of the body (JSON,
form or multipart)
(OpenAI, Anthropic, Mistral, ...). When the body has one, the operation records it
(`Operation.stream_switch`): its functions take `stream: Literal[True]` / `Literal[False]`,
return the stream or the JSON type accordingly and set `Accept` from it. When the spec does
not say which field switches, a warning says so and the caller keeps choosing with `accept=`;
a body with such a field whose responses document no event stream gets a warning too.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator import ir
from generator.context import Context

SWITCH_NAME = "stream"
_BOOL = ir.Primitive("bool")


def switched_media(op: ir.Operation) -> tuple[str, str] | None:
    """(JSON, event stream) content types when a success response documents exactly those two."""
    found = [r for r in op.responses if r.is_success]
    kinds = {m.kind: m.content_type for r in found for m in r.media}
    if len({m.content_type for r in found for m in r.media}) != 2 or set(kinds) != {"json", "sse"}:
        return None
    return kinds["json"], kinds["sse"]


def _switch_field(op: ir.Operation, models: Mapping[str, ir.Model]) -> ir.Field | None:
    body = op.body
    if body is None or body.kind not in ("json", "form", "multipart") or len(body.media) > 1:
        return None
    if not isinstance(body.type, ir.Ref):
        return None
    model = models.get(body.type.name)
    for f in model.fields if model is not None else []:
        if f.wire == SWITCH_NAME and f.type in (_BOOL, ir.nullable(_BOOL)):
            return f
    return None


def settle_streaming(groups: list[ir.Group], definitions: list[ir.Definition], ctx: Context) -> None:
    """Record each operation's stream switch; warn where the spec does not tell one."""
    models: dict[str, ir.Model] = {d.name: d for d in definitions if isinstance(d, ir.Model)}
    for op in (op for group in groups for op in group.operations):
        media = switched_media(op)
        field = _switch_field(op, models)
        if media is None:
            events = any(r.kind == "sse" or any(m.kind == "sse" for m in r.media) for r in op.responses)
            if field is not None and not events:
                ctx.diagnostics.warn(
                    op.location,
                    f"{op.method} {op.path} takes a boolean `{SWITCH_NAME}` but documents no event-stream "
                    "response; stream=True answers are typed as the documented JSON (add text/event-stream "
                    "to its success response)",
                )
            continue
        clash = any(p.name == SWITCH_NAME for p in op.parameters)
        if field is not None and not clash:
            op.stream_switch = ir.StreamSwitch(field.name, *media)
            continue
        ctx.diagnostics.warn(
            op.location,
            f"{op.method} {op.path} answers JSON or an event stream and no boolean `{SWITCH_NAME}` "
            "property of its JSON body says which; its functions take accept= to choose "
            "(add the property to the request schema to get stream=True/False)",
        )
