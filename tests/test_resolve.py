"""Stage 3, resolve: `generator.resolve.resolve` on documents loaded from tmp files."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.load import display_path, load_file
from generator.resolve import Address, Resolution, resolve

HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def resolve_file(root_path: Path) -> Resolution:
    """Load a root spec and resolve it the way generator.pipeline does."""
    return resolve(load_file(root_path).root, [display_path(root_path)])


def resolve_schemas(tmp_path: Path, schemas: str) -> Resolution:
    return resolve_file(write(tmp_path / "root.yaml", HEAD + "components:\n  schemas:\n" + schemas))


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_local_ref_targets_the_component(tmp_path: Path) -> None:
    """`#/components/schemas/Pet` maps the ref node to the Pet node of the main document."""
    res = resolve_schemas(tmp_path, "    Pet: {type: string}\n    Use: {$ref: '#/components/schemas/Pet'}\n")
    schemas = res.root["components"]["schemas"]
    assert res.target(schemas["Use"]) == (schemas["Pet"], Address(None, "/components/schemas/Pet"))
    assert res.target(schemas["Use"])[0] is schemas["Pet"]


def test_refs_are_not_inlined(tmp_path: Path) -> None:
    """The resolved document keeps the `$ref` node itself in place."""
    res = resolve_schemas(tmp_path, "    Pet: {type: string}\n    Use: {$ref: '#/components/schemas/Pet'}\n")
    assert res.root["components"]["schemas"]["Use"] == {"$ref": "#/components/schemas/Pet"}


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("a/b", "#/components/schemas/a~1b"),
        ("a~b", "#/components/schemas/a~0b"),
        ("a~1b", "#/components/schemas/a~01b"),
        ("Pet Type", "#/components/schemas/Pet%20Type"),
        ("{id}", "#/components/schemas/%7Bid%7D"),
    ],
)
def test_pointer_escapes_and_percent_encoding(tmp_path: Path, name: str, ref: str) -> None:
    """~1 is `/`, ~0 is `~` (applied after ~1), and percent-escapes are decoded."""
    res = resolve_schemas(tmp_path, f"    '{name}': {{type: integer}}\n    Use: {{$ref: '{ref}'}}\n")
    schemas = res.root["components"]["schemas"]
    assert res.target(schemas["Use"])[0] is schemas[name]


def test_ref_into_paths_with_escaped_slashes(tmp_path: Path) -> None:
    """A ref through a path key (`~1pets~1%7Bid%7D`) reaches the node under that path."""
    text = (
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n"
        "      responses:\n        '200': {description: ok}\n  /other:\n    get:\n      responses:\n"
        "        '200': {$ref: '#/paths/~1pets~1%7Bid%7D/get/responses/200'}\n"
    )
    res = resolve_file(write(tmp_path / "root.yaml", text))
    ref_node = res.root["paths"]["/other"]["get"]["responses"]["200"]
    target = res.root["paths"]["/pets/{id}"]["get"]["responses"]["200"]
    assert res.target(ref_node)[0] is target


def test_chain_is_followed_to_the_end(tmp_path: Path) -> None:
    """A -> B -> C: the ref in A (and in B) maps to C."""
    res = resolve_schemas(
        tmp_path,
        "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/C'}\n"
        "    C: {type: boolean}\n",
    )
    schemas = res.root["components"]["schemas"]
    assert res.target(schemas["A"]) == (schemas["C"], Address(None, "/components/schemas/C"))
    assert res.target(schemas["B"])[0] is schemas["C"]


def test_recursive_schema_resolves(tmp_path: Path) -> None:
    """A schema that refers to itself through a property is fine: the ref targets the schema."""
    res = resolve_schemas(
        tmp_path,
        "    Node:\n      type: object\n      properties:\n        children:\n          type: array\n"
        "          items: {$ref: '#/components/schemas/Node'}\n",
    )
    node = res.root["components"]["schemas"]["Node"]
    assert res.target(node["properties"]["children"]["items"])[0] is node


def test_ref_to_another_file(tmp_path: Path) -> None:
    """`common.yaml#/Pet` loads the file next to the referring one and targets its Pet node."""
    common = write(
        tmp_path / "common.yaml", "Pet:\n  type: object\n  properties:\n    name: {type: string}\n"
    )
    root = write(
        tmp_path / "root.yaml", HEAD + "components:\n  schemas:\n    Use: {$ref: 'common.yaml#/Pet'}\n"
    )
    res = resolve_file(root)
    target, address = res.target(res.root["components"]["schemas"]["Use"])
    assert address == Address(display_path(common), "/Pet")
    assert target["properties"]["name"] == {"type": "string"}
    assert target.loc.file == display_path(common)
    assert target.loc.line == 2


def test_file_ref_is_relative_to_the_referring_file(tmp_path: Path) -> None:
    """root -> sub/a.yaml#/A -> b.yaml#/B finds sub/b.yaml (relative to sub/a.yaml, not the root)."""
    write(tmp_path / "b.yaml", "B: {type: number}\n")  # a decoy beside the root
    write(tmp_path / "sub" / "a.yaml", "A: {$ref: 'b.yaml#/B'}\n")
    b = write(tmp_path / "sub" / "b.yaml", "B: {type: string}\n")
    root = write(tmp_path / "root.yaml", HEAD + "components:\n  schemas:\n    Use: {$ref: 'sub/a.yaml#/A'}\n")
    res = resolve_file(root)
    target, address = res.target(res.root["components"]["schemas"]["Use"])
    assert target == {"type": "string"}
    assert address == Address(display_path(b), "/B")


