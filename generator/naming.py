"""Python names: the only way a string from the spec becomes an identifier in the output.

`PyIdentifier` (snake_case: modules, functions, attributes, parameters) and `ClassName`
(PascalCase: models, enums, aliases, classes) are checked `str` types (`NewType`): they can only be
made here, they always match `[A-Za-z_][A-Za-z0-9_]*`, they are never a keyword, and they
never shadow a name the generated code itself uses. `NameRegistry` hands out names in one
scope and resolves collisions deterministically by numbering in order of request.

Component schema names with dots are namespaces (`api.v2010.account.call.call_recording`,
`checkout.session`); `schema_class_names` makes them read well: a leading namespace shared
by every dotted name is dropped (`api.v2010.account`), and so is a segment whose next
segment starts with the same word (`call.call_recording` -> `CallRecording`), as long as the
shorter names stay distinct from each other and from the other schemas' names; a name the
previous output gave a schema is kept while it is one of its forms (the name lock), so an
added schema with another namespace shortens nothing anew.
"""

from __future__ import annotations

import functools
import hashlib
import keyword
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NewType

# Names the generated modules refer to; a field, parameter or class must not shadow them.
RESERVED = frozenset(
    {
        "str", "int", "float", "bool", "bytes", "list", "dict", "tuple", "set", "type",
        "object", "None", "Any", "Literal", "Union", "Optional", "TypeAlias", "Annotated",
        "datetime", "date", "Enum", "Unset", "UNSET", "httpx", "dataclass", "field",
        "ApiResponse", "Client", "AsyncClient", "TimeoutTypes", "Endpoint", "RequestParts",
        "ResponseSpec", "SyncAPIClient", "AsyncAPIClient",
        "self", "cls", "client", "timeout", "max_retries", "typing", "annotations", "additional_properties",
        "models", "warnings", "from_dict", "to_dict", "decode", "encode", "os", "Mapping",
        "overload", "with_stream", "build_body",
    }
)  # fmt: skip


MAX_MODULE_NAME = 80  # longer module names are cut and end in 10 hex digits of their hash


# Plain `str` at run time (`NewType`): a subclass made every name an object pickle and copy
# reduce the slow way (the render cache's keys pickle tens of thousands of them).
PyIdentifier = NewType("PyIdentifier", str)  # a valid, non-keyword snake_case Python identifier
ClassName = NewType("ClassName", str)  # a valid PascalCase Python class name


# A plural acronym (`IPs`, `VPCs`) is one word; else an acronym before a capitalized word
# (`HTTPServer`), a lower or capitalized word, an acronym (`ISO8601` -> `ISO`, `8601`), digits.
_WORDS = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")


