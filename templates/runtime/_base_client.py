"""The HTTP machinery shared by every endpoint: requests, credentials, responses.

Generated endpoint functions describe a call as an `Endpoint` (method, path, documented
responses, security) plus `RequestParts` (parameters and body), and hand both to
`SyncAPIClient.send` / `AsyncAPIClient.send`. This module builds the httpx request, applies
the first security scheme of the operation that the client has credentials for, and turns
the response into an `ApiResponse` or raises the typed error for its status.

Bodies: JSON; form-urlencoded (each property in its `encoding` style); multipart/form-data
(always multipart, file parts and per-part content types from `encoding`, objects as JSON
parts); binary (bytes, a file object or an iterator of chunks) and text. A body documented
in several media types (`Endpoint.bodies`) goes out in the one its class fits, else the one
the caller named (`content_type=`), else the preferred one. Responses decode
by the media type the server answered with among the documented ones (else the one asked
for in `accept`; a success in another documented media type than the one `accept` names
raises `ResponseDecodeError`); `text/event-stream` responses and `stream()` are read as they arrive
(`_streaming`).

Each call is tried again as `_retries` says, within its overall deadline, reads at most what
`_limits` allows, and fails only with this package's exceptions (`_errors`). Path values
never leave their segment (`/`, `?`, `#`, `%` are percent-encoded; an empty, `.` or `..`
value is refused). Credentials do not show in reprs, are not sent on to another host when
your `http_client` follows a redirect there, and a key sent in the query is masked in
httpx's log lines. A list or object parameter that is empty is left out of the query,
exploded or not.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import json
import os
import sys
import time
import uuid
import warnings
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Callable,
    Iterable,
    Iterator,
    Mapping,
)
from typing import IO, Any, Generic, Literal, TypeVar, Union
from urllib.parse import quote, urlencode

import httpx

from . import models
from ._codec import UNSET, DecodeError, Unset, decode, encode, encode_request
from ._auth import (
    QUERY_SECRETS,
    Credentials,
    MaskedHeaders,
    SecurityScheme,
    apply_credentials,
    origin,
    private_headers,
    safe_for_secrets,
)
from ._errors import (
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    InsecureCredentialsWarning,
    InvalidRequestError,
    ResponseDecodeError,
    error_class,
    status_message,
)
from ._limits import ACCEPT_ENCODING, DEFAULT_LIMITS, Limits, aread_body, read_body
from ._retries import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_RETRY_POLICY,
    IDEMPOTENCY_HEADER,
    Attempts,
    Deadline,
    RetryPolicy,
)
from ._retries import (
    TimeoutTypes as TimeoutTypes,
)  # generated modules import it from here
from ._streaming import (
    AsyncBinaryStream,
    AsyncStream,
    BinaryStream,
    EventDecoding,
    Stream,
    transport_errors,
)

T = TypeVar("T")
T_co = TypeVar(
    "T_co", covariant=True
)  # an `ApiResponse[Model]` is an `ApiResponse[Model | Stream[...]]`
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

ResponseKind = Literal["json", "text", "binary", "empty", "sse"]
BinaryContent = Union[bytes, IO[bytes], Iterable[bytes], AsyncIterable[bytes]]
"""A binary request body: bytes, a file opened in binary mode, or an iterator of chunks."""


@dataclasses.dataclass(frozen=True)
class ResponseSpec:
    """How one documented status decodes: the body kind and the type, per media type.

    `alternatives` are the other media types documented for the status; `envelope` (SSE)
    means the type describes the whole event rather than its JSON `data`.
    """

    kind: ResponseKind
    type: Any
    content_type: str = ""
    envelope: bool = False
    alternatives: tuple[ResponseSpec, ...] = ()

    def for_media(self, received: str, accept: str | None) -> ResponseSpec:
        """The documented media type the server answered with, else the one asked for."""
        options = (self, *self.alternatives)
        media = received.split(";")[0].strip().lower()
        for option in options:
            if _media_matches(option.content_type, media):
                return option
        return next((o for o in options if accept and o.content_type == accept), self)


def _media_matches(pattern: str, media: str) -> bool:
    pattern = pattern.lower()
    if pattern == media or pattern == "*/*":
        return bool(media)
    return pattern.endswith("/*") and media.startswith(pattern[:-1])


@dataclasses.dataclass(frozen=True)
class PartEncoding:
    """How one property of a form or multipart body is sent (from the spec's `encoding`)."""

    content_type: str = (
        ""  # multipart: the part's Content-Type ("" = a plain text field)
    )
    is_file: bool = False
    is_array: bool = False
    style: str = "form"
    explode: bool = True


BodyKind = Literal["json", "form", "multipart", "binary", "text"]


@dataclasses.dataclass(frozen=True)
class BodyMedia:
    """One documented media type of a request body, when the spec documents several.

    `fits` is the class (or classes) a body sent this way is an instance of; None when its
    type does not tell (such a media type takes the bodies no other one claims).
    """

    kind: BodyKind
    content_type: str
    fits: Any = None
    encoding: Mapping[str, PartEncoding] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """What the spec says about one operation."""

    method: str
    path: str
    responses: Mapping[str, ResponseSpec]
    security: tuple[str, ...] = ()
    auth_optional: bool = (
        False  # the spec also allows the operation without credentials
    )
    styles: tuple[
        tuple[str, str, str, bool], ...
    ] = ()  # (location, name, style, explode) if not default
    accept: str = (
        "application/json"  # the media types the spec documents for its responses
    )
    encoding: Mapping[str, PartEncoding] = dataclasses.field(
        default_factory=dict
    )  # form/multipart body
    bodies: tuple[
        BodyMedia, ...
    ] = ()  # every request media type, the preferred first (when several)


@dataclasses.dataclass
class RequestParts:
    """The values of one call: parameters by location, and the body."""

    path: dict[str, Any] = dataclasses.field(default_factory=dict)
    query: dict[str, Any] = dataclasses.field(default_factory=dict)
    headers: dict[str, Any] = dataclasses.field(default_factory=dict)
    cookies: dict[str, Any] = dataclasses.field(default_factory=dict)
    body: Any = UNSET
    body_kind: Literal["json", "form", "multipart", "binary", "text", "none"] = "none"
    content_type: str = ""
    content_type_choice: str | None = (
        None  # the media type the caller asked for (`Endpoint.bodies`)
    )
    url: str = ""  # the whole URL instead of the path (a next page's link), if given


@dataclasses.dataclass(frozen=True)
class ApiResponse(Generic[T_co]):
    """A response with its decoded body: `status_code`, `headers`, raw `content`, `parsed`."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    parsed: T_co


def _text(value: Any) -> str:
    encoded = encode(value)
    if isinstance(encoded, bool):
        return "true" if encoded else "false"
    return str(encoded)


_DEFAULT_STYLES: dict[str, tuple[str, bool]] = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", False),
}


def _style(endpoint: Endpoint, location: str, name: str) -> tuple[str, bool]:
    """How a parameter is serialized: its OpenAPI style and explode flag."""
    for where, wire, style, explode in endpoint.styles:
        if where == location and wire == name:
            return style, explode
    return _DEFAULT_STYLES[location]


def _json_text(value: Any) -> str:
    return json.dumps(encode(value), separators=(",", ":"), ensure_ascii=False)


def _query_pairs(
    name: str, value: Any, style: str, explode: bool
) -> list[tuple[str, str]]:
    """A query parameter as key/value pairs (form, spaceDelimited, pipeDelimited, deepObject)."""
    if style == "json":
        return [(name, _json_text(value))]
    data = encode(value)
    if isinstance(data, dict):
        items = [(str(k), _text(v)) for k, v in data.items() if v is not None]
        if not items:
            return []  # as an empty list
        if style == "deepObject":
            return [(f"{name}[{k}]", v) for k, v in items]
        if explode:
            return items
        return [(name, ",".join(part for item in items for part in item))]
    if isinstance(data, list):
        if not data:
            return []  # an empty list is left out, exploded or not
        texts = [_text(v) for v in data]
        if explode:
            return [(name, t) for t in texts]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, separator.join(texts))]
    return [(name, _text(data))]


def _plain(text: str) -> str:
    return text


def _path_text(
    name: str,
    value: Any,
    style: str,
    explode: bool,
    escape: Callable[[str], str] = _plain,
) -> str:
    """A path (or header, cookie) value in the simple, label or matrix style."""
    if style == "json":
        return escape(_json_text(value))
    data = encode(value)
    prefix, separator = {
        "label": (".", "." if explode else ","),
        "matrix": (";", ";" if explode else ","),
    }.get(style, ("", ","))
    if isinstance(data, dict):
        items = [
            (escape(str(k)), escape(_text(v))) for k, v in data.items() if v is not None
        ]
        parts = (
            [f"{k}={v}" for k, v in items]
            if explode
            else [part for item in items for part in item]
        )
    elif isinstance(data, list):
        parts = [escape(_text(v)) for v in data]
        if style == "matrix" and explode:
            return "".join(f";{name}={p}" for p in parts)
    else:
        parts = [escape(_text(data))]
    if style == "matrix" and not (explode and isinstance(data, dict)):
        return f";{name}=" + ",".join(parts)
    return prefix + separator.join(parts)


def _escape_path(text: str) -> str:
    return quote(text, safe="")


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters the caller gave: UNSET and None are left out of the request."""
    return {
        k: v for k, v in values.items() if v is not None and not isinstance(v, Unset)
    }


# -- request bodies -----------------------------------------------------------------------------

CHUNK_SIZE = 64 * 1024
FilePart = tuple[Union[str, None], Any, Union[str, None]]


def _body_arguments(
    endpoint: Endpoint, parts: RequestParts, headers: dict[str, str], is_async: bool
) -> dict[str, Any]:
    """The httpx arguments (`json`, `content` or `files`) for the body, and its Content-Type."""
    if parts.body_kind == "none" or isinstance(parts.body, Unset):
        return {}
    kind, content_type, encoding = (
        parts.body_kind,
        parts.content_type,
        endpoint.encoding,
    )
    if endpoint.bodies:
        media = _choose_body(endpoint.bodies, parts.body, parts.content_type_choice)
        kind, content_type, encoding = media.kind, media.content_type, media.encoding
    if kind == "json":
        headers.setdefault("Content-Type", content_type or "application/json")
        return {"json": encode_request(parts.body)}
    if kind == "form":
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        return {"content": urlencode(_form_pairs(parts.body, encoding)).encode("ascii")}
    if kind == "multipart":
        return {"files": _multipart(parts.body, encoding)}
    wildcard = "*" in content_type
    headers.setdefault(
        "Content-Type", "application/octet-stream" if wildcard else content_type
    )
    return {"content": _binary_content(parts.body, is_async)}


def _choose_body(
    options: tuple[BodyMedia, ...], body: Any, choice: str | None
) -> BodyMedia:
    """The media type a body goes out in: `choice`, else the one its class fits (multipart
    first when the body holds file content, which JSON cannot carry), else the first.

    A `choice` the body's class does not fit raises ValueError (before anything is sent).
    """

    def fits(media: BodyMedia) -> bool:
        if media.fits is not None:
            return isinstance(body, media.fits)
        return not any(o.fits is not None and isinstance(body, o.fits) for o in options)

    if choice is None:
        fitting = [o for o in options if fits(o)]
        if _holds_files(body):
            fitting.sort(
                key=lambda o: o.kind != "multipart"
            )  # stable: otherwise documented order
        return fitting[0] if fitting else options[0]
    media = next((o for o in options if o.content_type == choice), None)
    documented = ", ".join(o.content_type for o in options)
    if media is None:
        raise InvalidRequestError(
            f"content_type={choice!r} is not documented for this body (one of: {documented})"
        )
    if not fits(media):
        wanted = getattr(media.fits, "__name__", "another type")
        suited = ", ".join(o.content_type for o in options if fits(o))
        hint = (
            f"this body goes as {suited}: leave content_type out"
            if suited
            else "no media type takes this body"
        )
        raise InvalidRequestError(
            f"content_type={choice!r} does not fit a body of type {type(body).__name__} ({choice} takes {wanted}; {hint})"
        )
    return media


def _holds_files(body: Any) -> bool:
    """Whether a model body has file content (bytes or a file object) in a field."""
    if not dataclasses.is_dataclass(body) or isinstance(body, type):
        return False
    values = [getattr(body, f.name) for f in dataclasses.fields(body)]
    items = [i for v in values for i in (v if isinstance(v, list) else [v])]
    return any(
        isinstance(i, (bytes, bytearray, tuple)) or hasattr(i, "read") for i in items
    )


def _form_pairs(
    body: Any, encoding: Mapping[str, PartEncoding]
) -> list[tuple[str, str]]:
    """A form body as key/value pairs, each property in its style (default: form, exploded)."""
    pairs: list[tuple[str, str]] = []
    for key, value in encode_request(body).items():
        if value is None:
            continue
        part = encoding.get(key, PartEncoding())
        style = "json" if _is_json_media(part.content_type) else part.style
        pairs.extend(_query_pairs(key, value, style, part.explode))
    return pairs


def _is_json_media(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _multipart(
    body: Any, encoding: Mapping[str, PartEncoding]
) -> list[tuple[str, FilePart]]:
    """Every property as a part: files with a filename, objects as JSON, the rest as text."""
    files: list[tuple[str, FilePart]] = []
    for key, value in encode_request(body).items():
        part = encoding.get(key, PartEncoding())
        if value is None:
            continue
        if part.is_file:
            items = value if part.is_array and isinstance(value, list) else [value]
            files.extend(
                (key, _file_part(key, item, part.content_type)) for item in items
            )
            continue
        for item in (
            value
            if isinstance(value, list) and not _is_json_media(part.content_type)
            else [value]
        ):
            files.append((key, _field_part(key, item, part.content_type)))
    return files


def _file_part(name: str, item: Any, content_type: str) -> FilePart:
    """bytes, a file object, or a `(filename, content, content_type)` tuple, as a file part."""
    fallback = content_type or "application/octet-stream"
    if isinstance(item, (list, tuple)):
        filename, content, *rest = item
        return filename, content, (rest[0] if rest and rest[0] else fallback)
    filename = os.path.basename(str(getattr(item, "name", "") or "")) or name
    return filename, item, fallback


def _field_part(name: str, item: Any, content_type: str) -> FilePart:
    if isinstance(item, bytes) or hasattr(item, "read"):
        return _file_part(name, item, content_type)
    if isinstance(item, (dict, list)) or _is_json_media(content_type):
        return None, _json_text(item), content_type or "application/json"
    return None, _text(item), content_type or None


def _binary_content(body: Any, is_async: bool) -> Any:
    """bytes as they are; a file read in chunks; chunks handed to httpx (async ones for async)."""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):
        return body.read() if is_async else _file_chunks(body)
    if is_async and not isinstance(body, AsyncIterable):
        return _async_chunks(body)
    return body


def _file_chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK_SIZE):
        yield chunk


