"""Which request field switches a response between JSON and an event stream.

A success response documented as both `application/json` and `text/event-stream` is chosen
by the request, in the APIs that do this, with a boolean `stream` property of the body (JSON,
form or multipart; OpenAI, Anthropic, Mistral, ...). When the body has one, the operation
records it (`Operation.stream_switch`): its functions take `stream: Literal[True]` /
`Literal[False]`, return the stream or the JSON type accordingly and set `Accept` from it. A
body documented in several media types (OpenAI's `createImageEdit`: multipart and JSON) gets
the switch when every media type's model that has a `stream` property has it as a boolean
under one Python name; a body of a media type without it cannot ask for a stream (the runtime
refuses `stream=True` for it). When the spec does not say which field switches, a warning
gives the reason and the caller keeps choosing with `accept=`; a body with such a field
whose responses document no event stream gets a warning too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator import ir
from generator.context import Context

SWITCH_NAME = "stream"
_BOOL = ir.Primitive("bool")
_MODEL_KINDS = ("json", "form", "multipart")


@dataclass(frozen=True)
class _Finding:
    """The body's `stream` field when it can switch, else why not (a warning's clause)."""

    field: ir.Field | None
    reason: str = ""


def switched_media(op: ir.Operation) -> tuple[str, str] | None:
    """(JSON, event stream) content types when a success response documents exactly those two."""
    found = [r for r in op.responses if r.is_success]
    kinds = {m.kind: m.content_type for r in found for m in r.media}
    if len({m.content_type for r in found for m in r.media}) != 2 or set(kinds) != {"json", "sse"}:
        return None
    return kinds["json"], kinds["sse"]


def _body_media(body: ir.RequestBody) -> tuple[ir.RequestMedia, ...]:
    return body.media or (ir.RequestMedia(body.kind, body.content_type, body.type, body.parts),)


def _switch_field(op: ir.Operation, models: Mapping[str, ir.Model]) -> _Finding:
    """The boolean `stream` field every body media type that has one agrees on."""
    if op.body is None:
        return _Finding(None, f"it has no request body to carry a boolean `{SWITCH_NAME}`")
    found: list[tuple[str, ir.Field]] = []
    for media in _body_media(op.body):
        model = models.get(media.type.name) if isinstance(media.type, ir.Ref) else None
        if media.kind not in _MODEL_KINDS or model is None:
            continue
        found += [(media.content_type, f) for f in model.fields if f.wire == SWITCH_NAME]
    if not found:
        where = ", ".join(m.content_type for m in _body_media(op.body))
        return _Finding(None, f"its request body ({where}) has no `{SWITCH_NAME}` property")
    wrong = [content_type for content_type, f in found if f.type not in (_BOOL, ir.nullable(_BOOL))]
    if wrong:
        return _Finding(None, f"the `{SWITCH_NAME}` property of its {', '.join(wrong)} body is not a boolean")
    if len({f.name for _, f in found}) > 1:
        return _Finding(None, f"its body media types name the `{SWITCH_NAME}` property differently in Python")
    if any(p.name == SWITCH_NAME for p in op.parameters):
        return _Finding(None, f"one of its parameters is already named `{SWITCH_NAME}`")
    return _Finding(found[0][1])


def settle_streaming(groups: list[ir.Group], definitions: list[ir.Definition], ctx: Context) -> None:
    """Record each operation's stream switch; warn where the spec does not tell one."""
    models: dict[str, ir.Model] = {d.name: d for d in definitions if isinstance(d, ir.Model)}
    for op in (op for group in groups for op in group.operations):
        media = switched_media(op)
        finding = _switch_field(op, models)
        if media is None:
            events = any(r.kind == "sse" or any(m.kind == "sse" for m in r.media) for r in op.responses)
            if finding.field is not None and not events:
                ctx.diagnostics.warn(
                    op.location,
                    f"{op.method} {op.path} takes a boolean `{SWITCH_NAME}` but documents no event-stream "
                    "response; stream=True answers are typed as the documented JSON (add text/event-stream "
                    "to its success response)",
                )
            continue
        if finding.field is not None:
            op.stream_switch = ir.StreamSwitch(finding.field.name, *media)
            continue
        ctx.diagnostics.warn(
            op.location,
            f"{op.method} {op.path} answers JSON or an event stream and {finding.reason}, so nothing says "
            f"which; its functions take accept= to choose (a boolean `{SWITCH_NAME}` property in the "
            "request body gives stream=True/False)",
        )
