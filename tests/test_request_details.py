"""Request details over real HTTP: `explode: false` joins arrays, cookies are escaped, a
`None` query value is not sent, a deprecated operation warns; an operation named like a name
the generated code uses (`models`) and a parameter named `warnings` still work (the method
is `client.zoo.models`, the parameter `warnings_`)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from types import ModuleType

import pytest
from conftest import LocalServer, generated_package

ZOO = """\
openapi: 3.0.3
info: {title: Zoo, version: '1'}
servers: [{url: /relative/only}]
paths:
  /models:
    get:
      operationId: models
      tags: [zoo]
      deprecated: true
      parameters:
        - {name: warnings, in: query, schema: {type: string}}
        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: sid, in: cookie, schema: {type: string}}
        - {name: note, in: query, schema: {type: string, nullable: true}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Mode: {type: string, enum: ['on', 'ON', off]}
"""


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("zoo"), ZOO, "zoo") as package:
        yield package


def test_request_details(zoo: ModuleType, server: LocalServer) -> None:
    """explode: false joins arrays, cookies are escaped, None is not sent, deprecation warns."""
    server.answer("GET", "/models", 204, b"")
    with zoo.Client(base_url=server.url) as client:
        with pytest.warns(DeprecationWarning):
            client.zoo.models(warnings_="w", ids=[1, 2], sid="s;x=1", note=None)
    [request] = server.requests
    assert request.path == "/models?warnings=w&ids=1%2C2"
    assert request.headers["Cookie"] == "sid=s%3Bx%3D1"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert zoo.decode(zoo.models.Mode, "off") is zoo.models.Mode.OFF
