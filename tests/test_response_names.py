"""A response's second JSON media type names its type by what the media type says beyond
JSON (`generator/normalize/media.py`, `generator/naming.media_type_word`); and the oracle
comparison finds a schema the oracle numbered twice (`corpus/oracle.py`)."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from generator.context import Context, Options
from generator.naming import media_type_word
from generator.pipeline import build_spec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus.oracle import oracle_candidates  # noqa: E402

SPEC = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /user/starred:
    get:
      operationId: listStarred
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Repo'}}
            application/vnd.github.v3.star+json:
              schema: {type: array, items: {$ref: '#/components/schemas/StarredRepo'}}
components:
  schemas:
    Repo: {type: object, properties: {name: {type: string}}}
    StarredRepo: {type: object, properties: {starred_at: {type: string}}}
"""


def test_media_type_word_is_what_a_vendor_media_type_adds_to_json() -> None:
    assert media_type_word("application/vnd.github.v3.star+json") == "Star"


def test_media_type_word_of_plain_json_is_empty() -> None:
    assert media_type_word("application/json; charset=utf-8") == ""


def test_a_second_json_media_type_is_named_by_its_media_type(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    spec = build_spec(Context(Options(specs=(path,), out=tmp_path, package="pkg")))
    names = {str(d.name) for d in spec.definitions}
    assert {"ListStarredResponse", "ListStarredResponseStar"} <= names


def test_oracle_candidates_include_a_class_numbered_after_a_number_the_name_has() -> None:
    modules = {
        "": textwrap.dedent(
            """
            class Error2(BaseModel):
                type: str
            class Error21(BaseModel):
                code: str
            """
        )
    }
    assert {"code"} in oracle_candidates(modules, ["Error-2"])["Error-2"]
