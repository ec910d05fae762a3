"""The compiled coders decode exactly as the interpreted reference (`codec_reference.py`),
tolerant and strict, on the documented examples and made-up instances of corpus inputs rich
in unions, discriminators, nullable and recursive types, and on broken copies of those values
(one part replaced by a value of another kind, a property dropped): the same classes, the
same values, what does not fit kept at the same place, the same strict error and path. And
what they decode encodes back to the value it came from."""

from __future__ import annotations

import copy as copy_module
import dataclasses
import datetime
import functools
import importlib
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codec_reference import ReferenceCodec, reference_datetime
from conftest import CORPUS, GENERATED, ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from corpus.examples import collect_examples  # noqa: E402
from corpus.instances import InstanceMaker, Unsatisfiable  # noqa: E402
from corpus.rawspec import load_raw  # noqa: E402
from corpus.roundtrip import NoType, Package  # noqa: E402
from generator.context import Context, Options  # noqa: E402
from generator.pipeline import generate  # noqa: E402

PEER = CORPUS / "peer" / "datamodel-code-generator"
INPUTS = {
    "discriminator": [PEER / "discriminator.yaml"],
    "discriminator_without_mapping": [PEER / "discriminator_without_mapping.yaml"],
    "discriminator_in_array_oneof": [PEER / "discriminator_in_array_oneof.yaml"],
    "discriminator_integer_mapping": [PEER / "discriminator_integer_mapping.yaml"],
    "recursive_ref_discriminator": [PEER / "recursive_ref_discriminator.yaml"],
    "oneof": [PEER / "oneof.yaml"],
    "anyof": [PEER / "anyof.yaml"],
    "nullable": [PEER / "nullable.yaml"],
    "msgspec_oneof_with_null": [PEER / "msgspec_oneof_with_null.yaml"],
    "fixed_length_array_tuples": [PEER / "fixed_length_array_tuples.yaml"],
    "additional_properties": [PEER / "additional_properties.yaml"],
    "const_optional_values_31": [PEER / "const_optional_values_31.yaml"],
    "type_alias_mutual_recursive": [PEER / "type_alias_mutual_recursive.yaml"],
    "opik": sorted((CORPUS / "pages").glob("opik__*.md")),
}


def _package(name: str, paths: list[Path], work: Path) -> ModuleType:
    package = f"ref_{name}"
    generate(Context(Options(tuple(paths), work, package)))
    sys.path.insert(0, str(work))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(work))


def _values(raw: Any, package: Package) -> Iterator[tuple[str, Any, Any]]:
    """(where, type, JSON value) of every example and made-up instance with a type."""
    for example in collect_examples(raw):
        try:
            yield example.where, package.type_of(example), example.value
        except NoType:
            continue
    maker = InstanceMaker(raw)
    generated = package.index.get("component_schemas", {})
    for pointer, schema in raw.component_schemas().items():
        if pointer in generated:
            try:
                instances = maker.instances(schema, maker.variety(schema))
            except (Unsatisfiable, RecursionError):
                continue
            for number, value in enumerate(instances):
                yield f"{pointer} #{number}", package.dotted(generated[pointer]), value


