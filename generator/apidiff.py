"""The public surface of a generated client, and what changed in it between two versions.

`surface(spec)` reduces an `ir.ApiSpec` to plain JSON-able data, exactly what a user of the
client touches: the environment variables the client reads (`client.environment`), operations by `METHOD /path` (their function, parameters with location, type
annotation and required flag, request body, return type, deprecation), models by class name
(fields by wire name: attribute, type, required), enums (values) and aliases (target type).
Every definition also records where the client uses it: `request` (reachable from a
parameter or a request body), `response` (reachable from a response), both or neither.
The surface is stored in the generated package's `_index.json` (key `surface`), so the next
`generate` can report changes without the old spec.

`compare(old, new)` lists the changes, each with a kind, a subject, a detail and whether it
breaks code written against the old client. The rules, from a client user's point of view:

- Removed: endpoint, model/enum/alias, field, parameter, request body, enum value -> breaking.
- Added: endpoint, model, enum value, optional parameter, optional field -> not breaking.
- An endpoint whose Python function changed name or module -> breaking; so is one whose
  client method (`client.files.list`: resource and method name) changed.
- A new required parameter or request body, or one that became required -> breaking;
  one that became optional -> not breaking.
- Fields depend on where the model is used. Users build request models and read response
  models, so a field that is new and required, or became required, breaks a request model
  only; a field that became optional (may now be `UNSET`) breaks a response model only.
- Retyped (parameter, body, field, alias, return type): breaking, except a widening of
  something the user sends (`int` -> `int | None` for a parameter, body or request-model
  field) and a narrowing of something the user receives (`int | None` -> `int` for a return
  type or response-model field). A model used on both sides (or on neither) must keep its
  exact type.
- An endpoint newly deprecated -> not breaking (reported so users can move off it).
- An environment variable the client reads renamed (`DIAL_API_KEY` -> `ACME_API_KEY`, when
  the API title or `env_prefix` changed) or no longer read -> breaking: the client would
  silently go without the credentials or server the user set. A new one -> not breaking.

A definition that changes kind (say a model becomes an alias) is one breaking
`model-kind-changed`. Changes to the models a type refers to are reported on those models.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from generator import ir, name_lock
from generator.render.annotations import annotation, references

Surface = dict[str, Any]

REQUEST = "request"
RESPONSE = "response"
_SECTIONS = (("models", "model"), ("enums", "enum"), ("aliases", "alias"))


# -- the surface of one spec ----------------------------------------------------------------


def surface(spec: ir.ApiSpec, entry: Callable[[ir.Definition, list[str]], Any] | None = None) -> Surface:
    """What a client user touches, as sorted, JSON-able data. `entry`: what stands for a
    definition's entry (`definition_entry` of it and the sides using it, or its text: see
    `render.cached`)."""
    operations: dict[str, Any] = {}
    for group in spec.groups:
        for op in group.operations:
            operations[f"{op.method.upper()} {op.path}"] = _operation(group, op)
    usage = _usage(spec)
    sections: dict[str, dict[str, Any]] = {"models": {}, "enums": {}, "aliases": {}}
    for definition in spec.definitions:
        used = sorted(usage.get(definition.name, set()))
        section = sections[definition_section(definition)]
        section[definition.name] = (entry or definition_entry)(definition, used)
    return {
        "client": {"environment": spec.environment},
        "operations": dict(sorted(operations.items())),
        **{name: dict(sorted(section.items())) for name, section in sections.items()},
    }


def definition_section(definition: ir.Definition) -> str:
    """The surface's section listing a definition."""
    if isinstance(definition, ir.Model):
        return "models"
    return "enums" if isinstance(definition, ir.Enum) else "aliases"


