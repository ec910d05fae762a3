"""What a caller acts on in an API error: its request id, and the error's `code` and `type`.

Shaped like OpenAI's errors: `{"error": {"message", "type", "param", "code"}}` documented as
`ErrorResponse` for a 429, and an `x-request-id` header. `e.request_id`, `e.code` and
`e.type` read them from the decoded model, and also from plain JSON (an undocumented 404).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest
from conftest import LocalServer, generated_package

SPEC = """\
openapi: 3.0.3
info: {title: OpenAI API, version: '1'}
components:
  schemas:
    Error:
      type: object
      required: [type, message, param, code]
      properties:
        code: {type: string, nullable: true}
        message: {type: string}
        param: {type: string, nullable: true}
        type: {type: string}
    ErrorResponse:
      type: object
      required: [error]
      properties: {error: {$ref: '#/components/schemas/Error'}}
paths:
  /models:
    get:
      operationId: listModels
      tags: [Models]
      responses:
        '200': {description: OK, content: {application/json: {schema: {type: object}}}}
        '429':
          description: Too many requests
          content: {application/json: {schema: {$ref: '#/components/schemas/ErrorResponse'}}}
"""

ERROR = {"error": {"message": "Slow down", "type": "requests", "param": None, "code": "rate_limit_exceeded"}}


@pytest.fixture(scope="module")
def oai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("errors"), SPEC, "oai") as package:
        yield package


def test_documented_error_gives_request_id_code_and_type(oai: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/models", 429, ERROR, headers={"x-request-id": "req_123"})
    with oai.Client(base_url=server.url) as client:
        with pytest.raises(oai.RateLimitError) as caught:
            client.models.list()
    error = caught.value
    assert isinstance(error.body, oai.models.ErrorResponse)
    assert (error.request_id, error.code, error.type) == ("req_123", "rate_limit_exceeded", "requests")


def test_undocumented_error_reads_them_from_plain_json(oai: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/models", 404, {"code": 404, "type": "not_found"}, headers={"request-id": "r-9"})
    with oai.Client(base_url=server.url) as client:
        with pytest.raises(oai.NotFoundError) as caught:
            client.models.list()
    assert (caught.value.request_id, caught.value.code, caught.value.type) == ("r-9", "404", "not_found")


def test_an_error_without_them_gives_none(oai: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/models", 500, b"upstream down", content_type="text/plain")
    with oai.Client(base_url=server.url) as client:
        with pytest.raises(oai.InternalServerError) as caught:
            client.models.list()
    assert (caught.value.request_id, caught.value.code, caught.value.type) == (None, None, None)