def broken(value: Any, limit: int = 24) -> Iterator[Any]:
    """Copies of a JSON value with one part changed: replaced by a value of another kind, or an
    object's first property dropped; the first `limit` parts (depth first), the whole too."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if len(paths) < limit:
            paths.append(path)
            for key, child in node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ():
                walk(child, (*path, key))

    walk(value, ())
    for path in paths:
        node = _at(value, path)
        for other in ("text", 7, None, {"unknown": [1]}, [True]):
            if type(other) is not type(node):
                yield _replaced(value, path, other)
        if isinstance(node, dict) and node:
            yield _replaced(value, path, {k: v for k, v in list(node.items())[1:]})


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def same(a: Any, b: Any) -> str | None:
    """Where two decoded values differ (class, value, date-time spelling), else None."""
    if type(a) is not type(b):
        return f"{type(a).__name__} vs {type(b).__name__}: {a!r} vs {b!r}"
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            if (problem := same(getattr(a, f.name), getattr(b, f.name))) is not None:
                return f".{f.name}: {problem}"
        return None
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{len(a)} vs {len(b)} items"
        return next((f"[{i}]{p}" for i, (x, y) in enumerate(zip(a, b)) if (p := same(x, y)) is not None), None)
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"keys {list(a)} vs {list(b)}"
        return next((f".{k}{p}" for k in a if (p := same(a[k], b[k])) is not None), None)
    if a != b or getattr(a, "wire", None) != getattr(b, "wire", None):
        return f"{a!r} vs {b!r}"
    return None


def _methods_agree(codec: ModuleType, tp: Any, value: Any, decoded: Any) -> str | None:
    """Where `T.from_dict` / `value.to_dict()` differ from `decode(T, ...)` / `encode(...)`."""
    if isinstance(tp, type) and issubclass(tp, codec.Model) and isinstance(value, dict):
        if (problem := same(tp.from_dict(value), decoded)) is not None:
            return f"from_dict: {problem}"
    if isinstance(decoded, codec.Model):
        if (problem := same(decoded.to_dict(), codec.encode(decoded))) is not None:
            return f"to_dict: {problem}"
    return None


def _encoded(encode: Any, value: Any, **options: Any) -> Any:
    try:
        return encode(value, **options)
    except TypeError:
        return ("TypeError",)


def odd_values(module: ModuleType, value: Any) -> Iterator[tuple[str, Any]]:
    """Copies of a decoded value with one field of one of its models set, in code, to a value
    of another class than it may declare: `UNSET`, null, primitives, a list, a dict, an enum
    member, date-times with and without a wire spelling, a model, a model's subclass."""
    codec = module._codec
    enum_member = next(
        member
        for name in module.models.__all__
        if isinstance(cls := getattr(module.models, name), type) and issubclass(cls, codec.OpenStrEnum)
        for member in cls
    )
    others = [codec.UNSET, None, "text", 7, 2.5, True, [1, "a"], {"k": [1]}, enum_member,
              codec.parse_datetime("2024-04-10T15:45:00Z"), codec.WireDateTime(2024, 1, 2), datetime.date(2024, 1, 3)]  # fmt: skip

    def models(node: Any) -> list[Any]:
        if dataclasses.is_dataclass(node):
            return [node, *(m for f in dataclasses.fields(node) for m in models(getattr(node, f.name)))]
        return [m for child in node for m in models(child)] if isinstance(node, list) else []

    for number, model in enumerate(models(value)):
        for f in [f for f in dataclasses.fields(model) if not f.metadata.get("extra")]:
            for other in [*others, models(value)[-1], *_subclassed(getattr(model, f.name))]:
                copy = copy_module.deepcopy(value)
                setattr(models(copy)[number], f.name, other)
                yield f"model #{number}.{f.name} = {other!r}", copy


@functools.cache
def _subclass(cls: type) -> type:
    # in the model's module: a model's field types are looked up by name in its class's module
    return type(f"{cls.__name__}Subclass", (cls,), {"__module__": cls.__module__})


def _subclassed(value: Any) -> list[Any]:
    """A model's value as an instance of a subclass (a list of models: its first item so),
    the same fields; else nothing."""
    first = value[0] if isinstance(value, list) and value else value
    if not dataclasses.is_dataclass(first) or isinstance(first, type):
        return []
    copy = object.__new__(_subclass(type(first)))
    for f in dataclasses.fields(first):
        setattr(copy, f.name, getattr(first, f.name))
    return [[copy, *value[1:]] if isinstance(value, list) else copy]