async def _async_chunks(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


class BaseClient:
    """Settings shared by the sync and async clients."""

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Credentials,
        schemes: Mapping[str, SecurityScheme],
        timeout: TimeoutTypes,
        headers: Mapping[str, str] | None,
        strict_responses: bool = False,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy = DEFAULT_RETRY_POLICY,
        limits: Limits = DEFAULT_LIMITS,
        errors: Mapping[type[APIStatusError], type[APIStatusError]] | None = None,
        error_body: str | None = None,
    ) -> None:
        """`errors` maps an error class to the package's subclass raised instead (its
        `body` typed); `error_body` names the model (in `models`, loaded when first needed)
        that decodes the body of an error status the operation does not document (the
        spec's shared error schema), when it fits."""
        if not base_url:
            raise ValueError(
                "no base URL: pass base_url= (the spec names no absolute server)"
            )
        if "?" in base_url or "#" in base_url:
            raise ValueError(
                f"base_url {base_url!r} has a query or fragment; pass the server and path prefix only"
            )
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.retry_policy = retry_policy
        self.limits = limits
        self._credentials = credentials
        self._schemes = dict(schemes)
        self._headers = MaskedHeaders(headers or {})
        self._strict = strict_responses
        self._errors = dict(errors or {})
        self._error_body = error_body
        self._private_headers = private_headers(self._schemes, self._headers)
        if credentials.any() and not safe_for_secrets(httpx.URL(self.base_url)):
            message = f"credentials will be sent over plain http:// to {self.base_url}; use https://"
            warnings.warn(message, InsecureCredentialsWarning, stacklevel=4)
        QUERY_SECRETS.mask(
            {
                s.name
                for s in self._schemes.values()
                if s.kind == "api_key" and s.location == "query"
            }
        )

    def _prepare(
        self,
        http: httpx.Client | httpx.AsyncClient,
        endpoint: Endpoint,
        parts: RequestParts,
        timeout: TimeoutTypes | Unset,
        accept: str | None,
        max_retries: int | Unset,
    ) -> _Call:
        """The request of one call, and how it is tried (deadline, retries)."""
        label = _label(endpoint)
        if http.is_closed:
            raise ClientClosedError(f"{label}: the client is closed; make a new one")
        effective = self.timeout if isinstance(timeout, Unset) else timeout
        deadline = Deadline(effective)
        request, replayable = self._build_request(
            http, endpoint, parts, effective, accept
        )
        retries = self.max_retries if isinstance(max_retries, Unset) else max_retries
        attempts = Attempts(retries, self.retry_policy, deadline, request, replayable)
        return _Call(
            label,
            request,
            dict(request.extensions.get("timeout", {})),
            deadline,
            attempts,
        )

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        endpoint: Endpoint,
        parts: RequestParts,
        timeout: TimeoutTypes,
        accept: str | None = None,
    ) -> tuple[httpx.Request, bool]:
        """The httpx request, and whether its body can be sent again (not a one-shot stream)."""
        path = _fill_path(endpoint, parts.path)
        headers = dict(self._headers)
        for name, value in _given(parts.headers).items():
            headers[name] = _path_text(name, value, *_style(endpoint, "header", name))
        documented_key = next(
            (n for n in parts.headers if n.lower() == IDEMPOTENCY_HEADER.lower()), None
        )
        if documented_key is not None and not any(
            n.lower() == documented_key.lower() for n in headers
        ):
            headers[documented_key] = str(
                uuid.uuid4()
            )  # the same key on every attempt of this call
        query: dict[str, Any] = {}
        for name, value in _given(parts.query).items():
            for key, text in _query_pairs(
                name, value, *_style(endpoint, "query", name)
            ):
                if key not in query:
                    query[key] = text
                elif isinstance(query[key], list):
                    query[key].append(text)
                else:
                    query[key] = [query[key], text]
        cookies: dict[str, str] = {}
        for name, value in _given(parts.cookies).items():
            style, _ = _style(endpoint, "cookie", name)
            cookies[name] = quote(
                _path_text(name, value, "json" if style == "json" else "simple", False),
                safe="",
            )
        apply_credentials(
            _label(endpoint),
            endpoint.security,
            endpoint.auth_optional,
            self._schemes,
            self._credentials,
            (headers, query, cookies),
            http.auth,
        )
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        headers.setdefault("Accept", accept or endpoint.accept)
        if not any(n.lower() == "accept-encoding" for n in headers):
            headers["Accept-Encoding"] = ACCEPT_ENCODING
        content_args = _body_arguments(
            endpoint, parts, headers, isinstance(http, httpx.AsyncClient)
        )
        _check_ascii(_label(endpoint), headers)
        # merged into the URL: `params=` would drop the query of a next page's URL
        url = httpx.URL(parts.url or self.base_url + path)
        request = http.build_request(
            endpoint.method,
            url.copy_merge_params(query) if query else url,
            headers=headers,
            timeout=timeout,
            **content_args,
        )
        content = content_args.get("content")
        return request, content is None or isinstance(content, bytes)

    def _handle(
        self, endpoint: Endpoint, response: httpx.Response, accept: str | None = None
    ) -> ApiResponse[Any]:
        spec = _spec(endpoint, response, accept)
        if 200 <= response.status_code < 300:
            try:
                parsed = _decode_body(spec, response, self._strict)
            except (DecodeError, ValueError) as exc:
                raise ResponseDecodeError(
                    f"{endpoint.method} {endpoint.path}: {response.status_code} body does not match the spec: {exc}",
                    response,
                ) from exc
            return ApiResponse(
                response.status_code, response.headers, response.content, parsed
            )
        plain = _fallback_body(response)
        if spec is None and self._error_body is not None:
            spec = ResponseSpec("json", getattr(models, self._error_body))
        try:
            body = _decode_body(
                spec, response, strict=True
            )  # else the plain JSON or text
        except (DecodeError, ValueError):
            body = plain
        cls = error_class(response.status_code)
        cls = self._errors.get(cls, cls)
        raise cls(
            status_message(_label(endpoint), response.status_code, plain),
            response,
            body,
        )

    def _events_kept_open(
        self, endpoint: Endpoint, accept: str | None
    ) -> Callable[[httpx.Response], bool]:
        """For `send`: which responses stay unread, the documented event streams asked for."""

        def keep_open(response: httpx.Response) -> bool:
            if _other_media(endpoint, response, accept):
                return False
            return _event_stream(endpoint, response, accept, self._strict) is not None

        return keep_open

    def _redirected(
        self, call: _Call, response: httpx.Response, follow: bool, max_redirects: int
    ) -> httpx.Request | None:
        """The next request when `http_client` follows redirects, private headers dropped on a host change."""
        following = response.next_request
        if following is None or not follow:
            return None
        call.redirects += 1
        if call.redirects > max_redirects:
            raise httpx.TooManyRedirects(
                f"more than {max_redirects} redirects", request=response.request
            )
        if origin(following.url) != origin(call.request.url):
            for name in self._private_headers:
                following.headers.pop(name, None)
        following.extensions["timeout"] = call.deadline.cut(call.timeouts)
        return following


