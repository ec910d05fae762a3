"""Parameters in every location and style, security schemes and servers, over real HTTP.

One small inline spec (generated and checked with `mypy --strict` once); each test calls one
operation against the loopback server and asserts what the server received.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import ModuleType
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import LocalServer, generated_package

SPEC = """\
openapi: 3.1.0
info: {title: Params, version: '1'}
servers:
  - url: 'https://{region}.api.test/{version}'
    description: production
    variables:
      region: {default: eu, enum: [eu, us]}
      version: {default: v1}
  - url: 'http://127.0.0.1:{port}'
    description: local
    variables: {port: {default: '8000'}}
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
    queryKey: {type: apiKey, in: query, name: api_key}
    cookieKey: {type: apiKey, in: cookie, name: session}
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: 'https://auth.test/token', scopes: {read: r}}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://auth.test/.well-known/openid-configuration'}
  schemas:
    Filter: {type: object, properties: {color: {type: string}, size: {type: integer}}}
    Ids: {type: array, items: {type: string}}
paths:
  /query:
    get:
      operationId: queryStyles
      tags: [params]
      security: []
      parameters:
        - {name: form, in: query, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: csv, in: query, explode: false, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: space, in: query, style: spaceDelimited, explode: false, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: pipe, in: query, style: pipeDelimited, explode: false, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: deep, in: query, style: deepObject, explode: true, schema: {$ref: '#/components/schemas/Filter'}}
        - {name: obj, in: query, schema: {$ref: '#/components/schemas/Filter'}}
        - {name: objcsv, in: query, explode: false, schema: {$ref: '#/components/schemas/Filter'}}
        - name: filter
          in: query
          content: {application/json: {schema: {$ref: '#/components/schemas/Filter'}}}
        - {name: limit, in: query, description: Page size., schema: {type: integer, default: 20}}
      responses: {'204': {description: ok}}
  /simple/{ids}/{obj}:
    get:
      operationId: simplePath
      tags: [params]
      security: []
      parameters:
        - {name: ids, in: path, required: true, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: obj, in: path, required: true, explode: true, schema: {$ref: '#/components/schemas/Filter'}}
      responses: {'204': {description: ok}}
  /label/{ids}/{obj}:
    get:
      operationId: labelPath
      tags: [params]
      security: []
      parameters:
        - {name: ids, in: path, required: true, style: label, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: obj, in: path, required: true, style: label, explode: true, schema: {$ref: '#/components/schemas/Filter'}}
      responses: {'204': {description: ok}}
  /matrix/{ids}/{each}/{obj}:
    get:
      operationId: matrixPath
      tags: [params]
      security: []
      parameters:
        - {name: ids, in: path, required: true, style: matrix, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: each, in: path, required: true, style: matrix, explode: true, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: obj, in: path, required: true, style: matrix, explode: true, schema: {$ref: '#/components/schemas/Filter'}}
      responses: {'204': {description: ok}}
  /headers:
    get:
      operationId: headerStyles
      tags: [params]
      security: []
      parameters:
        - {name: X-Ids, in: header, schema: {$ref: '#/components/schemas/Ids'}}
        - {name: X-Obj, in: header, explode: true, schema: {$ref: '#/components/schemas/Filter'}}
        - name: X-Filter
          in: header
          content: {application/json: {schema: {$ref: '#/components/schemas/Filter'}}}
        - {name: tags, in: cookie, schema: {$ref: '#/components/schemas/Ids'}}
      responses: {'204': {description: ok}}
  /bearer:
    get: {operationId: bearerOnly, tags: [auth], responses: {'204': {description: ok}}}
  /basic:
    get:
      operationId: basicOnly
      tags: [auth]
      security: [{basic: []}]
      responses: {'204': {description: ok}}
  /query-key:
    get:
      operationId: queryKey
      tags: [auth]
      security: [{queryKey: []}]
      responses: {'204': {description: ok}}
  /cookie-key:
    get:
      operationId: cookieKey
      tags: [auth]
      security: [{cookieKey: []}]
      responses: {'204': {description: ok}}
  /oauth:
    get:
      operationId: oauthOnly
      tags: [auth]
      security: [{oauth: [read]}]
      responses: {'204': {description: ok}}
  /oidc:
    get:
      operationId: oidcOnly
      tags: [auth]
      security: [{oidc: []}]
      responses: {'204': {description: ok}}
  /either:
    get:
      operationId: basicOrBearer
      tags: [auth]
      security: [{basic: []}, {bearer: []}]
      responses: {'204': {description: ok}}
  /open:
    get:
      operationId: open
      tags: [auth]
      security: []
      responses: {'204': {description: ok}}
