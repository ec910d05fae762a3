"""Names for the members of a union (`oneOf` / `anyOf`), as suffixes to the union's name.

Each member gets an ordered list of candidate suffixes, from what the spec says best to
worst: the value of a constant property (`type: {const: text}` -> `Text`); Fern's
`description: <name> variant`; its `title` (less the words the union's name ends in); its
kind (`Enum`, `List`, `Object`; a kind word the union's name already ends in is not
repeated: `PersonalityEnum`'s enum member is `PersonalityEnumValue`, not
`PersonalityEnumEnum`), and for a list its items' kind too (`StringList`, `ObjectList`,
`RepositoryList`); a tag-like `example` of a property every member has, different in each
(`type: {example: wait_timer}` -> `WaitTimer`); the properties only it requires
(`WithPullRequest`); the properties only it has; a property other members have too but of
another kind (`labels` as strings in one, as objects in another: `WithStringLabels`,
`WithObjectLabels`); and last its position (`Option2`). Each member takes its first
candidate that no other member also took (a member whose name is taken tries its next ones),
so two objects that differ only in `required` read `WithNote` and
`WithContentIdAndContentType`, not `Option1` and `Option2`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from generator.naming import pascal

_TAG_EXAMPLE = re.compile(r"[a-z][a-z0-9_. -]{0,40}")
_FERN_VARIANT = re.compile(r"(\w[\w -]{0,40}?) variant", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\.(ya?ml|json)$")
_TITLE_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")


def variant_suffixes(variants: list[Any], union: str, alone: bool = False) -> list[list[str]]:
    """Each member's candidate suffixes after the union's name `union`, best first, ending
    in its position (`OptionN`). `alone`: the member is the union's only non-null one: it
    may take the union's own name, else `<union>Value`."""
    candidates: list[list[str]] = []
    members = _Members(variants)
    required = [_required(v) for v in variants]  # each member's, read once
    properties = [_properties(v) for v in variants]
    required_by = _holders(required)
    properties_by = _holders(properties)
    for index, variant in enumerate(variants):
        found = [""] if alone else []
        found += _own_suffixes(variant, union)
        found.append(_tag_example(index, members))
        found.append(_with(required[index], required_by))
        found.append(_with(properties[index], properties_by))
        found.append(_with_kind(index, members))
        if len(variants) == 1:
            found.append("Value")
        unique = [s for i, s in enumerate(found) if (s or (alone and i == 0)) and s not in found[:i]]
        candidates.append([*unique, f"Option{index + 1}"])
    return candidates


def pick_suffixes(candidates: list[list[str]]) -> list[str]:
    """One suffix per member: its first candidate that no other member also took. A member
    left with only its position takes back an earlier candidate the others moved off
    (list of strings and list of unions: `StringList` and `List`, not `Option3`)."""
    level = [0] * len(candidates)
    while True:
        chosen = [c[min(level[i], len(c) - 1)] for i, c in enumerate(candidates)]
        shared = [i for i, s in enumerate(chosen) if chosen.count(s) > 1 and level[i] < len(candidates[i]) - 1]
        if not shared:
            break
        for i in shared:
            level[i] += 1
    positional = [c == own[-1] for c, own in zip(chosen, candidates)]
    for i, own in enumerate(candidates):
        if positional[i]:
            earlier = [s for s in own[:-1] if not _wanted_elsewhere(s, i, candidates, chosen, positional)]
            chosen[i] = earlier[0] if earlier else chosen[i]
    return chosen


def _wanted_elsewhere(suffix: str, index: int, candidates: list[list[str]], chosen: list[str], positional: list[bool]) -> bool:
    """Another member took `suffix`, or could have and was left with its position too."""
    return any(
        j != index and (chosen[j] == suffix or (positional[j] and suffix in own))
        for j, own in enumerate(candidates)
    )


def _own_suffixes(variant: Any, union: str) -> list[str]:
    """What a member says of itself: constant property, Fern's `<x> variant`, title (less
    the words the union's name ends in), kind."""
    if not isinstance(variant, dict) or "$ref" in variant:
        return []
    found: list[str] = []
    for prop in (variant.get("properties") or {}).values():
        value = _constant(prop)
        if isinstance(value, str) and pascal(value):
            found.append(pascal(value))
            break
    described = variant.get("description")
    said = _FERN_VARIANT.fullmatch(described) if isinstance(described, str) else None
    if said and pascal(said.group(1)):  # Fern: `description: numerical variant`
        found.append(pascal(said.group(1)))
    title = variant.get("title")
    if isinstance(title, str) and _after(union, pascal(title)):
        found.append(_after(union, pascal(title)))
    if isinstance(variant.get("enum"), list) and len(variant["enum"]) > 1:
        found.append(_kind_word("Enum", union))
    elif variant.get("type") == "array" or "items" in variant:
        found.append(_kind_word("List", union))
        found.append(_kind(variant))
    elif "properties" in variant or "allOf" in variant or variant.get("type") == "object":
        found.append(_kind_word("Object", union))
    return found


# What a member of a kind is called after a union's name that already ends in that kind.
_INSTEAD = {"Enum": "Value", "List": "Items", "Object": "Value"}


def _kind_word(word: str, union: str) -> str:
    """`Enum` / `List` / `Object`, or another word when the union's name ends in it."""
    return _INSTEAD[word] if union.endswith(word) else word


