"""Stage 4, normalize: the resolved document into the IR (`generator.ir.ApiSpec`).

`schemas` turns schemas into types and named definitions, `security` reads the
securitySchemes, `operations` turns paths into grouped operations. This module ties them
together and settles the client-wide facts: title, base URL and the documented servers
(each with a key for `Client(server=...)` and its variables' defaults), credentials, env
prefix (configured, else the vendor's name from the title: `OpenAI API` -> `OPENAI`, else
the package's), and relative links in descriptions (`links`), and the payload models of 3.1 `webhooks`. Operations without `responses` are
tolerated with a warning (they return the decoded body as `Any`).
"""

from __future__ import annotations

import re
from typing import Any

from generator import ir
from generator.context import Context
from generator.merge import HTTP_METHODS
from generator.name_lock import NameLock
from generator.naming import ClassName, NameRegistry, class_name, env_prefix, identifier, package_name
from generator.normalize.operations import build_groups
from generator.normalize.schemas import SchemaConverter, text
from generator.normalize.arguments import settle_arguments
from generator.normalize.errors import error_classes, shared_error
from generator.normalize.inline_names import rename, short_names
from generator.normalize.links import absolute_links
from generator.normalize.pagination import settle_pagination
from generator.normalize.resource_names import method_names, name_resources, plural_resources
from generator.normalize.security import security_schemes
from generator.normalize.streaming import settle_streaming
from generator.resolve import Resolution


def normalize(resolution: Resolution, ctx: Context, sources: list[str], lock: NameLock | None = None) -> ir.ApiSpec:
    """Build the IR for the whole API; `lock`: the names the previous output gave (`name_lock`)."""
    lock = lock if lock is not None else NameLock()
    root = resolution.root
    for warning in resolution.warnings:
        ctx.diagnostics.warn(warning.location, warning.message)
    converter = SchemaConverter(resolution, ctx)
    components: dict[str, Any] = root["components"] if isinstance(root.get("components"), dict) else {}
    converter.define_components(components.get("schemas") or {}, lock.components)
    schemes = security_schemes(root, ctx)
    groups = build_groups(resolution, converter, schemes, ctx)
    plural_resources(groups, lock)
    name_resources(groups)
    method_names(groups, lock)
    _warn_without_responses(groups, ctx)
    hooks = webhooks(resolution, converter)
    converter.break_union_cycles()
    short = short_names(converter.definitions, lock)
    rename(converter.definitions, short.renamed)
    rename(groups, short.renamed)
    settle_streaming(groups, converter.definitions, ctx)
    settle_arguments(groups, converter.definitions, ctx)
    settle_pagination(groups, converter.definitions, ctx)
    info: dict[str, Any] = root["info"] if isinstance(root.get("info"), dict) else {}
    package = package_name(ctx.options.package)
    spec = ir.ApiSpec(
        package=package,
        title=text(info.get("title")) or package,
        version=str(info.get("version", "")),
        base_url=base_url(root),
        definitions=converter.definitions,
        groups=groups,
        security=schemes,
        env_prefix=ctx.options.env_prefix or env_prefix(text(info.get("title")), package),
        sources=sources,
        schema_names=converter.schema_names,
        servers=servers(root),
        webhooks=hooks,
        inline_places=short.places,
    )
    spec.shared_error = shared_error(groups)
    spec.errors = error_classes(groups, spec.shared_error)
    absolute_links(spec, ctx.options.docs_url)
    return spec


def _warn_without_responses(groups: list[ir.Group], ctx: Context) -> None:
    for op in (op for group in groups for op in group.operations):
        if not op.responses:
            ctx.diagnostics.warn(
                op.location, f"{op.method} {op.path} documents no responses; it returns the body as Any"
            )


def webhooks(resolution: Resolution, converter: SchemaConverter) -> list[tuple[str, ClassName]]:
    """One payload model per webhook operation with a request body (`webhooks:` of 3.1)."""
    hooks = resolution.root.get("webhooks")
    made: list[tuple[str, ClassName]] = []
    for name, item in (hooks.items() if isinstance(hooks, dict) else []):
        item = resolution.deref(item)
        if not isinstance(item, dict):
            continue
        methods = [m for m in HTTP_METHODS if isinstance(item.get(m), dict)]
        for method in methods:
            body = item[method].get("requestBody")
            body = resolution.deref(body)
            content = body.get("content") if isinstance(body, dict) else None
            media = next(iter(content.values()), None) if isinstance(content, dict) and content else None
            schema = media.get("schema") if isinstance(media, dict) else None
            if schema is None:
                continue
            suffix = "" if len(methods) == 1 else class_name(method)
            payload = converter.named(schema, f"{class_name(str(name))}{suffix}Webhook")
            if isinstance(payload, ir.Ref):
                made.append((f"{name} {method}" if suffix else str(name), payload.name))
    return made


def servers(root: dict[str, Any]) -> list[ir.Server]:
    """The documented servers, keyed by `x-name`/`name`, else description, else position."""
    raw = root.get("servers")
    keys = NameRegistry()
    made: list[ir.Server] = []
    for index, server in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        variables: dict[str, Any] = server["variables"] if isinstance(server.get("variables"), dict) else {}
        defaults = tuple(
            (str(name), str(var.get("default", ""))) for name, var in variables.items() if isinstance(var, dict)
        )
        description = text(server.get("description"))
        label = text(server.get("x-name")) or text(server.get("name")) or text(server.get("x-fern-server-name"))
        if not label and 0 < len(description) <= 40:
            label = description
        key = keys.claim(identifier(label, "server") if label else f"server_{index}")
        made.append(ir.Server(key, server["url"].strip(), description, defaults))
    return made


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
