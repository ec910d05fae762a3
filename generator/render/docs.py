"""The generated package's README.md: set-up, authentication, errors, and every endpoint."""

from __future__ import annotations

from generator import __version__, ir
from generator.render.annotations import annotation
from generator.render.media_view import has_stream, returns_view
from generator.render.readme_tasks import everyday_tasks


def _example_args(op: ir.Operation) -> str:
    args = [f"{p.name}=..." for p in op.parameters if p.required]
    if op.arguments:
        args += [f"{f.name}=..." for f in op.arguments if f.required and not ir.fixed_value(f)]
    elif op.body is not None and op.body.required:
        args.append("body=...")
    return ", ".join(args)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _stream_line(op: ir.Operation, attribute: str) -> list[str]:
    """The `<name>_stream` variant's call, for operations with a binary response."""
    if not has_stream(op):
        return []
    call = f"client.{attribute}.{op.method_name or op.function}_stream({_example_args(op)})"
    return [f"  with {call} as stream:  # -> BinaryStream", "      for chunk in stream.iter_bytes(): ..."]


def _keyword_example(spec: ir.ApiSpec, attributes: list[str]) -> list[str]:
    """A call with keyword arguments: the first such operation, nested objects as dicts."""
    op, attribute = next(
        (op, attribute) for group, attribute in zip(spec.groups, attributes) for op in group.operations if op.arguments
    )
    shown = [f for f in op.arguments if f.required and not ir.fixed_value(f)] or list(op.arguments[:1])
    args = ", ".join(f"{f.name}={_example_value(f.type)}" for f in shown)
    return [f"client.{attribute}.{op.method_name or op.function}({args})"]


def _example_value(expr: ir.TypeExpr) -> str:
    if isinstance(expr, ir.ListOf):
        return f"[{_example_value(expr.item)}]"
    if isinstance(expr, ir.Ref):
        return "{...}"
    return "..."


def _event_lines(op: ir.Operation, attribute: str) -> list[str]:
    """The `stream=True` call, for operations whose body field switches to an event stream."""
    if op.stream_switch is None:
        return []
    call = f"client.{attribute}.{op.method_name or op.function}({', '.join(filter(None, [_example_args(op), 'stream=True']))})"
    returns = returns_view(op).overloads[1].returns
    return [f"  with {call} as events:  # -> {returns}", "      for event in events: ..."]


def _pager_lines(op: ir.Operation, attribute: str) -> list[str]:
    """The `<name>_iter` call, for list operations that page."""
    if op.paging is None:
        return []
    call = f"client.{attribute}.{op.method_name or op.function}_iter({_example_args(op)})"
    return [f"  for item in {call}:  # -> {annotation(op.paging.item, 'models.')}, every page", "      ..."]


def _paging_section(spec: ir.ApiSpec, attributes: list[str]) -> list[str]:
    """What `<name>_iter` does, with the first list operation that pages as the example."""
    found = [(op, op.paging, a) for g, a in zip(spec.groups, attributes) for op in g.operations if op.paging]
    if not found:
        return []
    op, paging, attribute = found[0]
    args = ", ".join(filter(None, [_example_args(op), "limit=100" if _takes_limit(op) else ""]))
    call = f"{op.method_name or op.function}_iter({args})"
    return [
        "A list that the API hands out page by page also has `<name>_iter`, which iterates over "
        "the items of every page, fetching each page when the one before is used up (the next "
        "cursor, token, offset, page number or `Link` URL is sent for you); `.pages()` iterates "
        "the pages themselves, and each iteration starts again at the first page:",
        "",
        "```python",
        f"for item in client.{attribute}.{call}:  # -> {annotation(paging.item, 'models.')}",
        "    print(item)",
        "",
        f"async for item in async_client.{attribute}.{call}:  # on AsyncClient",
        "    print(item)",
        "```",
        "",
    ]


def _takes_limit(op: ir.Operation) -> bool:
    return any(p.name == "limit" and p.location == "query" for p in op.parameters)