def _encoders_agree(module: ModuleType, value: Any) -> list[str]:
    """Where the compiled `encode`, `encode_request` and `to_dict` differ from the reference on
    odd copies of a decoded value."""
    codec = module._codec
    reference = ReferenceCodec(codec, vars(module.models))
    problems = []
    for where, copy in odd_values(module, value):
        expected = _encoded(reference.encode, copy)
        for name, encode, options in [("encode", codec.encode, {}), ("to_dict", type(copy).to_dict, {})]:
            if (problem := same(_encoded(encode, copy, **options), expected)) is not None:
                problems.append(f"{where}: {name}: {problem}")
        request = _encoded(reference.encode, copy, request=True)
        if (problem := same(_encoded(codec.encode_request, copy), request)) is not None:
            problems.append(f"{where}: encode_request: {problem}")
    return problems


def _strict(decode: Any, tp: Any, value: Any, error: type) -> Any:
    try:
        return decode(tp, value, strict=True)
    except error as exc:
        return ("DecodeError", str(exc))


def _compare(
    module: ModuleType, package: Package, values: list[tuple[str, Any, Any]], limit: int = 24
) -> list[str]:
    codec = module._codec
    namespace = vars(importlib.import_module(f"{module.__name__}.models"))
    reference = ReferenceCodec(codec, namespace)
    problems: list[str] = []
    for where, tp, value in values:
        for variant in [value, *broken(value, limit)]:
            mine = codec.decode(tp, variant, namespace=namespace)
            if (problem := same(mine, reference.decode(tp, variant))) is not None:
                problems.append(f"{where} tolerant {variant!r:.200}: {problem}")
            elif (problem := _methods_agree(codec, tp, variant, mine)) is not None:
                problems.append(f"{where} {variant!r:.200}: {problem}")
            elif (problem := same(_encoded(codec.encode, mine), _encoded(reference.encode, mine))) is not None:
                problems.append(f"{where} encode {variant!r:.200}: {problem}")
            elif codec.encode(mine) != variant and package.round_trip(tp, variant, strict=False) is not None:
                problems.append(f"{where}: {variant!r:.200} does not encode back")
            strict = _strict(lambda t, v, strict: codec.decode(t, v, namespace=namespace, strict=strict), tp, variant, codec.DecodeError)
            expected = _strict(reference.decode, tp, variant, codec.DecodeError)
            if (problem := same(strict, expected)) is not None:
                problems.append(f"{where} strict {variant!r:.200}: {problem}")
    return problems


def test_the_dial_client_decodes_as_the_reference() -> None:
    module = importlib.import_module("dial")
    package = Package(module, __import__("json").loads((GENERATED / "dial" / "_index.json").read_text()))
    values = list(_values(load_raw((ROOT / "spec" / "dial" / "get-billing.md",)), package))
    assert len(values) > 5
    assert _compare(module, package, values) == []


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_corpus_clients_decode_as_the_reference(name: str, tmp_path: Path) -> None:
    module = _package(name, INPUTS[name], tmp_path)
    index = __import__("json").loads((tmp_path / module.__name__ / "_index.json").read_text())
    package = Package(module, index)
    values = list(_values(load_raw(tuple(INPUTS[name])), package))
    assert values, "no examples or instances to compare"
    assert _compare(module, package, values) == []