def definition_entry(definition: ir.Definition, used: list[str]) -> dict[str, Any]:
    """A definition's entry in its section: fields, values or type, and `used_in`."""
    if isinstance(definition, ir.Model):
        fields = {
            f.wire: {"attribute": f.name, "type": annotation(f.type), "required": f.required}
            for f in definition.fields
        }
        return {"fields": dict(sorted(fields.items())), "used_in": used}
    if isinstance(definition, ir.Enum):
        return {"values": [m.value for m in definition.members], "used_in": used}
    return {"type": annotation(definition.target), "used_in": used}


def _operation(group: ir.Group, op: ir.Operation) -> dict[str, Any]:
    parameters = {
        p.name: {"in": p.location, "wire": p.wire, "type": annotation(p.type), "required": p.required}
        for p in op.parameters
    }
    body = None
    if op.body is not None:
        body = {
            "type": annotation(_body_type(op.body)),
            "required": op.body.required,
            "content_type": op.body.content_type,
        }
    return {
        "function": f"{group.module}.{op.function}",
        "method": f"{group.module}.{op.method_name or op.function}",
        "iterator": _iterator(group, op),
        "deprecated": op.deprecated,
        "parameters": dict(sorted(parameters.items())),
        "body": body,
        "returns": annotation(op.returns),
    }


def _iterator(group: ir.Group, op: ir.Operation) -> str | None:
    """The client method that iterates over every item across pages, with its item type."""
    if op.paging is None:
        return None
    return f"{group.module}.{op.method_name or op.function}_iter -> {annotation(op.paging.item)}"


def _body_type(body: ir.RequestBody) -> ir.TypeExpr:
    """What the `body` parameter takes: the union of every documented media type's type."""
    types = list(dict.fromkeys([body.type, *(m.type for m in body.media)]))
    return types[0] if len(types) == 1 else ir.UnionOf(tuple(types))


def _usage(spec: ir.ApiSpec) -> dict[str, set[str]]:
    """Definition name -> the sides (request, response) that reach it."""
    targets: dict[str, set[str]] = {}
    for d in spec.definitions:
        if isinstance(d, ir.Model):
            targets[d.name] = set().union(*(references(f.type) for f in d.fields), references(d.extra))
        elif isinstance(d, ir.Alias):
            targets[d.name] = references(d.target)
        else:
            targets[d.name] = set()
    roots: dict[str, list[ir.TypeExpr]] = {REQUEST: [], RESPONSE: []}
    for group in spec.groups:
        for op in group.operations:
            roots[REQUEST].extend(p.type for p in op.parameters)
            if op.body is not None:
                roots[REQUEST].extend([op.body.type, *(m.type for m in op.body.media)])
            roots[RESPONSE].append(op.returns)
            roots[RESPONSE].extend(r.type for r in op.responses)
    usage: dict[str, set[str]] = {}
    for side, exprs in roots.items():
        pending = sorted(set().union(*(references(e) for e in exprs))) if exprs else []
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            usage.setdefault(name, set()).add(side)
            pending.extend(sorted(targets.get(name, set()) - seen))
    return usage


# -- comparing two surfaces -----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference in the public surface."""

    kind: str
    subject: str
    detail: str
    breaking: bool

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "detail": self.detail, "breaking": self.breaking}

    def line(self) -> str:
        marker = "BREAKING" if self.breaking else "ok"
        detail = f" ({self.detail})" if self.detail else ""
        return f"{marker:<8} {self.kind} {self.subject}{detail}"


def compare(old: Surface, new: Surface) -> list[Change]:
    """The changes from `old` to `new`: endpoints first, then definitions, each sorted by name."""
    changes: list[Change] = list(_compare_client(old, new))
    old_ops, new_ops = old.get("operations", {}), new.get("operations", {})
    for key in sorted(set(old_ops) | set(new_ops)):
        if key not in new_ops:
            changes.append(Change("endpoint-removed", key, f"function {old_ops[key]['function']}", True))
        elif key not in old_ops:
            changes.append(Change("endpoint-added", key, f"function {new_ops[key]['function']}", False))
        else:
            changes.extend(_compare_operation(key, old_ops[key], new_ops[key]))
    changes.extend(_compare_definitions(old, new))
    return changes