def _ascii(text: str) -> str:
    if text.isascii():
        return text  # decomposing ASCII changes nothing
    normalized = unicodedata.normalize("NFKD", text)
    return normalized.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split any spelling (camelCase, snake_case, kebab-case, 'with spaces') into words."""
    return list(_words(text))


@functools.lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    """`words`, once per text: a big spec names the same properties and paths thousands of
    times (GitHub's: 39,000 splits of a few thousand texts)."""
    return tuple(_WORDS.findall(_ascii(text)))


# The name functions below are pure and a big spec asks them the same names over and over
# (OpenAI's normalize: 17,000 class names of a few thousand texts): each is kept once per text.
_NAMES_KEPT = 65536


@functools.lru_cache(maxsize=_NAMES_KEPT)
def snake(text: str) -> str:
    """`balanceCents` -> `balance_cents`; `get-billing` -> `get_billing`."""
    return "_".join([w.lower() for w in _words(text)])


@functools.lru_cache(maxsize=_NAMES_KEPT)
def pascal(text: str) -> str:
    """`billing subscription` -> `BillingSubscription`; keeps inner capitals (`APIKey`)."""
    if text.isascii() and text.isalnum() and not text[0].islower():
        return text  # PascalCase already (`CreateChatCompletionRequestMessages`): see below
    return _joined_words(text)


def _joined_words(text: str) -> str:
    """Each word of the text with its first letter capitalized, joined."""
    return "".join([w[:1].upper() + w[1:] for w in _words(text)])


# Why `pascal` may return ASCII letters and digits that start with no lower-case letter as they
# are (most texts it is asked are names made of class names): `_WORDS` splits such a text into
# words that together are the whole text (every letter or digit begins or continues a word), and
# a word after the first starts where the one before stopped, which is before a capital or a
# digit (its alternatives stop only there, or at the end), so capitalizing each word's first
# letter changes nothing. tests/test_name_memos.py checks it over the corpus and made-up texts.


# Names the generated code never refers to inside a model's class body or an endpoint
# function's body: a field or parameter takes them as they are (`type`, `object`; `bytes`,
# which only module-level code and signatures name, as binary fields are typed
# `_codec.FileContent`; `annotations`, only the `from __future__` import's name).
UNUSED_IN_BODIES = frozenset({"type", "object", "bytes", "annotations"})
_RESERVED_IN_BODIES = RESERVED - UNUSED_IN_BODIES


def _escape(name: str, fallback: str, reserved: frozenset[str] = RESERVED) -> str:
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name = f"{name}_"
    return name


def identifier(text: str, fallback: str = "value", avoid: frozenset[str] | set[str] = frozenset()) -> PyIdentifier:
    """A snake_case identifier from any spec string; `_` is appended when it is a name in
    `avoid` (the names the code in its scope refers to, which it must not shadow)."""
    name = _snake_name(text, fallback, RESERVED)
    return PyIdentifier(f"{name}_" if name in avoid else name)


def attribute_name(text: str, fallback: str, avoid: frozenset[str] | set[str] = frozenset()) -> PyIdentifier:
    """A model field's or an endpoint parameter's name: like `identifier`, except that the
    builtins in `UNUSED_IN_BODIES` are not escaped (`type`, not `type_`): nothing in those
    scopes refers to them."""
    name = _snake_name(text, fallback, _RESERVED_IN_BODIES)
    return PyIdentifier(f"{name}_" if name in avoid else name)


@functools.lru_cache(maxsize=_NAMES_KEPT)
def _snake_name(text: str, fallback: str, reserved: frozenset[str]) -> str:
    """`identifier` and `attribute_name` before `avoid`, once per text."""
    return _escape(snake(text), fallback, reserved)


def package_name(text: str) -> PyIdentifier:
    """The package name as the user chose it (`foo_`, `Dial`) when it is importable as such,
    else the identifier made from it: the folder, its imports and its docs must agree."""
    if text.isidentifier() and text.isascii() and not keyword.iskeyword(text):
        return PyIdentifier(text)
    return identifier(text, "client")


def module_name(text: str, fallback: str = "default") -> PyIdentifier:
    """A snake_case module name (`api/<name>.py`): only keywords are escaped, as modules are
    imported by dotted path and never shadow the names the generated code uses. A name over
    `MAX_MODULE_NAME` characters is cut and ends in a hash of the whole, so the file name fits
    any file system and stays distinct and stable."""
    name = snake(text) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if len(name) > MAX_MODULE_NAME:  # a file name must fit the file system's limit (255 bytes)
        digest = hashlib.sha256(name.encode()).hexdigest()[:10]
        name = f"{name[: MAX_MODULE_NAME - 11].rstrip('_')}_{digest}"
    return PyIdentifier(f"{name}_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name)


@functools.lru_cache(maxsize=_NAMES_KEPT)
def class_name(text: str, fallback: str = "Model") -> ClassName:
    """A PascalCase class name from any spec string."""
    name = pascal(text)
    if name and name[0].isdigit():
        name = f"{fallback}{name}"
    return ClassName(_escape(name, fallback))


@functools.lru_cache(maxsize=_NAMES_KEPT)
def constant_name(text: str, fallback: str = "VALUE") -> PyIdentifier:
    """An UPPER_SNAKE name (enum members) from any spec string."""
    name = snake(text).upper()
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or name in RESERVED or name.startswith("_"):
        name = f"{name}_"
    return PyIdentifier(name)


def schema_class_names(names: list[str], locked: Mapping[str, str] | None = None) -> dict[str, ClassName]:
    """Class names for component schemas, dotted (namespaced) names shortened as above.

    `locked`: schema name -> the class it has in the previous output (`name_lock`). A schema
    keeps that class while it is one of its forms (its full name, or a shortening of it) that
    no other locked schema has and that is no other schema's full name; the others take their
    names around those, their full name where the name they would take is held."""
    full = {name: class_name(name) for name in names}
    dotted = {name: name.split(".") for name in names if "." in name.strip(".")}
    shared = _common_prefix(list(dotted.values())) if len(dotted) > 1 else []
    short = {name: _shortened(segments[len(shared) :] or segments[-1:]) for name, segments in dotted.items()}
    chosen = {name: short.get(name, full[name]) for name in names}
    counts = Counter(chosen.values())
    alone = {name: chosen[name] if counts[chosen[name]] == 1 else full[name] for name in names}
    locked = locked or {}
    fulls: Counter[str] = Counter(full.values())
    kept = {
        name: ClassName(locked[name])
        for name in names
        if locked.get(name) in {full[name], *(_shortened(dotted[name][i:]) for i in range(len(dotted.get(name, []))))}
        and fulls[locked[name]] == (1 if locked[name] == full[name] else 0)
    }
    holders = Counter(kept.values())
    kept = {name: cname for name, cname in kept.items() if holders[cname] == 1}
    held = set(kept.values())
    return {name: kept.get(name) or (alone[name] if alone[name] not in held else full[name]) for name in names}


def _shortened(segments: list[str]) -> ClassName:
    """The class name of namespace segments without those the next one repeats."""
    kept = [s for i, s in enumerate(segments) if not _qualified_by_next(s, segments[i + 1 :])]
    return class_name(".".join(kept))


def _common_prefix(lists: list[list[str]]) -> list[str]:
    prefix = lists[0]
    for other in lists[1:]:
        length = 0
        while length < min(len(prefix), len(other)) and prefix[length] == other[length]:
            length += 1
        prefix = prefix[:length]
    return prefix


def _qualified_by_next(segment: str, rest: list[str]) -> bool:
    """`call` before `call_recording`: the next segment already says it."""
    if not rest:
        return False
    mine, theirs = words(segment), words(rest[0])
    return bool(mine) and bool(theirs) and mine[0].lower() == theirs[0].lower()


@dataclass
class NameRegistry:
    """Unique names in one scope: the second `Foo` becomes `Foo2`, the third `Foo3`."""

    taken: set[str] = field(default_factory=set)

    def claim(self, name: str) -> str:
        if name not in self.taken:  # most names are free
            self.taken.add(name)
            return name
        candidate, number = name, 2
        joiner = "_" if name.endswith("_") or "_" in name or name.islower() else ""
        while candidate in self.taken:
            candidate = f"{name.rstrip('_')}{joiner}{number}"
            number += 1
        self.taken.add(candidate)
        return candidate

    def claim_class(self, name: ClassName) -> ClassName:
        return ClassName(self.claim(name))

    def claim_identifier(self, name: PyIdentifier) -> PyIdentifier:
        return PyIdentifier(self.claim(name))


_MEDIA_NOISE = re.compile(r"vnd|prs|x|json|v?\d+(\.\d+)*")


@functools.lru_cache(maxsize=_NAMES_KEPT)
def media_type_word(content_type: str) -> str:
    """What a JSON media type says beyond JSON, as a name suffix:
    `application/vnd.github.v3.star+json` -> `Star`, `application/problem+json` ->
    `Problem`; '' for `application/json` (vendor prefixes and versions say nothing)."""
    subtype = content_type.split(";", 1)[0].strip().lower().rpartition("/")[2]
    segments = [s.removeprefix("x-") for s in subtype.split("+", 1)[0].split(".")]
    kept = [s for s in segments if s and not _MEDIA_NOISE.fullmatch(s)]
    return pascal(kept[-1]) if kept else ""


# Words of an API title that do not name its vendor: `OpenAI API`, `Stripe REST API v1`.
_GENERIC_TITLE_WORDS = frozenset(
    {"api", "apis", "rest", "http", "https", "openapi", "swagger", "spec", "specification", "sdk",
     "client", "service", "services", "server", "public", "reference", "docs", "documentation",
     "the", "for", "and", "of", "v"}
)  # fmt: skip


def env_prefix(title: str, package: str) -> str:
    """The prefix of a client's environment variables (`OPENAI` for `OpenAI API`): the title's
    words that name the vendor, upper-cased, else the package name (Dial's title is `rest`)."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", title) if w.lower() not in _GENERIC_TITLE_WORDS]
    words = [w for w in words if not re.fullmatch(r"[vV]\d+[a-z0-9]*", w)]
    return "_".join(w.upper() for w in words) or package.upper().strip("_")


_NOT_PLURAL = frozenset({"news", "series", "species", "physics", "analytics", "statistics", "sms"})


@functools.lru_cache(maxsize=_NAMES_KEPT)
def singular(word: str) -> str:
    """`files` -> `file`, `batches` -> `batch`, `policies` -> `policy`, `status` stays: the
    form two spellings of one noun share (`file` and `files` compare equal through it)."""
    word = word.lower()
    if len(word) > 3 and word.endswith("ies"):
        return f"{word[:-3]}y"
    if len(word) > 3 and word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]
    return word


def singular_name(name: str) -> str:
    """`CreateChatCompletionResponseChoices` -> `CreateChatCompletionResponseChoice`: the
    name with its last word in the singular; '' when that word is not a plural."""
    found = words(name)
    last = found[-1] if found else ""
    one = singular(last)
    if not name.endswith(last) or one == last.lower() or last.lower() in _NOT_PLURAL:
        return ""
    return name[: -len(last)] + (last[: len(one)] if last[: len(one)].lower() == one else one.capitalize())


def plural(word: str) -> str:
    """`file` -> `files`, `batch` -> `batches`, `policy` -> `policies` (English, regular)."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return f"{word[:-1]}ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return f"{word}es"
    return f"{word}s"


def short_method_name(function: str, resource: frozenset[str], path_nouns: frozenset[str]) -> str:
    """The method name an operation gets on its resource: its function name without the noun
    the resource already says (`create_chat_completion` on `chat` -> `create`).

    `resource` holds the singular words of the resource's name, `path_nouns` those of the
    operation's own literal path before its first parameter (`/chat/completions`), or none
    when they do not contain the resource's words. After the first word (the verb, always
    kept), each run of consecutive words that all belong to those nouns and contain one of
    the resource's words is dropped: `list_files_in_vector_store_batch` on `vector_stores`
    -> `list_files_in_batch`; `create_speech` on `audio` keeps `speech` (no `audio` in the
    run). The result depends on the operation and its resource only, never on the others:
    `generator.normalize.method_names` settles clashes. '' when nothing was dropped."""
    base = function.rstrip("_")  # `models_`: escaped for the module, not for the class
    if not base or keyword.iskeyword(base) or keyword.issoftkeyword(base):
        return ""
    parts = base.split("_")
    nouns = resource | path_nouns
    kept, run = [parts[0]], []
    for part in [*parts[1:], ""]:
        if part and singular(part) in nouns:
            run.append(part)
            continue
        if not any(singular(p) in resource for p in run):
            kept.extend(run)
        run = []
        if part:
            kept.append(part)
    name = "_".join(kept)
    return "" if name == function or keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


# Names a resource class body refers to (annotations, defaults, decorators): a method named
# like one is defined under a private name and bound to its public name after every other
# method (`list = _list`), so the class's `list[...]` annotations still mean the builtin.
CLASS_SCOPE_NAMES = RESERVED | {"params", "Sequence", "BinaryStream", "AsyncBinaryStream", "Stream", "AsyncStream"}


def class_scope_def(method: str) -> str:
    """The name a resource method is defined under: `_list` for `list` (see
    `CLASS_SCOPE_NAMES`), else the method's own name."""
    if method not in CLASS_SCOPE_NAMES:
        return method
    return f"_{method}_method" if method == "client" else f"_{method}"  # `_client` is the instance's client
