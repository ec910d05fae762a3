"""The client classes' docstrings: `Args:` written to fit, so none is rewrapped raggedly.

`docstring()` rewraps a line longer than the docstring's width on its own; an `Args:` entry
continued on a written line of its own then reads `..., 408,` / `409,` / `429, ...`. Each
line `_class_doc` continues on the next fits, so `help(Client)` reads as written (a one-line
entry of varying length, `base_url: ... then <server URL>.`, may wrap: it has a hanging indent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.context import Context, Options
from generator.pipeline import build_spec
from generator.render.client_view import _class_doc

SPEC = """\
openapi: 3.0.3
info: {title: Acme Cloud Public API, version: '1'}
servers: [{url: 'https://api.acme.test/v1'}]
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
security: [{token: []}, {basic: []}]
paths:
  /things:
    get:
      responses: {'204': {description: ok}}
"""


@pytest.mark.parametrize("is_async", [False, True])
def test_client_args_lines_fit_the_docstring_width(tmp_path: Path, is_async: bool) -> None:
    (tmp_path / "acme.yaml").write_text(SPEC, encoding="utf-8")
    spec = build_spec(Context(Options((tmp_path / "acme.yaml",), tmp_path / "out", "acme")))
    lines = _class_doc(spec, is_async).split("\n")
    assert "    password: For HTTP basic auth; defaults to ACME_CLOUD_PASSWORD." in lines
    continued = [line for line, after in zip(lines, lines[1:]) if after.startswith("        ")]
    assert len(continued) >= 4  # server, server_variables, timeout, max_retries, ...
    too_long = [line for line in continued if len("    " + line) > 88]  # the class body's indent
    assert too_long == []
