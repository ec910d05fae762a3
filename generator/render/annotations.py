"""IR type expressions as Python source.

Two spellings: `annotation()` for annotations (the modules use `from __future__ import
annotations`, so PEP 604 `X | None` is fine on 3.10), and `runtime()` for expressions that
are evaluated at import (type aliases, response types), which use `Union[...]` and quote the
names not yet defined. `prefix` is how a module reaches the models (`""` inside
`models.py`, `"models."` elsewhere).
"""

from __future__ import annotations

from collections.abc import Set

from generator import ir
from generator.render.pyliteral import literal

_PRIMITIVE = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "datetime": "datetime.datetime",
    "date": "datetime.date",
    "bytes": "bytes",
    "file": "_codec.FileContent",
    "any": "Any",
    "none": "None",
}


def annotation(expr: ir.TypeExpr, prefix: str = "") -> str:
    """An annotation string for a type expression."""
    if isinstance(expr, ir.Primitive):
        return _PRIMITIVE[expr.name]
    if isinstance(expr, ir.Ref):
        return f"{prefix}{expr.name}"
    if isinstance(expr, ir.ListOf):
        return f"list[{annotation(expr.item, prefix)}]"
    if isinstance(expr, ir.MapOf):
        return f"dict[str, {annotation(expr.value, prefix)}]"
    if isinstance(expr, ir.TupleOf):
        return "tuple[" + ", ".join(annotation(i, prefix) for i in expr.items) + "]"
    if isinstance(expr, ir.LiteralOf):
        return "Literal[" + ", ".join(literal(v) for v in expr.values) + "]"
    return " | ".join(annotation(v, prefix) for v in _none_last(expr.variants))


def runtime(expr: ir.TypeExpr, prefix: str = "", forward: Set[str] = frozenset()) -> str:
    """A runtime-evaluable type expression; names in `forward` are written as strings."""
    if isinstance(expr, ir.Ref):
        name = f"{prefix}{expr.name}"
        return repr(name) if expr.name in forward else name
    if isinstance(expr, ir.ListOf):
        return f"list[{runtime(expr.item, prefix, forward)}]"
    if isinstance(expr, ir.MapOf):
        return f"dict[str, {runtime(expr.value, prefix, forward)}]"
    if isinstance(expr, ir.TupleOf):
        return "tuple[" + ", ".join(runtime(i, prefix, forward) for i in expr.items) + "]"
    if isinstance(expr, ir.UnionOf):
        return "Union[" + ", ".join(runtime(v, prefix, forward) for v in _none_last(expr.variants)) + "]"
    return annotation(expr, prefix)


def _none_last(variants: tuple[ir.TypeExpr, ...]) -> list[ir.TypeExpr]:
    nones = [v for v in variants if _is_none(v)]
    return [v for v in variants if not _is_none(v)] + nones if nones else list(variants)


def _is_none(expr: ir.TypeExpr) -> bool:
    """`expr == ir.NONE`, without the dataclass `__eq__` call (unions are printed thousands
    of times)."""
    return type(expr) is ir.Primitive and expr.name == "none"


def references(expr: ir.TypeExpr) -> set[str]:
    """Names of the definitions a type expression mentions."""
    if isinstance(expr, ir.Ref):
        return {expr.name}
    if isinstance(expr, ir.ListOf):
        return references(expr.item)
    if isinstance(expr, ir.MapOf):
        return references(expr.value)
    if isinstance(expr, (ir.TupleOf, ir.UnionOf)):
        children = expr.items if isinstance(expr, ir.TupleOf) else expr.variants
        return set().union(*(references(c) for c in children))
    return set()


def uses(expr: ir.TypeExpr, name: str) -> bool:
    """True when the expression (not its definitions) mentions a primitive or Literal kind."""
    if isinstance(expr, ir.Primitive):
        return expr.name == name
    if isinstance(expr, ir.LiteralOf):
        return name == "literal"
    if isinstance(expr, ir.UnionOf):
        return name == "union" or any(uses(v, name) for v in expr.variants)
    if isinstance(expr, ir.ListOf):
        return uses(expr.item, name)
    if isinstance(expr, ir.MapOf):
        return uses(expr.value, name)
    if isinstance(expr, ir.TupleOf):
        return any(uses(i, name) for i in expr.items)
    return False