def _compare_iterator(key: str, old: str | None, new: str | None, known: bool) -> Iterable[Change]:
    """The `<method>_iter` of a list operation: gone or changed is breaking (skipped when the old
    surface predates iterators)."""
    if not known or old == new:
        return
    if new is None:
        yield Change("iterator-removed", key, f"{old} (the list no longer pages as documented)", True)
    elif old is None:
        yield Change("iterator-added", key, new, False)
    else:
        yield Change("iterator-changed", key, f"{old} -> {new}", True)


def _compare_client(old: Surface, new: Surface) -> Iterable[Change]:
    """The environment variables, by setting; skipped when either surface predates them."""
    if "client" not in old or "client" not in new:
        return
    before, after = old["client"]["environment"], new["client"]["environment"]
    for setting in sorted(set(before) | set(after)):
        subject = f"client {setting}"
        if setting not in after:
            yield Change("env-var-removed", subject, f"{before[setting]} is no longer read", True)
        elif setting not in before:
            yield Change("env-var-added", subject, f"read from {after[setting]}", False)
        elif before[setting] != after[setting]:
            yield Change("env-var-renamed", subject, f"{before[setting]} -> {after[setting]}", True)


def _compare_operation(key: str, old: dict[str, Any], new: dict[str, Any]) -> Iterable[Change]:
    method_renamed = old.get("method", new.get("method")) != new.get("method")  # absent from older indexes
    methods = f"client method {old.get('method')} -> {new.get('method')}"
    if old["function"] != new["function"]:
        functions = f"function {old['function']} -> {new['function']}"
        yield Change("endpoint-renamed", key, f"{functions}; {methods}" if method_renamed else functions, True)
    elif method_renamed:
        yield Change("method-renamed", key, methods, True)
    yield from _compare_iterator(key, old.get("iterator"), new.get("iterator"), "iterator" in old)
    if new["deprecated"] and not old["deprecated"]:
        yield Change("endpoint-deprecated", key, "the API now marks it deprecated", False)
    old_params, new_params = old["parameters"], new["parameters"]
    for name in sorted(set(old_params) | set(new_params)):
        subject = f"{key}: {name}"
        if name not in new_params:
            yield Change("parameter-removed", subject, _described(old_params[name]), True)
        elif name not in old_params:
            p = new_params[name]
            yield Change("parameter-added", subject, _described(p), bool(p["required"]))
        else:
            yield from _compare_input(subject, "parameter", old_params[name], new_params[name])
    subject = f"{key}: body"
    if old["body"] is not None and new["body"] is None:
        yield Change("body-removed", subject, _described(old["body"]), True)
    elif old["body"] is None and new["body"] is not None:
        yield Change("body-added", subject, _described(new["body"]), bool(new["body"]["required"]))
    elif old["body"] is not None and new["body"] is not None:
        yield from _compare_input(subject, "body", old["body"], new["body"])
    if old["returns"] != new["returns"]:
        yield Change(
            "response-retyped", key, f"returns {old['returns']} -> {new['returns']}",
            not _narrows(old["returns"], new["returns"]),
        )  # fmt: skip


def _compare_input(subject: str, what: str, old: dict[str, Any], new: dict[str, Any]) -> Iterable[Change]:
    """A parameter or request body present in both versions: the user sends it."""
    if old["type"] != new["type"]:
        yield Change(
            f"{what}-retyped", subject, f"{old['type']} -> {new['type']}", not _widens(old["type"], new["type"])
        )
    if new["required"] and not old["required"]:
        yield Change(f"{what}-now-required", subject, "was optional", True)
    elif old["required"] and not new["required"]:
        yield Change(f"{what}-now-optional", subject, "was required", False)


def _described(item: dict[str, Any]) -> str:
    where = f"{item['in']}, " if "in" in item else ""
    return f"{where}{item['type']}, {'required' if item['required'] else 'optional'}"


