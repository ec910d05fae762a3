"""Stage 3, resolve: find what every `$ref` points to.

A `$ref` is a JSON pointer into the same document (`#/components/schemas/Pet`, with `~0`/`~1`
escapes and percent-encoding), or a path to another file relative to the referring file,
optionally with a pointer (`common.yaml#/Pet`). Chains of refs are followed to the node that
holds the schema; a chain that only loops is an error. Refs are not inlined: the resolved
document keeps the `$ref` nodes, and `Resolution.target()` maps each one to its target, so a
schema that reaches itself becomes a recursive model later instead of an endless loop.
Sibling keywords next to `$ref` stay on the referring node for the normalizer to apply.
A `$ref` that does not resolve as written but does once its whitespace is removed (a value
folded over two YAML lines gains a space) is used that way, with a warning.

A `$ref` whose target is not there (a local pointer that leads nowhere, a relative file that
does not exist or lacks the pointer, a remote http(s) ref, also as the last link of a chain)
is tolerated only in a schema position: there it stands for a free-form schema (an empty
mapping: the client types it `Any` and passes the JSON through unchanged), with one warning
naming the dangling `$ref` where it is written. Anywhere else (parameters, responses, request
bodies, path items, headers objects, security schemes, ...) it stays an error.

The schema-position rule follows the walk, not the pointer's text (a parameter or header
*named* `schema` is not a schema): a node is in a schema when the walk reaches it under the
`schema` keyword of a parameter, header or media type object (also inside callbacks and
3.1 `webhooks`), under `components/schemas`, or under a `definitions`/`$defs` keyword; every
node below one (properties, items, allOf members, ...) is in a schema too, and so is every
link of a `$ref` chain that starts in a schema, in whatever file it lives. A node reachable
both in a schema and elsewhere counts as in a schema. The warning names the `$ref` that
dangles (the last link of a chain), once; every ref leading there shares its free-form
schema. A `$ref` that only loops, or that points at text where an object is needed, is an
error wherever it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, TypeGuard
from urllib.parse import unquote

from generator.confine import allowed_folders, check_ref_file
from generator.diagnostics import Diagnostic, GeneratorError, Location
from generator.limits import DEFAULT_LIMITS, Limits, RefusedFile, check_shape, read_spec_file, refused
from generator.load import display_path, parse_spec_text
from generator.nodes import YDict, location_of, unescape_token


@dataclass(frozen=True)
class Address:
    """Where a resolved node lives: its file (None for the main document) and pointer."""

    file: str | None
    pointer: str


@dataclass
class Resolution:
    """The resolved document: its root and the target of every `$ref` node in reach."""

    root: YDict
    targets: dict[int, tuple[YDict, Address]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)  # tolerated quirks, for the context
    files_read: list[str] = field(default_factory=list)  # other files a `$ref` reached (or tried to)

    def target(self, ref_node: YDict) -> tuple[YDict, Address]:
        """The node (and address) a `$ref` node finally points to."""
        return self.targets[id(ref_node)]

    def deref(self, node: Any) -> Any:
        """What a node stands for: the target of a `$ref` node (chains followed), else itself."""
        if isinstance(node, YDict) and "$ref" in node:
            return self.targets[id(node)][0]
        return node


class _Unresolvable(GeneratorError):
    """A `$ref` whose target is not there; `ref` is the value as written, `reason` says why."""

    def __init__(self, location: Location, ref: str, message: str, reason: str, hint: str) -> None:
        self.ref = ref
        self.reason = reason
        self.ref_node: YDict = YDict()  # set by `_follow`: the node holding the dangling `$ref`
        super().__init__(location, message, hint)


def _free_form_warning(error: _Unresolvable) -> Diagnostic:
    """The warning for a dangling `$ref` in a schema position, typed as Any."""
    return Diagnostic(
        error.location,
        f"$ref {error.ref!r} does not resolve ({error.reason}); typed as Any "
        "(add the missing definition)",
    )


@dataclass
class _Resolver:
    root: YDict
    main_files: set[str]
    folders: tuple[str, ...]  # where file `$ref`s may read (see `generator.confine`)
    limits: Limits = DEFAULT_LIMITS
    files: dict[str, Any] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    # What each `$ref` node was found to lead to (or why not), so a chain is followed once.
    followed: dict[int, tuple[Any, Address]] = field(default_factory=dict)
    failed: dict[int, _Unresolvable] = field(default_factory=dict)
    tried: set[str] = field(default_factory=set)  # every other file a `$ref` named, found or not
    # What a `$ref` text in a file was found to name, when that took no warning (GitHub's spec
    # writes 5,000 `$ref`s with 900 texts): the pointer is walked once per text.
    found: dict[tuple[str, str], tuple[Any, Address]] = field(default_factory=dict)
    warned: bool = False  # whether the lookup under way warned (its outcome is not kept)

    def document_for(self, file: str) -> Any:
        """The parsed file (KeyError when it cannot be read; RefusedFile when it must not be)."""
        if file in self.main_files:
            return self.root
        if file not in self.files:
            self.tried.add(file)
            path = Path(file)
            try:
                text = read_spec_file(path, self.limits)
            except OSError:
                raise KeyError(file) from None
            data = parse_spec_text(text, path)
            check_shape(data, self.limits)
            self.files[file] = data
        return self.files[file]

    def lookup(self, ref: str, referrer: Location) -> tuple[Any, Address]:
        if not isinstance(ref, str):
            raise GeneratorError(referrer.at(referrer.pointer + "/$ref"), "`$ref` must be a string")
        ref = ref.strip()
        key = (ref, referrer.file)
        known = self.found.get(key)
        if known is not None:
            return known
        try:
            self.warned = False
            found = self._lookup(ref, referrer)
            if not self.warned:
                self.found[key] = found
            return found
        except GeneratorError as original:
            squeezed = re.sub(r"\s+", "", ref)
            if squeezed == ref:
                raise
            try:
                found = self._lookup(squeezed, referrer)
            except GeneratorError:
                raise original from None
            self.warnings.append(
                Diagnostic(
                    referrer.at(referrer.pointer + "/$ref"),
                    f"$ref {ref!r} contains whitespace (folded over two lines?); read as {squeezed!r}",
                )
            )
            return found

    def _lookup(self, ref: str, referrer: Location) -> tuple[Any, Address]:
        file_part, _, fragment = ref.partition("#")
        if file_part.startswith(("http://", "https://")):
            raise _Unresolvable(
                referrer.at(referrer.pointer + "/$ref"),
                ref,
                f"remote $ref {ref!r} is not supported",
                "remote refs are not fetched",
                "download the file next to the spec and refer to it by relative path",
            )
        where = referrer.at(referrer.pointer + "/$ref")
        if file_part:
            target = Path(referrer.file).parent / unquote(file_part)
            try:
                check_ref_file(unquote(file_part), target, self.folders)
            except RefusedFile as exc:
                raise refused(where, exc) from None
            file = display_path(target)
        else:
            file = referrer.file
        try:
            document = self.document_for(file)
        except RefusedFile as exc:
            raise refused(where, RefusedFile(f"file $ref {file_part!r}: {exc.what}", exc.hint)) from None
        except KeyError:
            raise _Unresolvable(
                referrer.at(referrer.pointer + "/$ref"),
                ref,
                f"$ref {ref!r}: file {file} not found",
                f"file {file} not found",
                "fix the path; it is relative to the referring file",
            ) from None
        node = document
        pointer = unquote(fragment)
        tokens = [unescape_token(token) for token in pointer.split("/")[1:]] if pointer else []
        while tokens:
            key = tokens.pop(0)
            joined = _slashed_key(node, key, tokens)
            if joined is not None:  # a key with an unescaped `/` (Fern: `Agent API/Peers_Response_200`)
                self._warn_once(
                    referrer.at(referrer.pointer + "/$ref"),
                    f"$ref {ref!r} has an unescaped '/' in the key {joined!r}; read as "
                    f"{_escaped(ref, pointer, joined)!r} (write a '/' in a key as '~1')",
                )
                del tokens[: joined.count("/")]
                key = joined
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise _Unresolvable(
                    referrer.at(referrer.pointer + "/$ref"),
                    ref,
                    f"$ref {ref!r} does not resolve: no {key!r} there",
                    f"no {key!r} in {file}" if file_part else f"no {key!r} there",
                    "fix the reference or add the missing definition",
                )
        owner = None if document is self.root else file
        return node, Address(owner, pointer)

    def _warn_once(self, location: Location, message: str) -> None:
        """A warning about a `$ref`, once however often the walk looks the ref up."""
        self.warned = True
        warning = Diagnostic(location, message)
        if warning not in self.warnings:
            self.warnings.append(warning)


def _slashed_key(node: Any, key: str, rest: list[str]) -> str | None:
    """The key `key/rest[0]/...` when `key` itself is not in the mapping but that is."""
    if not isinstance(node, dict) or key in node:
        return None
    for count in range(1, len(rest) + 1):
        joined = "/".join([key, *rest[:count]])
        if joined in node:
            return joined
    return None


def _escaped(ref: str, pointer: str, key: str) -> str:
    """The ref as it should have been written: `key`'s slashes escaped."""
    file_part = ref.partition("#")[0]
    fixed = pointer.replace(key, key.replace("~", "~0").replace("/", "~1"), 1)
    return f"{file_part}#{fixed}"


