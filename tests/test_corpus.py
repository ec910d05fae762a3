"""The corpus harness (`corpus/`, `make corpus`) on a CI-fast part of the corpus.

The same checks as `make corpus`, through the harness's own functions: a handful of pages
(the four Opik pages merged into one client among them) and peer specs must give full rows,
the AsyncAPI page and `invalid.yaml` must be refused; and the harness's parts (the JSON
comparison, the instance maker, the oracle's parser, the naming rules) each do what they say.
"""

from __future__ import annotations

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

INPUTS = {item.name: item for item in corpus_inputs(CORPUS)}
TYPECHECKED = ["pages/opik (4 pages)", "peer/discriminator.yaml"]
UNTYPECHECKED = [
    "pages/afterpay__revoke-grant",
    "pages/dedalus__create-speech_mintlify",
    "pages/iranpayamak__send-voice-message_apidog",
    "pages/cohere__list-training-step-metrics_fern-3.1.1",
    "peer/nullable.yaml",
    "peer/oneof.yaml",
    "peer/enum_builtin_conflict.yaml",
]


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


@pytest.mark.parametrize("name", ["pages/respeecher__tts-websocket_ASYNCAPI-negative", "peer/invalid.yaml"])
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