def _kinds(surface_: Surface) -> dict[str, tuple[str, dict[str, Any]]]:
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for section, kind in _SECTIONS:
        for name, entry in surface_.get(section, {}).items():
            found[name] = (kind, entry)
    return found


def _compare_definitions(old: Surface, new: Surface) -> Iterable[Change]:
    old_defs, new_defs = _kinds(old), _kinds(new)
    for name in sorted(set(old_defs) | set(new_defs)):
        if name not in new_defs:
            yield Change("model-removed", name, old_defs[name][0], True)
            continue
        if name not in old_defs:
            yield Change("model-added", name, new_defs[name][0], False)
            continue
        (old_kind, old_entry), (new_kind, new_entry) = old_defs[name], new_defs[name]
        sides = set(old_entry.get("used_in", [])) | set(new_entry.get("used_in", []))
        if old_kind != new_kind:
            yield Change("model-kind-changed", name, f"was {_article(old_kind)}, now {_article(new_kind)}", True)
        elif old_kind == "model":
            yield from _compare_fields(name, old_entry["fields"], new_entry["fields"], sides)
        elif old_kind == "enum":
            yield from _compare_enum(name, old_entry["values"], new_entry["values"])
        elif old_entry["type"] != new_entry["type"]:
            detail = f"{old_entry['type']} -> {new_entry['type']}"
            yield Change("alias-retyped", name, detail, _retype_breaks(old_entry["type"], new_entry["type"], sides))


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _compare_fields(
    model: str, old: dict[str, Any], new: dict[str, Any], sides: set[str]
) -> Iterable[Change]:
    request = REQUEST in sides or not sides
    response = RESPONSE in sides or not sides
    for wire in sorted(set(old) | set(new)):
        subject = f"{model}.{(new.get(wire) or old[wire])['attribute']}"
        if wire not in new:
            yield Change("field-removed", subject, _field_detail(wire, old[wire]), True)
            continue
        if wire not in old:
            added = new[wire]
            yield Change("field-added", subject, _field_detail(wire, added), bool(added["required"]) and request)
            continue
        before, after = old[wire], new[wire]
        if before["attribute"] != after["attribute"]:
            yield Change("field-renamed", subject, f"attribute {before['attribute']} -> {after['attribute']}", True)
        if before["type"] != after["type"]:
            detail = f"{before['type']} -> {after['type']}"
            yield Change("field-retyped", subject, detail, _retype_breaks(before["type"], after["type"], sides))
        if after["required"] and not before["required"]:
            yield Change("field-now-required", subject, "was optional", request)
        elif before["required"] and not after["required"]:
            yield Change("field-now-optional", subject, "was required; may now be UNSET", response)


def _field_detail(wire: str, item: dict[str, Any]) -> str:
    text = f"{item['type']}, {'required' if item['required'] else 'optional'}"
    return text if wire == item["attribute"] else f"{text}, wire name {wire!r}"


def _compare_enum(name: str, old: list[Any], new: list[Any]) -> Iterable[Change]:
    for value in old:
        if value not in new:
            yield Change("enum-value-removed", name, f"value {value!r}", True)
    for value in new:
        if value not in old:
            yield Change("enum-value-added", name, f"value {value!r}", False)


def _retype_breaks(old: str, new: str, sides: set[str]) -> bool:
    """Whether retyping a definition's type breaks users, given who uses the definition."""
    if sides == {REQUEST}:
        return not _widens(old, new)
    if sides == {RESPONSE}:
        return not _narrows(old, new)
    return True


def _widens(old: str, new: str) -> bool:
    """`new` accepts everything `old` did: its union has all of old's alternatives."""
    return set(union_members(old)) <= set(union_members(new))


def _narrows(old: str, new: str) -> bool:
    """`new` yields nothing `old` could not: its union alternatives are among old's."""
    return set(union_members(new)) <= set(union_members(old))