# How the walk reads a mapping: an OpenAPI/Schema object (its keys are keywords), a map of
# names to objects (`properties`, `paths`, `responses`, ...), or a map whose entries are
# Example objects (whose `value` is literal data) or Callback objects (maps of path items).
_OBJECT, _NAMES, _EXAMPLES, _EXAMPLE, _CALLBACKS, _COMPONENTS = range(6)
_NAME_MAPS = frozenset(
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "paths",
        "webhooks", "responses", "parameters", "headers", "content", "encoding", "links",
        "variables", "securitySchemes", "requestBodies", "schemas", "pathItems",
    }
)  # fmt: skip
# Keywords whose values are literal data (a `$ref` in there is data, never a reference).
_LITERAL_KEYS = frozenset({"example", "default", "enum", "const"})
# Keywords whose value must be an object: a `$ref` there pointing at text is an error.
_OBJECT_VALUED = frozenset(
    {
        "schema", "items", "additionalProperties", "not", "if", "then", "else", "contains",
        "propertyNames", "unevaluatedProperties", "unevaluatedItems", "additionalItems",
        "requestBody", "info", "components", "discriminator", "externalDocs", "xml",
    }
)  # fmt: skip


def _child_kind(kind: int, key: str, value: Any) -> int | None:
    """How to read a child of a node of `kind` under `key` (None: literal data, skip it)."""
    if kind == _NAMES:
        return _OBJECT
    if kind == _EXAMPLES:
        return _EXAMPLE
    if kind == _CALLBACKS:
        return _NAMES
    if kind == _COMPONENTS:
        return {"examples": _EXAMPLES, "callbacks": _CALLBACKS}.get(key, _NAMES)
    if key in _LITERAL_KEYS or key.startswith("x-") or (key == "examples" and isinstance(value, list)):
        return None
    if key == "examples":
        return _EXAMPLES
    if key == "callbacks":
        return _CALLBACKS
    if key == "components":
        return _COMPONENTS
    return _NAMES if key in _NAME_MAPS and isinstance(value, dict) else _OBJECT


