"""What a user types after `client.`: resource attributes and their method names.

A resource is named after its tag (or its path, untagged: `operations.path_group`); a tag
in the singular whose operations' paths spell it in the plural (`File` with `/files`) gives
the plural (`client.files`), as the API's URLs do.

A method is its operation's function name without the noun its resource already says
(`naming.short_method_name`: `create_chat_completion` on `chat` -> `client.chat.create`,
`list_files` on `files` -> `client.files.list`). Each operation has up to three names, from
short to long, each depending on the operation and its resource only:

1. short: the resource's words dropped together with the words of its own path around them
   (`create_image_edit` on `images`, `/images/edits` -> `create`);
2. middle: only the resource's own words dropped (`create_edit`; `create_image` -> `create`);
3. full: the function name (`create_image_edit`).

Names already in use keep their owners (`name_lock`: the surface of the previous output):
an operation whose locked method is still one of its three names, on the same resource,
keeps it, even against another operation whose full name it is: such a newcomer's method
is its full name and HTTP method (`create_post`; the module-level function keeps the full
name). The other operations, new ones among them, then choose: the short name
when no other operation wants it (as its short or full name, or holds it by the lock, with the
variants: `get` beside `get_with_response`); else the middle name when no other operation
wants that (as the name it took, its middle or its full name); else the full name. So
`createImage`, `createImageEdit` and `createImageVariation` are `create`, `create_edit`,
`create_variation`. Ties are never broken by order: two operations wanting the same middle
name both take their full names. Without a lock (a first generation) the result depends on the
spec alone; with the lock of its own output, a generation gives the same names again; when
an operation is added that wants an existing method's name, the existing method keeps it and
the newcomer takes its next name (`images.create` stays, `createImageEdit` becomes
`images.create_edit`). A removed operation frees its name. The resource a tag names keeps its
locked module too (`file` or `files`) while it is one of the two the tag gives. The
module-level functions (`api.chat.create_chat_completion`) keep their full names.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable

from generator import ir
from generator.name_lock import NameLock
from generator.naming import ClassName, NameRegistry, PyIdentifier, pascal, plural, short_method_name, singular, words
from generator.normalize.operations import FUNCTION_SUFFIXES, NOT_A_RESOURCE


def plural_resources(groups: list[ir.Group], lock: NameLock) -> None:
    """Tagged groups named in the singular take the plural their paths use (`file` -> `files`),
    or keep the one of the two their operations have in the lock."""
    taken: set[str] = {g.module for g in groups}
    for group in groups:
        if not group.tag or not group.module:
            continue
        head, _, last = group.module.rpartition("_")
        wanted = f"{head}_{plural(last)}" if head else plural(last)
        if wanted == group.module or singular(last) != last or wanted in taken:
            continue
        segments = {s for op in group.operations for s in _literal_segments(op.path)}
        locked = {lock.method(_key(op))[0] for op in group.operations} & {group.module, wanted}
        if (wanted in locked) if len(locked) == 1 else (wanted in segments):
            taken.discard(group.module)
            group.module = PyIdentifier(wanted)
            taken.add(wanted)


def method_names(groups: list[ir.Group], lock: NameLock) -> None:
    """Set each operation's `method_name` (see the module docstring)."""
    for group in groups:
        resource = _nouns(group.module)
        ops = group.operations
        ladder = {id(op): _ladder(op, resource) for op in ops}
        kept = _kept(group, ladder, lock)
        first = _claims(ops, lambda op: (kept.get(id(op)) or ladder[id(op)][0], op.function))
        took = {id(op): ladder[id(op)][0] for op in ops if _alone(ladder[id(op)][0], first)}
        took.update(kept)
        second = _claims(
            ops, lambda op: (took.get(id(op), ""), "" if id(op) in kept else ladder[id(op)][1], op.function)
        )
        held = {variant for name in kept.values() for variant in _variants(name)}
        for op in ops:
            middle = ladder[id(op)][1]
            name = kept.get(id(op)) or took.get(id(op)) or (middle if _alone(middle, second) else op.function)
            if id(op) not in kept and _variants(name) & held:
                name = _unheld(f"{op.function}_{op.method.lower()}", held)
            op.method_name = PyIdentifier(name)


def _unheld(name: str, held: set[str]) -> str:
    """`name`, or `name_2`, `name_3`, ...: the first whose variants no locked method holds."""
    candidate, number = name, 1
    while _variants(candidate) & held:
        number += 1
        candidate = f"{name}_{number}"
    return candidate


def _kept(group: ir.Group, ladder: dict[int, tuple[str, str]], lock: NameLock) -> dict[int, str]:
    """The operations that keep their locked method name: it is one of their own names on this
    resource, and no other operation holds it by the lock (a newcomer whose full name it is
    takes another: see `method_names`)."""
    wanted: dict[int, str] = {}
    for op in group.operations:
        module, name = lock.method(_key(op))
        if module == group.module and name and name in {*ladder[id(op)], op.function}:
            wanted[id(op)] = name
    claims = _claims(group.operations, lambda op: (wanted.get(id(op), ""),))
    return {key: name for key, name in wanted.items() if _alone(name, claims)}


def _key(op: ir.Operation) -> str:
    """How the surface and the lock name an operation: `POST /files`."""
    return f"{op.method.upper()} {op.path}"


def _ladder(op: ir.Operation, resource: frozenset[str]) -> tuple[str, str]:
    """The operation's short and middle names ('' where nothing is dropped)."""
    short = short_method_name(op.function, resource, _path_nouns(op.path, resource))
    return short, short_method_name(op.function, resource, frozenset()) if short else ""


def _claims(ops: list[ir.Operation], wanted: Callable[[ir.Operation], tuple[str, ...]]) -> Counter[str]:
    """How many operations want each name, counting each operation once per name and variant."""
    claims: Counter[str] = Counter()
    for op in ops:
        claims.update({variant for name in wanted(op) for variant in _variants(name)})
    return claims


def _alone(name: str, claims: Counter[str]) -> bool:
    """Whether only one operation wants the name and each of its variants."""
    mine = _variants(name)
    return bool(mine) and all(claims[n] == 1 for n in mine)


@functools.lru_cache(maxsize=4096)
def _variants(name: str) -> frozenset[str]:
    """Every attribute a method name gives its resource (`get`, `get_with_response`, ...);
    once per name (each operation's names are asked for several times)."""
    return frozenset(name + suffix for suffix in FUNCTION_SUFFIXES) if name else frozenset()


def _nouns(text: str) -> frozenset[str]:
    return frozenset(singular(w) for w in words(text))


def _literal_segments(path: str) -> list[str]:
    """The snake_case path segments before the first parameter, versions and `api` skipped."""
    found = []
    for segment in path.split("?", 1)[0].split("/"):
        if "{" in segment:
            break
        if segment and not NOT_A_RESOURCE.match(segment):
            found.append("_".join(w.lower() for w in words(segment)))
    return found


def _path_nouns(path: str, resource: frozenset[str]) -> frozenset[str]:
    """The words of the operation's literal path when they contain the resource's words."""
    nouns = frozenset(singular(w) for segment in _literal_segments(path) for w in segment.split("_"))
    return nouns if resource and resource <= nouns else frozenset()


def name_resources(groups: list[ir.Group]) -> None:
    """Resource class names, unique across modules (tags `item2` and `item 2` give modules
    `item2` and `item_2`, both `Item2`: the second resource becomes `Item2Resource2`)."""
    registry = NameRegistry()
    for group in groups:
        group.resource = registry.claim_class(ClassName(f"{pascal(group.module)}Resource"))