def union_members(text: str) -> list[str]:
    """The top-level alternatives of an annotation (`a | list[b | c]` -> `a`, `list[b | c]`)."""
    members: list[str] = []
    depth, quote, start, i = 0, "", 0, 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            members.append(text[start:i].strip())
            start = i + 1
        i += 1
    members.append(text[start:].strip())
    return members


# -- reading a stored surface, and the report -----------------------------------------------

INDEX = name_lock.INDEX  # where the surface is stored


def stored_surface(package_dir: Path) -> Surface | None:
    """The surface a previous generation stored in `_index.json`, if there is one."""
    try:
        return surface_from_text((package_dir / INDEX).read_text(encoding="utf-8"))
    except OSError:
        return None


def surface_from_text(text: str) -> Surface | None:
    """The surface stored in the text of an `_index.json`, if it holds one."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    found = data.get("surface") if isinstance(data, dict) else None
    return found if well_formed(found) else None


def well_formed(found: object) -> bool:
    """Whether stored data has the shape `surface` gives, so `compare` can read all of it.

    A section may be missing (read as empty), but whatever is there must be complete:
    `_index.json` may have been edited by hand or written by another tool.
    """
    if not isinstance(found, dict):
        return False
    client = found.get("client", {"environment": {}})
    environment = client.get("environment") if isinstance(client, dict) else None
    if not isinstance(environment, dict) or not all(isinstance(v, str) for v in environment.values()):
        return False
    checks = {"operations": _operation_ok, "models": _model_ok, "enums": _enum_ok, "aliases": _alias_ok}
    for section, entry_ok in checks.items():
        entries = found.get(section, {})
        if not isinstance(entries, dict) or not all(entry_ok(entry) for entry in entries.values()):
            return False
    return True


def _has(entry: object, **kinds: type | tuple[type, ...]) -> TypeGuard[dict[str, Any]]:
    return isinstance(entry, dict) and all(isinstance(entry.get(key), kind) for key, kind in kinds.items())


def _used_in_ok(entry: dict[str, Any]) -> bool:
    used = entry.get("used_in", [])
    return isinstance(used, list) and all(isinstance(side, str) for side in used)


def _input_ok(entry: object) -> bool:
    return _has(entry, type=str, required=bool)


def _operation_ok(entry: object) -> bool:
    if not _has(entry, function=str, deprecated=bool, parameters=dict, returns=str) or "body" not in entry:
        return False
    body_ok = entry["body"] is None or _input_ok(entry["body"])
    return body_ok and all(_input_ok(p) for p in entry["parameters"].values())


def _model_ok(entry: object) -> bool:
    if not _has(entry, fields=dict):
        return False
    fields = entry["fields"].values()
    return _used_in_ok(entry) and all(_has(f, attribute=str, type=str, required=bool) for f in fields)


def _enum_ok(entry: object) -> bool:
    return _has(entry, values=list) and _used_in_ok(entry)


def _alias_ok(entry: object) -> bool:
    return _has(entry, type=str) and _used_in_ok(entry)


def report_lines(changes: list[Change]) -> list[str]:
    """One line per change, then a summary line."""
    if not changes:
        return ["no API changes"]
    broken = sum(c.breaking for c in changes)
    return [c.line() for c in changes] + [f"{len(changes)} API change(s), {broken} breaking"]


def report_json(changes: list[Change]) -> str:
    """The changes as a JSON document (`changes`, `total`, `breaking`)."""
    document = {
        "changes": [c.as_json() for c in changes],
        "total": len(changes),
        "breaking": sum(c.breaking for c in changes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def report_since(previous: Surface | None, package_dir: Path) -> list[str]:
    """After `generate`: the change report against the surface stored before, if it differs.

    Nothing when the package is new, was generated before surfaces were stored, or kept its
    public surface.
    """
    current = stored_surface(package_dir)
    if previous is None or current is None:
        return []
    changes = compare(previous, current)
    return ["API changes:", *report_lines(changes)] if changes else []
