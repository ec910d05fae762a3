"""Short class names for inline schemas: the shortest tail of their place that no other wants.

An inline schema is first named after its whole place (`schemas.SchemaConverter`: the
component or operation, then each property, a list's items in the singular:
`CreateModerationResponse` + `results` + `category_applied_input_types` + `self-harm`'s
items -> `CreateModerationResponseCategoryAppliedInputTypesSelfHarmItem`). Its place below the
component or the operation's body/response schema is a path of segments, read from its JSON
pointer: each property (`CategoryAppliedInputTypes`), a list's items as the list's name in
the singular (`results` -> `Result`; `...Item` when it is no plural), a map's values as
`...Value`. Its candidate names are the tails of that path, shortest first, of at least two
words the spec spelled (`SelfHarmItem`, `CategoryAppliedInputTypesSelfHarmItem`,
`ResultCategory...`; not `DataItem`), the name of an `<X>Object` component without `Object`
when X ends with the whole path (`MessageContentTextObject.text` -> `MessageContentText`),
then its full name. It takes the first candidate that no other inline schema has among its own
candidates and that names nothing else in the package (a component schema, a union member,
a reserved name); so two that want the same tail never take it, whatever the order, and a
name is always unique. A schema under a union member (`oneOf/1/...`) keeps its full name:
union members are named by what tells them apart (`variant_names`), not by position.

Names in use are kept (`name_lock`): an inline schema whose place the lock names keeps the
class name it had there while that name is still one of its candidates (and no component
schema, which always keeps its own name, has it), and the others choose around the names so
held, so an added schema never renames an existing one. A client generated before places
were recorded keeps its full names.

`rename` then rewrites every reference to a renamed definition in the IR.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import typing
from collections import Counter
from dataclasses import dataclass
from typing import Any, TypeVar

from generator import ir
from generator.naming import ClassName, class_name, singular_name, words
from generator.name_lock import NameLock
from generator.nodes import unescape_token

T = TypeVar("T")


Segment = tuple[str, int]  # a segment of a place, and how many of its words the spec spelled


def place(pointer: str) -> tuple[Segment, ...] | None:
    """The segments of a definition's place below its component or body/response schema
    (`None`: not a place made of properties, items and map values only)."""
    tokens = [unescape_token(t) for t in pointer.split("/")[1:]]
    if tokens[:2] == ["components", "schemas"] and len(tokens) > 3:
        rest = tokens[3:]
    elif tokens[:1] == ["paths"] and "schema" in tokens:
        rest = tokens[len(tokens) - tokens[::-1].index("schema") :]
    else:
        return None
    segments: list[Segment] = []
    i = 0
    while i < len(rest):
        key = rest[i]
        if key == "properties" and i + 1 < len(rest):
            prop = class_name(rest[i + 1], "Field")
            segments.append((prop, len(words(prop))))
            i += 2
        elif key == "items" and segments:
            name, spelled = segments[-1]
            segments[-1] = (singular_name(name) or f"{name}Item", spelled)
            i += 1
        elif key == "additionalProperties" and segments:
            segments.append(("Value", 0))
            i += 1
        else:
            return None
    return tuple(segments) if segments else None


def _component(pointer: str) -> str:
    """The component schema a place is in ('' for an operation's)."""
    tokens = pointer.split("/")
    return unescape_token(tokens[3]) if tokens[1:3] == ["components", "schemas"] else ""


def candidates(name: ClassName, segments: tuple[Segment, ...], owner: str = "") -> list[ClassName]:
    """The names a definition may take, shortest first, its full name last: the tails of its
    place with two or more words the spec spelled (`SelfHarmItem`, not `DataItem`); and when
    its component's name is `<X>Object` and X ends with the whole tail, X
    (`MessageContentImageFileObject.image_file` -> `MessageContentImageFile`)."""
    found: list[ClassName] = []
    for start in range(len(segments) - 1, -1, -1):
        tail = "".join(text for text, _ in segments[start:])
        spelled = sum(count for _, count in segments[start:])
        if spelled >= 2 and class_name(tail) == tail and len(tail) < len(name) and tail not in found:
            found.append(ClassName(tail))
    base = owner.removesuffix("Object")
    if base != owner and base.endswith("".join(text for text, _ in segments)) and base not in found:
        found.append(ClassName(base))
    return [*found, name]


@dataclass(frozen=True)
class ShortNames:
    """What `short_names` decided: old name -> new name for the renamed definitions, and
    the place (JSON pointer) -> name of every inline definition named by its place."""

    renamed: dict[str, ClassName]
    places: dict[str, ClassName]


def short_names(definitions: list[ir.Definition], lock: NameLock) -> ShortNames:
    """The short name each inline definition takes (see the module docstring)."""
    wanted: dict[str, list[ClassName]] = {}
    components = {d.schema_name: d.name for d in definitions if d.schema_name is not None}
    pointers: dict[str, str] = {}
    seen: set[str] = set()  # one definition per place (the first; a second keeps its name)
    for d in definitions:
        pointer = d.location.pointer if d.schema_name is None and d.location is not None else ""
        segments = place(pointer) if pointer and pointer not in seen else None
        if segments is not None:
            wanted[d.name] = candidates(d.name, segments, components.get(_component(pointer), ""))
            pointers[d.name] = pointer
            seen.add(pointer)
    fixed = {str(d.name) for d in definitions if d.name not in wanted}
    kept = _kept(wanted, pointers, fixed, lock)
    claims: Counter[str] = Counter()
    for name, names in wanted.items():
        claims.update({kept[name]} if name in kept else set(names))
    chosen: dict[str, ClassName] = {}
    for name, names in wanted.items():
        chosen[name] = kept.get(name) or next(n for n in names if n == name or (claims[n] == 1 and n not in fixed))
    return ShortNames(
        {old: new for old, new in chosen.items() if new != old},
        {pointers[old]: new for old, new in sorted(chosen.items(), key=lambda item: pointers[item[0]])},
    )


def _kept(
    wanted: dict[str, list[ClassName]], pointers: dict[str, str], fixed: set[str], lock: NameLock
) -> dict[str, ClassName]:
    """The definitions that keep the name the lock gives their place: still one of their
    candidates, held by no other locked definition, and no other definition's full name."""
    locked: dict[str, ClassName] = {}
    for name, names in wanted.items():
        held = lock.class_name(pointers[name], name)
        if held is not None and held in names and held not in fixed:
            locked[name] = ClassName(held)
    holders = Counter(locked.values())
    full = Counter(names[-1] for names in wanted.values())
    return {k: v for k, v in locked.items() if holders[v] == 1 and full[v] == (1 if v == k else 0)}


def rename(value: T, names: dict[str, ClassName]) -> T:
    """`value` with every reference to a renamed definition renamed (definitions, types,
    discriminator mappings, operations): lists and mutable parts in place, frozen parts
    replaced where anything changed."""
    if not names:
        return value  # nothing to rename: no walk over the whole IR
    return _rename(value, names)  # type: ignore[no-any-return]


def _rename(value: Any, names: dict[str, ClassName]) -> Any:
    kind = _KINDS.get(type(value))
    if kind is None:
        kind = _KINDS[type(value)] = _kind(type(value))
    if kind is _LEAF:
        return value
    if kind is _REF:
        return ir.Ref(names[value.name]) if value.name in names else value
    if kind is _DISCRIMINATOR:
        return ir.Discriminator(value.property, tuple((w, names.get(n, n)) for w, n in value.mapping))
    # Below, a part that is returned as it is (text, a type that refers to nothing, a reference
    # to a name that stays: most of the IR) is told apart in place, without a call.
    if kind is _LIST or kind is _TUPLE:
        items = [
            v if (k := _KINDS.get(type(v))) is _LEAF or (k is _REF and v.name not in names) else _rename(v, names)
            for v in value
        ]
        if kind is _LIST:
            value[:] = items  # in place: the groups and definitions lists stay the same objects
            return value
        return value if all(new is old for new, old in zip(items, value)) else tuple(items)
    if kind is _DEFINITION:
        value.name = names.get(value.name, value.name)
    changed: dict[str, Any] = {}
    for name in _parts(value.__class__):
        old = getattr(value, name)
        if (k := _KINDS.get(type(old))) is _LEAF or (k is _REF and old.name not in names):
            continue
        if (new := _rename(old, names)) is not old:
            changed[name] = new
    if not changed:
        return value
    if kind is _FROZEN:
        return dataclasses.replace(value, **changed)
    for key, new in changed.items():
        setattr(value, key, new)
    return value


class _Kind(enum.Enum):
    """How `_rename` treats a value, by its class."""

    LEAF = "refers to no definition"
    REF = "a reference"
    DISCRIMINATOR = "a discriminator's mapping"
    LIST = "a list, renamed in place"
    TUPLE = "a tuple, replaced"
    DEFINITION = "a definition (model, enum, alias): its own name and its parts"
    FROZEN = "a frozen dataclass, replaced"
    MUTABLE = "a dataclass, changed in place"


def _kind(cls: type) -> _Kind:
    if issubclass(cls, ir.Ref):
        return _Kind.REF
    if issubclass(cls, ir.Discriminator):
        return _Kind.DISCRIMINATOR
    if issubclass(cls, list):
        return _Kind.LIST
    if issubclass(cls, tuple):
        return _Kind.TUPLE
    if issubclass(cls, (ir.Model, ir.Enum, ir.Alias)):
        return _Kind.DEFINITION
    if not dataclasses.is_dataclass(cls) or not _parts(cls):
        return _Kind.LEAF  # text, numbers, None, and the IR's parts that hold no reference
    return _Kind.FROZEN if cls.__dataclass_params__.frozen else _Kind.MUTABLE  # type: ignore[attr-defined]


# The kinds as module names: `_Kind.X` is an attribute lookup on the enum class, several per
# value of the walk (18,000 values for OpenAI's spec).
_LEAF, _REF, _DISCRIMINATOR, _LIST, _TUPLE, _DEFINITION, _FROZEN = (
    _Kind.LEAF, _Kind.REF, _Kind.DISCRIMINATOR, _Kind.LIST, _Kind.TUPLE, _Kind.DEFINITION, _Kind.FROZEN
)

# Each class's `_Kind`, found once (the IR's few classes, text (names too: `str`), numbers, None).
_KINDS: dict[type, _Kind] = {cls: _Kind.LEAF for cls in (str, int, float, bool, type(None))}


@functools.cache
def _parts(cls: type) -> tuple[str, ...]:
    """The fields of an IR dataclass that can hold a reference to a definition, as their
    annotations say (a `Field`'s `type`, not its name, wire name, doc or default): the
    walk reads only those."""
    hints = _hints(cls)
    return tuple(f.name for f in dataclasses.fields(cls) if _may_refer(hints[f.name], frozenset({cls})))


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _may_refer(hint: Any, seen: frozenset[type]) -> bool:
    """Whether a value of this annotation can be or hold a `Ref`, a `Discriminator` or a
    definition (a class met again on the way may: assumed so)."""
    if hint is Any or hint in (ir.Ref, ir.Discriminator, ir.Model, ir.Enum, ir.Alias):
        return True
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return False
    if origin is not None:  # list[X], tuple[X, ...], X | None, Union[...]
        return any(_may_refer(arg, seen) for arg in typing.get_args(hint) if arg is not Ellipsis)
    if not (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
        return False  # text, numbers, classes that hold none (`Unsupplied`)
    if hint in seen:
        return True
    return any(_may_refer(part, seen | {hint}) for part in _hints(hint).values())