"""


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("params"), SPEC, "params_api") as package:
        yield package


def call(api: ModuleType, server: LocalServer, route: str, operation: str, **kwargs: object) -> str:
    """Call one operation (no credentials unless given) and return the raw path it sent."""
    server.answer("GET", route, 204, b"")
    credentials = {k: kwargs.pop(k) for k in ("api_key", "username", "password") if k in kwargs}
    args = kwargs.pop("args", ())
    with api.Client(base_url=server.url, **credentials) as client:
        getattr(client, operation.split(".")[0]).__getattribute__(operation.split(".")[1])(*args, **kwargs)
    return server.requests[-1].path


def query_of(path: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(path).query)


# -- query ---------------------------------------------------------------------------------------


def test_query_array_form_explode_repeats_the_name(api: ModuleType, server: LocalServer) -> None:
    path = call(api, server, "/query", "params.query_styles", form=["a", "b"])
    assert query_of(path) == [("form", "a"), ("form", "b")]


def test_query_array_form_without_explode_is_comma_separated(api: ModuleType, server: LocalServer) -> None:
    assert query_of(call(api, server, "/query", "params.query_styles", csv=["a", "b"])) == [("csv", "a,b")]


def test_query_space_delimited(api: ModuleType, server: LocalServer) -> None:
    assert query_of(call(api, server, "/query", "params.query_styles", space=["a", "b"])) == [("space", "a b")]


def test_query_pipe_delimited(api: ModuleType, server: LocalServer) -> None:
    assert query_of(call(api, server, "/query", "params.query_styles", pipe=["a", "b"])) == [("pipe", "a|b")]


def test_query_deep_object(api: ModuleType, server: LocalServer) -> None:
    deep = api.models.Filter(color="red", size=2)
    path = call(api, server, "/query", "params.query_styles", deep=deep)
    assert query_of(path) == [("deep[color]", "red"), ("deep[size]", "2")]


def test_query_object_form_explode_sends_each_property(api: ModuleType, server: LocalServer) -> None:
    path = call(api, server, "/query", "params.query_styles", obj=api.models.Filter(color="red", size=2))
    assert query_of(path) == [("color", "red"), ("size", "2")]


def test_query_object_form_without_explode_is_key_value_list(api: ModuleType, server: LocalServer) -> None:
    path = call(api, server, "/query", "params.query_styles", objcsv=api.models.Filter(color="red", size=2))
    assert query_of(path) == [("objcsv", "color,red,size,2")]


def test_query_parameter_with_content_is_json(api: ModuleType, server: LocalServer) -> None:
    path = call(api, server, "/query", "params.query_styles", filter=api.models.Filter(color="red"))
    assert query_of(path) == [("filter", '{"color":"red"}')]


def test_parameter_default_is_documented_not_sent(api: ModuleType, server: LocalServer) -> None:
    assert query_of(call(api, server, "/query", "params.query_styles")) == []
    assert "limit: Page size. Default (applied by the server when not sent): 20." in (
        api.api.params.query_styles.__doc__ or ""
    )


# -- path ------------------------------------------------------------------------------------------


def test_path_simple_array_and_exploded_object(api: ModuleType, server: LocalServer) -> None:
    obj = api.models.Filter(color="red", size=2)
    path = call(api, server, "/simple/a,b/color=red,size=2", "params.simple_path", args=(["a", "b"], obj))
    assert path == "/simple/a,b/color=red,size=2"


def test_path_label_style(api: ModuleType, server: LocalServer) -> None:
    obj = api.models.Filter(color="red", size=2)
    path = call(api, server, "/label/.a,b/.color=red.size=2", "params.label_path", args=(["a", "b"], obj))
    assert path == "/label/.a,b/.color=red.size=2"


def test_path_matrix_style(api: ModuleType, server: LocalServer) -> None:
    obj = api.models.Filter(color="red")
    route = "/matrix/;ids=a,b/;each=a;each=b/;color=red"
    path = call(api, server, route, "params.matrix_path", args=(["a", "b"], ["a", "b"], obj))
    assert path == route


# -- header and cookie -----------------------------------------------------------------------------


def test_header_array_is_simple_comma_separated(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/headers", "params.header_styles", x_ids=["a", "b"])
    assert server.requests[-1].headers["X-Ids"] == "a,b"


def test_header_exploded_object_is_key_equals_value(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/headers", "params.header_styles", x_obj=api.models.Filter(color="red", size=2))
    assert server.requests[-1].headers["X-Obj"] == "color=red,size=2"


def test_header_with_content_is_json(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/headers", "params.header_styles", x_filter=api.models.Filter(size=2))
    assert json.loads(server.requests[-1].headers["X-Filter"]) == {"size": 2}


def test_cookie_array_is_form_comma_separated(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/headers", "params.header_styles", tags=["a", "b"])
    assert server.requests[-1].headers["Cookie"] == "tags=a%2Cb"


def test_path_value_pieces_are_percent_encoded(api: ModuleType, server: LocalServer) -> None:
    obj = api.models.Filter(color="r/d")
    path = call(api, server, "/simple/a%2Fb,c/color=r%2Fd", "params.simple_path", args=(["a/b", "c"], obj))
    assert path == "/simple/a%2Fb,c/color=r%2Fd"


# -- security --------------------------------------------------------------------------------------


def authorization(server: LocalServer) -> str | None:
    return server.requests[-1].headers.get("Authorization")


def test_http_bearer_sends_the_api_key_as_bearer_token(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/bearer", "auth.bearer_only", api_key="tok")
    assert authorization(server) == "Bearer tok"


def test_http_basic_sends_username_and_password(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/basic", "auth.basic_only", username="ann", password="pw")
    assert authorization(server) == "Basic YW5uOnB3"


def test_api_key_in_query(api: ModuleType, server: LocalServer) -> None:
    assert query_of(call(api, server, "/query-key", "auth.query_key", api_key="k1")) == [("api_key", "k1")]


def test_api_key_in_cookie(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/cookie-key", "auth.cookie_key", api_key="k1")
    assert server.requests[-1].headers["Cookie"] == "session=k1"


def test_oauth2_takes_a_caller_supplied_bearer_token(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/oauth", "auth.oauth_only", api_key="access-token")
    assert authorization(server) == "Bearer access-token"


def test_open_id_connect_takes_a_caller_supplied_bearer_token(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/oidc", "auth.oidc_only", api_key="id-token")
    assert authorization(server) == "Bearer id-token"


def test_alternative_schemes_use_the_configured_credential(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/either", "auth.basic_or_bearer", api_key="tok")
    assert authorization(server) == "Bearer tok"


def test_alternative_schemes_prefer_the_first_listed_when_both_are_configured(
    api: ModuleType, server: LocalServer
) -> None:
    call(api, server, "/either", "auth.basic_or_bearer", api_key="tok", username="ann", password="pw")
    assert authorization(server) == "Basic YW5uOnB3"


def test_operation_with_empty_security_sends_no_credentials(api: ModuleType, server: LocalServer) -> None:
    call(api, server, "/open", "auth.open", api_key="tok", username="ann", password="pw")
    assert authorization(server) is None


# -- servers ---------------------------------------------------------------------------------------


def test_default_base_url_is_the_first_server_with_variable_defaults(
    api: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARAMS_API_BASE_URL", raising=False)
    with api.Client() as client:
        assert client.base_url == "https://eu.api.test/v1"


def test_server_selected_by_key_with_variables(api: ModuleType, server: LocalServer) -> None:
    server.answer("GET", "/open", 204, b"")
    port = server.url.rsplit(":", 1)[1]
    with api.Client(server="local", server_variables={"port": port}) as client:
        client.auth.open()
    assert client.base_url == server.url and server.requests[-1].path == "/open"


def test_server_selected_by_position_fills_only_given_variables(api: ModuleType) -> None:
    assert api._client.server_url(0, {"region": "us"}) == "https://us.api.test/v1"


def test_unknown_server_is_a_clear_error(api: ModuleType) -> None:
    with pytest.raises(ValueError, match="unknown server 'staging'"):
        api.Client(server="staging")


def test_unknown_server_variable_is_a_clear_error(api: ModuleType) -> None:
    with pytest.raises(ValueError, match="no variables \\['zone'\\]"):
        api.Client(server="production", server_variables={"zone": "x"})


def test_base_url_wins_over_server(api: ModuleType) -> None:
    with api.Client(base_url="https://mine.test", server="local") as client:
        assert client.base_url == "https://mine.test"


def test_server_wins_over_the_environment(api: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARAMS_API_BASE_URL", "https://env.test")
    with api.Client(server="production") as client:
        assert client.base_url == "https://eu.api.test/v1"
