"""`e.body` of an API error is typed by the spec's error schemas, and decoded by them.

A 404 documented as `NotFound` raises the package's `NotFoundError`, whose `body` mypy sees as
`NotFound` (or the shared `Error`, or the plain JSON of a body that fits neither). `Error`
types most of the documented error responses, so it is the spec's shared error schema: the
body of a status an operation does not document is decoded with it when it fits (a 404 of
`GET /pets`, a 409 no operation documents), and kept as plain JSON when it does not. The
package's classes extend the runtime's, so code catching those still catches them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import LocalServer, generated_package, mypy_user_code

SPEC = """\
openapi: 3.0.3
info: {title: Pets, version: '1'}
servers: [{url: 'https://pets.test'}]
components:
  schemas:
    Pet:
      type: object
      properties: {id: {type: integer}}
    NotFound:
      type: object
      required: [missing]
      properties: {missing: {type: string}}
    Problem:
      type: object
      required: [detail, fields]
      properties:
        detail: {type: string}
        fields: {type: array, items: {type: string}}
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [message]
          properties: {message: {type: string}, type: {type: string}}
  responses:
    Failed:
      description: Failed
      content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '404': {description: No such pet, content: {application/json: {schema: {$ref: '#/components/schemas/NotFound'}}}}
        '422': {description: Invalid, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '500': {$ref: '#/components/responses/Failed'}
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        '200': {description: OK, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}}
        '400': {$ref: '#/components/responses/Failed'}
        '429': {$ref: '#/components/responses/Failed'}
"""

ERROR = {"error": {"message": "Slow down", "type": "rate"}}


@pytest.fixture(scope="module")
def pets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("error-bodies"), SPEC, "pets") as package:
        yield package


def _raised(pets: ModuleType, server: LocalServer, call: str) -> BaseException:
    with pets.Client(base_url=server.url) as client:
        with pytest.raises(pets.APIStatusError) as caught:
            client.pets.get(id=1) if call == "get" else client.pets.list()
    return caught.value


def test_a_documented_status_decodes_with_its_schema(pets: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/pets/1", 404, {"missing": "pet 1"})
    error = _raised(pets, server, "get")
    assert type(error) is pets.NotFoundError and isinstance(error, pets._errors.NotFoundError)
    assert error.body == pets.models.NotFound(missing="pet 1")


def test_an_undocumented_status_decodes_with_the_shared_schema(pets: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/pets", 404, ERROR)
    error = _raised(pets, server, "list")
    assert type(error) is pets.NotFoundError
    assert isinstance(error.body, pets.models.Error)
    assert error.body.error.message == "Slow down"


def test_a_status_no_operation_documents_decodes_with_the_shared_schema(pets: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/pets/1", 409, ERROR, headers={"x-request-id": "req_1"})
    error = _raised(pets, server, "get")
    assert type(error) is pets.ConflictError
    assert isinstance(error.body, pets.models.Error)
    assert (error.request_id, error.type) == ("req_1", "rate")


def test_a_body_that_fits_no_schema_stays_plain_json(pets: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/pets", 404, {"detail": "gone"})
    assert _raised(pets, server, "list").body == {"detail": "gone"}
    server.answer("GET", "/pets/1", 503, b"<html>down</html>", content_type="text/html")
    error = _raised(pets, server, "get")
    assert type(error) is pets.InternalServerError and error.body == "<html>down</html>"


def test_the_async_client_raises_the_typed_classes_too(pets: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/pets/1", 422, {"detail": "bad id", "fields": ["id"]})

    async def run() -> BaseException:
        async with pets.AsyncClient(base_url=server.url) as client:
            with pytest.raises(pets.UnprocessableEntityError) as caught:
                await client.pets.get(id=1)
        return caught.value

    error = asyncio.run(run())
    assert error.body == pets.models.Problem(detail="bad id", fields=["id"])


USER_CODE = """\
import pets
from pets import models

client = pets.Client()
try:
    client.pets.get(id=1)
except pets.NotFoundError as e:
    reveal_type(e.body)
    if isinstance(e.body, models.NotFound):
        print(e.body.missing)
except pets.UnprocessableEntityError as e:
    reveal_type(e.body)
except pets.RateLimitError as e:
    reveal_type(e.body)
    print(e.body.error.message)
except pets.APIStatusError as e:
    reveal_type(e.body)
"""

WRONG_CODE = """\
import pets
from pets import models

client = pets.Client()
try:
    client.pets.list()
except pets.RateLimitError as e:
    print(e.body.detail)
    problem: models.Problem = e.body
"""


def test_mypy_sees_the_body_types(pets: ModuleType, tmp_path: Path) -> None:
    lines = mypy_user_code(pets, tmp_path, USER_CODE)
    assert [line for line in lines if ": error:" in line] == []
    revealed = [line.split("Revealed type is ")[1] for line in lines if "Revealed" in line]
    assert revealed == [
        '"pets._models.not_found.NotFound | pets._models.error.Error | Any"',
        '"pets._models.problem.Problem | pets._models.error.Error | Any"',
        '"pets._models.error.Error | Any"',
        '"Any"',
    ]


def test_mypy_rejects_a_field_or_type_the_body_does_not_have(pets: ModuleType, tmp_path: Path) -> None:
    errors = [line for line in mypy_user_code(pets, tmp_path, WRONG_CODE) if ": error:" in line]
    assert len(errors) == 2, errors
    assert '"Error" of "Error | Any" has no attribute "detail"' in errors[0]
    assert "Incompatible types in assignment" in errors[1]
