"""Stage 4d, normalize request bodies and responses: media types into IR.

A request body keeps every documented media type, the preferred first (JSON, then form,
multipart, binary, text); a second inline schema is named after its media type
(`<Operation>BodyMultipart`, `<Operation>BodyJson`). Form and
multipart bodies get one `BodyPart` per property: its `encoding` (content type, style,
explode) or the OpenAPI defaults (files `application/octet-stream`, objects
`application/json`, the rest plain text; form style, exploded). Properties of a multipart
body that are `format: binary` (or arrays of them) become file parts typed `FileContent`.

Every documented media type of a response gets a decoding kind: JSON into its named type,
`text/*` as `str`, binary (`application/octet-stream`, `audio/*`, `image/*`, any
`format: binary` schema) as `bytes`, `text/event-stream` as events (`sse`): decoded into
the schema's type, or raw `ServerSentEvent`s when it has no JSON schema; a union variant
describing only the `data: [DONE]` event that ends a stream is left out of the type, as the
stream never yields it. An event-stream
whose schema is binary is read as a binary stream (with a warning).
A response's second JSON media type names its type by what it says beyond JSON
(`application/vnd.github.v3.star+json` -> `<Operation>ResponseStar`), not by a number.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, cast

from generator import ir
from generator.context import Context
from generator.naming import media_type_word
from generator.nodes import location_of
from generator.normalize.schemas import SchemaConverter, text
from generator.resolve import Resolution

STATUS = re.compile(r"^([1-5][0-9][0-9]|[1-5]XX|default)$", re.IGNORECASE)
_BODY_PREFERENCE = {"json": 0, "form": 1, "multipart": 2, "binary": 3, "text": 4}
_RESPONSE_PREFERENCE = {"json": 0, "binary": 1, "text": 2, "sse": 3, "empty": 4}
_SSE_FIELDS = {"data", "event", "id", "retry"}
DONE = "[DONE]"  # the `data` of the event that ends a stream (OpenAI style); never yielded


def _media_type(content_type: str) -> str:
    return content_type.lower().split(";")[0].strip()


def media_kind(content_type: str) -> str:
    """How a media type is sent or read: json, form, multipart, text, sse or binary."""
    ct = _media_type(content_type)
    if ct == "application/json" or ct.endswith("+json"):
        return "json"
    if ct == "application/x-www-form-urlencoded":
        return "form"
    if ct.startswith("multipart/"):
        return "multipart"
    if ct == "text/event-stream":
        return "sse"
    if ct.startswith("text/"):
        return "text"
    return "binary"


def _is_binary(resolution: Resolution, schema: Any) -> bool:
    schema = resolution.deref(schema)
    if not isinstance(schema, dict):
        return False
    return schema.get("format") == "binary" or (
        schema.get("type") == "string" and "contentMediaType" in schema and "contentEncoding" not in schema
    )


def _is_structured(resolution: Resolution, schema: Any) -> bool:
    """An object, array or union schema: JSON data even under a wildcard media type."""
    schema = resolution.deref(schema)
    if not isinstance(schema, dict):
        return False
    kinds: list[Any] = schema["type"] if isinstance(schema.get("type"), list) else [schema.get("type")]
    return bool({"object", "array"} & set(kinds)) or any(
        k in schema for k in ("properties", "oneOf", "anyOf", "allOf", "items")
    )


# -- request bodies -----------------------------------------------------------------------------


def request_body(
    resolution: Resolution, converter: SchemaConverter, ctx: Context, operation: dict[str, Any], hint: str
) -> ir.RequestBody | None:
    """The body of an operation: every documented media type, the preferred one first."""
    body = resolution.deref(operation.get("requestBody"))
    if not isinstance(body, dict) or not isinstance(body.get("content"), dict) or not body["content"]:
        return None
    ranked = sorted(body["content"].items(), key=lambda kv: _body_rank(str(kv[0])))
    names = _request_names([str(ct) for ct, _ in ranked], f"{hint}Body")
    made = [_request_media(resolution, converter, ctx, str(ct), m, names[str(ct)]) for ct, m in ranked]
    first = made[0]
    required = body.get("required") is True
    doc = text(body.get("description"))
    return ir.RequestBody(first.kind, first.content_type, first.type, required, doc, first.parts, tuple(made))


def _request_names(content_types: list[str], name: str) -> dict[str, str]:
    """The type name of each media type's inline schema: `name` for the preferred one, `name`
    + a word for the others: what a JSON one says beyond JSON (else `Json`), else its kind
    (`<name>Multipart`, `<name>Form`)."""
    names: dict[str, str] = {}
    for index, ct in enumerate(content_types):
        kind = _body_kind(ct)
        word = (media_type_word(ct) if kind == "json" else "") or kind.title()
        names[ct] = name if index == 0 else f"{name}{word}"
    return names


def _request_media(
    resolution: Resolution, converter: SchemaConverter, ctx: Context, content_type: str, media: Any, name: str
) -> ir.RequestMedia:
    kind = _body_kind(content_type)
    schema = media.get("schema") if isinstance(media, dict) else None
    parts: tuple[ir.BodyPart, ...] = ()
    if kind == "binary":
        btype: ir.TypeExpr = ir.Primitive("bytes")
    elif kind == "text":
        btype = ir.Primitive("str")
    else:
        btype = converter.named(schema, name) if schema is not None else ir.ANY
    if kind in ("form", "multipart"):
        encoding = media.get("encoding") if isinstance(media, dict) else None
        parts = _body_parts(resolution, ctx, kind, schema, encoding if isinstance(encoding, dict) else {})
        if kind == "multipart":
            _type_file_fields(converter, btype, parts)
    is_model = isinstance(btype, ir.Ref) and isinstance(converter.defined(btype.name), ir.Model)
    return ir.RequestMedia(kind, content_type, btype, parts, is_model)


def _body_kind(content_type: str) -> ir.BodyKind:
    kind = media_kind(content_type)
    return cast(ir.BodyKind, "text" if kind == "sse" else kind)


def _body_rank(content_type: str) -> int:
    return _BODY_PREFERENCE[_body_kind(content_type)]


def _properties(resolution: Resolution, schema: Any, depth: int = 0) -> dict[str, Any]:
    """The properties of an object schema, through `$ref` and `allOf`."""
    schema = resolution.deref(schema)
    if not isinstance(schema, dict) or depth > 16:
        return {}
    found: dict[str, Any] = {}
    for part in schema.get("allOf") or []:
        found.update(_properties(resolution, part, depth + 1))
    if isinstance(schema.get("properties"), dict):
        found.update({str(k): resolution.deref(v) for k, v in schema["properties"].items()})
    return found


def _body_parts(
    resolution: Resolution, ctx: Context, kind: str, schema: Any, encoding: dict[str, Any]
) -> tuple[ir.BodyPart, ...]:
    parts: list[ir.BodyPart] = []
    for wire, prop in _properties(resolution, schema).items():
        is_array = kind == "multipart" and isinstance(prop, dict) and prop.get("type") == "array"
        item = resolution.deref(prop.get("items")) if is_array else prop
        is_file = kind == "multipart" and _is_binary(resolution, item)
        declared: dict[str, Any] = encoding[wire] if isinstance(encoding.get(wire), dict) else {}
        content_type = str(declared.get("contentType") or "").split(",")[0].strip()
        if content_type.lower().startswith("multipart/"):
            ctx.diagnostics.warn(
                location_of(declared),
                f"encoding of part {wire!r} gives content type {content_type!r}, which a part cannot have; "
                "ignored",
            )
            content_type = ""
        if not content_type and kind == "multipart":
            content_type = _default_part_type(resolution, item, is_file)
        style = str(declared.get("style") or "form")
        explode = declared.get("explode", style == "form") is True
        parts.append(ir.BodyPart(wire, content_type, is_file, is_array, style, explode))
    return tuple(parts)


def _default_part_type(resolution: Resolution, item: Any, is_file: bool) -> str:
    """OpenAPI's default part content type: files octet-stream (or their 3.1
    `contentMediaType`), objects JSON, else plain text."""
    if is_file:
        media = resolution.deref(item).get("contentMediaType")
        return str(media) if isinstance(media, str) and media else "application/octet-stream"
    return "application/json" if _is_structured(resolution, item) else ""


def _type_file_fields(converter: SchemaConverter, btype: ir.TypeExpr, parts: tuple[ir.BodyPart, ...]) -> None:
    """The file parts of a multipart body model accept bytes, a file object or a tuple.

    The model is changed in place: a component schema used both as a multipart body and
    in JSON (rare, as `format: binary` means raw octets) gets `FileContent` fields in both.
    """
    files = {p.wire: p for p in parts if p.is_file}
    model = converter.defined(btype.name) if isinstance(btype, ir.Ref) else None
    if not files or not isinstance(model, ir.Model):
        return
    for index, field in enumerate(model.fields):
        part = files.get(field.wire)
        if part is None:
            continue
        ftype: ir.TypeExpr = ir.Primitive("file")
        ftype = ir.ListOf(ftype) if part.is_array else ftype
        if isinstance(field.type, ir.UnionOf) and ir.NONE in field.type.variants:
            ftype = ir.nullable(ftype)
        model.fields[index] = dataclasses.replace(field, type=ftype)


# -- responses ----------------------------------------------------------------------------------


def responses(
    resolution: Resolution, converter: SchemaConverter, ctx: Context, operation: dict[str, Any], hint: str
) -> list[ir.Response]:
    """Every documented status (`200`, `2XX`, `default`) with all its media types."""
    raw = operation.get("responses")
    if not isinstance(raw, dict):
        return []
    documented = [(str(s), r) for s, r in raw.items() if STATUS.match(str(s))]
    successes = [s.upper() for s, _ in documented if s.startswith("2")]
    result: list[ir.Response] = []
    for status, response in documented:
        response = resolution.deref(response)
        status = status.upper() if status.lower() != "default" else "default"
        suffix = "" if successes == [status] else status.title().replace("Xx", "XX")
        result.append(_response(resolution, converter, ctx, status, response, f"{hint}Response{suffix}"))
    return result


def _response(
    resolution: Resolution, converter: SchemaConverter, ctx: Context, status: str, response: Any, name: str
) -> ir.Response:
    doc = text(response.get("description")) if isinstance(response, dict) else ""
    content = response.get("content") if isinstance(response, dict) else None
    headers = response.get("headers") if isinstance(response, dict) else None
    names = tuple(str(h).lower() for h in headers) if isinstance(headers, dict) else ()
    if not isinstance(content, dict) or not content:
        return ir.Response(status, "empty", "", ir.NONE, doc, headers=names)
    types = _media_names([str(ct) for ct in content], name)
    made = [_media(resolution, converter, ctx, str(ct), m, types[str(ct)]) for ct, m in content.items()]
    made.sort(key=lambda m: _RESPONSE_PREFERENCE[m.kind])
    first = made[0]
    return ir.Response(status, first.kind, first.content_type, first.type, doc, tuple(made), names)


def _media_names(content_types: list[str], name: str) -> dict[str, str]:
    """The type name of each media type's schema: `name` for `application/json` (else the
    first JSON one), `name` + what the others say beyond JSON for the other JSON ones
    (`application/vnd.github.v3.star+json` -> `<name>Star`)."""
    jsons = [ct for ct in content_types if media_kind(ct) == "json"]
    words = {ct: media_type_word(ct) for ct in jsons}
    plain = next((ct for ct in jsons if not words[ct]), jsons[0] if jsons else "")
    unique = [w for w in words.values() if w and list(words.values()).count(w) == 1]
    return {ct: f"{name}{words[ct]}" if ct in jsons and ct != plain and words[ct] in unique else name for ct in content_types}


def _media(
    resolution: Resolution, converter: SchemaConverter, ctx: Context, content_type: str, media: Any, name: str
) -> ir.ResponseMedia:
    schema = media.get("schema") if isinstance(media, dict) else None
    kind = media_kind(content_type)
    if kind == "sse":
        return _event_stream(resolution, converter, ctx, content_type, schema, name)
    if _is_binary(resolution, schema):
        return ir.ResponseMedia(content_type, "binary", ir.Primitive("bytes"))
    if kind == "json" or (kind == "binary" and "*" in content_type and _is_structured(resolution, schema)):
        rtype = converter.named(schema, name) if schema is not None else ir.ANY
        return ir.ResponseMedia(content_type, "json", rtype)
    if kind == "text":
        return ir.ResponseMedia(content_type, "text", ir.Primitive("str"))
    return ir.ResponseMedia(content_type, "binary", ir.Primitive("bytes"))


def _event_stream(
    resolution: Resolution, converter: SchemaConverter, ctx: Context, content_type: str, schema: Any, name: str
) -> ir.ResponseMedia:
    if _is_binary(resolution, schema):
        ctx.diagnostics.warn(
            location_of(schema),
            f"{content_type} response documented as binary data; read as a binary stream, not as events",
        )
        return ir.ResponseMedia(content_type, "binary", ir.Primitive("bytes"))
    if not _is_structured(resolution, schema):
        return ir.ResponseMedia(content_type, "sse", ir.ANY)
    event_type = _yielded(converter, converter.named(schema, f"{name}Event"), _end_markers(resolution, converter, schema))
    return ir.ResponseMedia(content_type, "sse", event_type, _is_envelope(resolution, schema))


def _end_markers(resolution: Resolution, converter: SchemaConverter, schema: Any) -> list[ir.TypeExpr]:
    """The types of the union variants that only describe the `data: [DONE]` event ending a
    stream (as a string, or as a whole event whose `data` is it): the stream never yields it."""
    schema = resolution.deref(schema)
    variants = (schema.get("oneOf") or schema.get("anyOf")) if isinstance(schema, dict) else None
    if not isinstance(variants, list):
        return []
    return [converter.expr(v, "") for v in variants if _is_done(resolution, v) or _is_done(resolution, _data_of(resolution, v))]


def _data_of(resolution: Resolution, schema: Any) -> Any:
    props = _properties(resolution, schema)
    return props.get("data") if set(props) <= _SSE_FIELDS else None


def _is_done(resolution: Resolution, schema: Any) -> bool:
    schema = resolution.deref(schema)
    if not isinstance(schema, dict):
        return False
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    return values == [DONE]


def _yielded(converter: SchemaConverter, event_type: ir.TypeExpr, dropped: list[ir.TypeExpr]) -> ir.TypeExpr:
    """The event type without the `dropped` variants of its union (itself when none is)."""
    union = event_type
    if isinstance(event_type, ir.Ref):
        first = converter.defined(event_type.name)  # by its index; the first alias of that name else
        alias = first if isinstance(first, ir.Alias) else next(
            (d for d in converter.definitions if isinstance(d, ir.Alias) and d.name == event_type.name), None
        )
        union = alias.target if alias is not None else event_type
    if not dropped or not isinstance(union, ir.UnionOf):
        return event_type
    kept = tuple(variant for variant in union.variants if variant not in dropped)
    if not kept or len(kept) == len(union.variants):
        return event_type
    return kept[0] if len(kept) == 1 else ir.UnionOf(kept)


def _is_envelope(resolution: Resolution, schema: Any) -> bool:
    """The schema describes whole events (properties among data/event/id/retry, with data)."""
    schema = resolution.deref(schema)
    if not isinstance(schema, dict):
        return False
    variants = schema.get("oneOf") or schema.get("anyOf")
    if isinstance(variants, list) and variants:
        return all(_is_envelope(resolution, v) for v in variants)
    props = _properties(resolution, schema)
    return "data" in props and set(props) <= _SSE_FIELDS
