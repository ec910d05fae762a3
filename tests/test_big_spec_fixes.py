"""Fixes found by generating the big real-world specs (OpenAI, Stripe, GitHub, Twilio,
DigitalOcean), each pinned by a small inline spec: refs inside literal data, refs to text,
grouping of untagged operations and readable names.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import ir
from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.load import display_path, load_file
from generator.naming import schema_class_names, snake
from generator.normalize.operations import path_group
from generator.pipeline import build_spec
from generator.resolve import Resolution, resolve

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def resolve_text(tmp_path: Path, body: str) -> Resolution:
    root = write(tmp_path / "root.yaml", HEAD + textwrap.dedent(body))
    return resolve(load_file(root).root, [display_path(root)])


def build(tmp_path: Path, body: str) -> ir.ApiSpec:
    path = write(tmp_path / "spec.yaml", HEAD + textwrap.dedent(body))
    return build_spec(Context(Options(specs=(path,), out=tmp_path, package="pkg")))


def modules(spec: ir.ApiSpec) -> dict[str, list[str]]:
    return {g.module: [op.path for op in g.operations] for g in spec.groups}


# -- resolve: literal data is not searched for references --------------------------------------


def test_ref_inside_an_example_value_is_data(tmp_path: Path) -> None:
    """GitHub: a `$ref` key inside `components/examples/*/value` is literal data, kept as is."""
    res = resolve_text(
        tmp_path,
        """
        paths: {}
        components:
          examples:
            group:
              value:
                members: [{value: '1', $ref: 'https://api.example.com/Users/1'}]
        """,
    )
    member = res.root["components"]["examples"]["group"]["value"]["members"][0]
    assert member == {"value": "1", "$ref": "https://api.example.com/Users/1"}


def test_ref_inside_schema_example_default_and_enum_is_data(tmp_path: Path) -> None:
    """`example`, `default` and `enum` values may hold `$ref` keys; none is resolved."""
    spec = build(
        tmp_path,
        """
        paths: {}
        components:
          schemas:
            Link:
              type: object
              properties:
                target: {type: object, example: {$ref: 'https://x/1'}, default: {$ref: 'nowhere.yaml'}}
                kind: {enum: [{$ref: 'https://x/2'}]}
        """,
    )
    assert spec.schema_names == {"Link": "Link"}


def test_ref_inside_media_examples_value_is_data(tmp_path: Path) -> None:
    """A media type's `examples: {name: {value: ...}}` is data; a `$ref` entry there is resolved."""
    spec = build(
        tmp_path,
        """
        paths:
          /things:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: object, properties: {id: {type: string}}}
                      examples:
                        inline: {value: {$ref: 'https://api.example.com/things/1'}}
                        shared: {$ref: '#/components/examples/Thing'}
        components:
          examples:
            Thing: {value: {id: '1', self: {$ref: 'https://api.example.com/things/1'}}}
        """,
    )
    assert [op.path for g in spec.groups for op in g.operations] == ["/things"]


def test_ref_inside_an_extension_is_not_resolved(tmp_path: Path) -> None:
    """`x-` extensions are vendor data: a `$ref` in them is not followed."""
    res = resolve_text(tmp_path, "paths: {}\nx-links: {self: {$ref: 'https://api.example.com/'}}\n")
    assert res.root["x-links"]["self"] == {"$ref": "https://api.example.com/"}


def test_property_named_ref_is_a_property(tmp_path: Path) -> None:
    """GitHub SCIM: `properties: {$ref: {type: string}}` declares a property called `$ref`."""
    spec = build(
        tmp_path,
        """
        paths: {}
        components:
          schemas:
            Member:
              type: object
              properties:
                value: {type: string}
                $ref: {type: string}
        """,
    )
    member = next(d for d in spec.definitions if isinstance(d, ir.Model) and d.name == "Member")
    assert [(f.name, f.wire) for f in member.fields] == [("value", "value"), ("ref", "$ref")]


# -- resolve: a $ref standing for text ---------------------------------------------------------


