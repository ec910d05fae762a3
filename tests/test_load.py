"""Stage 1, load: `generator.load.load_file` and `load_page_text`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError, Location
from generator.load import PageExample, display_path, load_file, load_page_text
from generator.nodes import YDict

SPEECH_PAGE = """\
# Create speech

```python
client.audio.speech.create(input="hi")
```

```yaml
# docker-compose.yaml, not an API description
services:
  web:
    image: nginx
```

```json
{"model": "tts-1"}
```

## OpenAPI

````yaml openapi.json post /v1/audio/speech
openapi: 3.1.0
info:
  title: Speech
  version: '1'
paths:
  /v1/audio/speech:
    post:
      operationId: createSpeech
      responses:
        '200':
          description: ok
````

**Request**

```json
{"input": "hi"}
```

Some prose.

**Response**

```json
{"ok": true}
```

```json
{"unlabelled": true}
```
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def spec_file(tmp_path: Path, body: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n" + body, encoding="utf-8")
    return path


def load_error(text: str, tmp_path: Path) -> GeneratorError:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeneratorError) as info:
        load_file(path)
    return info.value


# -- finding the document ------------------------------------------------------------------


def test_finds_the_openapi_fence_among_snippets(tmp_path: Path) -> None:
    """The OpenAPI fence is chosen over SDK, YAML and JSON snippets placed before it."""
    doc = load_page_text(SPEECH_PAGE, tmp_path / "speech.md")
    assert doc.root["info"]["title"] == "Speech"
    assert list(doc.root["paths"]) == ["/v1/audio/speech"]
    assert "services" not in doc.root


def test_load_file_reads_a_page(tmp_path: Path) -> None:
    """load_file on a .md file loads the page's document and remembers the source path."""
    path = tmp_path / "speech.md"
    path.write_text(SPEECH_PAGE, encoding="utf-8")
    doc = load_file(path)
    assert doc.source == path
    assert doc.root["paths"]["/v1/audio/speech"]["post"]["operationId"] == "createSpeech"


def test_load_file_reads_a_yaml_spec(tmp_path: Path) -> None:
    """load_file on a .yaml file loads it as a whole OpenAPI document."""
    doc = load_file(spec_file(tmp_path, "paths: {/pets: {get: {operationId: listPets}}}\n"))
    assert doc.root["paths"]["/pets"]["get"]["operationId"] == "listPets"


def test_finds_a_json_document_in_a_json_fence(tmp_path: Path) -> None:
    """A pretty-printed JSON OpenAPI document in a ```json fence is found and loaded."""
    page = '# API\n\n```json\n{\n  "openapi": "3.1.0",\n  "info": {"title": "J", "version": "1"},\n  "paths": {}\n}\n```\n'
    doc = load_page_text(page, tmp_path / "api.md")
    assert doc.root["info"]["title"] == "J"


# -- locations -----------------------------------------------------------------------------


def test_node_lines_are_page_lines(tmp_path: Path) -> None:
    """A node's loc.line counts lines of the page, not of the fence."""
    doc = load_page_text(SPEECH_PAGE, tmp_path / "speech.md")
    operation = doc.root["paths"]["/v1/audio/speech"]["post"]
    assert operation.loc.line == line_of(SPEECH_PAGE, "operationId: createSpeech")
    assert doc.root["info"].loc.line == line_of(SPEECH_PAGE, "title: Speech")


def test_node_pointer_and_file(tmp_path: Path) -> None:
    """A node's loc carries the display path and its JSON pointer, `/` escaped as ~1."""
    path = tmp_path / "speech.md"
    doc = load_page_text(SPEECH_PAGE, path)
    response = doc.root["paths"]["/v1/audio/speech"]["post"]["responses"]["200"]
    assert response.loc.file == display_path(path)
    assert response.loc.pointer == "/paths/~1v1~1audio~1speech/post/responses/200"
    assert doc.root.loc.pointer == ""


def test_mappings_are_located_dicts(tmp_path: Path) -> None:
    """Mappings load as YDict and still compare equal to plain dicts."""
    doc = load_file(spec_file(tmp_path, "paths: {}\nx-extra: {a: [1, 2]}\n"))
    assert isinstance(doc.root["x-extra"], YDict)
    assert doc.root["x-extra"] == {"a": [1, 2]}


# -- YAML 1.2 scalars ----------------------------------------------------------------------


def test_yes_no_on_off_stay_strings(tmp_path: Path) -> None:
    """`on:` as a key and yes/no/off as values are strings (YAML 1.2), true/false booleans."""
    doc = load_file(spec_file(tmp_path, "paths: {}\nx-flags:\n  on: yes\n  off: no\n  t: true\n  f: false\n"))
    assert doc.root["x-flags"] == {"on": "yes", "off": "no", "t": True, "f": False}


def test_dates_stay_strings(tmp_path: Path) -> None:
    """`2024-01-01` and a timestamp load as strings, not date objects."""
    doc = load_file(spec_file(tmp_path, "paths: {}\nx-dates: [2024-01-01, 2024-01-01T10:00:00Z]\n"))
    assert doc.root["x-dates"] == ["2024-01-01", "2024-01-01T10:00:00Z"]


def test_integer_status_keys_become_strings(tmp_path: Path) -> None:
    """An unquoted `200:` response key is the string "200"."""
    body = "paths:\n  /p:\n    get:\n      responses:\n        200: {description: ok}\n"
    doc = load_file(spec_file(tmp_path, body))
    assert list(doc.root["paths"]["/p"]["get"]["responses"]) == ["200"]


