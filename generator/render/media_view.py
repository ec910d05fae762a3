"""What an operation returns, per media type: the rendered parts of its functions.

Decides the `ResponseSpec(...)` expressions of an endpoint, the return annotations (sync and
async differ for event streams: `Stream[T]` / `AsyncStream[T]`), the `accept=` parameter
when a success response documents several media types (one overload per distinct return
type, then a catch-all taking the whole `Literal[...]` and returning their union), or
`stream: bool` when a body field switches JSON / event stream (`normalize.streaming`), the
`_stream` variant for binary responses, and the names the module imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator import ir
from generator.render.annotations import annotation, runtime
from generator.render.pyliteral import literal

SERVER_SENT_EVENT = "ServerSentEvent"


@dataclass(frozen=True)
class Overload:
    """One `@overload` of the plain functions: the accept parameter and what it returns."""

    accept_param: str  # `, accept: Literal[...] = ...` or `, accept: Literal[...]`
    returns: str
    async_returns: str


@dataclass(frozen=True)
class ReturnsView:
    """How an operation's functions return, and which runtime names they need."""

    returns: str
    async_returns: str
    accept_param: str  # `, accept: Literal[...] = "..."` when the caller may choose, else ""
    accept_argument: str  # what `send` gets after `timeout`: ", accept" or ""
    accept_doc: str
    overloads: list[Overload]
    has_stream: bool  # a `<op>_stream` variant for binary bodies
    stream_accept_param: str
    stream_accept_argument: str
    streaming_imports: set[str] = field(default_factory=set)  # names from `_streaming`
    stream_field: str = ""  # the body field `stream=` sets (an operation with a stream switch)


def successes(op: ir.Operation) -> list[ir.Response]:
    """The responses a call returns: 2xx and 2XX, else `default`."""
    found = [r for r in op.responses if r.is_success]
    return found or [r for r in op.responses if r.status == "default"]


def _media(response: ir.Response) -> tuple[ir.ResponseMedia, ...]:
    if response.media:
        return response.media
    return (ir.ResponseMedia(response.content_type, response.kind, response.type),)


def _event_type(media: ir.ResponseMedia) -> str:
    return SERVER_SENT_EVENT if media.type == ir.ANY else annotation(media.type, "models.")


def _annotation(response: ir.Response, media: ir.ResponseMedia, is_async: bool) -> str:
    if response.kind == "empty":
        return "None"
    if media.kind == "sse":
        return f"{'AsyncStream' if is_async else 'Stream'}[{_event_type(media)}]"
    if media.kind == "text":
        return "str"
    if media.kind == "binary":
        return "bytes"
    return annotation(media.type, "models.")


def _union(texts: list[str]) -> str:
    unique = list(dict.fromkeys(texts))
    if not unique:
        return "Any"
    return " | ".join([t for t in unique if t != "None"] + [t for t in unique if t == "None"])


def _returns_for(op: ir.Operation, choice: str | None, is_async: bool) -> str:
    """The return annotation when `choice` is the accepted media type (None: the preferred)."""
    texts: list[str] = []
    for response in successes(op):
        options = _media(response)
        media = next((m for m in options if m.content_type == choice), options[0])
        texts.append(_annotation(response, media, is_async))
    return _union(texts)


def _choices(op: ir.Operation) -> list[str]:
    """The media types the caller may ask for, the preferred first ([] when there is no choice)."""
    found = successes(op)
    if not any(len(r.media) > 1 for r in found):
        return []
    return list(dict.fromkeys(m.content_type for r in found for m in r.media))


def _accept_param(choices: list[str], default: str | None) -> str:
    kinds = "Literal[" + ", ".join(literal(c) for c in choices) + "]"
    return f", accept: {kinds}" + (f" = {default}" if default else "")


def _switch_view(op: ir.Operation, switch: ir.StreamSwitch) -> ReturnsView:
    """`stream: bool = False` decides the media type asked for, and with it the return type."""
    json, sse = switch.json, switch.sse
    sync = {c: _returns_for(op, c, False) for c in (json, sse)}
    async_ = {c: _returns_for(op, c, True) for c in (json, sse)}
    union, async_union = _union([sync[json], sync[sse]]), _union([async_[json], async_[sse]])
    overloads = [
        Overload(", stream: Literal[False] = ...", sync[json], async_[json]),
        Overload(", stream: Literal[True]", sync[sse], async_[sse]),
        Overload(", stream: bool", union, async_union),
    ]
    return ReturnsView(
        returns=union,
        async_returns=async_union,
        accept_param=", stream: bool = False",
        accept_argument=f", {literal(sse)} if stream else {literal(json)}",
        accept_doc=f"stream: True: the response comes as server-sent events, returned as they arrive "
        f"(`{sync[sse]}`; asks for {sse}); False: `{sync[json]}` ({json}).",
        overloads=overloads,
        has_stream=False,
        stream_accept_param="",
        stream_accept_argument="",
        streaming_imports=_streaming_names([union, async_union], False),
        stream_field=switch.field,
    )


