"""Schema constructs end to end: each test builds the IR or the client from a small inline spec.

Composition (allOf, discriminated and structural unions), `const` and one-value enums,
`prefixItems`, maps, recursion, readOnly / writeOnly, defaults, deprecated fields and
operations, and webhooks' payload models.
"""

from __future__ import annotations

import json
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import CORPUS, LocalServer, generated_package

from generator import ir
from generator.context import Context, Options
from generator.naming import ClassName
from generator.pipeline import build_spec


def build(tmp_path: Path, body: str, version: str = "3.1.0") -> ir.ApiSpec:
    path = tmp_path / "spec.yaml"
    head = f"openapi: {version}\ninfo: {{title: t, version: '1'}}\n"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return build_spec(Context(Options(specs=(path,), out=tmp_path, package="pkg")))


def schemas(tmp_path: Path, entries: str, version: str = "3.1.0") -> ir.ApiSpec:
    indented = textwrap.indent(textwrap.dedent(entries), "    ")
    return build(tmp_path, "paths: {}\ncomponents:\n  schemas:\n" + indented, version)


def definition(spec: ir.ApiSpec, name: str) -> ir.Definition:
    return next(d for d in spec.definitions if d.name == name)


def field_of(spec: ir.ApiSpec, model: str, wire: str) -> ir.Field:
    made = definition(spec, model)
    assert isinstance(made, ir.Model)
    return next(f for f in made.fields if f.wire == wire)


def ref(name: str) -> ir.Ref:
    return ir.Ref(ClassName(name))


# -- IR ------------------------------------------------------------------------------------------


def test_allof_overlapping_compatible_properties_merge_into_one_field(tmp_path: Path) -> None:
    spec = schemas(
        tmp_path,
        """
        Base: {type: object, required: [id], properties: {id: {type: string}}}
        Child:
          allOf:
            - $ref: '#/components/schemas/Base'
            - {type: object, properties: {id: {description: The id.}, name: {type: string}}}
        """,
    )
    made = definition(spec, "Child")
    assert isinstance(made, ir.Model)
    assert [(f.wire, f.type, f.required) for f in made.fields] == [
        ("id", ir.Primitive("str"), True),
        ("name", ir.Primitive("str"), False),
    ]


def test_allof_of_a_type_and_its_limits_stays_that_type(tmp_path: Path) -> None:
    """`allOf: [$ref string, {maxLength: 16}]` (DigitalOcean's volume labels) is `str`, not a model."""
    spec = schemas(
        tmp_path,
        """
        Label: {type: string}
        Volume:
          type: object
          properties:
            label:
              allOf:
                - $ref: '#/components/schemas/Label'
                - {maxLength: 16, x-note: short}
        """,
    )
    made = definition(spec, "Volume")
    assert isinstance(made, ir.Model)
    assert [(f.wire, f.type) for f in made.fields] == [("label", ir.Ref("Label"))]
    assert not any(d.name.startswith("VolumeLabel") for d in spec.definitions)


def test_discriminator_without_mapping_maps_schema_names(tmp_path: Path) -> None:
    spec = schemas(
        tmp_path,
        """
        Cat: {type: object, properties: {kind: {type: string}}}
        Dog: {type: object, properties: {kind: {type: string}}}
        Pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
          discriminator: {propertyName: kind}
        """,
    )
    pet = definition(spec, "Pet")
    assert isinstance(pet, ir.Alias) and pet.discriminator is not None
    assert pet.discriminator.mapping == (("Cat", "Cat"), ("Dog", "Dog"))


def test_union_listing_itself_drops_that_variant_with_a_warning(tmp_path: Path) -> None:
    spec = schemas(
        tmp_path,
        """
        Leaf: {type: object, properties: {type: {const: leaf}}}
        Node:
          oneOf: [{$ref: '#/components/schemas/Node'}, {$ref: '#/components/schemas/Leaf'}]
          discriminator: {propertyName: type}
        """,
    )
    node = definition(spec, "Node")
    assert isinstance(node, ir.Alias)
    assert node.target == ref("Leaf")


def test_prefix_items_give_a_tuple(tmp_path: Path) -> None:
    spec = schemas(tmp_path, "Point: {type: array, prefixItems: [{type: number}, {type: string}]}\n")
    point = definition(spec, "Point")
    assert isinstance(point, ir.Alias)
    assert point.target == ir.TupleOf((ir.Primitive("float"), ir.Primitive("str")))


def test_additional_properties_schema_gives_a_typed_map(tmp_path: Path) -> None:
    spec = schemas(tmp_path, "Counts: {type: object, additionalProperties: {type: integer}}\n")
    counts = definition(spec, "Counts")
    assert isinstance(counts, ir.Alias) and counts.target == ir.MapOf(ir.Primitive("int"))


def test_free_form_object_is_a_map_of_any(tmp_path: Path) -> None:
    spec = schemas(tmp_path, "Blob: {type: object}\n")
    blob = definition(spec, "Blob")
    assert isinstance(blob, ir.Alias) and blob.target == ir.MapOf(ir.ANY)


