"""The package README's everyday tasks: one example each, derived from the spec.

Each task picks the first operation (document order) of the shape it shows and writes its
call with the client attribute, the method name and example arguments made from the types
(`example`): a call with keyword arguments (an operation with a `stream` switch first: what
a chat completion looks like), the same call with `stream=True`, a multipart upload with an
enum property passed as its string, a list call, every item across pages (`<method>_iter`),
and error handling. Deprecated operations are chosen only when no other has the shape. A task
whose shape the spec lacks is left out. `TASKS` is the order
they are shown in; a new task is a function of the same signature.
"""

from __future__ import annotations

from collections.abc import Callable

from generator import ir
from generator.naming import words
import json

from generator.render.pyliteral import literal

Pair = tuple[ir.Operation, str]  # an operation and its group's client attribute


def _quoted(value: ir.JsonScalar) -> str:
    """A literal as a user writes it: strings in double quotes."""
    return json.dumps(value) if isinstance(value, str) else literal(value)


class Examples:
    """Example argument values for the types of one spec (definitions looked up by name)."""

    def __init__(self, spec: ir.ApiSpec, file: str = 'open("data.jsonl", "rb")') -> None:
        self.definitions = {d.name: d for d in spec.definitions}
        self.file = file  # what a file argument is shown as

    def value(self, expr: ir.TypeExpr, depth: int = 0) -> str:
        """A Python expression a user could pass for `expr` (strings for enums, dicts for models)."""
        if isinstance(expr, ir.Primitive):
            return self.file if expr.name == "file" else _PRIMITIVE_EXAMPLES.get(expr.name, "...")
        if isinstance(expr, ir.LiteralOf):
            return _quoted(expr.values[0])
        if isinstance(expr, ir.ListOf):
            return f"[{self.value(expr.item, depth + 1)}]"
        if isinstance(expr, ir.MapOf):
            return f'{{"key": {self.value(expr.value, depth + 1)}}}'
        if isinstance(expr, ir.TupleOf):
            return "(" + ", ".join(self.value(i, depth + 1) for i in expr.items) + ",)"
        if isinstance(expr, ir.UnionOf):
            return self.value(self._telling(expr.variants), depth)
        definition = self.definitions.get(expr.name)
        if isinstance(definition, ir.Enum):
            return _quoted(definition.members[0].value) if definition.members else "..."
        if isinstance(definition, ir.Alias):
            return self.value(definition.target, depth)
        if isinstance(definition, ir.Model) and depth < 3:
            shown = [f for f in definition.fields if f.required and not f.read_only]
            return "{" + ", ".join(f"{_quoted(f.wire)}: {self.value(f.type, depth + 1)}" for f in shown) + "}"
        return "{...}"

    def _telling(self, variants: tuple[ir.TypeExpr, ...]) -> ir.TypeExpr:
        """The union member whose example says most: an enum or literal, else the first."""
        real = [v for v in variants if v != ir.NONE] or list(variants)
        for v in real:
            if isinstance(v, ir.LiteralOf) or (isinstance(v, ir.Ref) and isinstance(self.definitions.get(v.name), ir.Enum)):
                return v
        return real[0]

    def arguments(self, op: ir.Operation, extra: tuple[str, ...] = ()) -> str:
        """The required arguments of a call (path parameters by position), then `extra`."""
        args = [self.value(p.type) for p in op.parameters if p.required and p.location == "path"]
        args += [f"{p.name}={self.value(p.type)}" for p in op.parameters if p.required and p.location != "path"]
        args += [f"{f.name}={self.value(f.type)}" for f in op.arguments if f.required and not ir.fixed_value(f)]
        return ", ".join([*args, *extra])


_PRIMITIVE_EXAMPLES = {
    "str": '"..."',
    "int": "1",
    "float": "1.0",
    "bool": "True",
}


def _operations(spec: ir.ApiSpec, attributes: list[str]) -> list[Pair]:
    """Every operation with its client attribute; deprecated ones last (an example shows what
    to use: OpenAI's first GET by id is a deprecated Assistants one, which warns when called)."""
    pairs = [(op, attribute) for group, attribute in zip(spec.groups, attributes) for op in group.operations]
    return sorted(pairs, key=lambda p: p[0].deprecated)  # stable: document order otherwise


def _call(op: ir.Operation, attribute: str, args: str) -> str:
    return f"client.{attribute}.{op.method_name or op.function}({args})"


def _chat_like(pairs: list[Pair]) -> Pair | None:
    """The operation a chat completion is: a JSON body taken as keyword arguments, with a
    `stream` switch if any operation has one."""
    candidates = [p for p in pairs if p[0].arguments and p[0].body is not None and p[0].body.kind == "json"]
    candidates.sort(key=lambda p: p[0].stream_switch is None)  # stable: document order otherwise
    return candidates[0] if candidates else None


def _keyword_task(spec: ir.ApiSpec, pairs: list[Pair], examples: Examples) -> list[str]:
    found = _chat_like(pairs)
    if found is None:
        return []
    op, attribute = found
    return [
        f"Call `{op.method} {op.path}` with its body's properties as keyword arguments (nested "
        "objects as dicts or models, enum values as strings):",
        "",
        "```python",
        f"result = {_call(op, attribute, examples.arguments(op))}",
        "```",
    ]


