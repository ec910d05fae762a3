"""Decoding rules, name safety and request details, each from a small inline spec, run for real."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator
from types import ModuleType

import pytest
from conftest import generated_package

ZOO = """\
openapi: 3.0.3
info: {title: Zoo, version: '1'}
servers: [{url: /relative/only}]
paths:
  /models:
    get:
      operationId: models
      tags: [zoo]
      deprecated: true
      parameters:
        - {name: warnings, in: query, schema: {type: string}}
        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: sid, in: cookie, schema: {type: string}}
        - {name: note, in: query, schema: {type: string, nullable: true}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string, enum: [cat]}, lives: {type: integer}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string, enum: [dog]}, lives: {type: integer}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
    Tagged:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {c: '#/components/schemas/Cat', d: '#/components/schemas/Dog'}}
    Mode: {type: string, enum: ['on', 'ON', off]}
    Holder:
      type: object
      properties:
        status:
          allOf: [{$ref: '#/components/schemas/Mode'}, {description: The mode.}]
        owner:
          allOf: [{$ref: '#/components/schemas/Cat'}, {nullable: true}]
        pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
          discriminator: {propertyName: kind, mapping: {c: '#/components/schemas/Cat', d: '#/components/schemas/Dog'}}
        to_dict: {type: string}
        from_dict: {type: string}
        when: {type: string, format: date-time}
"""


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("zoo"), ZOO, "zoo") as package:
        yield package


def test_names_never_shadow_what_generated_code_uses(zoo: ModuleType) -> None:
    """operationId `models`, a `warnings` parameter and to_dict/from_dict properties all work."""
    holder = zoo.models.Holder.from_dict({"to_dict": "a", "from_dict": "b"})
    assert (holder.to_dict_, holder.from_dict_) == ("a", "b")
    assert holder.to_dict() == {"to_dict": "a", "from_dict": "b"}
    assert callable(zoo.api.zoo.models_)


def test_union_without_discriminator_is_decided_by_constant_fields(zoo: ModuleType) -> None:
    """{kind: dog} is a Dog, though a Cat has the same property names."""
    m = zoo.models
    assert zoo.decode(m.Pet, {"kind": "dog", "lives": 1}) == m.Dog(kind="dog", lives=1)
    assert zoo.decode(m.Pet, {"kind": "cat"}) == m.Cat(kind="cat")


def test_absent_required_field_is_unset_and_stays_absent(zoo: ModuleType) -> None:
    """A Cat without its required `kind` decodes (kind is UNSET) and re-encodes without it."""
    cat = zoo.decode(zoo.models.Cat, {"lives": 9})
    assert (cat.kind, cat.lives) == (zoo.UNSET, 9)
    assert zoo.encode(cat) == {"lives": 9}


def test_absent_required_field_fails_when_strict(zoo: ModuleType) -> None:
    """With strict=True the same body raises DecodeError naming the property."""
    with pytest.raises(zoo.DecodeError, match="requires 'kind'"):
        zoo.decode(zoo.models.Cat, {"lives": 9}, strict=True)


def test_a_value_no_variant_fits_is_kept_as_received(zoo: ModuleType) -> None:
    """A union value that fits neither Cat nor Dog comes back as the JSON that was sent."""
    assert zoo.decode(zoo.models.Pet, {"kind": "cow"}) == {"kind": "cow"}
    with pytest.raises(zoo.DecodeError):
        zoo.decode(zoo.models.Pet, {"kind": "cow"}, strict=True)


def test_discriminator_mapping_picks_the_variant(zoo: ModuleType) -> None:
    """A component union and an inline property union both follow their discriminator."""
    m = zoo.models
    with pytest.raises(zoo.DecodeError):
        zoo.decode(m.Tagged, {"kind": "d"}, strict=True)  # mapped to Dog, whose kind must be "dog"
    holder = m.Holder.from_dict({"pet": {"kind": "dog"}})
    assert holder.pet == m.Dog(kind="dog")


def test_allof_with_annotation_only_parts_keeps_the_referenced_type(zoo: ModuleType) -> None:
    """allOf [$ref Mode, {description}] is Mode; allOf [$ref Cat, {nullable}] is Cat | None."""
    m = zoo.models
    holder = m.Holder.from_dict({"status": "on", "owner": None})
    assert holder.status is m.Mode.ON and holder.owner is None
    assert m.Holder.from_dict({"owner": {"kind": "cat"}}).owner == m.Cat(kind="cat")
    assert not hasattr(m, "HolderStatus") and not hasattr(m, "HolderOwner")


def test_unknown_enum_value_equal_to_a_member_name_is_not_known(zoo: ModuleType) -> None:
    """Mode("OFF") is a new value (members are 'on', 'ON', 'off'), so is_known is False."""
    m = zoo.models
    assert m.Mode("OFF").is_known is False and m.Mode("ON").is_known is True


def test_wire_datetime_survives_copy_and_pickle(zoo: ModuleType) -> None:
    """deepcopy and pickle keep the `Z` spelling."""
    holder = zoo.models.Holder.from_dict({"when": "2024-01-01T00:00:00Z"})
    assert copy.deepcopy(holder).to_dict() == {"when": "2024-01-01T00:00:00Z"}
    assert pickle.loads(pickle.dumps(holder)).to_dict() == {"when": "2024-01-01T00:00:00Z"}


def test_relative_server_needs_a_base_url(zoo: ModuleType) -> None:
    """A spec with only a relative server gives no default: the client says so clearly."""
    with pytest.raises(ValueError, match="no base URL"):
        zoo.Client()
