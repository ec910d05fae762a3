"""Documented `default`s checked against their own schema.

A `default` that its schema rejects (`format: uuid` with `"not-a-uuid"`, a value outside
the `enum`, a string where an integer is declared) is an invalid document: the client still
states it in the docstring (the server applies it, not the client) but a warning says so,
and `--strict` refuses it. Only what a default can be checked against without a validator
is checked: JSON type, `enum`, `const`, and the formats `uuid`, `date` and `date-time`;
`default: null` is not (many exports write it for "no default", also on non-nullable schemas).
"""

from __future__ import annotations

import re
from typing import Any

from generator.context import Context
from generator.nodes import location_of

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_MISSING = object()


def warn_invalid_default(schema: Any, what: str, ctx: Context) -> None:
    """Warn when the `default` of `what`'s schema does not fit that schema."""
    problem = default_problem(schema)
    if problem is not None:
        ctx.diagnostics.warn(
            location_of(schema),
            f"the default {schema['default']!r} of {what} does not fit its own schema: {problem} "
            "(the client states it as documented; fix the default)",
        )


def default_problem(schema: Any) -> str | None:
    """Why the schema's `default` does not fit the schema itself, or None when it fits (or
    there is none)."""
    if not isinstance(schema, dict) or "default" not in schema:
        return None
    value = schema["default"]
    if value is None:
        return None  # `default: null` is how many exports say "no default": not worth a warning
    kinds = _types(schema)
    if kinds and not any(_is_kind(value, kind) for kind in kinds):
        return f"it is not of type {' or '.join(kinds)}"
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and not any(_same(value, _enum_entry(e)) for e in enum):
        return "it is not one of the enum values"
    const = schema.get("const", _MISSING)
    if const is not _MISSING and not _same(value, const):
        return f"it is not the const value {const!r}"
    if isinstance(value, str):
        return _format_problem(value, str(schema.get("format", "")))
    return None


def _types(schema: dict[str, Any]) -> list[str]:
    """The non-null JSON types the schema declares (none: any type)."""
    kind = schema.get("type")
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return [k for k in kinds if isinstance(k, str) and k != "null"]


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "array": (list,),
    "object": (dict,),
}


def _is_kind(value: object, kind: str) -> bool:
    """Whether a parsed JSON/YAML value is of a JSON Schema type (an unknown type fits all)."""
    if kind not in _PYTHON_TYPES:
        return True
    if isinstance(value, bool):
        return kind == "boolean"
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _PYTHON_TYPES[kind])


def _enum_entry(entry: Any) -> Any:
    """An enum entry, also in the `{value: x}` spelling of some exports."""
    return entry["value"] if isinstance(entry, dict) and "value" in entry else entry


def _same(one: Any, other: Any) -> bool:
    """JSON equality: `1 == 1.0`, but `true` is not `1`."""
    if isinstance(one, bool) or isinstance(other, bool) or not isinstance(one, (int, float)):
        return type(one) is type(other) and bool(one == other)
    return isinstance(other, (int, float)) and one == other


_FORMATS = {
    "uuid": _UUID,
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "date-time": re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"),
}


def _format_problem(value: str, fmt: str) -> str | None:
    pattern = _FORMATS.get(fmt)
    return f"it is not a {fmt}" if pattern is not None and not pattern.match(value) else None