@dataclasses.dataclass
class _Call:
    """One call in flight: its request, overall deadline and retry state."""

    label: str
    request: httpx.Request
    timeouts: dict[
        str, float | None
    ]  # the socket timeouts asked for, before the deadline cuts them
    deadline: Deadline
    attempts: Attempts
    redirects: int = 0

    def first_request(self) -> httpx.Request:
        """The request for the next attempt, its timeouts cut to the time left."""
        self.redirects = 0
        self.request.extensions["timeout"] = self.deadline.cut(self.timeouts)
        return self.request


def _fill_path(endpoint: Endpoint, values: Mapping[str, Any]) -> str:
    """The path with its parameters filled in; a value never leaves its segment.

    Each value is percent-encoded (`/`, `?`, `#` and `%` included); a value that would make
    its segment empty, `.` or `..` (which HTTP clients and servers resolve to another
    resource) raises `InvalidRequestError`, a `ValueError`.
    """
    texts = {
        "{"
        + name
        + "}": _path_text(
            name, value, *_style(endpoint, "path", name), escape=_escape_path
        )
        for name, value in values.items()
    }
    segments = endpoint.path.split("/")
    for index, segment in enumerate(segments):
        filled = segment
        for placeholder, text in texts.items():
            filled = filled.replace(placeholder, text)
        if filled != segment and filled in ("", ".", ".."):
            names = ", ".join(p[1:-1] for p in texts if p in segment)
            raise InvalidRequestError(
                f"{_label(endpoint)}: path parameter {names} makes the segment {filled!r}, which would "
                "address another resource; pass a non-empty value other than '.' and '..'"
            )
        segments[index] = filled
    return "/".join(segments)


