"""The corpus harness (`corpus/`, `make corpus`) on a CI-fast part of the corpus.

The same checks as `make corpus`, through the harness's own functions: a handful of pages
(the four Opik pages merged into one client among them) and peer specs (a components-only
fragment and specs with dangling schema refs among them) must give full rows, only the
AsyncAPI page and `invalid.yaml` must be refused; and the harness's parts (the JSON
comparison, the instance maker, the oracle's parser, the naming rules) each do what they say.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from corpus.check import CELLS, Cell, check_input, json_text  # noqa: E402
from corpus.inputs import CorpusInput, corpus_inputs  # noqa: E402
from corpus.instances import InstanceMaker  # noqa: E402
from corpus.naming import naming_problems  # noqa: E402
from corpus.oracle import oracle_candidates, oracle_properties  # noqa: E402
from corpus.rawspec import RawSpec, load_raw  # noqa: E402
from corpus.roundtrip import first_difference  # noqa: E402
from corpus.schemacheck import form_coerced, violation  # noqa: E402

INPUTS = {item.name: item for item in corpus_inputs(CORPUS)}
TYPECHECKED = ["pages/opik (4 pages)", "peer/discriminator.yaml", "peer/json_pointer.yaml"]
UNTYPECHECKED = [
    "pages/afterpay__revoke-grant",
    "pages/dedalus__create-speech_mintlify",
    "pages/iranpayamak__send-voice-message_apidog",
    "pages/cohere__list-training-step-metrics_fern-3.1.1",
    "peer/nullable.yaml",
    "peer/oneof.yaml",
    "peer/enum_builtin_conflict.yaml",
    "peer/no_components.yaml",
    "peer/same_name_objects.yaml",
]
REFUSED = ["pages/respeecher__tts-websocket_ASYNCAPI-negative", "peer/invalid.yaml"]


def _cells(item: CorpusInput, work: Path, typecheck: bool) -> dict[str, Cell]:
    found: list[Cell] = []
    check_input(item, work, found.append, typecheck=typecheck)
    return {cell.name: cell for cell in found}


def _not_full(cells: dict[str, Cell]) -> str:
    return "\n".join(f"[{c.name}] {c.text}: " + "; ".join(c.details[:5]) for c in cells.values() if not c.ok)


@pytest.mark.parametrize("name", TYPECHECKED)
def test_input_gives_a_full_row_with_mypy_and_black(name: str, tmp_path: Path) -> None:
    """Generation, counts, import, examples, instances, names, oracle, mypy and black all full."""
    cells = _cells(INPUTS[name], tmp_path, typecheck=True)
    assert set(cells) == set(CELLS)
    assert all(c.ok for c in cells.values()), _not_full(cells)


@pytest.mark.parametrize("name", UNTYPECHECKED)
def test_input_gives_a_full_row(name: str, tmp_path: Path) -> None:
    """Every in-process check is full (mypy and black run on these in `make corpus`)."""
    cells = _cells(INPUTS[name], tmp_path, typecheck=False)
    assert set(cells) == set(CELLS) - {"mypy", "black"}
    assert all(c.ok for c in cells.values()), _not_full(cells)


def test_only_the_asyncapi_page_and_invalid_yaml_are_refusals() -> None:
    """Every other input, the fragment and the specs with dangling schema refs among them, must generate."""
    assert sorted(name for name, item in INPUTS.items() if item.refuse) == sorted(REFUSED)


@pytest.mark.parametrize("name", REFUSED)
def test_input_is_refused_with_one_line(name: str, tmp_path: Path) -> None:
    """Exit code 2, one `error:` line, nothing written."""
    cells = _cells(INPUTS[name], tmp_path, typecheck=False)
    assert list(cells) == ["generate"]
    assert cells["generate"].ok, cells["generate"].details


def test_opik_pages_are_one_input() -> None:
    """The four Opik pages form one input (one merged client), not four."""
    opik = [item for item in INPUTS.values() if "opik" in item.name]
    assert [len(item.paths) for item in opik] == [4]


def test_datetimes_compare_as_instants() -> None:
    assert first_difference({"at": "2024-05-06T07:08:09Z"}, {"at": "2024-05-06T09:08:09+02:00"}) is None


def test_different_instants_differ() -> None:
    assert first_difference(["2024-05-06T07:08:09Z"], ["2024-05-06T07:08:10Z"]) == (
        "$[0]: '2024-05-06T07:08:09Z' became '2024-05-06T07:08:10Z'"
    )


def test_integral_numbers_compare_equal_but_not_booleans() -> None:
    assert first_difference({"n": 1}, {"n": 1.0}) is None
    assert first_difference({"n": 1}, {"n": True}) is not None


def test_missing_key_is_a_difference() -> None:
    assert first_difference({"a": 1, "b": None}, {"a": 1}) == "$: keys missing ['b'], added []"


def _raw(tmp_path: Path, schemas: str) -> RawSpec:
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
    (tmp_path / "spec.yaml").write_text(text + textwrap.indent(textwrap.dedent(schemas), "    "), encoding="utf-8")
    return load_raw((tmp_path / "spec.yaml",))


def _instances(tmp_path: Path, schemas: str, name: str) -> list[Any]:
    raw = _raw(tmp_path, schemas)
    maker = InstanceMaker(raw)
    schema = raw.component_schemas()[f"#/components/schemas/{name}"]
    return maker.instances(schema, maker.variety(schema))


def test_instances_cover_every_enum_value(tmp_path: Path) -> None:
    found = _instances(tmp_path, "Color: {type: string, enum: [red, green, blue]}\n", "Color")
    assert set(found) == {"red", "green", "blue"}


def test_instances_have_optional_properties_present_and_absent(tmp_path: Path) -> None:
    schemas = """
    Pet:
      type: object
      required: [name]
      properties: {name: {type: string}, age: {type: integer}}
    """
    found = _instances(tmp_path, schemas, "Pet")
    assert {frozenset(v) for v in found} == {frozenset({"name", "age"}), frozenset({"name"})}


def test_instances_include_null_when_nullable(tmp_path: Path) -> None:
    found = _instances(tmp_path, "Name: {type: string, nullable: true}\n", "Name")
    assert None in found


def test_instances_cover_each_union_variant_with_its_discriminator(tmp_path: Path) -> None:
    schemas = """
    Cat: {type: object, required: [kind], properties: {kind: {type: string}, purrs: {type: boolean}}}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}, barks: {type: boolean}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}
    """
    found = _instances(tmp_path, schemas, "Pet")
    assert {v["kind"] for v in found} == {"cat", "dog"}


def test_instances_stop_recursion(tmp_path: Path) -> None:
    schemas = """
    Node:
      type: object
      required: [value]
      properties: {value: {type: integer}, next: {$ref: '#/components/schemas/Node'}}
    """
    deepest = max(str(v).count("next") for v in _instances(tmp_path, schemas, "Node"))
    assert 0 < deepest <= 6


def test_oracle_reads_wire_names_from_aliases_and_bases() -> None:
    source = textwrap.dedent(
        """
        from pydantic import BaseModel, Field
        class Base(BaseModel):
            id: int
        class Pet(Base):
            class_: str = Field(..., alias='class')
            name: str | None = None
        """
    )
    assert oracle_properties({"": source}, ["Pet", "Missing"]) == {"Pet": {"id", "class", "name"}}


def test_naming_flags_made_up_numbers() -> None:
    problems = naming_problems(["PetKind2"], [], {"components": {"schemas": {"Pet": {}}}})
    assert problems == ["numbered name PetKind2 (the spec has no name ending in 2)"]


def test_naming_accepts_numbers_the_spec_has() -> None:
    document = {"components": {"schemas": {"Address2": {}}}, "paths": {"/a": {"get": {"responses": {"200": {}}}}}}
    assert naming_problems(["Address2", "GetAResponse200"], [], document) == []


def test_naming_flags_names_equal_up_to_case() -> None:
    assert naming_problems(["Pet", "PET"], [], {}) == ["names collide up to case: Pet and PET"]


def test_json_text_examples_are_read_as_json() -> None:
    """Apidog writes JSON examples as strings, with `//` comments; they are read as JSON."""
    text = '{\r\n  "url": "http://x", // where\r\n  "n": 1\r\n}'
    assert json_text(text) == {"url": "http://x", "n": 1}


def test_oracle_candidates_include_renamed_collisions() -> None:
    """The oracle renames a second `Team` to `Team1`; both are candidates for schema `team`."""
    source = "class Team(BaseModel):\n    slug: str\nclass Team1(BaseModel):\n    id: int\n"
    assert oracle_candidates({"": source}, ["team"]) == {"team": [{"slug"}, {"id"}]}


def test_oracle_root_model_of_one_model_has_its_properties() -> None:
    source = "class Pet(BaseModel):\n    id: int\nclass Wrapper(RootModel[Pet]):\n    root: Pet\n"
    assert oracle_properties({"": source}, ["Wrapper"]) == {"Wrapper": {"id"}}


def _violation(tmp_path: Path, schemas: str, name: str, value: Any, direction: str | None = None) -> str | None:
    raw = _raw(tmp_path, schemas)
    return violation(raw, raw.component_schemas()[f"#/components/schemas/{name}"], value, direction)


def test_schema_check_reports_a_wrong_type_with_its_pointer(tmp_path: Path) -> None:
    schemas = "Team: {type: object, properties: {group_id: {type: integer}}}\n"
    assert _violation(tmp_path, schemas, "Team", {"group_id": "42"}) == "/group_id: '42' is not of type 'integer'"


def test_schema_check_reports_a_missing_required_property(tmp_path: Path) -> None:
    schemas = "Export: {type: object, required: [exclude_metadata], properties: {exclude_metadata: {type: boolean}}}\n"
    assert _violation(tmp_path, schemas, "Export", {}) == "/: 'exclude_metadata' is a required property"


def test_schema_check_accepts_null_where_nullable(tmp_path: Path) -> None:
    schemas = "Price: {type: object, properties: {price: {type: number, nullable: true}}}\n"
    assert _violation(tmp_path, schemas, "Price", {"price": None}) is None


def test_schema_check_follows_refs(tmp_path: Path) -> None:
    schemas = "Status: {type: string, enum: [a, b]}\nThing: {type: object, properties: {status: {$ref: '#/components/schemas/Status'}}}\n"
    assert _violation(tmp_path, schemas, "Thing", {"status": "c"}) is not None


def test_schema_check_does_not_require_read_only_properties_in_requests(tmp_path: Path) -> None:
    schemas = "Pet: {type: object, required: [id], properties: {id: {type: integer, readOnly: true}}}\n"
    assert _violation(tmp_path, schemas, "Pet", {}, "request") is None


def test_form_examples_are_read_as_their_schema_types(tmp_path: Path) -> None:
    schemas = "Call: {type: object, properties: {Record: {type: boolean}, Price: {type: number}, To: {type: string}}}\n"
    raw = _raw(tmp_path, schemas)
    value = {"Record": "true", "Price": "1.5", "To": "+123"}
    coerced = form_coerced(raw, raw.component_schemas()["#/components/schemas/Call"], value)
    assert coerced == {"Record": True, "Price": 1.5, "To": "+123"}


def test_form_examples_read_a_lone_value_of_an_array_as_one_item(tmp_path: Path) -> None:
    schemas = "Call: {type: object, properties: {Event: {type: array, items: {type: string}}}}\n"
    raw = _raw(tmp_path, schemas)
    coerced = form_coerced(raw, raw.component_schemas()["#/components/schemas/Call"], {"Event": "ringing"})
    assert coerced == {"Event": ["ringing"]}


def _examples_cell(tmp_path: Path, name: str, body: str) -> Cell:
    spec = tmp_path / f"{name}.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n" + textwrap.dedent(body), encoding="utf-8")
    return _cells(CorpusInput(f"unit/{name}", (spec,)), tmp_path / "work", typecheck=False)["examples"]


def test_examples_contradicting_their_schema_round_trip_as_received(tmp_path: Path) -> None:
    cell = _examples_cell(tmp_path, "contradicting_example", """\
        paths: {}
        components:
          schemas:
            Team:
              type: object
              properties: {group_id: {type: integer}}
              example: {group_id: "42"}
        """)
    assert (cell.ok, cell.text) == (True, "1/1, 1 contradict their schema, kept as received")


def test_form_examples_round_trip_in_wire_form(tmp_path: Path) -> None:
    cell = _examples_cell(tmp_path, "form_example", """\
        paths:
          /calls:
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: object, properties: {Record: {type: boolean}, Timeout: {type: integer}}}
                    example: {Record: "true", Timeout: "30"}
              responses: {'204': {description: done}}
        """)
    assert (cell.ok, cell.text) == (True, "1/1")


def test_examples_of_a_variant_property_decode_into_that_variant(tmp_path: Path) -> None:
    cell = _examples_cell(tmp_path, "variant_property_example", """\
        paths: {}
        components:
          schemas:
            Restore: {type: object, properties: {type: {type: string}, image: {type: integer}}}
            Action:
              anyOf:
                - $ref: '#/components/schemas/Restore'
                - type: object
                  properties:
                    type: {type: string}
                    image: {oneOf: [{type: string}, {type: integer}], example: ubuntu-20-04-x64}
        """)
    assert (cell.ok, cell.text) == (True, "1/1")


def test_example_of_an_annotating_part_is_checked_against_the_composed_schema(tmp_path: Path) -> None:
    cell = _examples_cell(tmp_path, "annotating_part_example", """\
        paths: {}
        components:
          schemas:
            Firewall:
              type: object
              properties:
                tags:
                  allOf:
                    - {type: array, items: {type: string}}
                    - {description: The tags., example: gateway}
        """)
    assert (cell.ok, cell.text) == (True, "1/1, 1 contradict their schema, kept as received")


def test_example_of_one_allof_part_only_is_skipped(tmp_path: Path) -> None:
    cell = _examples_cell(tmp_path, "allof_part_example", """\
        paths: {}
        components:
          schemas:
            Pet:
              allOf:
                - {type: object, required: [name], properties: {name: {type: string}}}
                - {type: object, required: [id], properties: {id: {type: integer}}, example: {id: 1}}
        """)
    assert (cell.ok, cell.text) == (True, "0/0 (1 skip)")


def test_schema_check_accepts_null_for_a_nullable_enum(tmp_path: Path) -> None:
    schemas = "Status: {type: string, enum: [a, b], nullable: true}\n"
    assert _violation(tmp_path, schemas, "Status", None) is None


def test_a_type_the_client_lacks_is_a_failure_not_a_skip(tmp_path: Path) -> None:
    """Stepping into a property the generated model does not have is a generator loss
    (NotGenerated, counted as failed); stepping below a free-form value is a plain skip."""
    from conftest import generated_package

    from corpus.roundtrip import NoType, NotGenerated, Package

    spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n" + textwrap.dedent("""\
        components:
          schemas:
            Box:
              type: object
              properties: {size: {type: integer}, anything: {}}
        """)
    with generated_package(tmp_path, spec, "lossy") as lossy:
        index = json.loads((Path(lossy.__file__).parent / "_index.json").read_text())
        package = Package(lossy, index)
        box = lossy.models.Box
        with pytest.raises(NotGenerated):
            package.step(box, ("properties", "colour"))
        anything = package.step(box, ("properties", "anything"))
        with pytest.raises(NoType) as below_any:
            package.step(anything, ("properties", "deeper"))
    assert not isinstance(below_any.value, NotGenerated)


def test_an_oracle_failure_leaves_the_row_not_full(tmp_path: Path) -> None:
    """datamodel-code-generator failing on an input not listed in ORACLE_CANNOT fails the cell."""
    spec = tmp_path / "unreadable_for_oracle.yaml"
    spec.write_text(textwrap.dedent("""\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            Pet: {$ref: 'elsewhere.yaml#/Pet'}
        """), encoding="utf-8")
    cells = _cells(CorpusInput("unit/unreadable_for_oracle", (spec,)), tmp_path / "work", typecheck=False)
    assert (cells["generate"].ok, cells["oracle"].ok, cells["oracle"].text) == (True, False, "failed")