def test_whole_file_ref(tmp_path: Path) -> None:
    """A ref with no fragment (`pet.yaml`) targets the whole file."""
    write(tmp_path / "pet.yaml", "type: object\nproperties:\n  id: {type: integer}\n")
    root = write(tmp_path / "root.yaml", HEAD + "components:\n  schemas:\n    Pet: {$ref: pet.yaml}\n")
    res = resolve_file(root)
    target, _ = res.target(res.root["components"]["schemas"]["Pet"])
    assert target["properties"]["id"] == {"type": "integer"}


def test_pure_ref_loop_is_an_error(tmp_path: Path) -> None:
    """A -> B -> A never reaches a schema: GeneratorError saying it loops."""
    with pytest.raises(GeneratorError, match="loop"):
        resolve_schemas(
            tmp_path, "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"
        )


def test_self_ref_is_an_error(tmp_path: Path) -> None:
    """A schema that is only a ref to itself is a GeneratorError."""
    with pytest.raises(GeneratorError, match="loop"):
        resolve_schemas(tmp_path, "    A: {$ref: '#/components/schemas/A'}\n")


def test_unresolvable_ref_names_file_line_and_pointer(tmp_path: Path) -> None:
    """A dangling ref outside schemas (a parameter) is an error with file:line of the ref and its pointer."""
    root = write(
        tmp_path / "root.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      parameters:\n        - $ref: '#/components/parameters/Limit'\n"
        "      responses: {'204': {description: none}}\n",
    )
    with pytest.raises(GeneratorError) as info:
        resolve_file(root)
    message = info.value.one_line()
    assert f"{display_path(root)}:{line_of(root, '$ref')}" in message
    assert "/paths/~1pets/get/parameters/0/$ref" in message
    assert "#/components/parameters/Limit" in message


def test_missing_file_outside_schemas_is_an_error(tmp_path: Path) -> None:
    """A response ref to a file that does not exist is a GeneratorError naming the file."""
    root = write(
        tmp_path / "root.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      responses: {'200': {$ref: 'nope.yaml#/Ok'}}\n",
    )
    with pytest.raises(GeneratorError, match="nope.yaml"):
        resolve_file(root)


def test_remote_ref_outside_schemas_is_refused(tmp_path: Path) -> None:
    """An http(s) ref to a request body is a GeneratorError, not a download."""
    root = write(
        tmp_path / "root.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    post:\n"
        "      requestBody: {$ref: 'https://example.com/s.yaml#/Body'}\n"
        "      responses: {'204': {description: none}}\n",
    )
    with pytest.raises(GeneratorError, match="remote"):
        resolve_file(root)


# -- dangling refs in schema positions: a free-form schema (Any) and one warning each


def test_dangling_local_ref_in_a_schema_is_a_free_form_schema(tmp_path: Path) -> None:
    """A property's ref to a missing component targets an empty (free-form) schema."""
    res = resolve_schemas(
        tmp_path, "    Pet:\n      type: object\n      properties:\n        owner: {$ref: '#/components/schemas/Owner'}\n"
    )
    owner = res.root["components"]["schemas"]["Pet"]["properties"]["owner"]
    assert res.target(owner)[0] == {}


def test_dangling_local_ref_in_a_schema_warns_once_with_file_line_and_pointer(tmp_path: Path) -> None:
    root = write(
        tmp_path / "root.yaml",
        HEAD + "components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n"
        "        owner:\n          $ref: '#/components/schemas/Owner'\n",
    )
    [warning] = resolve_file(root).warnings
    assert warning.one_line() == (
        f"warning: {display_path(root)}:{line_of(root, '$ref')} /components/schemas/Pet/properties/owner/$ref: "
        "$ref '#/components/schemas/Owner' does not resolve (no 'Owner' there); typed as Any "
        "(add the missing definition)"
    )