# Every shape the compiled coders have a shortcut for: nullable models and lists of models,
# lists of primitives (checked item by item when strict), date-times, known and unknown
# enum values, unions of models in lists (encoded through a table of classes), discriminated
# unions, a recursive nullable model, unknown properties decoded as models.
FAST_PATHS = """
openapi: 3.1.0
info: {title: fast paths, version: 1.0.0}
paths: {}
components:
  schemas:
    Kind: {type: string, enum: [alpha, beta]}
    Level: {type: integer, enum: [1, 2, 3]}
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
        kind: {$ref: '#/components/schemas/Kind'}
        level: {$ref: '#/components/schemas/Level'}
        at: {type: string, format: date-time}
        score: {type: number}
        tags: {type: array, items: {type: string}}
    Cat:
      type: object
      required: [type, lives]
      properties: {type: {type: string, const: cat}, lives: {type: integer}}
    Dog:
      type: object
      required: [type]
      properties: {type: {type: string, const: dog}, bark: {type: string}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator:
        propertyName: type
        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
    Holder:
      type: object
      required: [items, when, ints]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Item'}}
        when: {type: string, format: date-time}
        ints: {type: array, items: {type: integer}}
        maybe_item: {anyOf: [{$ref: '#/components/schemas/Item'}, {type: 'null'}]}
        maybe_items:
          anyOf: [{type: array, items: {$ref: '#/components/schemas/Item'}}, {type: 'null'}]
        maybe_ints: {anyOf: [{type: array, items: {type: integer}}, {type: 'null'}]}
        floats: {type: array, items: {type: number}}
        words: {type: array, items: {type: string}}
        flags: {type: array, items: {type: boolean}}
        maybe_when: {anyOf: [{type: string, format: date-time}, {type: 'null'}]}
        kind: {$ref: '#/components/schemas/Kind'}
        maybe_kind: {anyOf: [{$ref: '#/components/schemas/Kind'}, {type: 'null'}]}
        item: {$ref: '#/components/schemas/Item'}
        mixed:
          type: array
          items: {oneOf: [{$ref: '#/components/schemas/Item'}, {$ref: '#/components/schemas/Cat'}]}
        pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        pet: {$ref: '#/components/schemas/Pet'}
        id_or_item:
          oneOf: [{type: string}, {type: integer}, {$ref: '#/components/schemas/Item'}]
        kinds_or_items:
          type: array
          items: {oneOf: [{$ref: '#/components/schemas/Kind'}, {$ref: '#/components/schemas/Item'}]}
        nested: {anyOf: [{$ref: '#/components/schemas/Holder'}, {type: 'null'}]}
        anything: {}
        labels: {type: object, additionalProperties: {type: string}}
      additionalProperties: {$ref: '#/components/schemas/Item'}
"""

HOLDER = {
    "items": [{"id": "a", "kind": "alpha", "level": 2, "at": "2024-04-10T15:45:00Z", "score": 1, "tags": ["x"]}],
    "when": "2024-04-10T15:45:00.5+02:00",
    "ints": [1, 2, 3],
    "maybe_item": {"id": "b", "kind": "gamma", "level": 7},
    "maybe_items": [{"id": "c", "at": "2024-04-10T15:45:60Z"}, {"id": "d"}],
    "maybe_ints": None,
    "floats": [1.5, 2],
    "words": ["w"],
    "flags": [True, False],
    "maybe_when": "2024-04-10T15:45:00Z",
    "kind": "beta",
    "maybe_kind": None,
    "item": {"id": "e", "extra": {"kept": True}},
    "mixed": [{"id": "f"}, {"type": "cat", "lives": 9}],
    "pets": [{"type": "dog", "bark": "woof"}, {"type": "cat", "lives": 3}, {"type": "cow"}],
    "pet": {"type": "cat", "lives": 1},
    "id_or_item": {"id": "g"},
    "kinds_or_items": ["alpha", "delta", {"id": "i"}],
    "nested": {"items": [], "when": "2024-04-10T15:45:00Z", "ints": [], "nested": None},
    "anything": {"a": [1, None]},
    "labels": {"k": "v"},
    "unknown": {"id": "h"},
}  # fmt: skip


def test_fast_paths_decode_and_encode_as_the_reference(tmp_path: Path) -> None:
    spec = tmp_path / "fast_paths.yaml"
    spec.write_text(FAST_PATHS, encoding="utf-8")
    module = _package("fast_paths", [spec], tmp_path / "out")
    index = __import__("json").loads((tmp_path / "out" / module.__name__ / "_index.json").read_text())
    package = Package(module, index)
    values = [("Holder example", module.models.Holder, HOLDER), *_values(load_raw((spec,)), package)]
    assert len(values) > 10
    # broken copies of the whole example reach every field's shortcut with a value of each kind
    assert len(list(broken(HOLDER, limit=200))) > 150
    assert _compare(module, package, values, limit=200) == []
    holder = module.decode(module.models.Holder, HOLDER)
    assert same(module.encode(holder), HOLDER) is None and same(holder.to_dict(), HOLDER) is None
    assert holder.maybe_item.kind.is_known is False and holder.maybe_items[0].at.wire.endswith(":60Z")
    # date-times built in code (no wire spelling) encode in ISO format
    codec = module._codec
    holder.when = codec.WireDateTime(2024, 1, 2, tzinfo=datetime.timezone.utc)
    holder.maybe_when = datetime.datetime(2024, 1, 3)
    expected = {**HOLDER, "when": "2024-01-02T00:00:00+00:00", "maybe_when": "2024-01-03T00:00:00"}
    assert same(module.encode(holder), expected) is None and same(holder.to_dict(), expected) is None


