"""What the body of each error class may be: `e.body` typed by the spec's error schemas.

The client raises one class per common status (`BadRequestError` for 400, ... `RateLimitError`
for 429, `InternalServerError` for 5xx). Its `body` is decoded with the schema the operation
documents for the status (its code, else `4XX`/`5XX`, else `default`); for a status the
operation does not document, with the spec's shared error schema when it has one: the type of
most of the documented error responses (more than half of them), so that `ErrorResponse`,
used by every error of OpenAI's spec, decodes a 404 no operation lists. A body that does not
fit is kept as plain JSON (or text), so a class is typed as the union of what its statuses
decode to, plus `Any`; a class whose statuses decode to nothing documented stays untyped.
"""

from __future__ import annotations

from collections import Counter

from generator import ir
from generator.naming import ClassName

# The runtime's classes (`templates/runtime/_errors.py`) and the statuses each is raised for.
ERROR_CLASSES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("BadRequestError", "400", ("400",)),
    ("AuthenticationError", "401", ("401",)),
    ("PermissionDeniedError", "403", ("403",)),
    ("NotFoundError", "404", ("404",)),
    ("ConflictError", "409", ("409",)),
    ("UnprocessableEntityError", "422", ("422",)),
    ("RateLimitError", "429", ("429",)),
    ("InternalServerError", "5xx", ("500", "501", "502", "503", "504", "5XX")),
)
_MOST_TYPES = 3  # more documented types than this for one class: left untyped (`Any`)


def shared_error(groups: list[ir.Group]) -> ir.TypeExpr | None:
    """The model most documented error responses use (more than half of them), if any."""
    found = [
        r.type for op in _operations(groups) for r in op.responses if not r.is_success and r.kind == "json"
    ]
    counts = Counter(t for t in found if isinstance(t, ir.Ref))
    if not counts:
        return None
    best, count = counts.most_common(1)[0]
    return best if count * 2 > len(found) else None


def error_classes(groups: list[ir.Group], shared: ir.TypeExpr | None) -> list[ir.ErrorClass]:
    """Each runtime error class whose body some documented schema (or the shared one) types."""
    made: list[ir.ErrorClass] = []
    documented = [{r.status: r for r in op.responses} for op in _operations(groups)]  # each operation's, by status
    for name, label, statuses in ERROR_CLASSES:
        types: list[ir.TypeExpr] = []
        seen: set[ir.TypeExpr] = set()  # most operations document the same few bodies
        for by_status in documented:
            for status in statuses:
                found = _documented(by_status, status)
                body = found.type if found is not None else shared
                if body is not None and body not in seen:
                    seen.add(body)
                    if body != ir.ANY:
                        types.append(body)
        if types and any(isinstance(t, ir.Ref) for t in types) and len(types) <= _MOST_TYPES:
            types.sort(key=lambda t: not isinstance(t, ir.Ref))  # models first, `None` last
            made.append(ir.ErrorClass(ClassName(name), label, tuple(types)))
    return made


def _documented(by_status: dict[str, ir.Response], status: str) -> ir.Response | None:
    """The response a status decodes with, as the runtime matches it (code, `4XX`, `default`),
    among an operation's responses by status."""
    return by_status.get(status) or by_status.get(f"{status[0]}XX") or by_status.get("default")


def _operations(groups: list[ir.Group]) -> list[ir.Operation]:
    return [op for group in groups for op in group.operations]