def test_ref_to_a_string_in_info_description_is_used_in_place(tmp_path: Path) -> None:
    """DigitalOcean: `info.description: {$ref: 'description.yml#/introduction'}` reads the text."""
    write(tmp_path / "description.yml", "introduction: |\n  Welcome to the API.\n")
    root = write(
        tmp_path / "root.yaml",
        "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\n  description:\n"
        "    $ref: 'description.yml#/introduction'\npaths: {}\n",
    )
    resolved = resolve(load_file(root).root, [display_path(root)])
    assert resolved.root["info"]["description"] == "Welcome to the API.\n"


def test_ref_to_a_string_where_a_schema_is_expected_is_an_error(tmp_path: Path) -> None:
    """A schema position still needs an object: a `$ref` there to text is a located error."""
    write(tmp_path / "text.yml", "word: hello\n")
    with pytest.raises(GeneratorError, match="points at a str, not an object"):
        resolve_text(
            tmp_path,
            """
            paths: {}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    name: {$ref: 'text.yml#/word'}
            """,
        )


# -- grouping of untagged operations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "module", "prefix"),
    [
        ("/v1/customers/{customer}/sources", "customers", "/v1/customers"),
        ("/2010-04-01/Accounts/{AccountSid}/Calls.json", "accounts", "/2010-04-01/Accounts"),
        ("/api/v2beta1/models/{model}:generate", "models", "/api/v2beta1/models"),
        ("/v1/3d_secure", "api_3d_secure", "/v1/3d_secure"),
        ("/{id}", "default", ""),
        ("/", "default", ""),
    ],
)
def test_path_group_is_the_first_meaningful_segment(path: str, module: str, prefix: str) -> None:
    """Versions, `api`, parameters and suffixes (`.json`, `:verb`) are skipped."""
    assert path_group(path) == (module, prefix)


def test_untagged_operations_are_grouped_by_path(tmp_path: Path) -> None:
    """Stripe has no tags: `/v1/customers/...` -> `customers`, `/v1/charges` -> `charges`."""
    spec = build(
        tmp_path,
        """
        paths:
          /v1/customers: {get: {responses: {'204': {description: ok}}}}
          /v1/charges: {get: {responses: {'204': {description: ok}}}}
          /v1/customers/{customer}: {delete: {responses: {'204': {description: ok}}}}
        """,
    )
    assert modules(spec) == {
        "customers": ["/v1/customers", "/v1/customers/{customer}"],
        "charges": ["/v1/charges"],
    }


def test_tagged_operations_keep_their_tag_module(tmp_path: Path) -> None:
    """Only untagged operations are grouped by path."""
    spec = build(
        tmp_path,
        """
        paths:
          /v1/customers: {get: {tags: [People], responses: {'204': {description: ok}}}}
          /v1/charges: {get: {responses: {'204': {description: ok}}}}
        """,
    )
    assert modules(spec) == {"people": ["/v1/customers"], "charges": ["/v1/charges"]}


def test_version_word_shared_by_every_tag_is_dropped(tmp_path: Path) -> None:
    """Twilio tags every operation `Api20100401<Resource>`: modules are `account`, `call`."""
    spec = build(
        tmp_path,
        """
        paths:
          /a: {get: {tags: [Api20100401Account], responses: {'204': {description: ok}}}}
          /c: {get: {tags: [Api20100401Call], responses: {'204': {description: ok}}}}
        """,
    )
    assert list(modules(spec)) == ["account", "call"]


def test_shared_tag_word_that_is_not_a_version_is_kept(tmp_path: Path) -> None:
    """`User Accounts` and `User Settings` keep their common word."""
    spec = build(
        tmp_path,
        """
        paths:
          /a: {get: {tags: [User Accounts], responses: {'204': {description: ok}}}}
          /s: {get: {tags: [User Settings], responses: {'204': {description: ok}}}}
        """,
    )
    assert list(modules(spec)) == ["user_accounts", "user_settings"]


# -- names of component schemas with namespaces ------------------------------------------------