def _check_ascii(label: str, headers: Mapping[str, str]) -> None:
    for name, value in headers.items():
        if not (name.isascii() and value.isascii()):
            raise InvalidRequestError(
                f"{label}: header {name.encode('ascii', 'backslashreplace').decode()} has a non-ASCII "
                "value; HTTP headers carry ASCII only (encode the value, e.g. percent-encode it)"
            )


def _match(responses: Mapping[str, ResponseSpec], status: int) -> ResponseSpec | None:
    """The documented response for a status: the exact code, else `2XX`-style, else `default`."""
    code = str(status)
    return (
        responses.get(code) or responses.get(f"{code[0]}XX") or responses.get("default")
    )


def _spec(
    endpoint: Endpoint, response: httpx.Response, accept: str | None
) -> ResponseSpec | None:
    spec = _match(endpoint.responses, response.status_code)
    return (
        spec.for_media(response.headers.get("content-type", ""), accept)
        if spec is not None
        else None
    )


def _event_stream(
    endpoint: Endpoint,
    response: httpx.Response,
    accept: str | None,
    strict: bool,
    limits: Limits = DEFAULT_LIMITS,
) -> EventDecoding | None:
    """How the events decode, when this is a success answered as a documented event stream."""
    spec = _spec(endpoint, response, accept) if response.is_success else None
    if spec is None or spec.kind != "sse":
        return None
    return EventDecoding(
        spec.type, spec.envelope, _label(endpoint), strict, limits.max_event_bytes
    )


