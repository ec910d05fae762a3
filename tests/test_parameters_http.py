"""Parameters, bodies and per-operation security over real HTTP, from a small inline spec."""

from __future__ import annotations

import datetime
import inspect
import json
from collections.abc import Iterator
from types import ModuleType

import pytest
from conftest import LocalServer, generated_package

SHOP = """\
openapi: 3.1.0
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.test/v1'}]
security: [{key: []}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-API-Key}
  schemas:
    Color: {type: string, enum: [red, green]}
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
        color: {$ref: '#/components/schemas/Color'}
        createdAt: {type: string, format: date-time}
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      tags: [Items]
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
        - {name: color, in: query, schema: {$ref: '#/components/schemas/Color'}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: since, in: query, schema: {type: string, format: date-time}}
        - {name: X-Request-Id, in: header, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
        '404':
          description: missing
          content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
  /items:
    post:
      operationId: createItem
      tags: [Items]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
      responses:
        '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
    delete:
      operationId: deleteItems
      tags: [Items]
      security: []
      responses: {'204': {description: gone}}
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("shop"), SHOP, "shop") as package:
        yield package


def test_path_query_and_header_parameters_reach_the_server(shop: ModuleType, server: LocalServer) -> None:
    """Path values are escaped, enums and date-times sent as wire text, arrays exploded."""
    server.routes.clear()
    server.answer("GET", "/v1/items/a%20b%2Fc", 200, {"id": "a b/c", "color": "green"})
    models = shop.models
    since = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)
    with shop.Client(api_key="k1", base_url=server.url + "/v1") as client:
        item = client.items.get(
            "a b/c", color=models.Color.RED, tags=["x", "y"], since=since, x_request_id="r1"
        )
    assert item == models.Item(id="a b/c", color=models.Color.GREEN)
    [request] = server.requests
    assert (
        request.path == "/v1/items/a%20b%2Fc?color=red&tags=x&tags=y&since=2024-05-01T12%3A00%3A00%2B00%3A00"
    )
    assert request.headers["X-API-Key"] == "k1"
    assert request.headers["X-Request-Id"] == "r1"
    assert "Authorization" not in request.headers


def test_optional_parameters_left_out_are_not_sent(shop: ModuleType, server: LocalServer) -> None:
    """UNSET query and header parameters do not appear in the request."""
    server.answer("GET", "/v1/items/1", 200, {"id": "1"})
    with shop.Client(api_key="k", base_url=server.url + "/v1") as client:
        client.items.get("1")
    assert server.requests[0].path == "/v1/items/1"
    assert "X-Request-Id" not in server.requests[0].headers


def test_json_body_is_encoded_with_wire_names(shop: ModuleType, server: LocalServer) -> None:
    """A model body is sent as JSON with wire names; the 201 decodes into the model."""
    server.answer("POST", "/v1/items", 201, {"id": "9", "createdAt": "2024-01-01T00:00:00Z"})
    models = shop.models
    with shop.Client(api_key="k", base_url=server.url + "/v1") as client:
        created = client.items.create(body=models.Item(id="9", color=models.Color.RED))
    assert json.loads(server.requests[0].body) == {"id": "9", "color": "red"}
    assert created.to_dict() == {"id": "9", "createdAt": "2024-01-01T00:00:00Z"}


def test_empty_response_returns_none_and_security_can_be_off(shop: ModuleType, server: LocalServer) -> None:
    """204 returns None; `security: []` sends no credentials even when the client has some."""
    server.answer("DELETE", "/v1/items", 204, b"")
    with shop.Client(api_key="k", base_url=server.url + "/v1") as client:
        assert client.items.delete() is None
    assert "X-API-Key" not in server.requests[0].headers


def test_documented_404_body_is_decoded_into_its_model(shop: ModuleType, server: LocalServer) -> None:
    """The 404's inline schema becomes a named model, and the raised error carries it."""
    server.answer("GET", "/v1/items/none", 404, {"message": "no such item"})
    with shop.Client(api_key="k", base_url=server.url + "/v1") as client:
        with pytest.raises(shop.NotFoundError) as caught:
            client.items.get("none")
    assert caught.value.body == shop.models.GetItemResponse404(message="no such item")


def test_signature_is_typed_and_keyword_only_after_path(shop: ModuleType) -> None:
    """Path parameters are positional; the rest are keyword-only with UNSET defaults."""
    params = inspect.signature(shop.api.items.get_item).parameters
    assert list(params) == ["client", "item_id", "color", "tags", "since", "x_request_id", "timeout", "max_retries"]
    assert params["item_id"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(
        params[n].kind is inspect.Parameter.KEYWORD_ONLY for n in ("color", "tags", "since", "x_request_id")
    )
    assert params["color"].default is shop.UNSET


def test_dial_authorization_header_is_not_a_parameter() -> None:
    """Dial's page declares an Authorization header; the bearer scheme covers it."""
    import dial

    assert list(inspect.signature(dial.api.billing.get_billing).parameters) == ["client", "timeout", "max_retries"]
