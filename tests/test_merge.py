"""Stage 2, merge: `generator.merge.merge` on documents loaded from two pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.load import LoadedDocument, load_page_text
from generator.merge import merge


def page(title: str, paths: str, schemas: str = "") -> str:
    """A doc page of the Pets API whose fence holds an OpenAPI document with the given paths
    and schemas; its info.version and its first server are the page's own."""
    components = f"components:\n  schemas:\n{schemas}" if schemas else ""
    return (
        f"# {title}\n\n```yaml\nopenapi: 3.1.0\ninfo:\n  title: Pets\n  version: '{title}'\n"
        f"servers:\n  - url: https://{title.lower()}.example\n  - url: https://pets.example\n"
        f"paths:\n{paths}{components}```\n"
    )


def load(tmp_path: Path, name: str, text: str) -> LoadedDocument:
    return load_page_text(text, tmp_path / name)


GET_PETS = "  /pets:\n    get:\n      operationId: listPets\n      responses: {'200': {description: ok}}\n"
POST_PETS = (
    "  /pets:\n    post:\n      operationId: createPet\n      responses: {'201': {description: made}}\n"
)
GET_USERS = "  /users:\n    get:\n      operationId: listUsers\n      responses: {'200': {description: ok}}\n"
PET = "    Pet:\n      type: object\n      properties:\n        name: {type: string}\n"
PET_WITH_AGE = "    Pet:\n      type: object\n      properties:\n        age: {type: integer}\n"
USER = "    User:\n      type: object\n      properties:\n        id: {type: integer}\n"


def test_paths_are_united(tmp_path: Path) -> None:
    """Paths from both pages, and both methods of a shared path, end up in one document."""
    a = load(tmp_path, "a.md", page("A", GET_PETS + GET_USERS))
    b = load(tmp_path, "b.md", page("B", POST_PETS))
    merged = merge([a, b])
    assert list(merged["paths"]) == ["/pets", "/users"]
    assert set(merged["paths"]["/pets"]) == {"get", "post"}
    assert merged["paths"]["/pets"]["post"]["operationId"] == "createPet"


def test_info_and_servers_come_from_the_first_document(tmp_path: Path) -> None:
    """info and servers are taken from the first page that has them."""
    merged = merge(
        [load(tmp_path, "a.md", page("A", GET_PETS)), load(tmp_path, "b.md", page("B", GET_USERS))]
    )
    assert merged["info"]["version"] == "A"
    assert merged["servers"][0]["url"] == "https://a.example"


def test_identical_operation_in_two_pages_is_kept_once(tmp_path: Path) -> None:
    """The same method+path with the same definition in two pages is not an error."""
    a = load(tmp_path, "a.md", page("A", GET_PETS))
    b = load(tmp_path, "b.md", page("B", GET_PETS))
    merged = merge([a, b])
    assert list(merged["paths"]["/pets"]) == ["get"]


def test_identical_components_are_kept_once(tmp_path: Path) -> None:
    """A schema repeated identically in two pages appears once; other schemas are added."""
    a = load(tmp_path, "a.md", page("A", GET_PETS, PET))
    b = load(tmp_path, "b.md", page("B", GET_USERS, PET + USER))
    schemas = merge([a, b])["components"]["schemas"]
    assert list(schemas) == ["Pet", "User"]
    assert schemas["Pet"] is a.root["components"]["schemas"]["Pet"]


def test_nodes_keep_their_own_source_file(tmp_path: Path) -> None:
    """A merged node still says which page it came from."""
    a = load(tmp_path, "a.md", page("A", GET_PETS))
    b = load(tmp_path, "b.md", page("B", GET_USERS))
    paths = merge([a, b])["paths"]
    assert paths["/pets"]["get"].loc.file.endswith("a.md")
    assert paths["/users"]["get"].loc.file.endswith("b.md")


def test_conflicting_component_names_both_files(tmp_path: Path) -> None:
    """A schema defined differently in two pages is an error naming both pages and the schema."""
    a = load(tmp_path, "a.md", page("A", GET_PETS, PET))
    b = load(tmp_path, "b.md", page("B", GET_USERS, PET_WITH_AGE))
    with pytest.raises(GeneratorError) as info:
        merge([a, b])
    message = info.value.one_line()
    assert a.name in message and b.name in message
    assert "/components/schemas/Pet" in message


def test_conflicting_operation_names_both_files(tmp_path: Path) -> None:
    """The same method+path defined differently in two pages is an error naming both pages."""
    other = GET_PETS.replace("listPets", "getPets")
    a = load(tmp_path, "a.md", page("A", GET_PETS))
    b = load(tmp_path, "b.md", page("B", other))
    with pytest.raises(GeneratorError) as info:
        merge([a, b])
    message = info.value.one_line()
    assert a.name in message and b.name in message
    assert "GET /pets" in message