def _other_media(
    endpoint: Endpoint, response: httpx.Response, accept: str | None
) -> str:
    """Why a success answered in another documented media type than the one asked for is an
    error ("" when it is not): the caller's code is typed by what it asked for."""
    if not accept or "," in accept or not response.is_success:
        return ""
    spec = _spec(endpoint, response, accept)
    if spec is None or not spec.content_type or spec.content_type == accept:
        return ""
    received = response.headers.get("content-type") or "no content type"
    return f"{_label(endpoint)}: asked for {accept}, the server answered {received}"


def _label(endpoint: Endpoint) -> str:
    return f"{endpoint.method} {endpoint.path}"


def _decode_body(
    spec: ResponseSpec | None, response: httpx.Response, strict: bool = False
) -> Any:
    if spec is None:
        return _fallback_body(response)
    if spec.kind == "empty":
        return None
    if spec.kind in ("text", "sse"):
        return response.text
    if spec.kind == "binary":
        return response.content
    if not response.content:
        raise DecodeError("$", "expected a JSON body, got an empty response")
    return decode(spec.type, response.json(), namespace=vars(models), strict=strict)


def _fallback_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


class SyncAPIClient(BaseClient):
    """Sends requests with an `httpx.Client` (yours, if you pass `http_client=`)."""

    def __init__(
        self, *, http_client: httpx.Client | None = None, **settings: Any
    ) -> None:
        super().__init__(**settings)
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client()

    def send(
        self,
        endpoint: Endpoint,
        parts: RequestParts,
        timeout: TimeoutTypes | Unset = UNSET,
        accept: str | None = None,
        *,
        max_retries: int | Unset = UNSET,
    ) -> ApiResponse[Any]:
        """Send one call and return its response, or raise the error for its status.

        `accept` picks one of the documented media types. An event stream is not read here:
        `parsed` is a `Stream` of its events (and `content` empty).
        """
        call = self._prepare(self._http, endpoint, parts, timeout, accept, max_retries)
        response = self._complete(call, self._events_kept_open(endpoint, accept))
        if mismatch := _other_media(endpoint, response, accept):
            raise ResponseDecodeError(mismatch, response)
        events = _event_stream(endpoint, response, accept, self._strict, self.limits)
        if events is not None:
            return ApiResponse(
                response.status_code, response.headers, b"", Stream(response, events)
            )
        return self._handle(endpoint, response, accept)

    def stream(
        self,
        endpoint: Endpoint,
        parts: RequestParts,
        timeout: TimeoutTypes | Unset = UNSET,
        accept: str | None = None,
        *,
        max_retries: int | Unset = UNSET,
    ) -> BinaryStream:
        """Send one call and return its success body unread, or raise the error for its status."""
        call = self._prepare(self._http, endpoint, parts, timeout, accept, max_retries)
        response = self._complete(call, lambda r: r.is_success)
        if not response.is_success:
            self._handle(endpoint, response, accept)
        return BinaryStream(response, call.label)

    def _complete(
        self, call: _Call, keep_open: Callable[[httpx.Response], bool]
    ) -> httpx.Response:
        """Every attempt of a call until one is final; a body not kept open is read."""
        with transport_errors(call.label):
            while True:
                try:
                    response = self._attempt(call, keep_open)
                except httpx.TransportError as exc:
                    wait = call.attempts.after_error(exc)
                    if wait is None:
                        raise
                    time.sleep(wait)
                    continue
                wait = call.attempts.after_response(response)
                if wait is None:
                    return response
                response.close()
                time.sleep(wait)

    def _attempt(
        self, call: _Call, keep_open: Callable[[httpx.Response], bool]
    ) -> httpx.Response:
        request: httpx.Request | None = call.first_request()
        while request is not None:
            if self._http.is_closed:
                raise ClientClosedError(
                    f"{call.label}: the client is closed; make a new one"
                )
            response = self._http.send(request, stream=True, follow_redirects=False)
            request = self._redirected(
                call, response, self._http.follow_redirects, self._http.max_redirects
            )
            if request is not None:
                response.close()
        if not keep_open(response):
            read_body(response, self.limits, call.deadline, call.label)
        return response

    def close(self) -> None:
        """Close the connection pool (not an `http_client` you passed in)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _on_asyncio() -> bool:
    """Whether this runs in an asyncio event loop (httpx also runs on trio)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _fail_missing_sniffio_fast() -> None:
    """Record `sniffio` as absent once, when it is not installed.

    httpcore 1.0.9 runs `import sniffio` for every lock, event and semaphore of its async
    pool; since anyio 4.11 no longer installs sniffio, each of those imports fails after a
    search of `sys.path`, several times per request (encode/httpcore#1103: about a fifth of
    the time of 2,000 async calls). A `None` entry in `sys.modules` makes the same import
    fail at once, with the same `ImportError`, so httpcore takes its asyncio path as before.
    """
    if "sniffio" not in sys.modules:
        try:
            importlib.import_module("sniffio")
        except ImportError:
            sys.modules["sniffio"] = None  # type: ignore[assignment]


