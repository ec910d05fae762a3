"""Stage 4, normalize: the resolved document into the IR (`generator.ir.ApiSpec`).

`schemas` turns schemas into types and named definitions, `security` reads the
securitySchemes, `operations` turns paths into grouped operations. This module ties them
together and settles the client-wide facts: title, base URL, credentials, env prefix.
"""

from __future__ import annotations

import re
from typing import Any

from generator import ir
from generator.context import Context
from generator.naming import identifier
from generator.normalize.operations import build_groups
from generator.normalize.schemas import SchemaConverter, text
from generator.normalize.security import security_schemes
from generator.resolve import Resolution


def normalize(resolution: Resolution, ctx: Context, sources: list[str]) -> ir.ApiSpec:
    """Build the IR for the whole API."""
    root = resolution.root
    converter = SchemaConverter(resolution, ctx)
    components: dict[str, Any] = root["components"] if isinstance(root.get("components"), dict) else {}
    converter.define_components(components.get("schemas") or {})
    schemes = security_schemes(root, ctx)
    groups = build_groups(resolution, converter, schemes, ctx)
    info: dict[str, Any] = root["info"] if isinstance(root.get("info"), dict) else {}
    package = identifier(ctx.options.package, "client")
    return ir.ApiSpec(
        package=package,
        title=text(info.get("title")) or package,
        version=str(info.get("version", "")),
        base_url=base_url(root),
        definitions=converter.definitions,
        groups=groups,
        security=schemes,
        env_prefix=package.upper().strip("_"),
        sources=sources,
        schema_names=converter.schema_names,
    )


def base_url(root: dict[str, Any]) -> str:
    """The first server's absolute URL, with its variables set to their defaults ("" if none)."""
    servers = root.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return ""
    server = servers[0]
    url = str(server.get("url", ""))
    variables: dict[str, Any] = server["variables"] if isinstance(server.get("variables"), dict) else {}

    def default(match: re.Match[str]) -> str:
        var = variables.get(match.group(1))
        return str(var.get("default", "")) if isinstance(var, dict) else match.group(0)

    url = re.sub(r"{([^}]+)}", default, url).rstrip("/")
    return url if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url) else ""  # relative: caller sets it
