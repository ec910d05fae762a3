"""Which request bodies a call takes as keyword arguments, one per property.

An operation whose body is one object model (JSON, form or multipart, one media type) gets
its properties as keyword arguments (`Operation.arguments`): required ones required, the
others defaulting to `UNSET`; read-only properties (the server's to set) and the field a
`stream=` switch already sets are left out. `body=` stays the alternative for a prebuilt
model. Properties named like every call's options (`timeout`, `max_retries`) get a trailing
`_` as model fields anyway (`generator.naming.RESERVED`). When a property's Python name is
still taken in the functions' scope (a parameter, `body`, `content_type`, `models`, ...), the
operation keeps `body=` only, with a warning naming it.
"""

from __future__ import annotations

from generator import ir
from generator.context import Context

# Names the generated functions use beside the spec's parameters: an argument named like one
# of them would shadow it (or clash with it) in the function's scope.
_TAKEN = frozenset(
    {"body", "content_type", "accept", "timeout", "max_retries", "client", "self", "models",
     "UNSET", "Unset", "with_stream", "build_body"}
)


def settle_arguments(groups: list[ir.Group], definitions: list[ir.Definition], ctx: Context) -> None:
    """Record the keyword arguments of each operation whose body is one object model."""
    models: dict[str, ir.Model] = {d.name: d for d in definitions if isinstance(d, ir.Model)}
    for op in (op for group in groups for op in group.operations):
        body = op.body
        if body is None or body.kind not in ("json", "form", "multipart") or len(body.media) > 1:
            continue
        model = models.get(body.type.name) if isinstance(body.type, ir.Ref) else None
        if model is None:
            continue
        switch = op.stream_switch.field if op.stream_switch is not None else ""
        fields = [f for f in model.fields if not f.read_only and f.name != switch]
        taken = {p.name for p in op.parameters} | _TAKEN
        clashes = sorted(f.name for f in fields if f.name in taken)
        if clashes:
            ctx.diagnostics.warn(
                op.location,
                f"{op.method} {op.path}: body properties {', '.join(clashes)} would clash with the "
                "functions' other arguments; the body is taken as body= only",
            )
            continue
        op.arguments = tuple(sorted(fields, key=lambda f: not _required(f)))


def _required(f: ir.Field) -> bool:
    """A keyword argument the caller must pass (a one-value Literal defaults to its value)."""
    return f.required and not ir.fixed_value(f)