def test_mutually_recursive_schemas_refer_to_each_other(tmp_path: Path) -> None:
    spec = schemas(
        tmp_path,
        """
        A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}
        B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
        """,
    )
    assert field_of(spec, "A", "b").type == ref("B")
    assert field_of(spec, "B", "a").type == ref("A")


def test_read_only_required_field_is_not_required(tmp_path: Path) -> None:
    spec = schemas(
        tmp_path,
        "U: {type: object, required: [id], properties: {id: {type: string, readOnly: true}}}\n",
    )
    made = field_of(spec, "U", "id")
    assert (made.required, made.read_only) == (False, True)


def test_write_only_required_field_is_not_required(tmp_path: Path) -> None:
    spec = schemas(
        tmp_path,
        "U: {type: object, required: [pw], properties: {pw: {type: string, writeOnly: true}}}\n",
    )
    made = field_of(spec, "U", "pw")
    assert (made.required, made.write_only) == (False, True)


def test_scalar_default_is_recorded(tmp_path: Path) -> None:
    spec = schemas(tmp_path, "U: {type: object, properties: {n: {type: integer, default: 10}}}\n")
    assert field_of(spec, "U", "n").default == 10


def test_webhook_request_body_becomes_a_payload_model(tmp_path: Path) -> None:
    spec = build(
        tmp_path,
        """
        paths: {}
        webhooks:
          newPet:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {name: {type: string}}}
              responses: {'200': {description: ok}}
        """,
    )
    assert spec.webhooks == [("newPet", "NewPetWebhook")]
    assert isinstance(definition(spec, "NewPetWebhook"), ir.Model)


# -- generated client -------------------------------------------------------------------------------