def _enters_schema(kind: int, key: str) -> bool:
    """Whether the child under `key` of a node of `kind` is a Schema object (or a map of them)."""
    if kind == _OBJECT:
        return key in _SCHEMA_KEYS
    return kind == _COMPONENTS and key == "schemas"


_SCHEMA_KEYS = frozenset({"schema", "definitions", "$defs"})


def resolve(
    root: YDict, input_files: list[str], allowed: list[Path] | None = None, limits: Limits = DEFAULT_LIMITS
) -> Resolution:
    """Resolve every `$ref` reachable from the root, loading referenced files as needed.

    Literal data is not searched: example values, `default`, `enum`, `const` and `x-`
    extensions may hold a `$ref` key that is data. A `$ref` standing for a string (or other
    non-object) where a keyword expects one (`info.description`) is replaced by that value.
    A dangling `$ref` in a schema position targets a free-form schema, with a warning; outside
    schemas it is an error, raised once the walk is over (the same node may still turn out
    to be reachable in a schema too). File `$ref`s may read under the folders of the input
    files and the `allowed` folders (the project root), within `limits`.
    """
    resolver = _Resolver(root, set(input_files), allowed_folders(input_files, allowed or []), limits)
    resolution = Resolution(root, warnings=resolver.warnings)
    free_forms: dict[int, tuple[YDict, Address]] = {}  # by the `$ref` node that dangles
    # Dangling `$ref` nodes not (yet) met in a schema: the error, and the refs that lead there.
    dangling: dict[int, tuple[_Unresolvable, list[YDict]]] = {}
    in_schemas: set[int] = set()
    elsewhere: set[int] = set()
    stack: list[tuple[Any, int, bool]] = [(root, _OBJECT, False)]
    while stack:
        node, kind, in_schema = stack.pop()
        if id(node) in in_schemas or (not in_schema and id(node) in elsewhere):
            continue
        (in_schemas if in_schema else elsewhere).add(id(node))
        if isinstance(node, list):
            stack.extend((v, kind, in_schema) for v in node if isinstance(v, (dict, list)))
            continue
        # In a map of names, `$ref` with a non-string value is a property called `$ref`.
        if _is_ref(node) or (kind != _NAMES and "$ref" in node and isinstance(node, YDict)):
            try:
                target, address = _follow(resolver, node)
            except _Unresolvable as error:
                dangles = id(error.ref_node)
                if in_schema:  # then so is every link of its chain: the dangling one too
                    if dangles not in free_forms:
                        free_forms[dangles] = _free_form(resolver, error)
                    for referrer in [node, *dangling.pop(dangles, (error, []))[1]]:
                        resolution.targets[id(referrer)] = free_forms[dangles]
                elif dangles in free_forms:
                    resolution.targets[id(node)] = free_forms[dangles]
                else:
                    dangling.setdefault(dangles, (error, []))[1].append(node)
            else:
                resolution.targets[id(node)] = (_object(node, target), address)
                stack.append((target, kind, in_schema))
        if kind == _EXAMPLE:
            continue
        for key, value in list(node.items()):
            child = _child_kind(kind, str(key), value)
            if child is None or not isinstance(value, (dict, list)):
                continue
            if kind == _OBJECT and child == _OBJECT and key not in _OBJECT_VALUED and _is_ref(value):
                try:
                    target = _follow(resolver, value)[0]
                except _Unresolvable:
                    target = value  # the walk reaches it next and decides: Any, or an error
                if not isinstance(target, dict):
                    node[key] = value = target  # text where text is expected: use it in place
            if isinstance(value, (dict, list)):
                stack.append((value, child, in_schema or _enters_schema(kind, str(key))))
    if dangling:
        raise next(iter(dangling.values()))[0]  # the first met, as one line
    resolver.warnings.sort(key=_reading_order)
    resolution.files_read = sorted(resolver.tried)
    return resolution


