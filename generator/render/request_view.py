"""What an operation sends: the rendered parts of its request body, per media type.

An operation whose body documents several media types gets one function whose `body` takes
the union of their types and a `content_type=` keyword (`Literal[...] | None = None`); its
`Endpoint` lists each media type as a `BodyMedia` (kind, content type, the class an instance
of which tells it apart, its part encodings). The runtime picks the media type by the
body's class, else by `content_type`, else the preferred one (the first).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import ir
from generator.render.annotations import annotation, runtime
from generator.render.media_view import part_encodings, parts_encodings
from generator.render.pyliteral import literal


@dataclass(frozen=True)
class RequestView:
    """How an operation's functions take and describe their body."""

    annotation: str  # the `body` parameter's type ("" without a body)
    choice_param: str  # `content_type: Literal[...] | None = None` with several media types, else ""
    choice_doc: str
    bodies: list[str] = field(default_factory=list)  # `BodyMedia(...)` of each media type (several only)
    imports: set[str] = field(default_factory=set)  # names from `.._base_client`


def media_of(body: ir.RequestBody) -> tuple[ir.RequestMedia, ...]:
    """Every documented media type of a body, the preferred first."""
    if body.media:
        return body.media
    return (ir.RequestMedia(body.kind, body.content_type, body.type, body.parts),)


def _annotation(media: ir.RequestMedia) -> str:
    return "BinaryContent" if media.kind == "binary" else annotation(media.type, "models.")


def _fits(media: ir.RequestMedia) -> str:
    """The class a body of this media type is an instance of ("" when its type does not say)."""
    if media.is_model:
        return runtime(media.type, "models.")
    return "str" if media.kind == "text" else ""


def _body_media(media: ir.RequestMedia) -> str:
    args = [literal(media.kind), literal(media.content_type)]
    if fits := _fits(media):
        args.append(f"fits={fits}")
    encodings = parts_encodings(media.parts)
    if encodings:
        args.append("encoding={" + ", ".join(f"{wire}: {part}" for wire, part in encodings) + "}")
    return f"BodyMedia({', '.join(args)})"


def request_view(op: ir.Operation) -> RequestView:
    """The body annotation, `content_type` parameter and `BodyMedia` list of an operation."""
    if op.body is None:
        return RequestView("", "", "")
    options = media_of(op.body)
    union = " | ".join(dict.fromkeys(_annotation(m) for m in options))
    imports = {"BinaryContent"} if any(m.kind == "binary" for m in options) else set()
    imports |= {"PartEncoding"} if part_encodings(op.body) else set()
    if len(options) == 1:
        return RequestView(union, "", "", [], imports)
    types = [m.content_type for m in options]
    choice = "content_type: Literal[" + ", ".join(literal(t) for t in types) + "] | None = None"
    doc = (
        f"content_type: The media type to send the body as: {', '.join(types)}. None: the one the "
        f"body's type tells, else {types[0]}."
    )
    bodies = [_body_media(m) for m in options]
    imports |= {"BodyMedia"} | ({"PartEncoding"} if any("PartEncoding(" in b for b in bodies) else set())
    return RequestView(union, choice, doc, bodies, imports)
