"""The intermediate representation: what will be written, with every decision already made.

Normalize builds it from the resolved document; render turns it into files. Type
expressions are a small algebra (`Primitive`, `ListOf`, `MapOf`, `TupleOf`, `UnionOf`,
`LiteralOf`, `Ref`); definitions are models, enums and aliases; operations carry their
parameters, body and responses; `ApiSpec` holds it all plus the client's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from generator.diagnostics import Location
from generator.naming import ClassName, PyIdentifier

PrimitiveName = Literal["str", "int", "float", "bool", "datetime", "date", "bytes", "file", "any", "none"]
JsonScalar = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class Primitive:
    name: PrimitiveName


@dataclass(frozen=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True)
class MapOf:
    value: TypeExpr


@dataclass(frozen=True)
class TupleOf:
    items: tuple[TypeExpr, ...]


@dataclass(frozen=True)
class UnionOf:
    """Alternatives; `Primitive("none")` among them means nullable."""

    variants: tuple[TypeExpr, ...]


@dataclass(frozen=True)
class LiteralOf:
    values: tuple[JsonScalar, ...]


@dataclass(frozen=True)
class Ref:
    """A named definition (model, enum or alias) in the models module."""

    name: ClassName


TypeExpr = Union[Primitive, ListOf, MapOf, TupleOf, UnionOf, LiteralOf, Ref]
NONE = Primitive("none")
ANY = Primitive("any")


def nullable(expr: TypeExpr) -> TypeExpr:
    """`expr | None`, flattened."""
    if expr == NONE or expr == ANY:
        return expr
    variants = expr.variants if isinstance(expr, UnionOf) else (expr,)
    if NONE in variants:
        return expr
    return UnionOf((*variants, NONE))


class Unsupplied:
    """The type of `NO_DEFAULT`: a field whose schema documents no default."""

    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT = Unsupplied()


@dataclass(frozen=True)
class Field:
    """One model attribute: its Python name, wire name, type and documentation."""

    name: PyIdentifier
    wire: str
    type: TypeExpr
    required: bool
    doc: str
    deprecated: bool = False
    read_only: bool = False  # sent by the server only: never required, left out of requests
    write_only: bool = False  # sent by the client only: never required (absent in responses)
    default: JsonScalar | Unsupplied = NO_DEFAULT  # the documented default, shown in docstrings


def fixed_value(f: Field) -> bool:
    """A one-value Literal field: it defaults to that value (`role: Literal["system"]`)."""
    return isinstance(f.type, LiteralOf) and len(f.type.values) == 1


@dataclass
class Model:
    """A dataclass; `extra` types the additionalProperties kept beside the known fields."""

    name: ClassName
    doc: str
    fields: list[Field]
    extra: TypeExpr
    location: Location | None
    schema_name: str | None = None


@dataclass(frozen=True)
class EnumMember:
    name: PyIdentifier
    value: str | int


@dataclass
class Enum:
    """An open enum: unknown values decode to pseudo-members instead of failing."""

    name: ClassName
    doc: str
    base: Literal["str", "int"]
    members: list[EnumMember]
    location: Location | None
    schema_name: str | None = None


@dataclass
class Alias:
    """A named type expression (unions, lists, primitives, references)."""

    name: ClassName
    doc: str
    target: TypeExpr
    location: Location | None
    schema_name: str | None = None
    discriminator: Discriminator | None = None


@dataclass(frozen=True)
class Discriminator:
    """Union decoding by a property: wire value -> variant class name."""

    property: str
    mapping: tuple[tuple[str, ClassName], ...]


Definition = Union[Model, Enum, Alias]

ParamLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True)
class Parameter:
    name: PyIdentifier
    wire: str
    location: ParamLocation
    type: TypeExpr
    required: bool
    doc: str
    explode: bool = True
    style: str = ""  # OpenAPI serialization style ("" = the location's default); "json" for `content`
    default: JsonScalar | Unsupplied = NO_DEFAULT  # the documented default, shown in docstrings


BodyKind = Literal["json", "form", "multipart", "binary", "text"]


@dataclass(frozen=True)
class BodyPart:
    """How one property of a form or multipart body is sent (OpenAPI `encoding` and defaults)."""

    wire: str
    content_type: str  # multipart: the part's Content-Type ("" = a plain text field)
    is_file: bool = False  # multipart: a file part (`format: binary`), or an array of them
    is_array: bool = False
    style: str = "form"  # form: form, spaceDelimited, pipeDelimited, deepObject
    explode: bool = True


@dataclass(frozen=True)
class RequestMedia:
    """One documented media type of a request body: how it is sent and its type.

    `is_model`: `type` names a model class, so an instance of it tells this media type apart.
    """

    kind: BodyKind
    content_type: str
    type: TypeExpr
    parts: tuple[BodyPart, ...] = ()
    is_model: bool = False


@dataclass(frozen=True)
class RequestBody:
    """An operation's request body. `kind`, `content_type`, `type` and `parts` are those of the
    preferred media type; `media` lists every documented one, the preferred first."""

    kind: BodyKind
    content_type: str
    type: TypeExpr
    required: bool
    doc: str
    parts: tuple[BodyPart, ...] = ()  # form and multipart bodies: per-property encoding
    media: tuple[RequestMedia, ...] = ()


ResponseKind = Literal["json", "text", "binary", "empty", "sse"]


@dataclass(frozen=True)
class ResponseMedia:
    """One documented media type of a response and how its body decodes.

    For `sse` (text/event-stream), `type` is each event's type: `ANY` means the raw
    `ServerSentEvent`; `envelope` means the schema describes the whole event (`data`,
    `event`, `id`, `retry`) rather than the JSON in its `data`.
    """

    content_type: str
    kind: ResponseKind
    type: TypeExpr
    envelope: bool = False


@dataclass(frozen=True)
class Response:
    """One documented status (`200`, `4XX`, `default`) and how its body decodes.

    `kind`, `content_type` and `type` are those of the preferred media type; `media` lists
    every documented one, the preferred first.
    """

    status: str
    kind: ResponseKind
    content_type: str
    type: TypeExpr
    doc: str
    media: tuple[ResponseMedia, ...] = ()
    headers: tuple[str, ...] = ()  # the documented response headers, lowercased (`link`)

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")


@dataclass
class Operation:
    operation_id: str
    function: PyIdentifier
    method: str
    path: str
    summary: str
    doc: str
    parameters: list[Parameter]
    body: RequestBody | None
    responses: list[Response]
    returns: TypeExpr
    security: tuple[str, ...]
    deprecated: bool
    location: Location | None
    stream_switch: StreamSwitch | None = None
    auth_optional: bool = False  # a `{}` security requirement: callable without credentials
    arguments: tuple[Field, ...] = ()  # body properties taken as keyword arguments (required first)
    paging: Paging | None = None  # a list that continues on further pages: `<function>_iter`
    method_name: PyIdentifier = PyIdentifier("")  # on its resource (`create`); `function` in the module


@dataclass(frozen=True)
class StreamSwitch:
    """A boolean body field (Python name) that makes a success answer an event stream, not JSON."""

    field: str
    json: str  # the content type asked for when it is False
    sse: str  # ... and when it is True


PagingKind = Literal["token", "cursor", "url", "link", "offset", "page"]
AttributePath = tuple[PyIdentifier, ...]  # Python attribute names, from the page down


@dataclass(frozen=True)
class Paging:
    """How a list operation's next page is asked for (`generator.normalize.pagination`).

    `items` leads to the page's list (`()`: the page is the list) of `item` values; `param` is
    the query parameter (wire name) the next value goes in; `next` leads to the next token
    (`token`, `cursor`) or URL (`url`); `item_key` is the attribute of the last item that is
    the next cursor when the page has no `next` (`cursor`, Stripe's `id`); `has_more` and
    `total` lead to a flag and a count of items or pages (`total_pages`) that end the list.
    """

    kind: PagingKind
    items: AttributePath
    item: TypeExpr
    param: str = ""
    next: AttributePath = ()
    item_key: str = ""
    has_more: AttributePath = ()
    total: AttributePath = ()
    total_pages: AttributePath = ()
    first_page: int = 1  # `page`: the number of the first page (the parameter's default)


@dataclass
class Group:
    """The operations of one tag: one module, one resource attribute on the client."""

    module: PyIdentifier
    tag: str  # "" for untagged operations grouped by their path
    operations: list[Operation] = field(default_factory=list)
    path_prefix: str = ""  # untagged: the path they share up to the group's segment (`/v1/customers`)
    resource: ClassName = ClassName("")  # its resource class, unique across groups (`BillingResource`)


@dataclass(frozen=True)
class SecurityScheme:
    """How the client authenticates: a bearer token, an API key, or basic credentials."""

    key: str
    kind: Literal["bearer", "basic", "api_key"]
    location: Literal["header", "query", "cookie"]
    parameter: str  # header/query/cookie name that carries the credential


@dataclass(frozen=True)
class Server:
    """A documented server: its key for `Client(server=...)`, URL template and variable defaults."""

    key: str
    url: str
    description: str
    variables: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ErrorClass:
    """A runtime error class (`NotFoundError`), its statuses, and what its `body` may decode to
    (besides the plain JSON or text of a body that does not fit)."""

    name: ClassName
    statuses: str  # "404", "5xx", for docs
    body: tuple[TypeExpr, ...]


@dataclass
class ApiSpec:
    """The whole API as it will be generated."""

    package: PyIdentifier
    title: str
    version: str
    base_url: str
    definitions: list[Definition]
    groups: list[Group]
    security: list[SecurityScheme]
    env_prefix: str
    sources: list[str]
    schema_names: dict[str, ClassName] = field(default_factory=dict)
    servers: list[Server] = field(default_factory=list)
    webhooks: list[tuple[str, ClassName]] = field(default_factory=list)  # name -> payload model
    files_read: list[str] = field(default_factory=list)  # every file the spec was read from ($refs too)
    errors: list[ErrorClass] = field(default_factory=list)  # the error classes whose `body` is typed
    shared_error: TypeExpr | None = None  # decodes the body of an error status no operation documents
    inline_places: dict[str, ClassName] = field(default_factory=dict)  # JSON pointer -> inline class (name lock)

    @property
    def takes_api_key(self) -> bool:
        """The client accepts `api_key=` (a bearer token or an API key scheme exists)."""
        return any(s.kind in {"bearer", "api_key"} for s in self.security)

    @property
    def takes_basic_auth(self) -> bool:
        """The client accepts `username=` / `password=`."""
        return any(s.kind == "basic" for s in self.security)

    @property
    def environment(self) -> dict[str, str]:
        """The environment variables the client reads, by setting (`api_key` -> `OPENAI_API_KEY`)."""
        settings = ["base_url"] + ["api_key"] * self.takes_api_key + ["username", "password"] * self.takes_basic_auth
        return {setting: f"{self.env_prefix}_{setting.upper()}" for setting in settings}