def _reading_order(warning: Diagnostic) -> tuple[str, int]:
    """Warnings by file and line, as a reader meets them (the walk's order is its own)."""
    where = warning.location
    return (where.file, where.line) if where else ("", 0)


def _free_form(resolver: _Resolver, error: _Unresolvable) -> tuple[YDict, Address]:
    """The free-form schema standing for a dangling `$ref` met in a schema, and its warning."""
    schema = YDict()
    schema.loc = location_of(error.ref_node) or schema.loc
    file_part, _, fragment = error.ref.partition("#")
    resolver.warnings.append(_free_form_warning(error))
    return schema, Address(file_part or None, unquote(fragment))


def _is_ref(node: Any) -> TypeGuard[YDict]:
    return isinstance(node, YDict) and isinstance(node.get("$ref"), str)


def _object(ref_node: YDict, target: Any) -> YDict:
    if not isinstance(target, YDict):
        raise GeneratorError(
            location_of(ref_node),
            f"$ref {ref_node['$ref']!r} points at a {type(target).__name__}, not an object",
            "point the reference at a schema or other OpenAPI object",
        )
    return target


def _follow(resolver: _Resolver, ref_node: YDict) -> tuple[Any, Address]:
    """Where a chain of `$ref`s ends. Each link is looked up once per run: the outcome is
    remembered for every link of the chain, so following all refs is linear in their number."""
    node: Any = ref_node
    chain: list[int] = []
    on_chain: set[int] = set()
    address = Address(None, "")
    while isinstance(node, dict) and "$ref" in node:
        if id(node) in resolver.followed:
            node, address = resolver.followed[id(node)]
            break
        if id(node) in resolver.failed:
            _remember_failure(resolver, chain, resolver.failed[id(node)])
        if id(node) in on_chain:
            raise GeneratorError(
                location_of(ref_node),
                f"$ref {ref_node['$ref']!r} only refers to itself in a loop",
                "point one of the references at a real schema",
            )
        on_chain.add(id(node))
        chain.append(id(node))
        where = location_of(node) or location_of(ref_node) or Location("<input>", 0)
        try:
            node, address = resolver.lookup(node["$ref"], where)
        except _Unresolvable as error:
            error.ref_node = node  # the link that dangles: the last of a chain
            _remember_failure(resolver, chain, error)
    for link in chain:
        resolver.followed[link] = (node, address)
    return node, address


def _remember_failure(resolver: _Resolver, chain: list[int], error: _Unresolvable) -> NoReturn:
    for link in chain:
        resolver.failed[link] = error
    raise error