class AsyncAPIClient(BaseClient):
    """Sends requests with an `httpx.AsyncClient` (yours, if you pass `http_client=`)."""

    def __init__(
        self, *, http_client: httpx.AsyncClient | None = None, **settings: Any
    ) -> None:
        super().__init__(**settings)
        _fail_missing_sniffio_fast()
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient()

    async def send(
        self,
        endpoint: Endpoint,
        parts: RequestParts,
        timeout: TimeoutTypes | Unset = UNSET,
        accept: str | None = None,
        *,
        max_retries: int | Unset = UNSET,
    ) -> ApiResponse[Any]:
        """Send one call and return its response, or raise the error for its status.

        `accept` picks one of the documented media types. An event stream is not read here:
        `parsed` is an `AsyncStream` of its events (and `content` empty).
        """
        call = self._prepare(self._http, endpoint, parts, timeout, accept, max_retries)
        response = await self._complete(call, self._events_kept_open(endpoint, accept))
        if mismatch := _other_media(endpoint, response, accept):
            raise ResponseDecodeError(mismatch, response)
        events = _event_stream(endpoint, response, accept, self._strict, self.limits)
        if events is not None:
            return ApiResponse(
                response.status_code,
                response.headers,
                b"",
                AsyncStream(response, events),
            )
        return self._handle(endpoint, response, accept)

    async def stream(
        self,
        endpoint: Endpoint,
        parts: RequestParts,
        timeout: TimeoutTypes | Unset = UNSET,
        accept: str | None = None,
        *,
        max_retries: int | Unset = UNSET,
    ) -> AsyncBinaryStream:
        """Send one call and return its success body unread, or raise the error for its status."""
        call = self._prepare(self._http, endpoint, parts, timeout, accept, max_retries)
        response = await self._complete(call, lambda r: r.is_success)
        if not response.is_success:
            self._handle(endpoint, response, accept)
        return AsyncBinaryStream(response, call.label)

    async def _complete(
        self, call: _Call, keep_open: Callable[[httpx.Response], bool]
    ) -> httpx.Response:
        """Every attempt of a call until one is final, cancelled when the call's deadline passes.

        On an event loop other than asyncio (trio) the call is tried once, and bounded the way
        sync calls are (socket timeouts cut to the time left, the body read checked).
        """
        left = call.deadline.remaining()
        if left is None or not _on_asyncio():
            return await self._attempts(call, keep_open)
        try:
            return await asyncio.wait_for(self._attempts(call, keep_open), left)
        except asyncio.TimeoutError as exc:
            raise APITimeoutError(
                f"{call.label} timed out (the call's timeout of {call.deadline.seconds} s passed)"
            ) from exc

    async def _attempts(
        self, call: _Call, keep_open: Callable[[httpx.Response], bool]
    ) -> httpx.Response:
        with transport_errors(call.label):
            while True:
                try:
                    response = await self._attempt(call, keep_open)
                except httpx.TransportError as exc:
                    wait = call.attempts.after_error(exc)
                    if wait is None or not _on_asyncio():
                        raise
                    await asyncio.sleep(wait)
                    continue
                wait = call.attempts.after_response(response)
                if wait is None or not _on_asyncio():
                    return response
                await response.aclose()
                await asyncio.sleep(wait)

    async def _attempt(
        self, call: _Call, keep_open: Callable[[httpx.Response], bool]
    ) -> httpx.Response:
        request: httpx.Request | None = call.first_request()
        while request is not None:
            if self._http.is_closed:
                raise ClientClosedError(
                    f"{call.label}: the client is closed; make a new one"
                )
            response = await self._http.send(
                request, stream=True, follow_redirects=False
            )
            request = self._redirected(
                call, response, self._http.follow_redirects, self._http.max_redirects
            )
            if request is not None:
                await response.aclose()
        if not keep_open(response):
            await aread_body(response, self.limits, call.deadline, call.label)
        return response

    async def aclose(self) -> None:
        """Close the connection pool (not an `http_client` you passed in)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
