"""The client classes' view: credentials, env variables, base URL, resource attributes."""

from __future__ import annotations

from dataclasses import dataclass

from generator import ir
from generator.naming import NameRegistry
from generator.render.pyliteral import docstring, literal
from generator.render.views import resource_names

_CLIENT_ATTRIBUTES = {  # SyncAPIClient's own
    "base_url", "timeout", "max_retries", "retry_policy", "limits", "send", "stream", "close", "aclose"
}
_CLIENT_ATTRIBUTES |= {"functools"}  # the decorator of the lazy resource properties


@dataclass(frozen=True)
class ClientClassView:
    name: str
    base: str
    http_type: str
    is_async: bool
    docstring: str


@dataclass(frozen=True)
class ResourceAttribute:
    module: str
    attribute: str
    resource: str
    async_resource: str
    attribute_docstring: str


@dataclass(frozen=True)
class ClientView:
    base_url_literal: str
    schemes: list[tuple[str, str, str, str]]
    has_api_key: bool
    has_basic: bool
    env_base_url: str
    env_api_key: str
    env_username: str
    env_password: str
    credential_hint_literal: str
    classes: list[ClientClassView]
    servers: list[tuple[str, str, str]]  # key, URL template, variable defaults (all literals)


def resource_attributes(groups: list[ir.Group]) -> list[ResourceAttribute]:
    """Client attribute names for the resources, kept clear of the client's own."""
    names = NameRegistry(set(_CLIENT_ATTRIBUTES))
    return [
        ResourceAttribute(
            g.module,
            names.claim(f"{g.module}_" if g.module in _CLIENT_ATTRIBUTES else g.module),
            *resource_names(g),
            docstring(f"The {g.module} endpoints."),
        )
        for g in groups
    ]


def _class_doc(spec: ir.ApiSpec, is_async: bool) -> str:
    kind = "Asynchronous" if is_async else "Synchronous"
    lines = [f"{kind} client for {spec.title}.", "", "Args:"]
    if spec.takes_api_key:
        lines.append(f"    api_key: The API key; defaults to the {spec.env_prefix}_API_KEY environment variable.")
    if spec.takes_basic_auth:
        lines.append(f"    username: For HTTP basic auth; defaults to {spec.env_prefix}_USERNAME.")
        lines.append(f"    password: For HTTP basic auth; defaults to {spec.env_prefix}_PASSWORD.")
    lines += [
        f"    base_url: The server; defaults to {spec.env_prefix}_BASE_URL, then {spec.base_url or 'none'}.",
        "    server: A documented server, by key or position in SERVERS (used when base_url",
        f"        is not given; wins over {spec.env_prefix}_BASE_URL).",
        "    server_variables: Values for the `{name}` placeholders of that server's URL",
        "        (the documented defaults fill the rest).",
        "    timeout: Seconds (or an httpx.Timeout) a call may take, retries included; each",
        "        call may override it. None: no bound.",
        "    max_retries: How often a failed call is tried again (connection errors, 408,",
        "        409, 429, 5xx; POST and PATCH only with an Idempotency-Key); each call may",
        "        override it.",
        "    retry_policy: The waits between retries (RetryPolicy: backoff, Retry-After cap).",
        "    limits: Size caps on responses (Limits: body, decompressed body, event).",
        "    headers: Extra headers sent with every request.",
        "    http_client: An httpx client of your own (proxies, transports, event hooks).",
        "    strict_responses: Raise ResponseDecodeError when a success body does not fit its",
        "        schema, instead of keeping what does not fit as received.",
    ]
    return "\n".join(lines)


def _credential_hint(spec: ir.ApiSpec) -> str:
    """How to give the client credentials, for the error a call that needs them raises."""
    ways = []
    if spec.takes_api_key:
        ways.append(f"pass api_key= to the client or set {spec.env_prefix}_API_KEY")
    if spec.takes_basic_auth:
        ways.append(f"pass username= and password= or set {spec.env_prefix}_USERNAME and {spec.env_prefix}_PASSWORD")
    return "; or ".join(ways)


def client_view(spec: ir.ApiSpec) -> ClientView:
    prefix = spec.env_prefix
    classes = [
        ClientClassView(name, base, http, is_async, docstring(_class_doc(spec, is_async)))
        for name, base, http, is_async in (
            ("Client", "SyncAPIClient", "httpx.Client", False),
            ("AsyncClient", "AsyncAPIClient", "httpx.AsyncClient", True),
        )
    ]
    return ClientView(
        base_url_literal=literal(spec.base_url),
        schemes=[(literal(s.key), literal(s.kind), literal(s.location), literal(s.parameter)) for s in spec.security],
        has_api_key=spec.takes_api_key,
        has_basic=spec.takes_basic_auth,
        env_base_url=literal(f"{prefix}_BASE_URL"),
        env_api_key=literal(f"{prefix}_API_KEY"),
        env_username=literal(f"{prefix}_USERNAME"),
        env_password=literal(f"{prefix}_PASSWORD"),
        credential_hint_literal=literal(_credential_hint(spec)),
        classes=classes,
        servers=[
            (literal(srv.key), literal(srv.url), "{" + "".join(f"{literal(k)}: {literal(v)}, " for k, v in srv.variables) + "}")
            for srv in spec.servers
        ],
    )
