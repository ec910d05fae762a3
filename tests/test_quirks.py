"""Quirks of real exports that are tolerated: a warning (or nothing), never a crash.

Each test builds the IR from a small inline spec (or page) shaped like the quirk as it occurs
in `../shared/corpus/pages/`, and asserts both the outcome and the warning.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import CORPUS

from generator import ir
from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.naming import ClassName
from generator.pipeline import build_spec


def build(tmp_path: Path, body: str, version: str = "3.1.0", name: str = "spec.yaml") -> tuple[ir.ApiSpec, list[str]]:
    """The IR and the warning messages for a spec made of an info header plus `body`."""
    path = tmp_path / name
    head = f"openapi: {version}\ninfo: {{title: t, version: '1'}}\n"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    ctx = Context(Options(specs=(path,), out=tmp_path, package="pkg"))
    spec = build_spec(ctx)
    return spec, [w.message for w in ctx.diagnostics.warnings]


def schemas(tmp_path: Path, entries: str, version: str = "3.1.0") -> tuple[ir.ApiSpec, list[str]]:
    indented = textwrap.indent(textwrap.dedent(entries), "    ")
    return build(tmp_path, "paths: {}\ncomponents:\n  schemas:\n" + indented, version)


def definition(spec: ir.ApiSpec, name: str) -> ir.Definition:
    return next(d for d in spec.definitions if d.name == name)


def field_type(spec: ir.ApiSpec, model: str, wire: str) -> ir.TypeExpr:
    made = definition(spec, model)
    assert isinstance(made, ir.Model)
    return next(f.type for f in made.fields if f.wire == wire)


def operations(spec: ir.ApiSpec) -> list[ir.Operation]:
    return [op for group in spec.groups for op in group.operations]


def test_enum_entries_written_as_value_objects(tmp_path: Path) -> None:
    spec, warnings = schemas(tmp_path, "Size: {type: string, enum: [{value: s}, {value: l}]}\n")
    size = definition(spec, "Size")
    assert isinstance(size, ir.Enum) and [m.value for m in size.members] == ["s", "l"]
    assert any("{value: x}" in w for w in warnings)


def test_invalid_security_scheme_type_is_read_as_bearer(tmp_path: Path) -> None:
    spec, warnings = build(tmp_path, "paths: {}\ncomponents: {securitySchemes: {tok: {type: jwt}}}\n")
    assert [(s.key, s.kind) for s in spec.security] == [("tok", "bearer")]
    assert any("'jwt' is not valid OpenAPI" in w for w in warnings)


def test_nested_tag_list_uses_its_first_tag(tmp_path: Path) -> None:
    spec, warnings = build(
        tmp_path, "paths: {/a: {get: {tags: [[Pets, Cats]], responses: {'204': {description: ok}}}}}\n"
    )
    assert [g.module for g in spec.groups] == ["pets"]
    assert any("unusual tags" in w for w in warnings)


def test_empty_tag_list_is_treated_as_untagged(tmp_path: Path) -> None:
    empty, warnings = build(tmp_path, "paths: {/a: {get: {tags: [''], responses: {'204': {description: ok}}}}}\n")
    untagged, _ = build(tmp_path, "paths: {/a: {get: {responses: {'204': {description: ok}}}}}\n", name="b.yaml")
    assert [g.module for g in empty.groups] == [g.module for g in untagged.groups]
    assert any("unusual tags" in w for w in warnings)


def test_schema_names_with_spaces_dots_and_colons_become_class_names(tmp_path: Path) -> None:
    spec, _ = schemas(
        tmp_path,
        """
        'My Pet': {type: object, properties: {a: {type: string}}}
        pets.v1.Owner: {type: object, properties: {pet: {$ref: '#/components/schemas/My Pet'}}}
        'urn:thing': {type: object, properties: {o: {$ref: '#/components/schemas/pets.v1.Owner'}}}
        """,
    )
    assert spec.schema_names == {"My Pet": "MyPet", "pets.v1.Owner": "PetsV1Owner", "urn:thing": "UrnThing"}
    assert field_type(spec, "UrnThing", "o") == ir.Ref(ClassName("PetsV1Owner"))


def test_ref_folded_over_two_lines_is_read_without_the_space(tmp_path: Path) -> None:
    spec, warnings = schemas(
        tmp_path,
        """
        Pet: {type: object, properties: {a: {type: string}}}
        Owner:
          type: object
          properties:
            pet:
              $ref: '#/components/schemas/
                Pet'
        """,
    )
    assert field_type(spec, "Owner", "pet") == ir.Ref(ClassName("Pet"))
    assert any("contains whitespace" in w for w in warnings)


def test_yaml_aliases_share_one_schema(tmp_path: Path) -> None:
    spec, _ = schemas(
        tmp_path,
        """
        A: {type: object, properties: {money: &money {type: object, properties: {cents: {type: integer}}}}}
        B: {type: object, properties: {money: *money}}
        """,
    )
    assert field_type(spec, "A", "money") == field_type(spec, "B", "money")


def test_recursion_through_a_yaml_alias_is_a_recursive_model(tmp_path: Path) -> None:
    spec, _ = build(
        tmp_path,
        """
        paths:
          /tree:
            get:
              operationId: getTree
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: &node
                        type: object
                        properties:
                          children: {type: array, items: *node}
        """,
    )
    assert field_type(spec, "GetTreeResponse", "children") == ir.ListOf(ir.Ref(ClassName("GetTreeResponse")))


def test_type_null_in_a_30_document_is_none(tmp_path: Path) -> None:
    spec, _ = schemas(tmp_path, "N: {type: object, properties: {x: {type: 'null'}}}\n", version="3.0.3")
    assert field_type(spec, "N", "x") == ir.NONE


def test_nullable_in_a_31_document_is_honoured(tmp_path: Path) -> None:
    spec, _ = schemas(tmp_path, "N: {type: object, properties: {x: {type: string, nullable: true}}}\n")
    assert field_type(spec, "N", "x") == ir.UnionOf((ir.Primitive("str"), ir.NONE))


def test_required_naming_a_missing_property_is_ignored(tmp_path: Path) -> None:
    spec, warnings = schemas(
        tmp_path, "N: {type: object, required: [a, ghost], properties: {a: {type: string}}}\n"
    )
    made = definition(spec, "N")
    assert isinstance(made, ir.Model) and [f.wire for f in made.fields] == ["a"]
    assert any("'ghost'" in w for w in warnings)


def test_operation_without_responses_returns_any(tmp_path: Path) -> None:
    spec, warnings = build(tmp_path, "paths: {/a: {get: {operationId: a}}}\n")
    (op,) = operations(spec)
    assert op.returns == ir.ANY
    assert any("documents no responses" in w for w in warnings)


def test_non_standard_format_is_ignored(tmp_path: Path) -> None:
    spec, warnings = schemas(tmp_path, "N: {type: object, properties: {x: {type: string, format: snowflake-id}}}\n")
    assert field_type(spec, "N", "x") == ir.Primitive("str")
    assert warnings == []


def test_page_prose_contradicting_the_yaml_loses(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        textwrap.dedent(
            """\
            # Get count

            Returns the count as a **string** (field `count: string`).

            ```yaml
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths: {}
            components:
              schemas:
                Count: {type: object, properties: {count: {type: integer}}}
            ```
            """
        ),
        encoding="utf-8",
    )
    spec = build_spec(Context(Options(specs=(page,), out=tmp_path, package="pkg")))
    assert field_type(spec, "Count", "count") == ir.Primitive("int")


def test_schema_that_is_only_an_alias_of_itself_is_any(tmp_path: Path) -> None:
    spec, warnings = schemas(tmp_path, "S: &s {allOf: [*s]}\n")
    made = definition(spec, "S")
    assert isinstance(made, ir.Alias) and made.target == ir.ANY
    assert any("its own alternatives" in w for w in warnings)


def test_array_recursing_through_an_alias_is_a_recursive_alias(tmp_path: Path) -> None:
    spec, _ = schemas(tmp_path, "L: &l {type: array, items: *l}\n")
    made = definition(spec, "L")
    assert isinstance(made, ir.Alias) and made.target == ir.ListOf(ir.Ref(ClassName("L")))


# -- peer specs with dangling schema refs or no `openapi` key: warnings, errors under --strict

PEER = CORPUS / "peer" / "datamodel-code-generator"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no_components.yaml", r"\$ref '#/components/schemas/Pets' does not resolve \(no 'components' there\)"),
        ("json_pointer.yaml", r"no `openapi` key, only `components`"),
        ("same_name_objects.yaml", r"resolved_models\.yaml not found"),
    ],
)
def test_broken_peer_spec_is_one_clear_error_under_strict(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(GeneratorError, match=message):
        build_spec(Context(Options(specs=(PEER / name,), out=tmp_path, package="pkg", strict=True)))
