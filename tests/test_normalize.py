"""Stage 4, normalize: the IR that `generator.pipeline.build_spec` makes from small inline specs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import ir
from generator.context import Context, Options
from generator.naming import ClassName
from generator.pipeline import build_spec


def build(tmp_path: Path, body: str, version: str = "3.1.0") -> ir.ApiSpec:
    """The IR of a spec file made of an info header plus `body` (dedented YAML)."""
    path = tmp_path / "spec.yaml"
    head = f"openapi: {version}\ninfo: {{title: t, version: '1'}}\n"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return build_spec(Context(Options(specs=(path,), out=tmp_path, package="pkg")))


def build_schemas(tmp_path: Path, schemas: str, version: str = "3.1.0") -> ir.ApiSpec:
    """The IR of a spec with no paths and the given (dedented) components/schemas entries."""
    indented = textwrap.indent(textwrap.dedent(schemas), "    ")
    return build(tmp_path, "paths: {}\ncomponents:\n  schemas:\n" + indented, version)


def definition(spec: ir.ApiSpec, name: str) -> ir.Definition:
    found = [d for d in spec.definitions if d.name == name]
    assert len(found) == 1, f"{name} defined {len(found)} times in {[d.name for d in spec.definitions]}"
    return found[0]


def model(spec: ir.ApiSpec, name: str) -> ir.Model:
    made = definition(spec, name)
    assert isinstance(made, ir.Model)
    return made


def field_of(spec: ir.ApiSpec, model_name: str, wire: str) -> ir.Field:
    return next(f for f in model(spec, model_name).fields if f.wire == wire)


def only_operation(spec: ir.ApiSpec) -> ir.Operation:
    operations = [op for group in spec.groups for op in group.operations]
    assert len(operations) == 1
    return operations[0]


def ref(name: str) -> ir.Ref:
    return ir.Ref(ClassName(name))


STR = ir.Primitive("str")
INT = ir.Primitive("int")


# -- nullability ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "schema", "expected"),
    [
        ("3.1.0", "{oneOf: [{type: string}, {type: 'null'}]}", (STR,)),
        ("3.1.0", "{anyOf: [{type: string}, {type: 'null'}]}", (STR,)),
        ("3.1.0", "{anyOf: [{type: integer}, {enum: [null]}]}", (INT,)),
        ("3.1.0", "{oneOf: [{type: integer}, {const: null}]}", (INT,)),
        ("3.1.0", "{type: [string, 'null']}", (STR,)),
        ("3.1.0", "{type: [string, integer, 'null']}", (STR, INT)),
        ("3.1.0", "{type: string, enum: [x, y, null]}", (ref("ThingValue"),)),
        ("3.1.0", "{enum: [x, null]}", (ir.LiteralOf(("x",)),)),
        ("3.1.0", "{oneOf: [{$ref: '#/components/schemas/Other'}, {type: 'null'}]}", (ref("Other"),)),
        ("3.0.3", "{type: string, nullable: true}", (STR,)),
        ("3.0.3", "{allOf: [{$ref: '#/components/schemas/Other'}], nullable: true}", (ref("Other"),)),
    ],
)
def test_every_nullability_spelling_gives_a_union_with_none(
    tmp_path: Path, version: str, schema: str, expected: tuple[ir.TypeExpr, ...]
) -> None:
    """Each way of saying "may be null" becomes `T | None`, with None once and last."""
    spec = build_schemas(
        tmp_path,
        f"""
        Thing:
          type: object
          properties:
            value: {schema}
        Other:
          type: object
          properties:
            id: {{type: integer}}
        """,
        version,
    )
    assert field_of(spec, "Thing", "value").type == ir.UnionOf((*expected, ir.NONE))


def test_nullable_component_makes_every_reference_nullable(tmp_path: Path) -> None:
    """In 3.0, `nullable: true` on a referenced component makes the property `Owner | None`."""
    spec = build_schemas(
        tmp_path,
        """
        Owner:
          type: object
          nullable: true
          properties:
            name: {type: string}
        Pet:
          type: object
          properties:
            owner: {$ref: '#/components/schemas/Owner'}
        """,
        "3.0.3",
    )
    assert field_of(spec, "Pet", "owner").type == ir.UnionOf((ref("Owner"), ir.NONE))


def test_plain_property_is_not_nullable(tmp_path: Path) -> None:
    """Without any null spelling the type has no None."""
    spec = build_schemas(tmp_path, "Thing: {type: object, properties: {value: {type: string}}}\n")
    assert field_of(spec, "Thing", "value").type == STR


# -- composition, enums, literals ----------------------------------------------------------


def test_all_of_two_objects_is_one_model(tmp_path: Path) -> None:
    """allOf of two object parts gives one Model with all properties and all required names."""
    spec = build_schemas(
        tmp_path,
        """
        Both:
          allOf:
            - {type: object, properties: {a: {type: string}}, required: [a]}
            - {type: object, properties: {b: {type: integer}, c: {type: string}}, required: [b]}
        """,
    )
    both = model(spec, "Both")
    assert [(f.wire, f.type, f.required) for f in both.fields] == [
        ("a", STR, True),
        ("b", INT, True),
        ("c", STR, False),
    ]


def test_all_of_with_a_ref_part_includes_the_referenced_properties(tmp_path: Path) -> None:
    """allOf [$ref Base, {extra}] gives a Model holding Base's properties and the extra ones."""
    spec = build_schemas(
        tmp_path,
        """
        Base:
          type: object
          required: [id]
          properties:
            id: {type: integer}
        Derived:
          allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              properties:
                name: {type: string}
        """,
    )
    assert [(f.wire, f.required) for f in model(spec, "Derived").fields] == [("id", True), ("name", False)]


