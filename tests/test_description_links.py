"""Relative links in descriptions: absolute against `docs_url`, else plain text.

OpenAI's descriptions link like `[Responses](/docs/api-reference/responses)`; in a docstring
that goes nowhere. With `docs_url` configured the link is joined to it; without, the
docstring keeps only the link's text. Absolute links stay as written.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.normalize.links import fix_links, link_base

SPEC = """\
openapi: 3.0.3
info: {title: OpenAI API, version: '1'}
components:
  schemas:
    Reply:
      type: object
      description: See [the guide](/docs/guides/text) and [MDN](https://developer.mozilla.org/x).
      properties:
        text: {type: string, description: 'Read [streaming](/docs/api-reference/chat/streaming).'}
paths:
  /chat/completions:
    post:
      operationId: createChatCompletion
      tags: [Chat]
      summary: We recommend trying [Responses](/docs/api-reference/responses).
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Reply'}}}}
"""


def test_links_join_the_docs_site_like_a_browser() -> None:
    base = link_base("https://platform.openai.com")
    assert fix_links("[R](/docs/r) and [x](guides/x#a)", base) == (
        "[R](https://platform.openai.com/docs/r) and [x](https://platform.openai.com/guides/x#a)"
    )
    assert fix_links("[R](/docs/r)", link_base("https://docs.acme.dev/llms.txt")) == "[R](https://docs.acme.dev/docs/r)"
    assert fix_links("[M](mailto:a@b.c) [H](https://h.test/a)", "") == "[M](mailto:a@b.c) [H](https://h.test/a)"
    assert fix_links("[Responses](/docs/api-reference/responses) and [guide](../g)", "") == "Responses and guide"


def _generate(tmp_path: Path, docs_url: str | None) -> tuple[str, str]:
    config = '[tool.generator]\nspec = ["api.yaml"]\npackage = "oai"\n'
    config += f'docs_url = "{docs_url}"\n' if docs_url else ""
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    package = tmp_path / "generated" / "oai"
    chat = (package / "api" / "chat.py").read_text(encoding="utf-8")
    return chat, (package / "_models" / "reply.py").read_text(encoding="utf-8")  # Reply's own module


def test_with_docs_url_links_are_absolute(tmp_path: Path) -> None:
    chat, models = _generate(tmp_path, "https://platform.openai.com")
    assert "[Responses](https://platform.openai.com/docs/api-reference/responses)" in chat
    assert "[the guide](https://platform.openai.com/docs/guides/text)" in models
    assert "[streaming](https://platform.openai.com/docs/api-reference/chat/streaming)" in models
    assert "[MDN](https://developer.mozilla.org/x)" in models


def test_without_a_base_links_are_plain_text(tmp_path: Path) -> None:
    chat, models = _generate(tmp_path, None)
    assert "We recommend trying Responses." in chat
    assert "See the guide and [MDN](https://developer.mozilla.org/x)." in models
    assert "](/docs" not in chat + models
