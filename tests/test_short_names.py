"""Client method names a user would write: `client.files.list()`, `client.chat.create(...)`.

A method drops the noun its resource already says; a resource tagged in the singular takes
the plural its paths use; operations that want the same short name drop only the resource's
own noun (`images.create`, `images.create_edit`, `images.create_variation`), and keep their full
names when that still clashes. These tests name from the spec alone (no previous client to
lock names: see test_name_stability.py), where an added operation that wants an existing
method's name renames it, and `diff` reports that as breaking. A method named like a builtin the class's annotations use
(`list`) still type-checks: the packages are checked with mypy --strict and called over real
HTTP on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from conftest import LocalServer, generated_package, mypy_strict

from generator import apidiff
from generator.context import Context, Options
from generator.naming import short_method_name, singular
from generator.pipeline import build_spec

SPEC = """\
openapi: 3.0.3
info: {title: Shelf, version: '1'}
paths:
  /files:
    get:
      operationId: listFiles
      tags: [File]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
    post:
      operationId: createFile
      tags: [File]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                tags: {type: array, items: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /files/{file_id}:
    get:
      operationId: retrieveFile
      tags: [File]
      parameters:
        - {name: file_id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /chat/completions:
    post:
      operationId: createChatCompletion
      tags: [Chat]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {prompt: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /images/generations:
    post:
      operationId: createImage
      tags: [Images]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [prompt], properties: {prompt: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /images/edits:
    post:
      operationId: createImageEdit
      tags: [Images]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [image, prompt], properties: {image: {type: string}, prompt: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /images/variations:
    post:
      operationId: createImageVariation
      tags: [Images]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [image], properties: {image: {type: string}, n: {type: integer}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /audio/speech:
    post:
      operationId: createSpeech
      tags: [Audio]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /audio/translations:
    post:
      operationId: createTranslation
      tags: [Audio]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
"""

# One more operation, added to the Chat tag before the others: it wants no name taken.
GROWN = SPEC.replace(
    "  /chat/completions:\n",
    """\
  /chat/completions/{completion_id}:
    get:
      operationId: getChatCompletion
      tags: [Chat]
      parameters:
        - {name: completion_id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /chat/completions:
""",
)

# ... and one that wants `create` on Chat too: then both drop only `chat`.
CLASHING = SPEC.replace(
    "  /audio/speech:\n",
    """\
  /chat/sessions:
    post:
      operationId: createChatSession
      tags: [Chat]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /audio/speech:
""",
)


def _methods(path: Path) -> dict[str, str]:
    """`METHOD /path` -> the client method (`files.list`) from the public surface."""
    spec = build_spec(Context(Options((path,), path.parent / "out", "shelf")))
    return {key: op["method"] for key, op in apidiff.surface(spec)["operations"].items()}


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_methods_drop_the_resource_noun_and_resources_take_the_plural_of_their_paths(tmp_path: Path) -> None:
    assert _methods(_write(tmp_path, "shelf.yaml", SPEC)) == {
        "GET /files": "files.list",
        "POST /files": "files.create",
        "GET /files/{file_id}": "files.retrieve",
        "POST /chat/completions": "chat.create",
        # all three want `create`: each drops only the resource's noun, `image`
        "POST /images/generations": "images.create",
        "POST /images/edits": "images.create_edit",
        "POST /images/variations": "images.create_variation",
        # `audio` is not in these names: they keep their nouns
        "POST /audio/speech": "audio.create_speech",
        "POST /audio/translations": "audio.create_translation",
    }


def test_an_added_operation_renames_no_existing_method(tmp_path: Path) -> None:
    before = _methods(_write(tmp_path, "before.yaml", SPEC))
    after = _methods(_write(tmp_path, "after.yaml", GROWN))
    assert after.pop("GET /chat/completions/{completion_id}") == "chat.get"
    assert after == before


def _renames(old: Path, new: Path) -> list[tuple[str, bool, str]]:
    spec = lambda p: apidiff.surface(build_spec(Context(Options((p,), p.parent / "out", "shelf"))))  # noqa: E731
    changes = apidiff.compare(spec(old), spec(new))
    return [(c.subject, c.breaking, c.detail) for c in changes if c.kind == "method-renamed"]


def test_without_a_lock_an_operation_wanting_the_same_short_name_is_a_breaking_rename_in_diff(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.yaml", SPEC)
    new = _write(tmp_path, "new.yaml", CLASHING)
    assert _methods(new)["POST /chat/completions"] == "chat.create_completion"
    assert _methods(new)["POST /chat/sessions"] == "chat.create_session"
    [(subject, breaking, detail)] = _renames(old, new)
    assert (subject, breaking) == ("POST /chat/completions", True)
    assert "chat.create -> chat.create_completion" in detail


def _without(text: str, *paths: str) -> str:
    """The spec without the images operations at `paths` (each is one block under `paths:`)."""
    for path in paths:
        start = text.index(f"  {path}:\n")
        end = text.index("\n  /", start + 1) + 1
        text = text[:start] + text[end:]
    return text


def test_an_added_variant_keeps_the_plain_operations_short_name(tmp_path: Path) -> None:
    """`createImage` alone is `images.create`; when `createImageEdit` and then
    `createImageVariation` arrive wanting `create` too, `createImage`'s name without `image` is
    still `create`: nothing existing is renamed, the new ones take `create_edit`, ..."""
    alone = _write(tmp_path, "alone.yaml", _without(SPEC, "/images/edits", "/images/variations"))
    two = _write(tmp_path, "two.yaml", _without(SPEC, "/images/variations"))
    three = _write(tmp_path, "three.yaml", SPEC)
    assert _methods(alone)["POST /images/generations"] == "images.create"
    assert {k: v for k, v in _methods(two).items() if v.startswith("images.")} == {
        "POST /images/generations": "images.create",
        "POST /images/edits": "images.create_edit",
    }
    assert _renames(alone, two) == [] and _renames(two, three) == []
    assert _methods(three)["POST /images/variations"] == "images.create_variation"


# Two more: `createImages` also drops to `create` without `image` (a tie: it and `createImage`
# take their full names), and `createEdit`'s full name is the name `createImageEdit` drops to.
TIED = SPEC.replace(
    "  /audio/speech:\n",
    """\
  /images/batches:
    post:
      operationId: createImages
      tags: [Images]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /images/edits/plain:
    post:
      operationId: createEdit
      tags: [Images]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /audio/speech:
""",
)


def test_a_tie_without_the_resource_noun_falls_back_to_full_names(tmp_path: Path) -> None:
    methods = _methods(_write(tmp_path, "tied.yaml", TIED))
    assert {k: v for k, v in methods.items() if v.startswith("images.")} == {
        "POST /images/generations": "images.create_image",
        "POST /images/batches": "images.create_images",
        "POST /images/edits": "images.create_image_edit",
        "POST /images/edits/plain": "images.create_edit",
        "POST /images/variations": "images.create_variation",
    }
    renames = _renames(_write(tmp_path, "spec.yaml", SPEC), tmp_path / "tied.yaml")
    assert {(subject, breaking) for subject, breaking, _ in renames} == {
        ("POST /images/generations", True), ("POST /images/edits", True)
    }


def test_short_name_rule_keeps_words_the_resource_does_not_say() -> None:
    nouns = lambda *w: frozenset(singular(x) for x in w)  # noqa: E731
    assert short_method_name("create_chat_completion", nouns("chat"), nouns("chat", "completions")) == "create"
    assert short_method_name("get_chat_completion_messages", nouns("chat"), nouns("chat", "completions")) == "get_messages"
    vector = nouns("vector", "stores")
    assert short_method_name("list_files_in_vector_store_batch", vector, vector) == "list_files_in_batch"
    assert short_method_name("create_speech", nouns("audio"), nouns("audio", "speech")) == ""
    images = nouns("images")
    assert short_method_name("create_image_edit", images, nouns("images", "edits")) == "create"
    assert short_method_name("create_image_edit", images, frozenset()) == "create_edit"  # the middle name
    assert short_method_name("create_image", images, frozenset()) == "create"
    assert short_method_name("list_batches", nouns("batches"), nouns("batches")) == "list"
    assert short_method_name("import_item", nouns("items"), nouns("items")) == ""  # a keyword: kept whole


def test_short_methods_are_called_over_http_and_type_check(tmp_path: Path, server: LocalServer) -> None:
    server.answer("GET", "/files", 200, ["a.txt", "b.txt"])
    server.answer("POST", "/files", 200, "made")
    server.answer("GET", "/files/f1", 200, "a.txt")
    server.answer("POST", "/chat/completions", 200, "hi")
    for kind in ("generations", "edits", "variations"):
        server.answer("POST", f"/images/{kind}", 200, kind)
    with generated_package(tmp_path, SPEC, "shelf") as shelf:
        with shelf.Client(base_url=server.url) as client:
            assert client.files.list(limit=2) == ["a.txt", "b.txt"]
            assert client.files.list_with_response().parsed == ["a.txt", "b.txt"]
            assert client.files.create(name="n", tags=["x"]) == "made"
            assert client.files.retrieve("f1") == "a.txt"
            assert client.chat.create(prompt="p") == "hi"
            assert client.images.create(prompt="cat") == "generations"
            assert client.images.create_edit(image="i1", prompt="hat") == "edits"
            assert client.images.create_variation(image="i1", n=2) == "variations"
            assert client.images.create_edit_with_response(image="i2", prompt="p").parsed == "edits"
            assert shelf.api.files.list_files(client) == ["a.txt", "b.txt"]  # module functions keep full names
            assert shelf.api.images.create_image_edit(client, image="i3", prompt="p") == "edits"

        async def call() -> list[str]:
            async with shelf.AsyncClient(base_url=server.url) as client:
                return list(await client.files.list()) + [await client.images.create_variation(image="i4")]

        assert asyncio.run(call()) == ["a.txt", "b.txt", "variations"]
    assert [(r.method, r.path) for r in server.requests][:2] == [("GET", "/files?limit=2"), ("GET", "/files")]
    images = [(r.path, json.loads(r.body)) for r in server.requests if r.path.startswith("/images/")]
    assert images == [
        ("/images/generations", {"prompt": "cat"}),
        ("/images/edits", {"image": "i1", "prompt": "hat"}),
        ("/images/variations", {"image": "i1", "n": 2}),
        ("/images/edits", {"image": "i2", "prompt": "p"}),
        ("/images/edits", {"image": "i3", "prompt": "p"}),
        ("/images/variations", {"image": "i4"}),
    ]
    user = tmp_path / "out" / "user.py"
    user.write_text(
        "from shelf import Client\n\n"
        "def names(client: Client) -> list[str]:\n"
        "    found: list[str] = client.files.list(limit=2)\n"
        "    return found + [client.files.create(name='n', tags=['t']), client.chat.create(prompt='p'),\n"
        "        client.images.create(prompt='c'), client.images.create_edit(image='i', prompt='p'),\n"
        "        client.images.create_variation(image='i', n=1)]\n",
        encoding="utf-8",
    )
    assert mypy_strict(tmp_path / "out", "user.py").returncode == 0
    user.write_text("from shelf import Client\n\ndef f(client: Client) -> int:\n    return client.files.list()\n")
    failed = mypy_strict(tmp_path / "out", "user.py")
    assert failed.returncode == 1 and 'Incompatible return value type (got "list[str]", expected "int")' in failed.stdout
    user.write_text(
        "from shelf import Client\n\ndef f(client: Client) -> str:\n"
        "    return client.images.create_image_edit(image='i', prompt='p')\n"
    )
    failed = mypy_strict(tmp_path / "out", "user.py")
    assert failed.returncode == 1 and '"ImagesResource" has no attribute "create_image_edit"' in failed.stdout


ITEMS = """\
openapi: 3.0.3
info: {title: Lists, version: '1'}
paths: {}
components:
  schemas:
    Answer:
      type: object
      properties:
        choices:
          type: array
          items:
            type: object
            properties:
              finish_reason: {type: string, enum: [stop, length]}
              state: {type: string, enum: [open, done]}
        data: {type: array, items: {type: object, properties: {n: {type: integer}}}}
        meta:
          type: object
          properties:
            state: {type: string, enum: [new, old]}
    Poll:
      type: object
      properties:
        options: {type: array, items: {type: object, properties: {n: {type: integer}}}}
    PollOption: {type: string}
"""


ADDED_OPERATION = """\
  /files/{file_id}/copy:
    post:
      operationId: copyFile
      tags: [Files]
      parameters:
        - {name: file_id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {choices: {type: array, items: {type: object}}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/OpenAIFile'}}}
"""
ADDED_SCHEMA = """\
    FileCopy:
      type: object
      properties: {choices: {type: array, items: {type: object, properties: {n: {type: integer}}}}}
"""


def _models(path: Path) -> set[str]:
    spec = build_spec(Context(Options((path,), path.parent / "out", "lists")))
    return set(apidiff.surface(spec)["models"]) | set(apidiff.surface(spec)["enums"])


def test_inline_names_are_short_where_the_component_says_them_once(tmp_path: Path) -> None:
    """A list's items take the list's name in the singular; a nested property whose name occurs
    once in its component is named after the component alone; one that occurs twice (`state`)
    after its own model. Then each takes the shortest unique tail of its place of two words
    the spec spelled (test_inline_class_names.py): `FinishReason`, `ChoiceState`, `MetaState`;
    `AnswerChoice` and `AnswerDataItem` have no such tail (`Item` is not the spec's)."""
    names = _models(_write(tmp_path, "lists.yaml", ITEMS))
    assert {"AnswerChoice", "FinishReason", "AnswerDataItem"} <= names  # `data` is no plural
    assert {"ChoiceState", "MetaState"} <= names
    assert "PollOptionsItem" in names and "PollOption" not in names  # the component keeps its name
    assert not any(name.endswith("ChoicesItem") for name in names)


def test_openai_public_names_survive_an_added_operation_and_schema(tmp_path: Path) -> None:
    """The OpenAI spec as it is, then with one more Files operation (an inline body) and one
    more component schema: every existing operation keeps its function and client method,
    every existing model, enum and alias its name and its fields' attributes."""
    from conftest import CORPUS

    text = (CORPUS / "big" / "openai-openapi.yaml").read_text(encoding="utf-8")
    assert text.count("\npaths:\n") == 1 and text.count("\n  schemas:\n") == 1
    before = _write(tmp_path, "before.yaml", text)
    grown = text.replace("\npaths:\n", "\npaths:\n" + ADDED_OPERATION).replace(
        "\n  schemas:\n", "\n  schemas:\n" + ADDED_SCHEMA
    )
    after = _write(tmp_path, "after.yaml", grown)
    old, new = (apidiff.surface(build_spec(Context(Options((p,), tmp_path / "out", "oai")))) for p in (before, after))
    for key, operation in old["operations"].items():
        assert (new["operations"][key]["function"], new["operations"][key]["method"]) == (
            operation["function"], operation["method"]
        ), key
    assert new["operations"]["POST /files/{file_id}/copy"]["method"] == "files.copy"
    for section in ("models", "enums", "aliases"):
        assert set(old[section]) <= set(new[section]), section
    for name, model in old["models"].items():
        assert new["models"][name]["fields"] == model["fields"], name
    assert [c.line() for c in apidiff.compare(old, new) if c.breaking] == []


BUILTIN_NAMES = """\
openapi: 3.0.3
info: {title: Odd, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
  /things/client:
    get:
      operationId: client
      tags: [things]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
  /things/types:
    get:
      operationId: type
      tags: [things]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, additionalProperties: {type: string}}}}}
"""


def test_methods_named_like_what_the_class_uses_still_work(tmp_path: Path, server: LocalServer) -> None:
    """`list`, `type` and `client` as method names: the class's `list[...]`, `dict[...]` stay the
    builtins and `self._client` the client (mypy --strict passes in `generated_package`)."""
    server.answer("GET", "/things", 200, ["a"])
    server.answer("GET", "/things/client", 200, "c")
    server.answer("GET", "/things/types", 200, {"k": "v"})
    with generated_package(tmp_path, BUILTIN_NAMES, "odd") as odd:
        with odd.Client(base_url=server.url) as client:
            assert client.things.list(tags=["x", "y"]) == ["a"]
            assert client.things.client() == "c"
            assert client.things.type() == {"k": "v"}
            assert client.things.list_with_response().parsed == ["a"]
    assert [r.path for r in server.requests] == ["/things?tags=x&tags=y", "/things/client", "/things/types", "/things"]