def has_stream(op: ir.Operation) -> bool:
    """Whether the operation gets `_stream` variants (`returns_view(op).has_stream`, without
    building the view): a binary success body, unless a `stream` switch decides the media."""
    if op.stream_switch is not None:
        return False
    return any(m.kind == "binary" and r.kind != "empty" for r in successes(op) for m in _media(r))


def returns_view(op: ir.Operation) -> ReturnsView:
    """The return annotations, accept parameter, overloads and stream variant of an operation."""
    if op.stream_switch is not None:
        return _switch_view(op, op.stream_switch)
    choices = _choices(op)
    overloads: list[Overload] = []
    if choices:
        groups: dict[tuple[str, str], list[str]] = {}
        for choice in choices:
            key = (_returns_for(op, choice, False), _returns_for(op, choice, True))
            groups.setdefault(key, []).append(choice)
        if len(groups) > 1:
            for (sync, async_), members in groups.items():
                default = "..." if choices[0] in members else None
                overloads.append(Overload(_accept_param(members, default), sync, async_))
            # A catch-all last: an `accept` typed as the whole Literal (the resource methods pass
            # theirs on; so may callers) matches it without union math, and gets the union back.
            every = [_union([_returns_for(op, c, a) for c in choices]) for a in (False, True)]
            overloads.append(Overload(_accept_param(choices, None), every[0], every[1]))
    binary = [
        m.content_type for r in successes(op) for m in _media(r) if m.kind == "binary" and r.kind != "empty"
    ]
    binary = list(dict.fromkeys(binary))
    stream_param = _accept_param(binary, literal(binary[0])) if len(binary) > 1 else ""
    if stream_param:
        stream_argument = ", accept"
    elif binary and choices:
        stream_argument = f", {literal(binary[0])}"
    else:
        stream_argument = ""
    options: list[str | None] = [*choices] or [None]
    texts = [_returns_for(op, c, a) for c in options for a in (False, True)]
    return ReturnsView(
        returns=_union([_returns_for(op, c, False) for c in options]),
        async_returns=_union([_returns_for(op, c, True) for c in options]),
        accept_param=_accept_param(choices, literal(choices[0])) if choices else "",
        accept_argument=", accept" if choices else "",
        accept_doc=f"accept: The media type to ask for: {', '.join(choices)}." if choices else "",
        overloads=overloads,
        has_stream=bool(binary),
        stream_accept_param=stream_param,
        stream_accept_argument=stream_argument,
        streaming_imports=_streaming_names(texts, bool(binary)),
    )


def _streaming_names(texts: list[str], has_stream: bool) -> set[str]:
    names = {SERVER_SENT_EVENT} if any(SERVER_SENT_EVENT in t for t in texts) else set()
    names |= {"AsyncStream"} if any("AsyncStream[" in t for t in texts) else set()
    names |= {"Stream"} if any(re.search(r"(?<!Async)Stream\[", t) for t in texts) else set()
    if has_stream:
        names |= {"BinaryStream", "AsyncBinaryStream"}
    return names


def response_spec(response: ir.Response) -> str:
    """The `ResponseSpec(...)` of one documented status, alternatives included."""
    first, *rest = _media(response)
    return _spec(first, f", alternatives=({''.join(f'{_spec(m)}, ' for m in rest)})" if rest else "")


def _spec(media: ir.ResponseMedia, extra: str = "") -> str:
    if media.kind == "sse":
        type_expr = SERVER_SENT_EVENT if media.type == ir.ANY else runtime(media.type, "models.")
    else:
        type_expr = runtime(media.type, "models.")
    args = [literal(media.kind), type_expr]
    if media.content_type:
        args.append(literal(media.content_type))
    if media.envelope:
        args.append("envelope=True")
    return f"ResponseSpec({', '.join(args)}{extra})"


def spec_needs_event(response: ir.Response) -> bool:
    """The spec expression names `ServerSentEvent` (raw events)."""
    return any(m.kind == "sse" and m.type == ir.ANY for m in _media(response))


def part_encodings(body: ir.RequestBody | None) -> list[tuple[str, str]]:
    """`(wire literal, PartEncoding(...))` for each body property not sent the default way."""
    return parts_encodings(body.parts if body is not None else ())


def parts_encodings(parts: tuple[ir.BodyPart, ...]) -> list[tuple[str, str]]:
    """`(wire literal, PartEncoding(...))` for each of these parts not sent the default way."""
    made: list[tuple[str, str]] = []
    for part in parts:
        args = [literal(part.content_type)] if part.content_type else []
        args += [f"{name}=True" for name, on in (("is_file", part.is_file), ("is_array", part.is_array)) if on]
        if part.style != "form":
            args.append(f"style={literal(part.style)}")
        if not part.explode:
            args.append("explode=False")
        if args:
            made.append((literal(part.wire), f"PartEncoding({', '.join(args)})"))
    return made