def test_string_enum_is_an_enum_class(tmp_path: Path) -> None:
    """A string enum becomes an ir.Enum (str based) with one UPPER_SNAKE member per value."""
    spec = build_schemas(tmp_path, "Interval: {type: string, enum: [monthly, annual, pay-as-you-go]}\n")
    enum = definition(spec, "Interval")
    assert isinstance(enum, ir.Enum)
    assert enum.base == "str"
    assert [(m.name, m.value) for m in enum.members] == [
        ("MONTHLY", "monthly"),
        ("ANNUAL", "annual"),
        ("PAY_AS_YOU_GO", "pay-as-you-go"),
    ]


def test_integer_enum_is_an_int_enum(tmp_path: Path) -> None:
    """An integer enum becomes an int-based ir.Enum keeping the integer values."""
    spec = build_schemas(tmp_path, "Level: {type: integer, enum: [1, 2, 3]}\n")
    enum = definition(spec, "Level")
    assert isinstance(enum, ir.Enum)
    assert enum.base == "int"
    assert [m.value for m in enum.members] == [1, 2, 3]


def test_const_is_a_literal(tmp_path: Path) -> None:
    """`const: fixed` is LiteralOf(("fixed",))."""
    spec = build_schemas(tmp_path, "Thing: {type: object, properties: {kind: {const: fixed}}}\n")
    assert field_of(spec, "Thing", "kind").type == ir.LiteralOf(("fixed",))


def test_single_value_enum_is_a_literal(tmp_path: Path) -> None:
    """An enum with one value is a Literal, not an enum class."""
    spec = build_schemas(
        tmp_path, "Thing: {type: object, properties: {kind: {type: string, enum: [only]}}}\n"
    )
    assert field_of(spec, "Thing", "kind").type == ir.LiteralOf(("only",))
    assert not any(isinstance(d, ir.Enum) for d in spec.definitions)


# -- naming of definitions -----------------------------------------------------------------


def test_inline_object_is_named_after_parent_and_property(tmp_path: Path) -> None:
    """Billing.subscription (inline object) becomes the model BillingSubscription."""
    spec = build_schemas(
        tmp_path,
        """
        Billing:
          type: object
          properties:
            subscription:
              type: object
              properties:
                plan: {type: string}
        """,
    )
    assert field_of(spec, "Billing", "subscription").type == ref("BillingSubscription")
    assert [f.wire for f in model(spec, "BillingSubscription").fields] == ["plan"]


def test_inline_name_does_not_steal_a_component_name(tmp_path: Path) -> None:
    """A component called BillingSubscription keeps its name; the inline object gets another."""
    spec = build_schemas(
        tmp_path,
        """
        Billing:
          type: object
          properties:
            subscription:
              type: object
              properties:
                plan: {type: string}
        BillingSubscription:
          type: object
          properties:
            other: {type: integer}
        """,
    )
    assert [f.wire for f in model(spec, "BillingSubscription").fields] == ["other"]
    inline = field_of(spec, "Billing", "subscription").type
    assert isinstance(inline, ir.Ref) and inline.name != "BillingSubscription"
    assert [f.wire for f in model(spec, inline.name).fields] == ["plan"]


def test_recursive_schema_refers_to_itself(tmp_path: Path) -> None:
    """Node.children: array of Node terminates and is `list[Node]`, with Node defined once."""
    spec = build_schemas(
        tmp_path,
        """
        Node:
          type: object
          properties:
            children:
              type: array
              items: {$ref: '#/components/schemas/Node'}
        """,
    )
    assert field_of(spec, "Node", "children").type == ir.ListOf(ref("Node"))