def test_missing_file_in_a_schema_warns_naming_the_file(tmp_path: Path) -> None:
    res = resolve_schemas(tmp_path, "    Use: {$ref: 'nope.yaml#/X'}\n")
    [warning] = res.warnings
    assert "$ref 'nope.yaml#/X' does not resolve (file " in warning.message
    assert "nope.yaml not found)" in warning.message
    assert res.target(res.root["components"]["schemas"]["Use"])[0] == {}


def test_file_without_the_pointer_in_a_schema_warns(tmp_path: Path) -> None:
    common = write(tmp_path / "common.yaml", "Pet: {type: string}\n")
    res = resolve_schemas(tmp_path, "    Use: {$ref: 'common.yaml#/Owner'}\n")
    [warning] = res.warnings
    assert f"(no 'Owner' in {display_path(common)})" in warning.message


def test_remote_ref_in_a_schema_warns_and_fetches_nothing(tmp_path: Path) -> None:
    res = resolve_schemas(tmp_path, "    Use: {$ref: 'https://example.com/s.yaml#/X'}\n")
    [warning] = res.warnings
    assert "(remote refs are not fetched)" in warning.message


def test_ref_in_a_parameter_schema_is_a_schema_position(tmp_path: Path) -> None:
    """The `schema` keyword of a parameter holds a Schema: a dangling ref there is a warning."""
    root = write(
        tmp_path / "root.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      parameters:\n        - {name: kind, in: query, schema: {$ref: '#/components/schemas/Kind'}}\n"
        "      responses: {'204': {description: none}}\n",
    )
    [warning] = resolve_file(root).warnings
    assert warning.location is not None
    assert warning.location.pointer == "/paths/~1pets/get/parameters/0/schema/$ref"


def test_a_parameter_named_schema_is_not_a_schema_position(tmp_path: Path) -> None:
    """Position follows the structure, not the pointer's text: a parameter called `schema` is a parameter."""
    root = write(
        tmp_path / "root.yaml",
        HEAD + "components:\n  parameters:\n    schema: {$ref: '#/components/parameters/Nope'}\n",
    )
    with pytest.raises(GeneratorError, match="/components/parameters/schema/\\$ref"):
        resolve_file(root)


def test_chain_whose_last_link_is_missing_warns_once_at_that_link(tmp_path: Path) -> None:
    """Use -> A -> (missing): one warning, at A's ref; Use and A share the free-form target."""
    res = resolve_schemas(
        tmp_path, "    Use: {$ref: '#/components/schemas/A'}\n    A: {$ref: '#/components/schemas/Missing'}\n"
    )
    [warning] = res.warnings
    assert warning.location is not None and warning.location.pointer == "/components/schemas/A/$ref"
    schemas = res.root["components"]["schemas"]
    assert res.target(schemas["Use"])[0] is res.target(schemas["A"])[0]


def test_node_reached_in_a_schema_and_elsewhere_counts_as_a_schema(tmp_path: Path) -> None:
    """A component schema also (wrongly) used as a request body: its dangling ref is a warning."""
    root = write(
        tmp_path / "root.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    post:\n"
        "      requestBody: {$ref: '#/components/schemas/Body'}\n"
        "      responses: {'204': {description: none}}\n"
        "components:\n  schemas:\n    Body: {$ref: '#/components/schemas/Missing'}\n",
    )
    assert len(resolve_file(root).warnings) == 1


def test_dangling_ref_that_loops_stays_an_error(tmp_path: Path) -> None:
    """A loop is not a missing definition: still an error in a schema position."""
    with pytest.raises(GeneratorError, match="loop"):
        resolve_schemas(
            tmp_path,
            "    Pet:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/A'}\n"
            "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        )


def test_chain_through_another_file_to_a_missing_schema_warns(tmp_path: Path) -> None:
    """Use -> other.yaml#/A -> (missing in other.yaml): A's ref is in a schema too; one warning there."""
    other = write(tmp_path / "other.yaml", "A: {$ref: '#/Missing'}\n")
    res = resolve_schemas(tmp_path, "    Use: {$ref: 'other.yaml#/A'}\n")
    [warning] = res.warnings
    assert warning.location is not None and warning.location.file == display_path(other)
    assert res.target(res.root["components"]["schemas"]["Use"])[0] == {}
