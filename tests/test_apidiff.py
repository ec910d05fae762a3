"""The API change report: surfaces, change kinds, breaking rules, `diff` and `generate` output."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CORPUS, GENERATED, SEED_PAGE

from generator import apidiff
from generator.cli import main
from generator.context import Context, Options
from generator.pipeline import build_spec

BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "list-pets",
                "tags": ["pets"],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    }
                },
            },
            "post": {
                "operationId": "create-pet",
                "tags": ["pets"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}},
                },
                "responses": {"204": {"description": "created"}},
            },
        }
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "nickname": {"type": ["string", "null"]},
                    "status": {"$ref": "#/components/schemas/Status"},
                },
            },
            "NewPet": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "tag": {"type": "string"}},
            },
            "Status": {"type": "string", "enum": ["available", "pending", "sold"]},
        }
    },
}

Edit = Callable[[dict[str, Any]], None]


def _write(folder: Path, name: str, edit: Edit | None = None) -> Path:
    spec = copy.deepcopy(BASE)
    if edit is not None:
        edit(spec)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def _surface(path: Path) -> apidiff.Surface:
    return apidiff.surface(build_spec(Context(Options((path,), path.parent / "out", "pets"))))


def _changes(tmp_path: Path, edit: Edit) -> list[apidiff.Change]:
    old = _write(tmp_path / "old", "pets.yaml")
    new = _write(tmp_path / "new", "pets.yaml", edit)
    return apidiff.compare(_surface(old), _surface(new))


def _only(changes: list[apidiff.Change]) -> apidiff.Change:
    assert len(changes) == 1, [c.line() for c in changes]
    return changes[0]


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def _list_pets(spec: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = spec["paths"]["/pets"]["get"]
    return op


# -- change kinds and breaking rules --------------------------------------------------------


def test_identical_specs_have_no_changes(tmp_path: Path) -> None:
    assert _changes(tmp_path, lambda spec: None) == []


def test_removed_endpoint_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: spec["paths"]["/pets"].pop("post")))
    assert (change.kind, change.subject, change.breaking) == ("endpoint-removed", "POST /pets", True)
    assert "pets.create_pet" in change.detail


def test_added_endpoint_is_not_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["paths"]["/pets/{id}"] = {
            "delete": {
                "operationId": "delete-pet",
                "tags": ["pets"],
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"204": {"description": "gone"}},
            }
        }

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.subject, change.breaking) == ("endpoint-added", "DELETE /pets/{id}", False)


def test_renamed_function_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _list_pets(spec).update(operationId="find-pets")))
    assert (change.kind, change.breaking) == ("endpoint-renamed", True)
    assert change.detail == "function pets.list_pets -> pets.find_pets; client method pets.list -> pets.find"


def _paging(spec: dict[str, Any]) -> None:
    """`list-pets` hands out pages: `data` + `has_more`, continued by `starting_after`."""
    op = _list_pets(spec)
    op["parameters"].append({"name": "starting_after", "in": "query", "schema": {"type": "string"}})
    page = {
        "type": "object",
        "required": ["data", "has_more"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}, "has_more": {"type": "boolean"}},
    }
    op["responses"]["200"]["content"]["application/json"]["schema"] = page


def test_a_list_that_stops_paging_loses_its_iterator_which_is_breaking(tmp_path: Path) -> None:
    old = _write(tmp_path / "old", "pets.yaml", _paging)
    new = _write(tmp_path / "new", "pets.yaml", lambda spec: (_paging(spec), _list_pets(spec)["parameters"].pop()))
    changes = [c for c in apidiff.compare(_surface(old), _surface(new)) if c.kind.startswith("iterator")]
    change = _only(changes)
    assert (change.kind, change.subject, change.breaking) == ("iterator-removed", "GET /pets", True)
    assert change.detail.startswith("pets.list_iter -> Pet ")


def test_a_list_that_starts_paging_gains_an_iterator_which_is_not_breaking(tmp_path: Path) -> None:
    old = _write(tmp_path / "old", "pets.yaml", lambda spec: (_paging(spec), _list_pets(spec)["parameters"].pop()))
    new = _write(tmp_path / "new", "pets.yaml", _paging)
    changes = [c for c in apidiff.compare(_surface(old), _surface(new)) if c.kind.startswith("iterator")]
    change = _only(changes)
    assert (change.kind, change.detail, change.breaking) == ("iterator-added", "pets.list_iter -> Pet", False)


def test_newly_deprecated_endpoint_is_not_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _list_pets(spec).update(deprecated=True)))
    assert (change.kind, change.subject, change.breaking) == ("endpoint-deprecated", "GET /pets", False)


def test_removed_model_is_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["Pet"]["properties"]["status"] = {"type": "string"}
        del _schemas(spec)["Status"]

    kinds = {(c.kind, c.subject, c.breaking) for c in _changes(tmp_path, edit)}
    assert ("model-removed", "Status", True) in kinds


def test_added_model_is_not_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["Owner"] = {"type": "object", "properties": {"name": {"type": "string"}}}
        _schemas(spec)["Pet"]["properties"]["owner"] = {"$ref": "#/components/schemas/Owner"}

    kinds = {(c.kind, c.subject, c.breaking) for c in _changes(tmp_path, edit)}
    assert kinds == {("model-added", "Owner", False), ("field-added", "Pet.owner", False)}


def test_model_becoming_an_alias_is_one_breaking_change(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["NewPet"] = {"type": "array", "items": {"type": "string"}}

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.subject, change.breaking) == ("model-kind-changed", "NewPet", True)
    assert change.detail == "was a model, now an alias"


def test_removed_field_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _schemas(spec)["Pet"]["properties"].pop("name")))
    assert (change.kind, change.subject, change.breaking) == ("field-removed", "Pet.name", True)


def test_field_is_named_by_attribute_and_detail_gives_wire_name(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["Pet"]["properties"]["birthDate"] = {"type": "string"}

    change = _only(_changes(tmp_path, edit))
    assert change.subject == "Pet.birth_date"
    assert change.detail == "str, optional, wire name 'birthDate'"


def test_optional_field_added_is_not_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["NewPet"]["properties"]["age"] = {"type": "integer"}

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.subject, change.breaking) == ("field-added", "NewPet.age", False)


def test_required_field_added_to_request_model_is_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["NewPet"]["properties"]["age"] = {"type": "integer"}
        _schemas(spec)["NewPet"]["required"].append("age")

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.breaking) == ("field-added", True)


def test_required_field_added_to_response_model_is_not_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["Pet"]["properties"]["age"] = {"type": "integer"}
        _schemas(spec)["Pet"]["required"].append("age")

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.breaking) == ("field-added", False)


def test_retyped_field_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _schemas(spec)["Pet"]["properties"].update(id={"type": "string"})))
    assert (change.kind, change.subject, change.breaking) == ("field-retyped", "Pet.id", True)
    assert change.detail == "int -> str"


def test_narrowed_response_field_is_not_breaking(tmp_path: Path) -> None:
    change = _only(
        _changes(tmp_path, lambda spec: _schemas(spec)["Pet"]["properties"].update(nickname={"type": "string"}))
    )
    assert (change.kind, change.detail, change.breaking) == ("field-retyped", "str | None -> str", False)


def test_widened_request_field_is_not_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["NewPet"]["properties"]["tag"] = {"type": ["string", "null"]}

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.detail, change.breaking) == ("field-retyped", "str -> str | None", False)


def test_widened_response_field_is_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _schemas(spec)["Pet"]["properties"]["name"] = {"type": ["string", "null"]}

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.breaking) == ("field-retyped", True)


def test_request_field_now_required_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _schemas(spec)["NewPet"]["required"].append("tag")))
    assert (change.kind, change.subject, change.breaking) == ("field-now-required", "NewPet.tag", True)


def test_response_field_now_optional_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _schemas(spec)["Pet"].pop("required")))
    assert (change.kind, change.subject, change.breaking) == ("field-now-optional", "Pet.id", True)


def test_request_field_now_optional_is_not_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _schemas(spec)["NewPet"].pop("required")))
    assert (change.kind, change.subject, change.breaking) == ("field-now-optional", "NewPet.name", False)


def test_parameter_now_required_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _list_pets(spec)["parameters"][0].update(required=True)))
    assert (change.kind, change.subject, change.breaking) == ("parameter-now-required", "GET /pets: limit", True)


def test_new_required_parameter_is_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        kind = {"name": "kind", "in": "query", "required": True, "schema": {"type": "string"}}
        _list_pets(spec)["parameters"].append(kind)

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.detail, change.breaking) == ("parameter-added", "query, str, required", True)


def test_new_optional_parameter_is_not_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _list_pets(spec)["parameters"].append({"name": "kind", "in": "query", "schema": {"type": "string"}})

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.breaking) == ("parameter-added", False)


def test_removed_parameter_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _list_pets(spec).pop("parameters")))
    assert (change.kind, change.subject, change.breaking) == ("parameter-removed", "GET /pets: limit", True)


def test_retyped_parameter_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _list_pets(spec)["parameters"][0].update(schema={"type": "string"})))
    assert (change.kind, change.detail, change.breaking) == ("parameter-retyped", "int -> str", True)


def test_removed_request_body_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: spec["paths"]["/pets"]["post"].pop("requestBody")))
    assert (change.kind, change.subject, change.breaking) == ("body-removed", "POST /pets: body", True)


def test_retyped_return_is_breaking(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        content = _list_pets(spec)["responses"]["200"]["content"]["application/json"]
        content["schema"] = {"$ref": "#/components/schemas/NewPet"}

    change = _only(_changes(tmp_path, edit))
    assert (change.kind, change.detail, change.breaking) == ("response-retyped", "returns Pet -> NewPet", True)


def test_removed_enum_value_is_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _schemas(spec)["Status"].update(enum=["available", "pending"])))
    assert (change.kind, change.subject, change.detail, change.breaking) == (
        "enum-value-removed", "Status", "value 'sold'", True,
    )  # fmt: skip


def test_added_enum_value_is_not_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, lambda spec: _schemas(spec)["Status"]["enum"].append("lost")))
    assert (change.kind, change.breaking) == ("enum-value-added", False)


def _with_bearer(spec: dict[str, Any]) -> None:
    spec["components"]["securitySchemes"] = {"token": {"type": "http", "scheme": "bearer"}}
    spec["security"] = [{"token": []}]


def test_renamed_environment_variables_are_breaking(tmp_path: Path) -> None:
    """A new API title renames the variables the client reads (`PETS_API_KEY` ->
    `ACME_API_KEY`): a user who set the old ones would call without credentials."""
    old = _surface(_write(tmp_path / "old", "pets.yaml", _with_bearer))
    new = _surface(_write(tmp_path / "new", "pets.yaml", lambda s: (_with_bearer(s), s["info"].update(title="Acme API"))))
    assert [c.line() for c in apidiff.compare(old, new)] == [
        "BREAKING env-var-renamed client api_key (PETS_API_KEY -> ACME_API_KEY)",
        "BREAKING env-var-renamed client base_url (PETS_BASE_URL -> ACME_BASE_URL)",
    ]
    assert [c.line() for c in apidiff.compare(new, old)][0].startswith("BREAKING env-var-renamed")
    del old["client"]  # a package generated before the surface listed them: nothing to compare
    assert apidiff.compare(old, new) == []


def test_environment_variable_read_for_new_credentials_is_not_breaking(tmp_path: Path) -> None:
    change = _only(_changes(tmp_path, _with_bearer))
    assert (change.kind, change.detail, change.breaking) == ("env-var-added", "read from PETS_API_KEY", False)


def test_dial_title_change_renames_its_environment_variables_as_breaking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The committed Dial client reads DIAL_API_KEY (its title `rest` is generic words only);
    a vendor name in the title would rename what it reads, and `diff` says so."""
    page = tmp_path / "get-billing.md"
    page.write_text(SEED_PAGE.read_text(encoding="utf-8").replace("  title: rest\n", "  title: Acme API\n"), encoding="utf-8")
    assert main(["diff", str(GENERATED / "dial"), str(page)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "BREAKING env-var-renamed client api_key (DIAL_API_KEY -> ACME_API_KEY)",
        "BREAKING env-var-renamed client base_url (DIAL_BASE_URL -> ACME_BASE_URL)",
        "2 API change(s), 2 breaking",
    ]


def test_union_members_split_only_at_top_level() -> None:
    assert apidiff.union_members("int | list[str | None] | Literal['a | b'] | None") == [
        "int", "list[str | None]", "Literal['a | b']", "None",
    ]  # fmt: skip


# -- the report and the command line --------------------------------------------------------


def test_text_report_marks_each_line_and_sums_up() -> None:
    changes = [
        apidiff.Change("field-removed", "Pet.name", "str, optional", True),
        apidiff.Change("endpoint-added", "GET /owners", "function owners.list_owners", False),
    ]
    assert apidiff.report_lines(changes) == [
        "BREAKING field-removed Pet.name (str, optional)",
        "ok       endpoint-added GET /owners (function owners.list_owners)",
        "2 API change(s), 1 breaking",
    ]


def test_diff_exits_1_on_a_breaking_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old", "pets.yaml")
    new = _write(tmp_path / "new", "pets.yaml", lambda spec: _schemas(spec)["Pet"]["properties"].pop("name"))
    assert main(["diff", str(old), str(new)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "BREAKING field-removed Pet.name (str, optional)",
        "1 API change(s), 1 breaking",
    ]


def test_diff_exits_0_when_nothing_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old", "pets.yaml")
    new = _write(tmp_path / "new", "pets.yaml", lambda spec: _schemas(spec)["Status"]["enum"].append("lost"))
    assert main(["diff", str(old), str(new)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 API change(s), 0 breaking"


def test_diff_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old", "pets.yaml")
    new = _write(tmp_path / "new", "pets.yaml", lambda spec: _schemas(spec)["Status"]["enum"].remove("sold"))
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "changes": [{"kind": "enum-value-removed", "subject": "Status", "detail": "value 'sold'", "breaking": True}],
        "total": 1,
        "breaking": 1,
    }


def test_diff_of_a_missing_spec_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path / "old", "pets.yaml")
    assert main(["diff", str(old), str(tmp_path / "nowhere.yaml")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [
        f"error: {tmp_path / 'nowhere.yaml'} #: no such file or folder (check the spec path)"
    ]


def test_diff_reads_a_generated_package_as_old(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _write(tmp_path / "old", "pets.yaml")
    assert main(["generate", str(spec), "--out", str(tmp_path / "out"), "--package", "pets"]) == 0
    new = _write(tmp_path / "new", "pets.yaml", lambda s: _list_pets(s)["parameters"][0].update(required=True))
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "out" / "pets"), str(new)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "BREAKING parameter-now-required GET /pets: limit (was optional)"


def test_generate_prints_the_change_report_after_a_spec_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    spec = _write(tmp_path / "spec", "pets.yaml")
    assert main(["generate", str(spec), "--out", str(out), "--package", "pets"]) == 0
    _write(tmp_path / "spec", "pets.yaml", lambda s: s["paths"]["/pets"].pop("post"))
    capsys.readouterr()
    assert main(["generate", str(spec), "--out", str(out), "--package", "pets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "API changes:",
        "BREAKING endpoint-removed POST /pets (function pets.create_pet)",
        "1 API change(s), 1 breaking",
    ]


def test_generate_of_a_new_package_prints_no_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _write(tmp_path / "spec", "pets.yaml")
    assert main(["generate", str(spec), "--out", str(tmp_path / "out"), "--package", "pets"]) == 0
    written = sum(1 for p in (tmp_path / "out" / "pets").rglob("*") if p.is_file())
    assert capsys.readouterr().out.splitlines() == [f"{tmp_path / 'out' / 'pets'}: {written} file(s) changed"]


# -- real pages -----------------------------------------------------------------------------

OPIK_PAGES = sorted((CORPUS / "pages").glob("opik__*.md"))


@pytest.fixture
def opik_folder(tmp_path: Path) -> Path:
    """The four Opik pages of the corpus, alone in a folder."""
    assert len(OPIK_PAGES) == 4
    folder = tmp_path / "opik"
    folder.mkdir()
    for page in OPIK_PAGES:
        shutil.copy(page, folder / page.name)
    return folder


def test_opik_one_page_to_all_four_only_adds(opik_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", str(CORPUS / "pages" / "opik__create-span.md"), str(opik_folder), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["total"] > 3 and report["breaking"] == 0
    assert {c["kind"] for c in report["changes"]} == {"endpoint-added", "model-added"}
    assert sum(c["kind"] == "endpoint-added" for c in report["changes"]) == 3


def test_opik_all_four_to_one_page_removes(opik_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", str(opik_folder), str(CORPUS / "pages" / "opik__create-span.md"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {c["kind"] for c in report["changes"]} == {"endpoint-removed", "model-removed"}
    assert all(c["breaking"] for c in report["changes"])


def test_diff_of_a_package_without_a_surface_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "old"
    package.mkdir()
    (package / "_index.json").write_text("{}\n", encoding="utf-8")
    new = _write(tmp_path / "new", "pets.yaml")
    assert main(["diff", str(package), str(new)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == (
        f"error: {package / '_index.json'} #: this generated package records no API surface"
        " (regenerate it with this generator version, or pass its spec instead)"
    )


def _break_stored_surface(package: Path) -> None:
    """Give the package's `_index.json` a surface of the wrong shape (an operation without keys)."""
    index = json.loads((package / "_index.json").read_text(encoding="utf-8"))
    index["surface"] = {"operations": {"GET /x": {}}}
    (package / "_index.json").write_text(json.dumps(index), encoding="utf-8")


def test_generate_over_a_malformed_stored_surface_prints_no_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    spec = _write(tmp_path / "spec", "pets.yaml")
    assert main(["generate", str(spec), "--out", str(out), "--package", "pets"]) == 0
    _break_stored_surface(out / "pets")
    _write(tmp_path / "spec", "pets.yaml", lambda s: s["paths"]["/pets"].pop("post"))
    capsys.readouterr()
    assert main(["generate", str(spec), "--out", str(out), "--package", "pets"]) == 0
    captured = capsys.readouterr()
    assert [line for line in captured.out.splitlines() if not line.endswith("file(s) changed")] == []
    assert captured.err == ""


def test_diff_of_a_package_with_a_malformed_surface_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write(tmp_path / "spec", "pets.yaml")
    assert main(["generate", str(spec), "--out", str(tmp_path / "out"), "--package", "pets"]) == 0
    package = tmp_path / "out" / "pets"
    _break_stored_surface(package)
    capsys.readouterr()
    assert main(["diff", str(package), str(spec)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: {package / '_index.json'} #: its stored API surface is not well-formed"
        " (regenerate it with this generator version, or pass its spec instead)"
    ]