def _stream_task(spec: ir.ApiSpec, pairs: list[Pair], examples: Examples) -> list[str]:
    found = _chat_like(pairs)
    if found is None or found[0].stream_switch is None:
        return []
    op, attribute = found
    return [
        "Stream its answer as server-sent events with `stream=True` (typed as a stream; without "
        "it, the JSON model):",
        "",
        "```python",
        f"with {_call(op, attribute, examples.arguments(op, ('stream=True',)))} as events:",
        "    for event in events:",
        "        print(event)",
        "```",
    ]


def _upload(pairs: list[Pair]) -> Pair | None:
    """A multipart operation with a file argument; one whose path names files or uploads first."""
    found = [
        p for p in pairs
        if p[0].body is not None and p[0].body.kind == "multipart"
        and any(f.type == ir.Primitive("file") for f in p[0].arguments)
    ]
    found.sort(key=lambda p: not _FILE_WORDS & set(words(p[0].path.lower())))
    return found[0] if found else None


_FILE_WORDS = {"file", "files", "upload", "uploads"}


def _upload_task(spec: ir.ApiSpec, pairs: list[Pair], examples: Examples) -> list[str]:
    found = _upload(pairs)
    if found is None:
        return []
    op, attribute = found
    return [
        f"Upload a file (`{op.method} {op.path}`, multipart; an enum property takes its string):",
        "",
        "```python",
        'with open("data.jsonl", "rb") as file:',
        f"    made = {_call(op, attribute, Examples(spec, file='file').arguments(op))}",
        "```",
    ]


def _listing(pairs: list[Pair]) -> Pair | None:
    """A GET whose method starts with `list`; the uploads' resource first."""
    lists = [p for p in pairs if p[0].method == "GET" and (p[0].method_name or p[0].function).startswith("list")]
    upload = _upload(pairs)
    lists.sort(key=lambda p: upload is None or p[1] != upload[1])
    return lists[0] if lists else None


def _list_task(spec: ir.ApiSpec, pairs: list[Pair], examples: Examples) -> list[str]:
    found = _listing(pairs)
    if found is None:
        return []
    op, attribute = found
    return [
        f"List (`{op.method} {op.path}`):",
        "",
        "```python",
        f"listed = {_call(op, attribute, examples.arguments(op))}",
        "```",
    ]


def _paging_task(spec: ir.ApiSpec, pairs: list[Pair], examples: Examples) -> list[str]:
    """Every item across pages (`<method>_iter`): the list above when it pages, else the first that does."""
    listing = _listing(pairs)
    found = listing if listing is not None and listing[0].paging else next((p for p in pairs if p[0].paging), None)
    if found is None:
        return []
    op, attribute = found
    limit = ("limit=2",) if any(p.name == "limit" and p.location == "query" for p in op.parameters) else ()
    call = f"client.{attribute}.{op.method_name or op.function}_iter({examples.arguments(op, limit)})"
    return [
        f"Iterate over every item of `{op.method} {op.path}` across pages (each page fetched when needed):",
        "",
        "```python",
        f"for item in {call}:",
        "    print(item)",
        "```",
    ]


# The error classes of the runtime by status, in the order an example prefers them.
_ERROR_CLASSES = {
    "404": "NotFoundError", "401": "AuthenticationError", "403": "PermissionDeniedError",
    "409": "ConflictError", "422": "UnprocessableEntityError", "429": "RateLimitError",
    "400": "BadRequestError",
}  # fmt: skip


def _error_task(spec: ir.ApiSpec, pairs: list[Pair], examples: Examples) -> list[str]:
    gets = [p for p in pairs if p[0].method == "GET"] or pairs
    gets.sort(key=lambda p: not any(q.location == "path" for q in p[0].parameters))  # by id: NotFoundError
    if not gets:
        return []
    op, attribute = gets[0]
    documented = {r.status for r in op.responses}
    error = next((name for status, name in _ERROR_CLASSES.items() if status in documented), "NotFoundError")
    return [
        "Handle errors (a non-2xx answer raises a subclass of `APIStatusError`, its body decoded "
        "with the schema the spec documents for that status):",
        "",
        "```python",
        f"from {spec.package} import APIStatusError, {error}",
        "",
        "try:",
        f"    {_call(op, attribute, examples.arguments(op))}",
        f"except {error}:",
        "    ...",
        "except APIStatusError as error:",
        "    print(error.status_code, error.request_id, error.code, error.body)",
        "```",
    ]


Task = Callable[[ir.ApiSpec, list[Pair], Examples], list[str]]
TASKS: tuple[Task, ...] = (_keyword_task, _stream_task, _upload_task, _list_task, _paging_task, _error_task)


def everyday_tasks(spec: ir.ApiSpec, attributes: list[str]) -> list[str]:
    """The README section: each task the spec has an operation for, as an example."""
    pairs = _operations(spec, attributes)
    examples = Examples(spec)
    lines = ["## Everyday tasks", ""]
    for task in TASKS:
        shown = task(spec, pairs, examples)
        lines += [*shown, ""] if shown else []
    return lines if len(lines) > 2 else []