ZOO = """\
openapi: 3.1.0
info: {title: Zoo, version: '1'}
servers: [{url: 'https://zoo.test'}]
webhooks:
  animalBorn:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Animal'}}}
      responses: {'200': {description: ok}}
  treeFelled:
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {height: {type: number}}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Animal:
      type: object
      required: [id, name, secret]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        secret: {type: string, writeOnly: true}
        legs: {type: integer, default: 4, description: How many.}
        nickname: {type: string, deprecated: true}
    Tree:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
    Pair: {type: array, prefixItems: [{type: string}, {type: integer}]}
    Circle: {type: object, required: [r], properties: {shape: {const: circle}, r: {type: number}}}
    Square: {type: object, required: [side], properties: {shape: {const: square}, side: {type: number}}}
    Shape: {oneOf: [{$ref: '#/components/schemas/Circle'}, {$ref: '#/components/schemas/Square'}]}
    Small: {type: object, properties: {a: {type: string}}}
    Big: {type: object, properties: {a: {type: string}, b: {type: string}}}
    Either: {anyOf: [{$ref: '#/components/schemas/Small'}, {$ref: '#/components/schemas/Big'}]}
    NumDetail: {type: object, required: [max], properties: {max: {type: number}}}
    CatDetail: {type: object, properties: {categories: {type: object, additionalProperties: {type: number}}}}
    WithNum: {type: object, required: [details], properties: {details: {$ref: '#/components/schemas/NumDetail'}}}
    WithCat: {type: object, required: [details], properties: {details: {$ref: '#/components/schemas/CatDetail'}}}
    Feedback: {oneOf: [{$ref: '#/components/schemas/WithNum'}, {$ref: '#/components/schemas/WithCat'}]}
    Named:
      oneOf: [{$ref: '#/components/schemas/Round'}, {$ref: '#/components/schemas/Boxy'}]
      discriminator: {propertyName: shape}
    Looped:
      oneOf: [{$ref: '#/components/schemas/Looped'}, {$ref: '#/components/schemas/Circle'}]
      discriminator: {propertyName: shape}
    Round: {type: object, properties: {shape: {type: string}, r: {type: number}}}
    Boxy: {type: object, properties: {shape: {type: string}, side: {type: number}}}
    Typed:
      oneOf: [{$ref: '#/components/schemas/Round'}, {$ref: '#/components/schemas/Boxy'}]
      discriminator:
        propertyName: shape
        mapping: {round: '#/components/schemas/Round', boxy: '#/components/schemas/Boxy'}
paths:
  /animals:
    post:
      operationId: createAnimal
      tags: [animals]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Animal'}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Animal'}}}}
  /old:
    get:
      operationId: oldThing
      tags: [animals]
      deprecated: true
      responses: {'204': {description: gone}}
"""


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The Zoo client, generated and checked with `mypy --strict` once for this module."""
    with generated_package(tmp_path_factory.mktemp("zoo"), ZOO, "zoo_constructs") as package:
        yield package


def test_read_only_field_is_not_sent_in_a_request(zoo: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/animals", 200, {"id": "a1", "name": "Rex"})
    animal = zoo.models.Animal(id="a1", name="Rex", secret="s")
    with zoo.Client(base_url=server.url) as client:
        client.animals.create(body=animal)
    assert json.loads(server.requests[0].body) == {"name": "Rex", "secret": "s"}


def test_response_without_write_only_field_decodes(zoo: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/animals", 200, {"id": "a1", "name": "Rex"})
    with zoo.Client(base_url=server.url) as client:
        made = client.animals.create(body=zoo.models.Animal(name="Rex", secret="s"))
    assert (made.id, made.secret) == ("a1", zoo.models.UNSET)


def test_read_only_field_stays_in_to_dict(zoo: ModuleType) -> None:
    assert zoo.models.Animal(id="a1", name="Rex").to_dict() == {"id": "a1", "name": "Rex"}


def test_setting_a_deprecated_field_warns(zoo: ModuleType) -> None:
    with pytest.warns(DeprecationWarning, match="Animal.nickname"):
        zoo.models.Animal(name="Rex", nickname="R")


def test_decoding_a_deprecated_field_does_not_warn(zoo: ModuleType) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert zoo.models.Animal.from_dict({"name": "Rex", "nickname": "R"}).nickname == "R"


def test_calling_a_deprecated_operation_warns(zoo: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/old", 204, b"")
    with zoo.Client(base_url=server.url) as client, pytest.warns(DeprecationWarning, match="old_thing"):
        client.animals.old_thing()


def test_default_is_documented_in_the_docstring(zoo: ModuleType) -> None:
    assert "legs: How many. Default (applied by the server when absent): 4." in zoo.models.Animal.__doc__


def test_recursive_model_decodes_nested_levels(zoo: ModuleType) -> None:
    tree = zoo.models.Tree.from_dict({"children": [{"children": [{}]}]})
    assert isinstance(tree.children[0].children[0], zoo.models.Tree)


def test_prefix_items_decode_to_a_tuple(zoo: ModuleType) -> None:
    assert zoo.decode(zoo.models.Pair, ["a", 1]) == ("a", 1)


def test_union_without_discriminator_is_decided_by_a_constant(zoo: ModuleType) -> None:
    assert isinstance(zoo.decode(zoo.models.Shape, {"shape": "square", "side": 2}), zoo.models.Square)


def test_union_value_both_variants_accept_goes_to_the_one_knowing_more_properties(zoo: ModuleType) -> None:
    assert isinstance(zoo.decode(zoo.models.Either, {"a": "x", "b": "y"}), zoo.models.Big)


def test_union_tie_goes_to_the_earlier_variant(zoo: ModuleType) -> None:
    assert isinstance(zoo.decode(zoo.models.Either, {"a": "x"}), zoo.models.Small)


def test_discriminator_mapping_decides_over_structure(zoo: ModuleType) -> None:
    assert isinstance(zoo.decode(zoo.models.Typed, {"shape": "boxy", "r": 2}), zoo.models.Boxy)


def test_union_variant_whose_nested_value_does_not_fit_is_ruled_out(zoo: ModuleType) -> None:
    made = zoo.decode(zoo.models.Feedback, {"details": {"categories": {"a": 1.5}}})
    assert isinstance(made, zoo.models.WithCat)


def test_discriminator_without_mapping_decides_by_schema_name(zoo: ModuleType) -> None:
    assert isinstance(zoo.decode(zoo.models.Named, {"shape": "Boxy", "r": 2}), zoo.models.Boxy)


def test_union_listing_itself_decodes_its_other_variants(zoo: ModuleType) -> None:
    assert isinstance(zoo.decode(zoo.models.Looped, {"shape": "circle", "r": 1}), zoo.models.Circle)


def test_inline_webhook_payload_is_a_model(zoo: ModuleType) -> None:
    assert zoo.models.TreeFelledWebhook.from_dict({"height": 3.5}).height == 3.5


def test_index_lists_webhook_payload_models(zoo: ModuleType) -> None:
    index = json.loads((Path(zoo.__file__).parent / "_index.json").read_text())
    assert index["webhooks"] == {
        "animalBorn": "zoo_constructs.models.Animal",
        "treeFelled": "zoo_constructs.models.TreeFelledWebhook",
    }


def test_peer_spec_with_self_listing_discriminated_union_passes_mypy(tmp_path: Path) -> None:
    """`discriminator_duplicate_value.yaml` has `RecursiveItem: oneOf [RecursiveItem, ...]`."""
    text = (CORPUS / "peer" / "datamodel-code-generator" / "discriminator_duplicate_value.yaml").read_text()
    with generated_package(tmp_path, text, "dup_disc") as package:
        assert package.models.RecursiveItem is package.models.ItemReference


def test_unions_of_each_other_are_flattened(tmp_path: Path) -> None:
    spec = schemas(
        tmp_path,
        """
        NodeA: {oneOf: [{type: integer}, {$ref: '#/components/schemas/NodeB'}]}
        NodeB: {oneOf: [{type: string}, {$ref: '#/components/schemas/NodeA'}]}
        """,
    )
    targets = [definition(spec, n).target for n in ("NodeA", "NodeB")]  # type: ignore[union-attr]
    assert targets == [
        ir.UnionOf((ir.Primitive("int"), ir.Primitive("str"))),
        ir.UnionOf((ir.Primitive("str"), ir.Primitive("int"))),
    ]
