"""Stage 4b, normalize security: securitySchemes into the client's credentials.

http bearer, oauth2 and openIdConnect become a bearer token (the caller supplies it);
http basic becomes username/password; apiKey is sent in its header, query or cookie. Real
exports sometimes write `type: bearer` or `type: jwt`: tolerated as bearer, with a warning.
When a document defines schemes but never says which apply, all of them apply.
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.context import Context
from generator.nodes import location_of


def security_schemes(root: dict[str, Any], ctx: Context) -> list[ir.SecurityScheme]:
    """The supported schemes of the document, in document order."""
    schemes = (root.get("components") or {}).get("securitySchemes") or {}
    result: list[ir.SecurityScheme] = []
    for key, scheme in schemes.items():
        if not isinstance(scheme, dict):
            continue
        made = _scheme(str(key), scheme, ctx)
        if made is not None:
            result.append(made)
    return result


def _scheme(key: str, scheme: dict[str, Any], ctx: Context) -> ir.SecurityScheme | None:
    kind = str(scheme.get("type", "")).lower()
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http == "basic":
            return ir.SecurityScheme(key, "basic", "header", "Authorization")
        return ir.SecurityScheme(key, "bearer", "header", "Authorization")
    if kind in {"oauth2", "openidconnect"}:
        return ir.SecurityScheme(key, "bearer", "header", "Authorization")
    if kind == "apikey":
        where = str(scheme.get("in", "header")).lower()
        location: Any = where if where in {"header", "query", "cookie"} else "header"
        return ir.SecurityScheme(key, "api_key", location, str(scheme.get("name", "Authorization")))
    if kind in {"bearer", "jwt", "token"}:
        ctx.diagnostics.warn(
            location_of(scheme), f"securityScheme type {kind!r} is not valid OpenAPI; read as http bearer"
        )
        return ir.SecurityScheme(key, "bearer", "header", "Authorization")
    ctx.diagnostics.warn(location_of(scheme), f"securityScheme type {kind!r} is not supported; ignored")
    return None


def operation_security(
    operation: dict[str, Any], root: dict[str, Any], schemes: list[ir.SecurityScheme]
) -> tuple[str, ...]:
    """Keys of the schemes that may authenticate this operation, in preference order."""
    known = {s.key for s in schemes}
    requirements = operation.get("security", root.get("security"))
    if requirements is None:
        return tuple(s.key for s in schemes)
    keys: list[str] = []
    for requirement in requirements or []:
        if isinstance(requirement, dict):
            keys.extend(k for k in requirement if k in known and k not in keys)
    return tuple(keys)


def anonymous_allowed(operation: dict[str, Any], root: dict[str, Any]) -> bool:
    """True when one of the operation's security requirements is empty (`{}`): no credentials needed."""
    requirements = operation.get("security", root.get("security"))
    return isinstance(requirements, list) and any(r == {} for r in requirements)


def covered_parameter(
    location: str, name: str, keys: tuple[str, ...], schemes: list[ir.SecurityScheme]
) -> bool:
    """True when a declared parameter is the credential a scheme of this operation sends."""
    for scheme in schemes:
        if scheme.key in keys and scheme.location == location:
            if scheme.parameter.lower() == name.lower():
                return True
    return False