def test_encoders_encode_values_of_other_classes_as_the_reference(tmp_path: Path) -> None:
    """Fields set in code to values their types do not declare (`UNSET` in a required field,
    null, an enum member in a `str` field, a model of another class, ...) take the slow way of
    the compiled encoders (the leading required fields one by one): the reference's result."""
    spec = tmp_path / "fast_paths.yaml"
    spec.write_text(FAST_PATHS, encoding="utf-8")
    module = _package("odd_values", [spec], tmp_path / "out")
    holder = module.decode(module.models.Holder, HOLDER)
    assert len(list(odd_values(module, holder))) > 1000
    assert _encoders_agree(module, holder) == []
    # a map of strings holding entries of other classes, keys that are no strings, UNSET
    codec = module._codec
    holder.labels = {"s": "v", 1: "one", "e": module.models.Kind.ALPHA, "u": codec.UNSET, "n": None,
                     "d": codec.parse_datetime("2024-04-10T15:45:00Z"), "m": holder.items[0]}  # fmt: skip
    reference = ReferenceCodec(codec, vars(module.models))
    for request in (False, True):
        expected = reference.encode(holder, request=request)
        assert expected["labels"] == {"s": "v", "1": "one", "e": "alpha", "n": None, "d": "2024-04-10T15:45:00Z",
                                      "m": HOLDER["items"][0]}  # fmt: skip
        mine = [codec.encode_request(holder)] if request else [codec.encode(holder), holder.to_dict()]
        assert all(same(data, expected) is None for data in mine)
    dial = importlib.import_module("dial")
    billing = dial.decode(dial.models.Billing, _values_of_billing(dial))
    assert _encoders_agree(dial, billing) == []


def _values_of_billing(dial: ModuleType) -> Any:
    package = Package(dial, __import__("json").loads((GENERATED / "dial" / "_index.json").read_text()))
    return next(value for where, tp, value in _values(load_raw((ROOT / "spec" / "dial" / "get-billing.md",)), package)
                if tp is dial.models.Billing)  # fmt: skip


def test_lists_of_primitives_are_shared_with_the_model(tmp_path: Path) -> None:
    """A list declared as a list of primitives goes into the JSON data as it is (the model's
    own list, items not looked at); lists of models and other lists are new lists."""
    spec = tmp_path / "fast_paths.yaml"
    spec.write_text(FAST_PATHS, encoding="utf-8")
    module = _package("shared_lists", [spec], tmp_path / "out")
    holder = module.decode(module.models.Holder, HOLDER)
    for data in (module.encode(holder), holder.to_dict()):
        assert data["ints"] is holder.ints and data["words"] is holder.words and data["floats"] is holder.floats
        assert data["items"] is not holder.items and data["items"][0]["tags"] is holder.items[0].tags
    holder.maybe_ints = [1, 2]
    assert module.encode(holder)["maybe_ints"] is holder.maybe_ints


