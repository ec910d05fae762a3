"""Inline schemas take the shortest tail of their place that is unique in the package.

`ChatResponse.choices[].message.role` is `MessageRole`, an operation body's
`settings.color` is `SettingsColor`; a tail two schemas want (`FinishReason` under two
components' `choices`) is taken by neither: each keeps its full name. No name collides with a
component schema's or another's. Names stay stable as the spec grows (the generated
`_index.json` records each inline schema's class by its place: the name lock), and do not
depend on the order of the spec. The CLI runs for real; the OpenAI client is checked too.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from conftest import CORPUS, generator_cli

from generator.context import Context, Options
from generator.pipeline import build_spec

SPEC = """\
openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                settings:
                  type: object
                  properties:
                    color: {type: string, enum: [red, blue]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ChatResponse'}
components:
  schemas:
    ChatResponse:
      type: object
      properties:
        choices:
          type: array
          items:
            type: object
            properties:
              finish_reason: {type: string, enum: [stop, length]}
              message:
                type: object
                properties:
                  role: {type: string, enum: [assistant, user]}
        moderation:
          type: object
          properties:
            category_applied_input_types:
              type: object
              properties:
                self_harm: {type: array, items: {type: string, enum: [text, image]}}
    CompletionResponse:
      type: object
      properties:
        choices:
          type: array
          items:
            type: object
            properties:
              finish_reason: {type: string, enum: [stop, length, content_filter]}
    MessageTextObject:
      type: object
      properties:
        text: {type: object, properties: {value: {type: string}}}
"""

# A component whose own inline `message.role` wants `MessageRole` too.
ADDED = """\
    ThreadResponse:
      type: object
      properties:
        message:
          type: object
          properties:
            role: {type: string, enum: [system, developer]}
"""


def _generate(cwd: Path, text: str, *flags: str) -> dict[str, str]:
    """Generate `text` into `cwd/out/shop`; inline schema place -> class name."""
    (cwd / "shop.yaml").write_text(text, encoding="utf-8")
    run = generator_cli(cwd, "generate", "shop.yaml", "--out", "out", "--package", "shop", *flags)
    assert run.returncode == 0, run.stderr
    index = json.loads((cwd / "out" / "shop" / "_index.json").read_text(encoding="utf-8"))
    return {pointer.rsplit("/components/schemas/", 1)[-1]: dotted.split(".")[-1] for pointer, dotted in index["inline_schemas"].items()}


def _classes(cwd: Path) -> list[str]:
    surface = json.loads((cwd / "out" / "shop" / "_index.json").read_text(encoding="utf-8"))["surface"]
    return [*surface["models"], *surface["enums"], *surface["aliases"]]


def test_inline_classes_take_the_shortest_unique_tail_of_their_place(tmp_path: Path) -> None:
    names = _generate(tmp_path, SPEC)
    assert names["ChatResponse/properties/choices/items/properties/message/properties/role"] == "MessageRole"
    assert names["ChatResponse/properties/choices/items/properties/message"] == "ChoiceMessage"
    assert names["ChatResponse/properties/moderation/properties/category_applied_input_types"] == (
        "CategoryAppliedInputTypes"
    )
    self_harm = "ChatResponse/properties/moderation/properties/category_applied_input_types/properties/self_harm/items"
    assert names[self_harm] == "SelfHarmItem"
    body = "#/paths/~1things/post/requestBody/content/application~1json/schema/properties/settings/properties/color"
    assert names[body] == "SettingsColor"  # an operation's inline body too
    # both components' choices want `FinishReason` and `ChoiceFinishReason`: neither takes them
    assert names["ChatResponse/properties/choices/items/properties/finish_reason"] == "ChatResponseFinishReason"
    assert names["CompletionResponse/properties/choices/items/properties/finish_reason"] == (
        "CompletionResponseFinishReason"
    )
    # the `text` of a `MessageTextObject` is the `MessageText` (no tail has two words)
    assert names["MessageTextObject/properties/text"] == "MessageText"
    # one word is no name of its own: the items of `choices` stay `<Component>Choice`
    assert names["ChatResponse/properties/choices/items"] == "ChatResponseChoice"
    classes = _classes(tmp_path)
    assert len(classes) == len(set(classes)) and {"ChatResponse", "CompletionResponse"} <= set(classes)
    exported = _exported_models(tmp_path / "out" / "shop" / "models.py")
    assert "MessageRole" in exported and "ChatResponseChoicesItem" not in exported


def _exported_models(models_py: Path) -> list[str]:
    """The names the package's `models` module exports (its `__all__`)."""
    tree = ast.parse(models_py.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError("models.py has no __all__")


def test_an_added_schema_wanting_a_tail_in_use_leaves_it_to_its_owner(tmp_path: Path) -> None:
    _generate(tmp_path, SPEC)
    (tmp_path / "before").mkdir()
    (tmp_path / "out" / "shop").rename(tmp_path / "before" / "shop")
    _generate(tmp_path, SPEC)
    names = _generate(tmp_path, SPEC + ADDED)
    assert names["ChatResponse/properties/choices/items/properties/message/properties/role"] == "MessageRole"
    assert names["ThreadResponse/properties/message/properties/role"] == "ThreadResponseRole"
    diff = generator_cli(tmp_path, "diff", "before/shop", "out/shop")
    assert diff.returncode == 0 and "BREAKING" not in diff.stdout, diff.stdout
    # without the lock (a first generation), the two would tie and both keep their full names
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    role = _generate(fresh, SPEC + ADDED)["ChatResponse/properties/choices/items/properties/message/properties/role"]
    assert role == "ChatResponseRole"
    diff = generator_cli(tmp_path, "diff", "before/shop", "fresh/out/shop")
    assert diff.returncode == 1 and "removed MessageRole" in diff.stdout, diff.stdout
    (tmp_path / "old.yaml").write_text(SPEC, encoding="utf-8")  # two specs: the new one keeps the old names
    (tmp_path / "new.yaml").write_text(SPEC + ADDED, encoding="utf-8")
    diff = generator_cli(tmp_path, "diff", "old.yaml", "new.yaml", "--package", "shop")
    assert diff.returncode == 0 and "BREAKING" not in diff.stdout, diff.stdout


def test_a_component_named_like_a_tail_keeps_its_name(tmp_path: Path) -> None:
    named = SPEC + "    SettingsColor: {type: string}\n"
    names = _generate(tmp_path, named)
    body = "#/paths/~1things/post/requestBody/content/application~1json/schema/properties/settings/properties/color"
    assert names[body] == "CreateThingBodySettingsColor"
    classes = _classes(tmp_path)
    assert "SettingsColor" in classes and len(classes) == len(set(classes))


def test_inline_names_do_not_depend_on_the_order_of_the_spec(tmp_path: Path) -> None:
    start = SPEC.index("    ChatResponse:\n")
    middle = SPEC.index("    CompletionResponse:\n")
    swapped = SPEC[:start] + SPEC[middle:] + SPEC[start:middle]
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    assert _generate(one, SPEC + ADDED) == _generate(two, swapped + ADDED)
    again = _generate(one, SPEC + ADDED, "--no-cache")
    assert again == _generate(two, swapped + ADDED)


def test_a_client_from_before_places_were_recorded_keeps_its_full_names(tmp_path: Path) -> None:
    """An `_index.json` without `inline_schemas` (an older generator's) locks the class names
    its surface has: a full name found there is kept."""
    _generate(tmp_path, SPEC)
    index_path = tmp_path / "out" / "shop" / "_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    del index["inline_schemas"]
    enums = index["surface"]["enums"]
    enums["ChatResponseRole"] = enums.pop("MessageRole")  # as the older generator named it
    index_path.write_text(json.dumps(index), encoding="utf-8")
    names = _generate(tmp_path, SPEC)
    assert names["ChatResponse/properties/choices/items/properties/message/properties/role"] == "ChatResponseRole"
    assert names["ChatResponse/properties/choices/items/properties/message"] == "ChoiceMessage"  # its full name is not in that surface


def test_openai_inline_names_are_shorter_and_unique(tmp_path: Path) -> None:
    spec = build_spec(Context(Options((CORPUS / "big" / "openai-openapi.yaml",), tmp_path / "out", "oai")))
    names = [d.name for d in spec.definitions]
    assert len(names) == len(set(names))
    assert set(spec.schema_names.values()) <= set(names)  # every component keeps its own name
    finish = spec.inline_places[
        "/components/schemas/CreateChatCompletionResponse/properties/choices/items/properties/finish_reason"
    ]
    assert len(finish) < len("CreateChatCompletionResponseChoicesItemFinishReason")
    assert spec.inline_places["/components/schemas/AuditLog/properties/api_key.created"] == "ApiKeyCreated"
    shortened = [  # no longer named after their component
        name
        for pointer, name in spec.inline_places.items()
        if pointer.startswith("/components/")
        and not name.startswith(spec.schema_names[pointer.split("/")[3].replace("~1", "/").replace("~0", "~")])
    ]
    assert len(shortened) > 100