def _typed_errors_section(spec: ir.ApiSpec, attributes: list[str]) -> list[str]:
    """How `body` is typed, with the first typed error class caught around a first call."""
    if not spec.errors or not spec.groups or not spec.groups[0].operations:
        return []
    error = next((e for e in spec.errors if e.name == "NotFoundError"), spec.errors[0])
    op = spec.groups[0].operations[0]
    body = " | ".join([*(annotation(t, "models.") for t in error.body), "Any"])
    shared = (
        f" A status an operation does not document is decoded with `models.{spec.shared_error.name}` "
        "(the schema most of the spec's errors use) when the body fits it."
        if isinstance(spec.shared_error, ir.Ref)
        else ""
    )
    return [
        f"`body` is typed for mypy (`{spec.package}/errors.py`): each class is typed with the schemas "
        "the spec documents for its statuses, and `Any` for a body that fits none of them "
        f"(then it is the plain JSON or text).{shared}",
        "",
        "```python",
        f"from {spec.package} import {error.name}",
        "",
        "try:",
        f"    client.{attributes[0]}.{op.method_name or op.function}({_example_args(op)})",
        f"except {error.name} as error:",
        f"    print(error.body)  # {body}",
        "```",
        "",
    ]


def _policies_section(spec: ir.ApiSpec) -> list[str]:
    """Retries, timeouts and size caps: what the runtime does, and the settings that change it."""
    pkg = spec.package
    return [
        "## Retries, timeouts and size limits",
        "",
        "- **Retries.** A call is tried again after a connection error or a 408, 409, 429 or 5xx "
        "response, by default twice (`Client(max_retries=...)`, or `max_retries=` on a call; 0 turns "
        "it off), never after 400, 401, 403, 404 or 422; a server's `x-should-retry` header is obeyed. "
        "The wait doubles from 0.5 s up to 8 s, less up to a quarter of random jitter; a `Retry-After` "
        "(seconds or HTTP date) or `retry-after-ms` header sets it instead, capped at 60 s. "
        f"Change them with `retry_policy={pkg}.RetryPolicy(initial_delay=..., max_delay=..., "
        "max_retry_after=...)`. POST and PATCH are sent again only when the connection was never "
        "made, or when the request has an `Idempotency-Key` header (yours via `headers=` or the "
        "call; when the spec documents that header and you leave it out, the client sends a new "
        "UUID, the same on every attempt of the call). A body given as a stream of chunks is never "
        "sent twice. A streamed response is retried only before its body is read.",
        "- **Timeouts.** `timeout=` (client or call; default 60 s, connecting 10 s) bounds the whole "
        "call: every attempt, the waits between them, and reading the body (give an `httpx.Timeout` "
        "for per-phase socket timeouts; its largest value is the bound; `timeout=None`: no bound). "
        "A retry that would not fit in the time left is not made. `AsyncClient` retries and "
        "cancels at the deadline on asyncio (on trio a call is tried once). Event streams and `_stream` "
        "bodies are bounded until their headers arrive, then per read.",
        f"- **Size caps.** `limits={pkg}.Limits(...)`: `max_response_bytes` (default 64 MiB), "
        "`max_decompressed_bytes` (256 MiB) and `max_event_bytes` (16 MiB) bound a response "
        "body as received, once decompressed (gzip and deflate, which the client asks for, are "
        "decompressed within the cap: a compression bomb stops there), and one server-sent event "
        "or line. Past a cap the call raises `ResponseTooLargeError`. `_stream` bodies are not "
        "capped (you read them in chunks).",
        "- **Credentials** are masked in reprs; when your `http_client` follows redirects, they and "
        "your `headers=` are not sent on to another host; an API key sent in the query is masked "
        "in httpx's log lines; an `InsecureCredentialsWarning` is given for credentials going over "
        "plain `http://` to another machine.",
        "",
    ]


