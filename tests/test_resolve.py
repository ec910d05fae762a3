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
    """A ref to a missing schema is an error with file:line of the ref and its JSON pointer."""
    root = write(
        tmp_path / "root.yaml",
        HEAD + "components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n"
        "        owner:\n          $ref: '#/components/schemas/Owner'\n",
    )
    with pytest.raises(GeneratorError) as info:
        resolve_file(root)
    message = info.value.one_line()
    assert f"{display_path(root)}:{line_of(root, '$ref')}" in message
    assert "/components/schemas/Pet/properties/owner/$ref" in message
    assert "#/components/schemas/Owner" in message


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    """A ref to a file that does not exist is a GeneratorError naming the file."""
    root = write(tmp_path / "root.yaml", HEAD + "components:\n  schemas:\n    Use: {$ref: 'nope.yaml#/X'}\n")
    with pytest.raises(GeneratorError, match="nope.yaml"):
        resolve_file(root)


def test_remote_ref_is_refused(tmp_path: Path) -> None:
    """An http(s) ref is a GeneratorError, not a download."""
    with pytest.raises(GeneratorError, match="remote"):
        resolve_schemas(tmp_path, "    Use: {$ref: 'https://example.com/s.yaml#/X'}\n")