def test_numbers_and_null_keep_their_types(tmp_path: Path) -> None:
    """Integers, floats and null values are still typed (only keys are stringified)."""
    doc = load_file(spec_file(tmp_path, "paths: {}\nx-values: [3, 2.5, null, ~]\n"))
    assert doc.root["x-values"] == [3, 2.5, None, None]
    assert isinstance(doc.root["x-values"][0], int)


@pytest.mark.parametrize("scalar", ["16:9", "1_000", "0b101"])
def test_yaml_1_1_only_number_forms_stay_strings(tmp_path: Path, scalar: str) -> None:
    """Sexagesimal (16:9), underscored (1_000) and binary (0b101) plain scalars are strings in YAML 1.2."""
    doc = load_file(spec_file(tmp_path, f"paths: {{}}\nx-value: {scalar}\n"))
    assert doc.root["x-value"] == scalar


# -- anchors and aliases -------------------------------------------------------------------


def test_alias_shares_the_anchored_node(tmp_path: Path) -> None:
    """An alias loads as the very node its anchor names."""
    body = "paths: {}\ncomponents:\n  schemas:\n    A: &a {type: string}\n    B: *a\n"
    schemas = load_file(spec_file(tmp_path, body)).root["components"]["schemas"]
    assert schemas["B"] is schemas["A"]


def test_merge_key_is_applied(tmp_path: Path) -> None:
    """`<<: *base` copies the anchored mapping's keys under the local ones."""
    body = "paths: {}\nx-base: &base {a: 1, b: 2}\nx-child:\n  <<: *base\n  b: 3\n"
    doc = load_file(spec_file(tmp_path, body))
    assert doc.root["x-child"] == {"a": 1, "b": 3}


def test_recursive_alias_loads(tmp_path: Path) -> None:
    """A node that contains an alias to itself loads (without hanging) as a cycle."""
    body = (
        "paths: {}\ncomponents:\n  schemas:\n    Node: &node\n      type: object\n"
        "      properties:\n        child: *node\n"
    )
    node = load_file(spec_file(tmp_path, body)).root["components"]["schemas"]["Node"]
    assert node["properties"]["child"] is node
    assert node.loc.pointer == "/components/schemas/Node"


# -- page examples -------------------------------------------------------------------------


def test_request_and_response_examples_are_captured(tmp_path: Path) -> None:
    """JSON fences right under **Request** / **Response** become page examples; others do not."""
    path = tmp_path / "speech.md"
    doc = load_page_text(SPEECH_PAGE, path)
    shown = display_path(path)
    assert doc.examples == [
        PageExample("request", {"input": "hi"}, Location(shown, line_of(SPEECH_PAGE, '{"input": "hi"}'))),
        PageExample("response", {"ok": True}, Location(shown, line_of(SPEECH_PAGE, '{"ok": true}'))),
    ]


def test_label_separated_by_prose_is_not_an_example(tmp_path: Path) -> None:
    """A **Response** label followed by prose, then a JSON fence, gives no example."""
    page = SPEECH_PAGE.split("**Request**")[0] + "**Response**\n\nProse.\n\n```json\n{}\n```\n"
    assert load_page_text(page, tmp_path / "p.md").examples == []


# -- errors --------------------------------------------------------------------------------


def test_invalid_yaml_names_the_page_line(tmp_path: Path) -> None:
    """Invalid YAML in a page is a GeneratorError whose one line names file:line of the page."""
    page = "# T\n\nIntro.\n\n```yaml\nopenapi: 3.1.0\ninfo:\n  title: t\n version: 1\npaths: {}\n```\n"
    error = load_error(page, tmp_path)
    line = line_of(page, " version: 1")
    assert f"{display_path(tmp_path / 'page.md')}:{line}" in error.one_line()
    assert "invalid YAML" in error.one_line()


def test_invalid_yaml_in_a_spec_file_names_the_line(tmp_path: Path) -> None:
    """Invalid YAML in a .yaml file is a GeneratorError at that file's line."""
    path = spec_file(tmp_path, "paths:\n  /p: {a: 1}}\nx: 1\n")  # line 4 has a stray brace
    with pytest.raises(GeneratorError) as info:
        load_file(path)
    assert f"{display_path(path)}:4 " in info.value.one_line()


def test_page_without_openapi_is_a_clear_error(tmp_path: Path) -> None:
    """A page with only snippets is an error saying no OpenAPI document was found."""
    error = load_error("# T\n\n```python\nprint(1)\n```\n\n```yaml\na: 1\n```\n", tmp_path)
    assert "no OpenAPI document" in error.one_line()
    assert "page.md" in error.one_line()


def test_asyncapi_document_is_refused(tmp_path: Path) -> None:
    """An AsyncAPI document is an error that says it is AsyncAPI."""
    error = load_error(
        "```yaml\nasyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels: {}\n```\n", tmp_path
    )
    assert "AsyncAPI" in error.one_line()


def test_swagger_2_document_is_refused(tmp_path: Path) -> None:
    """A Swagger 2.0 document is an error that says it is Swagger 2.0."""
    error = load_error("```yaml\nswagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n```\n", tmp_path)
    assert "Swagger 2.0" in error.one_line()


def test_unsupported_openapi_version_is_refused(tmp_path: Path) -> None:
    """`openapi: 2.0` is an error naming the version."""
    error = load_error("```yaml\nopenapi: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n```\n", tmp_path)
    assert "unsupported OpenAPI version '2.0'" in error.one_line()