def test_shared_namespace_and_repeated_segments_are_dropped() -> None:
    """Twilio: `api.v2010.account.call.call_recording` -> `CallRecording`."""
    names = [
        "api.v2010.account",
        "api.v2010.account.call",
        "api.v2010.account.call.call_recording",
        "api.v2010.account.available_phone_number_country.available_phone_number_local",
        "call_enum_status",
    ]
    assert list(schema_class_names(names).values()) == [
        "Account",
        "Call",
        "CallRecording",
        "AvailablePhoneNumberLocal",
        "CallEnumStatus",
    ]


def test_namespace_without_repetition_stays_in_the_name() -> None:
    """Stripe: `checkout.session` -> `CheckoutSession`; `test_helpers.test_clock` -> `TestClock`."""
    names = ["checkout.session", "issuing.card", "test_helpers.test_clock", "customer"]
    assert list(schema_class_names(names).values()) == [
        "CheckoutSession",
        "IssuingCard",
        "TestClock",
        "Customer",
    ]


def test_shortened_name_that_collides_keeps_its_full_name() -> None:
    """`ns.v1.card` would become `Card`, which `card` already is: it keeps its full name."""
    names = ["ns.v1.card", "ns.v1.account", "card"]
    assert schema_class_names(names) == {
        "ns.v1.card": "NsV1Card",
        "ns.v1.account": "Account",
        "card": "Card",
    }


def test_dotted_component_names_reach_the_index(tmp_path: Path) -> None:
    """The schema map of the IR (and so `_index.json`) uses the shortened class names."""
    spec = build(
        tmp_path,
        """
        paths: {}
        components:
          schemas:
            api.v1.account: {type: object, properties: {sid: {type: string}}}
            api.v1.account.account_key: {type: object, properties: {sid: {type: string}}}
        """,
    )
    assert spec.schema_names == {"api.v1.account": "Account", "api.v1.account.account_key": "AccountKey"}


# -- names of inline schemas and union members -------------------------------------------------


def names(spec: ir.ApiSpec) -> set[str]:
    return {d.name for d in spec.definitions}


def test_union_member_is_named_by_its_constant_property(tmp_path: Path) -> None:
    """OpenAI: `oneOf: [{type: {const: text}, ...}, {type: {const: image}, ...}]` -> `...Text`."""
    spec = build(
        tmp_path,
        """
        paths: {}
        components:
          schemas:
            Message:
              type: object
              properties:
                content:
                  oneOf:
                    - {type: object, properties: {type: {enum: [text]}, text: {type: string}}}
                    - {type: object, properties: {type: {enum: [image]}, url: {type: string}}}
        """,
    )
    assert names(spec) == {"Message", "MessageContentText", "MessageContentImage"}


def test_union_members_without_constants_are_named_by_kind(tmp_path: Path) -> None:
    """An enum beside a plain string is `...Enum`; the one object beside null takes the name."""
    spec = build(
        tmp_path,
        """
        paths: {}
        components:
          schemas:
            Run:
              type: object
              properties:
                model:
                  anyOf: [{type: string}, {type: string, enum: [fast, slow]}]
                tools:
                  anyOf: [{type: object, properties: {code: {type: boolean}}}, {type: 'null'}]
        """,
    )
    assert names(spec) == {"Run", "RunModelEnum", "RunTools"}


def test_inline_schema_is_named_by_its_title_and_defined_once(tmp_path: Path) -> None:
    """Stripe repeats titled inline schemas in many bodies: one class, named by the title."""
    spec = build(
        tmp_path,
        """
        paths: {}
        components:
          schemas:
            A:
              type: object
              properties:
                address: {title: address_param, type: object, properties: {city: {type: string}}}
            B:
              type: object
              properties:
                home: {title: address_param, type: object, properties: {city: {type: string}}}
        """,
    )
    assert names(spec) == {"A", "AddressParam", "B"}


def test_title_taken_by_a_different_schema_gives_way_to_the_place(tmp_path: Path) -> None:
    """Two different schemas titled alike: the second is named from where it sits, unnumbered."""
    spec = build(
        tmp_path,
        """
        paths: {}
        components:
          schemas:
            Tracing: {type: object, properties: {name: {type: string}}}
            Session:
              type: object
              properties:
                tracing:
                  anyOf:
                    - {type: string, enum: [auto]}
                    - {title: Tracing, type: object, properties: {group: {type: string}}}
        """,
    )
    assert names(spec) == {"Tracing", "Session", "SessionTracingObject"}


