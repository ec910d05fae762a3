"""Dangling `$ref`s in schema positions: typed `Any`, JSON passed through, one warning each.

One small spec with a property and a request body whose refs do not resolve (a missing
component, a remote file), generated once and checked with `mypy --strict`; the client
decodes and encodes those values unchanged, also over real HTTP.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import LocalServer, generated_package

from generator.context import Context, Options
from generator.load import display_path
from generator.pipeline import build_spec

DANGLING = """\
openapi: 3.1.0
info: {title: Dangling, version: '1'}
servers: [{url: 'https://dangling.test'}]
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        owner: {$ref: '#/components/schemas/Owner'}
paths:
  /pets:
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: 'https://example.com/pet.json'}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
"""
OWNER = {"id": 7, "tags": ["a", None], "nested": {"deep": 1.5}}


@pytest.fixture(scope="module")
def dangling(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("dangling"), DANGLING, "dangling") as package:
        yield package


def test_each_dangling_ref_gives_one_warning(tmp_path: Path) -> None:
    spec_file = tmp_path / "spec.yaml"
    spec_file.write_text(DANGLING, encoding="utf-8")
    ctx = Context(Options((spec_file,), tmp_path, "dangling"))
    build_spec(ctx)
    shown = display_path(spec_file)
    assert [w.one_line() for w in ctx.diagnostics.warnings] == [
        f"warning: {shown}:11 /components/schemas/Pet/properties/owner/$ref: $ref '#/components/schemas/Owner' "
        "does not resolve (no 'Owner' there); typed as Any "
        "(add the missing definition)",
        f"warning: {shown}:19 /paths/~1pets/post/requestBody/content/application~1json/schema/$ref: "
        "$ref 'https://example.com/pet.json' does not resolve (remote refs are not fetched); typed as Any "
        "(add the missing definition)",
    ]


def test_dangling_property_is_typed_any(dangling: ModuleType) -> None:
    hints = typing.get_type_hints(dangling.models.Pet)
    assert hints["owner"] == typing.Any | dangling.models.Unset


def test_dangling_property_decodes_and_encodes_unchanged(dangling: ModuleType) -> None:
    wire = {"name": "Rex", "owner": OWNER}
    pet = dangling.models.Pet.from_dict(wire)
    assert pet.owner == OWNER
    assert pet.to_dict() == wire


def test_dangling_body_is_sent_unchanged(dangling: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/pets", 200, {"name": "Rex"})
    with dangling.Client(base_url=server.url) as client:
        client.pets.create(body=OWNER)
    assert json.loads(server.requests[-1].body) == OWNER


def test_response_with_dangling_property_decodes_it_unchanged(dangling: ModuleType, server: LocalServer) -> None:
    server.answer("POST", "/pets", 200, {"name": "Rex", "owner": OWNER})
    with dangling.Client(base_url=server.url) as client:
        assert client.pets.create(body={}).owner == OWNER