# -- attribute names -----------------------------------------------------------------------


def test_attribute_names_are_snake_case_and_keep_the_wire_name(tmp_path: Path) -> None:
    """balanceCents is the attribute balance_cents with wire name balanceCents."""
    spec = build_schemas(tmp_path, "Billing: {type: object, properties: {balanceCents: {type: integer}}}\n")
    field = field_of(spec, "Billing", "balanceCents")
    assert (field.name, field.wire) == ("balance_cents", "balanceCents")


def test_keyword_property_is_escaped(tmp_path: Path) -> None:
    """A property called `class` becomes the attribute `class_`."""
    spec = build_schemas(tmp_path, "Thing: {type: object, properties: {class: {type: string}}}\n")
    assert field_of(spec, "Thing", "class").name == "class_"


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (("fooBar", "foo_bar"), {"fooBar": "foo_bar", "foo_bar": "foo_bar_2"}),
        (("foo_bar", "fooBar"), {"foo_bar": "foo_bar", "fooBar": "foo_bar_2"}),
    ],
)
def test_colliding_attribute_names_are_numbered_in_document_order(
    tmp_path: Path, order: tuple[str, str], expected: dict[str, str]
) -> None:
    """fooBar and foo_bar both snake to foo_bar: the first keeps it, the second is foo_bar_2."""
    properties = ", ".join(f"{wire}: {{type: string}}" for wire in order)
    spec = build_schemas(tmp_path, f"Thing: {{type: object, properties: {{{properties}}}}}\n")
    assert {f.wire: f.name for f in model(spec, "Thing").fields} == expected


# -- operations ----------------------------------------------------------------------------

BILLING_PATH = """
paths:
  /api/v1/billing:
    get:
      operationId: get-billing
      tags: [subpackage_billing]
      parameters:
        - {name: Authorization, in: header, required: true, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
"""


def test_fern_subpackage_tag_gives_the_group_module(tmp_path: Path) -> None:
    """Tag `subpackage_billing` becomes the group module `billing`, keeping the tag."""
    spec = build(tmp_path, BILLING_PATH)
    assert [(g.module, g.tag) for g in spec.groups] == [("billing", "subpackage_billing")]


def test_operation_id_gives_the_function_name(tmp_path: Path) -> None:
    """operationId `get-billing` becomes the function `get_billing`."""
    operation = only_operation(build(tmp_path, BILLING_PATH))
    assert (operation.operation_id, operation.function) == ("get-billing", "get_billing")


def test_authorization_header_dropped_under_bearer_scheme(tmp_path: Path) -> None:
    """With an http bearer scheme, the declared Authorization header is not a parameter."""
    security = "components:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n"
    operation = only_operation(build(tmp_path, BILLING_PATH + security))
    assert [p.wire for p in operation.parameters] == ["X-Trace"]
    assert operation.security == ("bearer",)


def test_authorization_header_kept_without_a_scheme(tmp_path: Path) -> None:
    """Without a security scheme, a declared Authorization header stays a parameter."""
    operation = only_operation(build(tmp_path, BILLING_PATH))
    assert [p.wire for p in operation.parameters] == ["Authorization", "X-Trace"]


def test_untagged_operation_without_id_is_named_from_method_and_path(tmp_path: Path) -> None:
    """No tags -> module from the path (`pets`); no operationId -> function from method and path."""
    spec = build(
        tmp_path, "paths:\n  /pets/{petId}:\n    get:\n      responses: {'204': {description: gone}}\n"
    )
    assert [g.module for g in spec.groups] == ["pets"]
    assert only_operation(spec).function == "get_pets_pet_id"


def test_thirty_spec_with_nullable_builds(tmp_path: Path) -> None:
    """A whole 3.0 spec using `nullable: true` builds: nullable response fields are `T | None`."""
    spec = build(
        tmp_path,
        """
        paths:
          /me:
            get:
              operationId: getMe
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Me'}
        components:
          schemas:
            Me:
              type: object
              required: [email]
              properties:
                email: {type: string, nullable: true}
                age: {type: integer, nullable: false}
        """,
        version="3.0.3",
    )
    assert only_operation(spec).returns == ref("Me")
    email, age = model(spec, "Me").fields
    assert (email.wire, email.type, email.required) == ("email", ir.UnionOf((STR, ir.NONE)), True)
    assert (age.wire, age.type) == ("age", INT)