def test_decoded_models_share_lists_of_primitives_with_the_data(tmp_path: Path) -> None:
    """Decoding keeps a list of primitives whose items are of their declared class as it is
    (the JSON data's own list, as `from_dict` of openapi-python-client keeps it), tolerantly
    and strictly; lists of models are new lists, and strictly an item of another class is an
    error at its place."""
    spec = tmp_path / "fast_paths.yaml"
    spec.write_text(FAST_PATHS, encoding="utf-8")
    module = _package("shared_decoded_lists", [spec], tmp_path / "out")
    Holder = module.models.Holder
    data = {"items": [{"id": "a", "tags": ["x"]}], "when": "2024-04-10T15:45:00Z", "ints": [1, 2], "maybe_ints": [4, 5],
            "floats": [1.5, 2], "words": ["w"], "flags": [True, False], "maybe_item": {"id": "b", "tags": ["t"]},
            "nested": {"items": [], "when": "2024-04-10T15:45:00Z", "ints": [3]}}  # fmt: skip
    for holder in (module.decode(Holder, data), Holder.from_dict(data), module.decode(Holder, data, strict=True)):
        for name in ("ints", "maybe_ints", "floats", "words", "flags"):
            assert getattr(holder, name) is data[name], name
        assert holder.items[0].tags is data["items"][0]["tags"] and holder.maybe_item.tags is data["maybe_item"]["tags"]
        assert holder.items is not data["items"] and holder.items[0].id == "a"
        assert holder.nested.ints is data["nested"]["ints"]
    odd = {**data, "ints": [1, "2"], "floats": [1.5, True]}
    tolerant = module.decode(Holder, odd)
    assert tolerant.ints == [1, "2"] and tolerant.floats == [1.5, True]  # kept as received
    for name, place in (("ints", "$.ints[1]"), ("floats", "$.floats[1]")):
        with pytest.raises(module._codec.DecodeError) as caught:
            module.decode(Holder, {**data, name: odd[name]}, strict=True)
        assert caught.value.path == place


def test_broken_copies_change_one_part_each() -> None:
    copies = list(broken({"a": [1, {"b": "x"}], "c": None}))
    assert {"a": "text", "c": None} in copies and {"a": [1, {"b": "x"}], "c": 7} in copies
    assert {"c": None} in copies and {"a": [1, {}], "c": None} in copies
    assert all(copy != {"a": [1, {"b": "x"}], "c": None} for copy in copies)


def test_same_tells_classes_and_spellings_apart() -> None:
    assert same([1, {"a": 1.0}], [1, {"a": 1.0}]) is None
    assert same(1, 1.0) is not None and same({"a": 1}, {"a": True}) is not None
    module = importlib.import_module("dial")
    z, offset = module._codec.parse_datetime("2024-04-01T00:00:00Z"), module._codec.parse_datetime("2024-04-01T00:00:00+00:00")
    assert z == offset and same(z, offset) is not None


def test_date_times_read_as_the_pattern_reads_them() -> None:
    """The runtime reads RFC 3339 date-times through `fromisoformat` when their shape allows:
    on thousands of near misses (one or two characters changed) it gives what the pattern
    gives: the same instant and offset, or a ValueError for both."""
    codec = importlib.import_module("dial")._codec
    rng = random.Random(11)
    seeds = ["2024-04-10T15:45:00Z", "2024-04-10T15:45:60Z", "2024-04-10T15:45:00.123456789Z", "2024-04-10t15:45:00z",
             "2024-04-10T15:45:00.1-00:30", "2024-04-10T15:45Z", "2024-04-10 15:45:00Z", "2024-04-10T15:45:00+0530",
             "2024-04-10T15:45:00.123456+05:30", "2024-02-30T15:45:00Z", " 2024-04-10T15:45:00Z"]  # fmt: skip
    texts = list(seeds)
    for seed in seeds:
        for _ in range(300):
            chars = list(seed)
            for _ in range(rng.choice((1, 2))):
                chars[rng.randrange(len(chars))] = rng.choice("0123456789-:TZ+.,t z")
            texts.append("".join(chars))

    def read(parse: Any, text: str) -> Any:
        try:
            value = parse(text)
        except ValueError:
            return "ValueError"
        return (value.replace(tzinfo=None), value.utcoffset())

    differ = [t for t in texts if read(codec.parse_datetime, t) != read(reference_datetime, t)]
    assert differ == [] and read(codec.parse_datetime, seeds[0]) != "ValueError"
    assert codec.parse_datetime("2024-04-10T15:45:00.5Z").wire == "2024-04-10T15:45:00.5Z"