def test_nullable_inline_body_model_and_its_alias_are_not_numbered(tmp_path: Path) -> None:
    """GitHub `nullable: true` bodies: the model is `XBody`, the body type `XBodyOrNone`."""
    spec = build(
        tmp_path,
        """
        paths:
          /gists/{id}:
            patch:
              operationId: gists/update
              requestBody:
                content:
                  application/json:
                    schema: {type: object, nullable: true, properties: {description: {type: string}}}
              responses: {'204': {description: ok}}
        """,
    )
    assert names(spec) == {"GistsUpdateBody", "GistsUpdateBodyOrNone"}


def test_one_file_reached_by_two_relative_paths_is_one_schema(tmp_path: Path) -> None:
    """DigitalOcean: `models/error.yml` and `responses/../models/error.yml` define `Error` once."""
    write(tmp_path / "models" / "error.yml", "type: object\nproperties: {message: {type: string}}\n")
    write(
        tmp_path / "responses" / "bad.yml",
        "description: bad\ncontent: {application/json: {schema: {$ref: '../models/error.yml'}}}\n",
    )
    spec = build(
        tmp_path,
        """
        paths:
          /a: {get: {responses: {'400': {$ref: 'responses/bad.yml'}, '204': {description: ok}}}}
          /b:
            get:
              responses:
                '400': {description: bad, content: {application/json: {schema: {$ref: 'models/error.yml'}}}}
                '204': {description: ok}
        """,
    )
    assert names(spec) == {"Error"}


def test_operation_written_as_a_ref_to_a_file_is_read(tmp_path: Path) -> None:
    """DigitalOcean: `get: {$ref: 'resources/keys_list.yml'}` is the whole operation."""
    write(
        tmp_path / "resources" / "keys_list.yml",
        "operationId: sshKeys_list\ntags: [SSH Keys]\nparameters:\n"
        "  - {name: per_page, in: query, schema: {type: integer}}\nresponses: {'204': {description: ok}}\n",
    )
    spec = build(tmp_path, "paths:\n  /v2/account/keys:\n    get: {$ref: 'resources/keys_list.yml'}\n")
    [group] = spec.groups
    assert (group.module, group.operations[0].function, [p.wire for p in group.operations[0].parameters]) == (
        "ssh_keys",
        "ssh_keys_list",
        ["per_page"],
    )


@pytest.mark.parametrize(
    ("text", "snake_name"),
    [("Floating IPs", "floating_ips"), ("VPCs", "vpcs"), ("userIDs", "user_ids"), ("ISO8601", "iso_8601")],
)
def test_plural_acronyms_and_acronyms_before_digits_stay_whole(text: str, snake_name: str) -> None:
    """DigitalOcean's `Floating IPs` tag is the module `floating_ips`, not `floating_i_ps`."""
    assert snake(text) == snake_name


def test_response_of_one_allof_part_takes_the_response_name(tmp_path: Path) -> None:
    """DigitalOcean: `allOf: [{type: object, ...}]` as a response is the model `XResponse`."""
    spec = build(
        tmp_path,
        """
        paths:
          /neighbors:
            get:
              operationId: droplets_list_neighbors
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {allOf: [{type: object, properties: {ids: {type: array, items: {type: integer}}}}]}
        """,
    )
    assert names(spec) == {"DropletsListNeighborsResponse"}


def test_union_member_described_as_a_variant_is_named_by_it(tmp_path: Path) -> None:
    """Fern (Opik): `oneOf` members described `numerical variant` -> `FeedbackNumerical`."""
    spec = build(
        tmp_path,
        """
        paths: {}
        components:
          schemas:
            Feedback:
              oneOf:
                - {type: object, properties: {max: {type: number}}, description: numerical variant}
                - {type: object, properties: {labels: {type: object}}, description: categorical variant}
        """,
    )
    assert names(spec) == {"Feedback", "FeedbackNumerical", "FeedbackCategorical"}
