"""Credentials: which scheme of an operation authenticates a call, and keeping them private.

`apply_credentials` puts the first security scheme of the operation that the client has
credentials for into the request's headers, query or cookies; when the operation requires
credentials (its `security` has no `{}` entry), the client has none and the caller gave none
another way (`headers=`, an `auth` on `http_client`), it raises `MissingCredentialsError`
naming the constructor argument and environment variable, before anything is sent.

Secrets stay private: `Credentials` and the client's extra headers mask their values in
`repr`; `private_headers` lists what is dropped when a redirect leaves the host
(`Authorization`, `Cookie`, API-key headers, the `headers=` extras); `QUERY_SECRETS` masks
API keys sent in the query in httpx's log lines; `safe_for_secrets` tells whether a base URL
is https or this machine (else the client warns with `InsecureCredentialsWarning`).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
from collections.abc import Mapping
from typing import Any, Literal

import httpx

from ._errors import MissingCredentialsError


@dataclasses.dataclass(frozen=True)
class SecurityScheme:
    """A way to authenticate: `bearer`, `basic` or `api_key`, and where it goes."""

    kind: Literal["bearer", "basic", "api_key"]
    location: Literal["header", "query", "cookie"]
    name: str


@dataclasses.dataclass
class Credentials:
    """What the client may authenticate with (secrets are masked in its repr).

    `hint` says how to give them (constructor argument, environment variable), for the
    error a call that needs them raises without them.
    """

    api_key: str | None = None
    username: str | None = None
    password: str | None = None
    hint: str = ""

    def __repr__(self) -> str:
        return f"Credentials(api_key={_mask(self.api_key)}, username={self.username!r}, password={_mask(self.password)})"

    def any(self) -> bool:
        """Whether there is anything to authenticate with."""
        return bool(self.api_key) or self.username is not None


def _mask(secret: str | None) -> str:
    return "None" if secret is None else "'***'"


class MaskedHeaders(dict[str, str]):
    """The client's extra headers; values are masked in its repr (they may hold secrets)."""

    def __repr__(self) -> str:
        return "{" + ", ".join(f"{k!r}: '***'" for k in self) + "}"


def apply_credentials(
    label: str,
    security: tuple[str, ...],
    auth_optional: bool,
    schemes: Mapping[str, SecurityScheme],
    credentials: Credentials,
    request: tuple[dict[str, str], dict[str, Any], dict[str, str]],
    http_auth: object,
) -> None:
    """Authenticate with the first of the operation's schemes the client has credentials for.

    `request` is the (headers, query, cookies) being built; `http_auth` the `auth` of the
    httpx client (None when it has none).
    """
    headers, query, cookies = request
    for key in security:
        scheme = schemes.get(key)
        if scheme is None:
            continue
        if scheme.kind == "basic" and credentials.username is not None:
            token = httpx.BasicAuth(credentials.username, credentials.password or "")
            headers["Authorization"] = token._auth_header
            return
        if scheme.kind == "bearer" and credentials.api_key:
            headers["Authorization"] = f"Bearer {credentials.api_key}"
            return
        if scheme.kind == "api_key" and credentials.api_key:
            target: dict[str, Any] = {
                "header": headers,
                "query": query,
                "cookie": cookies,
            }[scheme.location]
            target[scheme.name] = credentials.api_key
            return
    if auth_optional or http_auth is not None:
        return
    known = [schemes[k] for k in security if k in schemes]
    if known and not any(_given_by_caller(s, headers, query, cookies) for s in known):
        hint = f": {credentials.hint}" if credentials.hint else ""
        raise MissingCredentialsError(
            f"{label} requires credentials and the client has none{hint}"
        )


def _given_by_caller(
    scheme: SecurityScheme,
    headers: Mapping[str, str],
    query: Mapping[str, Any],
    cookies: Mapping[str, str],
) -> bool:
    """Whether the credential of a scheme is already in the request (e.g. via `headers=`)."""
    if scheme.kind != "api_key":
        return any(key.lower() == "authorization" for key in headers)
    where: Mapping[str, Any] = {"header": headers, "query": query, "cookie": cookies}[
        scheme.location
    ]
    return any(key.lower() == scheme.name.lower() for key in where)


def private_headers(
    schemes: Mapping[str, SecurityScheme], extra: Mapping[str, str]
) -> frozenset[str]:
    """Headers not sent on to another host: credentials, cookies and the `headers=` extras."""
    names = {"Authorization", "Proxy-Authorization", "Cookie", *extra}
    names |= {
        s.name
        for s in schemes.values()
        if s.kind == "api_key" and s.location == "header"
    }
    return frozenset(names)


def origin(url: httpx.URL) -> tuple[str, int | None]:
    """Host and port (the scheme's default when not written): a change means another host."""
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.host, url.port or default


def safe_for_secrets(url: httpx.URL) -> bool:
    """https, or plain http to this machine."""
    if url.scheme != "http":
        return True
    host = url.host
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class QuerySecretFilter(logging.Filter):
    """Masks the values of API-key query parameters in httpx's request log lines."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def mask(self, names: set[str]) -> None:
        """Mask these query parameters from now on (installs the filter on first use)."""
        if not names:
            return
        self.names |= names
        logger = logging.getLogger("httpx")
        if self not in logger.filters:
            logger.addFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                self._masked(a) if isinstance(a, httpx.URL) else a for a in record.args
            )
        return True

    def _masked(self, url: httpx.URL) -> httpx.URL:
        params = url.params
        if not any(name in params for name in self.names):
            return url
        return url.copy_with(
            params=[
                (k, "***" if k in self.names else v) for k, v in params.multi_items()
            ]
        )


QUERY_SECRETS = QuerySecretFilter()
"""One filter on the `httpx` logger for every client of this package (httpx logs there)."""
