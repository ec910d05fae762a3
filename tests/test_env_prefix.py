"""The client's environment variables are named after the API's vendor, not the package.

`OpenAI API` gives `OPENAI_API_KEY` even when the package is `oai` (a client that read
`OAI_API_KEY` sent requests without auth); a title of only generic words (Dial's `rest`)
falls back to the package name; `env_prefix` in `[tool.generator]` overrides both. The
docstring and README name the variable the client reads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, LocalServer, generated_package

from generator.naming import env_prefix

SPEC = """\
openapi: 3.0.3
info: {title: OpenAI API, version: '1'}
components:
  securitySchemes:
    ApiKeyAuth: {type: http, scheme: bearer}
security: [{ApiKeyAuth: []}]
paths:
  /models:
    get:
      operationId: listModels
      tags: [Models]
      responses:
        '200': {description: OK, content: {application/json: {schema: {type: object}}}}
"""


@pytest.mark.parametrize(
    ("title", "package", "prefix"),
    [
        ("OpenAI API", "oai", "OPENAI"),
        ("rest", "dial", "DIAL"),
        ("Stripe REST API v1", "client", "STRIPE"),
        ("Acme Cloud Public API", "acme", "ACME_CLOUD"),
        ("", "foo_", "FOO"),
    ],
)
def test_prefix_comes_from_the_title_else_the_package(title: str, package: str, prefix: str) -> None:
    assert env_prefix(title, package) == prefix


def test_openai_client_reads_openai_api_key(
    tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.answer("GET", "/models", 200, {})
    monkeypatch.setenv("OPENAI_API_KEY", "sk-right")
    monkeypatch.setenv("OAI_API_KEY", "sk-wrong")
    with generated_package(tmp_path, SPEC, "oai") as oai:
        with oai.Client(base_url=server.url) as client:
            client.models.list()
        assert "OPENAI_API_KEY environment variable" in (oai.Client.__doc__ or "")
    assert server.requests[0].headers["Authorization"] == "Bearer sk-right"
    assert "`OPENAI_API_KEY`" in (tmp_path / "out" / "oai" / "README.md").read_text(encoding="utf-8")


def test_env_prefix_from_config_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.generator]\nspec = ["api.yaml"]\npackage = "oai"\nenv_prefix = "acme"\n', encoding="utf-8"
    )
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    client = (tmp_path / "generated" / "oai" / "_client.py").read_text(encoding="utf-8")
    assert '"ACME_API_KEY"' in client and "OPENAI" not in client


def test_a_bad_env_prefix_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.generator]\nenv_prefix = "my-api"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'pyproject.toml'}:2 /tool/generator/env_prefix: env_prefix must be letters, "
        "digits and _ (a name), not 'my-api' (e.g. env_prefix = \"OPENAI\")"
    ]


def test_dial_keeps_dial_api_key() -> None:
    client = (ROOT / "generated" / "dial" / "_client.py").read_text(encoding="utf-8")
    assert '"DIAL_API_KEY"' in client