def package_readme(spec: ir.ApiSpec, attributes: list[str], header: str) -> str:
    pkg = spec.package
    key = spec.takes_api_key
    lines = [
        f"<!-- {header.lstrip('# ').replace('--', '- -')} -->",
        "",
        f"# `{pkg}`: Python client for {_one_line(spec.title)}",
        "",
        f"Generated by docs-openapi-generator {__version__} from {', '.join(spec.sources)}. "
        "Do not edit by hand: change the spec and regenerate.",
        "",
        "## Set-up",
        "",
        f"Copy this `{pkg}/` folder into your project (it only imports its own modules), and install its "
        "one runtime dependency: `pip install httpx`. Python 3.10 or newer.",
        "",
        "```python",
        f"from {pkg} import Client",
        "",
        "client = Client(api_key=\"...\")" if key else "client = Client()",
        "```",
        "",
    ]
    if key:
        lines += [
            f"The API key defaults to the `{spec.env_prefix}_API_KEY` environment variable. "
            f"`base_url=` (default `{spec.base_url or 'none'}`, or `{spec.env_prefix}_BASE_URL`), "
            "`timeout=` (seconds or an `httpx.Timeout`), `headers=` and `http_client=` (your own "
            "`httpx.Client`) are optional. `AsyncClient` takes the same arguments.",
            "",
        ]
    lines += everyday_tasks(spec, attributes)
    lines += [
        "## Endpoints",
        "",
        "Each endpoint is a method of the client (`client.<group>.<method>(...)`: its operationId "
        "without the noun the group already says, `create` for `createChatCompletion` on `chat`, "
        "unless two of the group's endpoints would share it) and a function named after its "
        "operationId taking the client first (`<function>(client, ...)` and "
        "`<function>_async(async_client, ...)`). `_with_response` variants return an `ApiResponse` with `status_code`, `headers`, raw "
        "`content` and the decoded `parsed` body. Every call accepts `timeout=` and `max_retries=`.",
        "",
    ]
    if any(op.arguments for group in spec.groups for op in group.operations):
        lines += [
            "An endpoint whose body is one object takes its properties as keyword arguments "
            "(required ones required, the others left out unless given), or a prebuilt model as "
            "`body=` (not both: `TypeError`). A nested object may be the model or a plain dict, "
            f"typed by the `TypedDict` of `{pkg}.params` (so a wrong key is a type error), and an "
            "enum value may be its string:",
            "",
            "```python",
            *_keyword_example(spec, attributes),
            "```",
            "",
        ]
    lines += _paging_section(spec, attributes)
    if any(op.body is not None and len(op.body.media) > 1 for group in spec.groups for op in group.operations):
        lines += [
            "An endpoint whose body the spec documents in several media types (say JSON and "
            "multipart/form-data) takes any of their models as `body`: an instance of one of them is "
            "sent in its media type. When the type does not tell (the same model for both, or text), "
            "pass `content_type=\"multipart/form-data\"` (one of the documented types); without it "
            "the first of the function's `content_type` literals is used (JSON before form, multipart, "
            "binary and text), except that a model holding file content goes as multipart. "
            "A `content_type` the body does not fit raises `ValueError` "
            "before anything is sent.",
            "",
        ]
    for group, attribute in zip(spec.groups, attributes):
        lines += [f"### `{pkg}.api.{group.module}` (`client.{attribute}`)", ""]
        for op in group.operations:
            returns = returns_view(op).overloads[0].returns if op.stream_switch else annotation(op.returns, "models.")
            lines += [
                f"- `{op.method} {op.path}`: {_one_line(op.summary) or op.function}",
                "",
                "  ```python",
                f"  result = client.{attribute}.{op.method_name or op.function}({_example_args(op)})  # -> {returns}",
                *_stream_line(op, attribute),
                *_event_lines(op, attribute),
                *_pager_lines(op, attribute),
                "  ```",
                "",
            ]
    lines += [
        "## Errors",
        "",
        "A non-2xx response raises a subclass of `APIStatusError` (`BadRequestError`, "
        "`AuthenticationError`, `PermissionDeniedError`, `NotFoundError`, `ConflictError`, "
        "`UnprocessableEntityError`, `RateLimitError`, `InternalServerError`) with `status_code`, "
        "`headers`, raw `content` and `body`, decoded with the schema the spec documents for that "
        "status; `request_id` (the `x-request-id` / `request-id` header) and the error's `code` and "
        "`type` when its body has them (also under `error`), else None; its message carries a short form of the server's message "
        "(`GET /path returned 401: Invalid API key.`). Network failures (and a body that does not "
        "decompress, too many redirects) raise `APIConnectionError`, timeouts `APITimeoutError`; a "
        "response past the size caps `ResponseTooLargeError`; a value that cannot be sent "
        "(a path value that is empty, `.` or `..`, a non-ASCII header) `InvalidRequestError` (a "
        "`ValueError`); a call on a closed client `ClientClosedError`; a call that needs credentials "
        "the client does not have `MissingCredentialsError`, before anything is sent. All are "
        "`APIError`s, with the underlying exception as `__cause__`.",
        "",
        *_typed_errors_section(spec, attributes),
        *_policies_section(spec),
        "## Models",
        "",
        f"`{pkg}.models` holds dataclasses with `from_dict` / `to_dict`; `{pkg}.decode(Type, data)` and "
        f"`{pkg}.encode(value)` work for every type. Absent fields are `UNSET`; unknown properties are "
        "kept in `additional_properties`; unknown enum values decode instead of failing. A value "
        "that does not fit its type is kept as received; `Client(strict_responses=True)` (or "
        "`decode(..., strict=True)`) raises instead. Each model is defined in its own module under "
        f"`{pkg}/_models/` and imported when first used: import models from `{pkg}.models`.",
        "",
    ]
    return "\n".join(lines)
