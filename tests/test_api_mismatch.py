"""Pages of different APIs are not merged into one client without a word.

Pages whose `info.title`, servers or security schemes disagree are different APIs: one
line naming both pages, exit 2, nothing written, unless the user allows it
(`--allow-multiple-apis`, `allow_multiple_apis = true`). Then each operation keeps its own
document's security, and the client offers every document's servers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, SEED_PAGE, LocalServer, generated_package

from generator.context import Context, Options
from generator.diagnostics import GeneratorError
from generator.pipeline import build_spec

OPIK = sorted((CORPUS / "pages").glob("opik__*.md"))


def _generate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "generate", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def test_dial_and_opik_pages_are_refused_naming_both(tmp_path: Path) -> None:
    run = _generate(ROOT, str(SEED_PAGE), str(OPIK[0]), "--out", str(tmp_path / "out"), "--package", "mixed")
    assert run.returncode == 2
    [line] = run.stderr.splitlines()
    assert line.startswith("error: ")
    assert "spec/dial/get-billing.md" in line and OPIK[0].name in line
    assert "different APIs" in line and "--allow-multiple-apis" in line
    assert not (tmp_path / "out").exists()


def test_the_four_opik_pages_merge_silently(tmp_path: Path) -> None:
    ctx = Context(Options(tuple(OPIK), tmp_path, "opik", tmp_path))
    spec = build_spec(ctx)
    assert len([op for group in spec.groups for op in group.operations]) == 4


def _api(title: str, path: str, security: str, server: str = "https://a.test") -> str:
    return (
        f"openapi: 3.0.3\ninfo: {{title: {title}, version: '1'}}\nservers: [{{url: '{server}'}}]\n{security}"
        f"paths:\n  {path}:\n    get:\n      operationId: get_{path.strip('/')}\n      responses:\n"
        "        '200': {description: ok, content: {application/json: {schema: {type: string}}}}\n"
    )


BEARER = "security: [{token: []}]\ncomponents: {securitySchemes: {token: {type: http, scheme: bearer}}}\n"
KEY = "security: [{key: []}]\ncomponents: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}\n"


@pytest.mark.parametrize(
    "second, what",
    [
        (_api("Beta", "/b", BEARER), "info.title"),
        (_api("Alpha", "/b", BEARER, server="https://b.test"), "servers"),
        (_api("Alpha", "/b", KEY), "security schemes"),
    ],
)
def test_any_disagreement_is_refused(tmp_path: Path, second: str, what: str) -> None:
    (tmp_path / "a.yaml").write_text(_api("Alpha", "/a", BEARER), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(second, encoding="utf-8")
    ctx = Context(Options((tmp_path / "a.yaml", tmp_path / "b.yaml"), tmp_path / "out", "ab", tmp_path))
    with pytest.raises(GeneratorError) as refused:
        build_spec(ctx)
    assert what in refused.value.message
    assert refused.value.location is not None and refused.value.location.file.endswith("b.yaml")
    assert "a.yaml" in refused.value.message


def test_allowed_merge_keeps_each_operations_security(tmp_path: Path, server: LocalServer) -> None:
    """API `Alpha` sends a bearer token, API `Beta` has no security: its call sends none."""
    (tmp_path / "beta.yaml").write_text(_api("Beta", "/b", "", server="https://b.test"), encoding="utf-8")
    spec = _api("Alpha", "/a", BEARER)
    server.answer("GET", "/a", 200, "a")
    server.answer("GET", "/b", 200, "b")
    beta = (tmp_path / "beta.yaml",)
    with generated_package(tmp_path, spec, "alpha", extra_specs=beta, allow_multiple_apis=True) as alpha:
        with alpha.Client(api_key="secret", base_url=server.url) as client:
            assert client.a.get() == "a"
            assert client.b.get() == "b"
        servers = alpha._client.SERVERS
    first, second = server.requests
    assert first.headers.get("Authorization") == "Bearer secret"
    assert "Authorization" not in second.headers
    assert list(servers.values()) == ["https://a.test", "https://b.test"]


def test_flag_and_config_key_allow_the_merge(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_api("Alpha", "/a", BEARER), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_api("Beta", "/b", ""), encoding="utf-8")
    assert _generate(tmp_path, "a.yaml", "b.yaml", "--out", "o1").returncode == 2
    assert _generate(tmp_path, "a.yaml", "b.yaml", "--out", "o2", "--allow-multiple-apis").returncode == 0
    (tmp_path / "pyproject.toml").write_text("[tool.generator]\nallow_multiple_apis = true\n", encoding="utf-8")
    assert _generate(tmp_path, "a.yaml", "b.yaml", "--out", "o3").returncode == 0