def _kind(schema: Any) -> str:
    """A schema's kind in a word: `String`, `Integer`, `Object`, `Enum`, a `$ref`'s name,
    `<items' kind>List` for an array; '' when it has none (several types, no type)."""
    if not isinstance(schema, dict):
        return ""
    ref = schema.get("$ref")
    if isinstance(ref, str):  # `#/components/schemas/repo` or `models/repo.yml`
        where, _, pointer = ref.partition("#")
        token = pointer.rsplit("/", 1)[-1] if pointer else _FILE_SUFFIX.sub("", where.rsplit("/", 1)[-1])
        return pascal(token.replace("~1", "/").replace("~0", "~"))
    if isinstance(schema.get("enum"), list) and len(schema["enum"]) > 1:
        return "Enum"
    members = schema.get("oneOf") or schema.get("anyOf")
    if isinstance(members, list) and members:  # one kind for all, else none
        kinds = {_kind(m) for m in members if not (isinstance(m, dict) and m.get("type") == "null")}
        return kinds.pop() if len(kinds) == 1 else ""
    kind = schema.get("type")
    if kind == "array" or (kind is None and "items" in schema):
        item = _kind(schema.get("items"))
        return f"{item}List" if item else ""
    if kind == "object" or (kind is None and "properties" in schema):
        return "Object"
    return kind.capitalize() if kind in {"string", "integer", "number", "boolean"} else ""


class _Members:
    """The members of one union, with what the candidates of each read of the others, found
    once per union (a union of 50 events asked it 50 times of each)."""

    def __init__(self, variants: list[Any]) -> None:
        self.props = [_props(v) for v in variants]
        self._kinds: dict[tuple[int, str], str] = {}
        self._tags: dict[str, bool] = {}

    def kind(self, index: int, name: str) -> str:
        """`_kind` of member `index`'s property `name` (which it has)."""
        key = (index, name)
        if key not in self._kinds:
            self._kinds[key] = _kind(self.props[index][name])
        return self._kinds[key]

    def tags(self, name: str) -> bool:
        """Whether every member has a tag-like `example` for the property, each another."""
        if name not in self._tags:
            examples = [_example(props.get(name)) for props in self.props]
            self._tags[name] = all(examples) and len(set(examples)) == len(examples)
        return self._tags[name]


def _with_kind(index: int, members: _Members) -> str:
    """`With<kind><Property>` for the first property other members have too, each of
    another kind (`labels`: strings here, objects there -> `WithStringLabels`); an array
    property is named by its items' kind, as its name is mostly plural already."""
    for name, prop in members.props[index].items():
        theirs = [members.kind(i, name) for i, props in enumerate(members.props) if i != index and name in props]
        mine = members.kind(index, name)
        if theirs and mine and _item_kind(prop) and pascal(name) and all(t not in {"", mine} for t in theirs):
            return f"With{_item_kind(prop)}{pascal(name)}"
    return ""


def _item_kind(schema: Any) -> str:
    """A property's kind, its items' for an array (`[string]` -> `String`)."""
    if isinstance(schema, dict) and (schema.get("type") == "array" or "items" in schema) and "$ref" not in schema:
        return _kind(schema.get("items"))
    return _kind(schema)


def _after(union: str, title: str) -> str:
    """The title without the words the union's name ends in (`Tracing` + `TracingConfig`
    -> `Config`); '' when the union's name ends in all of it."""
    parts = _TITLE_WORDS.findall(title)
    for k in range(len(parts), 0, -1):
        if union.endswith("".join(parts[:k])):
            return "".join(parts[k:])
    return title


def _tag_example(index: int, members: _Members) -> str:
    """The `example` of a property every member has, when each member's differs and reads
    like a tag (`wait_timer`), e.g. an undeclared discriminator; else ''."""
    for name, prop in members.props[index].items():
        if members.tags(name):
            own = _example(prop)
            return pascal(own) if pascal(own) else ""
    return ""


def _example(schema: Any) -> str:
    example = schema.get("example") if isinstance(schema, dict) else None
    return example if isinstance(example, str) and _TAG_EXAMPLE.fullmatch(example) else ""


def _holders(names: list[list[str]]) -> Counter[str]:
    """How many members have each name (`_with`: a name one member has is its own)."""
    return Counter(name for own in names for name in set(own))


def _with(names: list[str], holders: Counter[str]) -> str:
    """`WithA` / `WithAAndB` for the names no other member has ('' when none or over two):
    `holders` counts the members that have each."""
    own = [n for n in names if pascal(n) and holders[n] == 1]
    if not own or len(own) > 2:
        return ""
    return "With" + "And".join(pascal(n) for n in own)


def _props(variant: Any) -> dict[str, Any]:
    props = variant.get("properties") if isinstance(variant, dict) and "$ref" not in variant else None
    return props if isinstance(props, dict) else {}


def _properties(variant: Any) -> list[str]:
    return [str(k) for k in _props(variant)]


def _required(variant: Any) -> list[str]:
    required = variant.get("required") if isinstance(variant, dict) and "$ref" not in variant else None
    return [r for r in required if isinstance(r, str)] if isinstance(required, list) else []


def _constant(schema: Any) -> Any:
    """The one value a schema allows (`const`, or a one-value `enum`), else None."""
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    return enum[0] if isinstance(enum, list) and len(enum) == 1 else None
