"""Regressions the corpus harness found in decoding, instance making and the oracle.

Each test pins one behaviour with a small inline spec: the runtime codec choosing union
variants (`_fit`), the corpus instance generator making only valid instances, and the
oracle comparison reading datamodel-code-generator's self-referencing root models.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import ROOT, generated_package

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from corpus.instances import InstanceMaker  # noqa: E402
from corpus.oracle import oracle_properties  # noqa: E402
from corpus.rawspec import load_raw  # noqa: E402

SPEC = """\
openapi: 3.0.3
info: {title: Codec regressions, version: '1'}
paths: {}
components:
  schemas:
    NamedChoice:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [function, code_interpreter]}
        name: {type: string}
    ToolChoice:
      oneOf:
        - {type: string, enum: [none, auto]}
        - $ref: '#/components/schemas/NamedChoice'
    ModeOrTags:
      oneOf:
        - {type: string, enum: [all, some]}
        - {type: array, items: {type: string}}
    Run:
      type: object
      properties:
        tool_choice: {$ref: '#/components/schemas/ToolChoice'}
        scope: {$ref: '#/components/schemas/ModeOrTags'}
    Balance:
      type: object
      properties:
        funding_type: {type: string, enum: [bank_transfer], nullable: true}
    Settings:
      type: object
      properties:
        balance:
          anyOf: [{$ref: '#/components/schemas/Balance'}]
          nullable: true
"""


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("codec"), SPEC, "codec_regressions_api") as package:
        yield package


def _round_trip(api: ModuleType, model: str, data: Any) -> Any:
    value = api._codec.decode(getattr(api.models, model), data)
    return value, api._codec.encode(value)


# -- the codec -----------------------------------------------------------------------------------


def test_enum_or_object_union_decodes_an_object(api: ModuleType) -> None:
    data = {"tool_choice": {"type": "function", "name": "lookup"}}
    value, back = _round_trip(api, "Run", data)
    assert isinstance(value.tool_choice, api.models.NamedChoice) and back == data


def test_enum_or_array_union_decodes_an_array(api: ModuleType) -> None:
    data = {"scope": ["a", "b"]}
    value, back = _round_trip(api, "Run", data)
    assert value.scope == ["a", "b"] and back == data


def test_null_in_a_nullable_one_value_enum_field_fits_its_model(api: ModuleType) -> None:
    data = {"balance": {"funding_type": None}}
    value, back = _round_trip(api, "Settings", data)
    assert isinstance(value.balance, api.models.Balance) and back == data


# -- the corpus instance generator ---------------------------------------------------------------


def _instances(tmp_path: Path, schemas: str, name: str) -> list[Any]:
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
    (tmp_path / "spec.yaml").write_text(text + textwrap.indent(textwrap.dedent(schemas), "    "), encoding="utf-8")
    raw = load_raw((tmp_path / "spec.yaml",))
    maker = InstanceMaker(raw)
    schema = raw.component_schemas()[f"#/components/schemas/{name}"]
    return maker.instances(schema, maker.variety(schema))


def test_instances_of_all_of_with_a_nullable_part_keep_the_referenced_values(tmp_path: Path) -> None:
    schemas = """
    Mode: {type: string, enum: [none, auto]}
    Run:
      type: object
      required: [mode]
      properties:
        mode:
          allOf: [{$ref: '#/components/schemas/Mode'}, {nullable: true}]
    """
    assert all(v["mode"] in ("none", "auto", None) for v in _instances(tmp_path, schemas, "Run"))


def test_instances_of_required_only_variants_use_the_outer_properties(tmp_path: Path) -> None:
    schemas = """
    Batch:
      type: object
      properties:
        file_ids: {type: array, items: {type: string}}
        files: {type: array, items: {type: string}}
      anyOf: [{required: [file_ids]}, {required: [files]}]
    """
    found = _instances(tmp_path, schemas, "Batch")
    assert found and all(isinstance(v.get(name, []), list) for v in found for name in ("file_ids", "files"))


def test_instances_keep_a_discriminator_value_the_variant_pins_through_any_of(tmp_path: Path) -> None:
    schemas = """
    Reference:
      type: object
      required: [id]
      properties:
        id: {type: string}
        type:
          anyOf: [{type: string, enum: [item_reference]}, {type: 'null'}]
    Message:
      type: object
      required: [type]
      properties: {type: {type: string, enum: [message]}}
    Item:
      oneOf: [{$ref: '#/components/schemas/Message'}, {$ref: '#/components/schemas/Reference'}]
      discriminator: {propertyName: type}
    """
    assert {v.get("type") for v in _instances(tmp_path, schemas, "Item")} <= {"message", "item_reference", None}


# -- the oracle ----------------------------------------------------------------------------------


def test_oracle_reads_a_self_referencing_root_model_as_its_other_variant() -> None:
    source = textwrap.dedent(
        """
        from typing import Literal, Union
        from pydantic import BaseModel, RootModel
        class ItemReference(BaseModel):
            type: Literal['item_reference']
            id: str
        class RecursiveItem(RootModel[Union["RecursiveItem", ItemReference]]):
            root: Union["RecursiveItem", ItemReference]
        """
    )
    assert oracle_properties({"": source}, ["RecursiveItem"]) == {"RecursiveItem": {"type", "id"}}
