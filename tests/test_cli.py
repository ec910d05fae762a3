"""The command line: defaults from pyproject, one-line errors with exit 2, safe writes."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, SEED_PAGE, LocalServer, mypy_strict


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _page(tmp_path: Path, yaml_text: str, name: str = "page.md") -> Path:
    page = tmp_path / name
    page.write_text(
        "# A page\n\nSome prose.\n\n```yaml\n" + textwrap.dedent(yaml_text) + "```\n", encoding="utf-8"
    )
    return page


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_one_line_error(run: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def good_output(tmp_path: Path) -> Path:
    """A folder holding a previously generated package, to check failures leave it alone."""
    out = tmp_path / "out"
    run = _run("generate", str(SEED_PAGE), "--out", str(out), "--package", "dial")
    assert run.returncode == 0, run.stderr
    return out


def test_generate_uses_pyproject_defaults(tmp_path: Path) -> None:
    """With no arguments, [tool.generator] names spec, out and package."""
    project = tmp_path / "project"
    (project / "pages").mkdir(parents=True)
    shutil.copy(SEED_PAGE, project / "pages" / "billing.md")
    (project / "pyproject.toml").write_text(
        '[tool.generator]\nspec = ["pages"]\nout = "client"\npackage = "acme"\n'
    )
    run = _run("generate", cwd=project)
    assert run.returncode == 0, run.stderr
    index = json.loads((project / "client" / "acme" / "_index.json").read_text())
    assert index["package"] == "acme" and index["operations"][0]["sync"] == "acme.api.billing.get_billing"


def test_second_run_changes_nothing(good_output: Path) -> None:
    """Regenerating the same input reports no changed file and rewrites nothing."""
    before = {p: p.stat().st_mtime_ns for p in good_output.rglob("*") if p.is_file()}
    run = _run("generate", str(SEED_PAGE), "--out", str(good_output), "--package", "dial")
    assert run.returncode == 0 and "up to date" in run.stdout
    assert before == {p: p.stat().st_mtime_ns for p in good_output.rglob("*") if p.is_file()}


def test_invalid_yaml_is_one_line_with_file_and_line(tmp_path: Path, good_output: Path) -> None:
    """Broken YAML: exit 2, one line naming file:line, the output folder untouched."""
    page = _page(tmp_path, "openapi: 3.1.0\ninfo: {title: x, version: '1'\npaths: {}\n")
    before = _snapshot(good_output)
    run = _run("generate", str(page), "--out", str(good_output), "--package", "dial")
    _assert_one_line_error(run, "page.md:", "invalid YAML")
    assert _snapshot(good_output) == before


def test_page_without_openapi_is_refused(tmp_path: Path) -> None:
    """A page with only SDK snippets: exit 2, says no OpenAPI document was found."""
    page = tmp_path / "empty.md"
    page.write_text("# Title\n\n```python\nprint(1)\n```\n")
    _assert_one_line_error(
        _run("generate", str(page), "--out", str(tmp_path / "o")), "empty.md", "no OpenAPI document"
    )


def test_asyncapi_page_is_refused() -> None:
    """The corpus's AsyncAPI page is refused with a clear line."""
    page = CORPUS / "pages" / "respeecher__tts-websocket_ASYNCAPI-negative.md"
    _assert_one_line_error(_run("generate", str(page), "--out", "/tmp/never-written"), "AsyncAPI")
    assert not Path("/tmp/never-written").exists()


def test_unresolvable_ref_names_file_line_and_pointer(tmp_path: Path, good_output: Path) -> None:
    """A dangling $ref outside schemas (a response): exit 2, file:line and the $ref's pointer, output untouched."""
    page = _page(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /pets:
            get:
              responses:
                '200':
                  $ref: '#/components/responses/Missing'
        """,
    )
    before = _snapshot(good_output)
    run = _run("generate", str(page), "--out", str(good_output), "--package", "dial")
    _assert_one_line_error(run, "page.md:13", "/paths/~1pets/get/responses/200/$ref", "Missing")
    assert _snapshot(good_output) == before


def test_unresolvable_schema_ref_under_strict_names_file_line_and_pointer(tmp_path: Path, good_output: Path) -> None:
    """A dangling $ref in a schema with --strict: exit 2, file:line and the $ref's pointer, output untouched."""
    page = _page(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            A:
              type: object
              properties:
                b:
                  $ref: '#/components/schemas/Missing'
        """,
    )
    before = _snapshot(good_output)
    run = _run("generate", str(page), "--out", str(good_output), "--package", "dial", "--strict")
    _assert_one_line_error(run, "page.md:15", "/components/schemas/A/properties/b/$ref", "Missing")
    assert _snapshot(good_output) == before


def test_unknown_schema_type_is_refused(tmp_path: Path) -> None:
    """An unsupported construct (type: file) gives one line with its pointer."""
    page = _page(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            Upload: {type: file}
        """,
    )
    run = _run("generate", str(page), "--out", str(tmp_path / "o"))
    _assert_one_line_error(run, "page.md:11", "/components/schemas/Upload", "unknown schema type 'file'")


def test_missing_spec_path_is_refused(tmp_path: Path) -> None:
    """A spec path that does not exist: exit 2, one line."""
    _assert_one_line_error(_run("generate", str(tmp_path / "nope.md"), "--out", str(tmp_path)), "nope.md")


def test_stale_generated_files_are_removed_and_others_kept(tmp_path: Path) -> None:
    """A group the spec no longer has is deleted; a file the generator did not make stays (--force)."""
    two = _page(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        servers: [{url: 'https://x.test'}]
        paths:
          /a: {get: {operationId: get-a, tags: [alpha], responses: {'204': {description: ok}}}}
          /b: {get: {operationId: get-b, tags: [beta], responses: {'204': {description: ok}}}}
        """,
        "two.md",
    )
    out = tmp_path / "out"
    assert _run("generate", str(two), "--out", str(out), "--package", "svc").returncode == 0
    assert (out / "svc" / "api" / "beta.py").exists()
    (out / "svc" / "NOTES.txt").write_text("mine")
    (out / "other.txt").write_text("mine too")
    two.write_text(
        two.read_text().replace(
            "  /b: {get: {operationId: get-b, tags: [beta], responses: {'204': {description: ok}}}}\n", ""
        )
    )
    assert _run("generate", str(two), "--out", str(out), "--package", "svc", "--force").returncode == 0
    assert not (out / "svc" / "api" / "beta.py").exists()
    assert (out / "svc" / "api" / "alpha.py").exists()
    assert (out / "svc" / "NOTES.txt").read_text() == "mine"
    assert (out / "other.txt").read_text() == "mine too"


def test_spec_text_cannot_inject_code(tmp_path: Path) -> None:
    """Quotes, triple quotes, newlines and backslashes in spec text end up as data, not code."""
    evil = 'x"""\n import os; os.system("touch PWNED") #\\\'\'\'\r\x00'
    spec = {
        "openapi": "3.1.0",
        "info": {"title": evil, "version": evil},
        "servers": [{"url": "https://x.test/" + evil}],
        "paths": {
            '/items/{id}"'
            + evil: {
                "get": {
                    "operationId": 'get"); import os #',
                    "tags": [evil],
                    "summary": evil,
                    "description": evil,
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": evil,
                        },
                        {"name": evil, "in": "query", "schema": {"type": "string", "default": evil}},
                    ],
                    "responses": {
                        "200": {
                            "description": evil,
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Item": {
                    "description": evil,
                    "type": "object",
                    "properties": {'na"me': {"type": "string", "enum": [evil, "b"], "description": evil}},
                }
            }
        },
    }
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    out = tmp_path / "out"
    run = _run("generate", str(source), "--out", str(out), "--package", "evil")
    assert run.returncode == 0, run.stderr
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import evil, evil.models as m; print(m.Item.from_dict({'na\"me': 'b'}).to_dict())",
        ],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "{'na\"me': 'b'}"
    assert not (out / "PWNED").exists() and not (ROOT / "PWNED").exists()
    mypy = mypy_strict(out, "evil")
    assert mypy.returncode == 0, mypy.stdout


def test_opik_page_gives_a_second_working_client(tmp_path: Path, server: LocalServer) -> None:
    """The Opik create-span page generates a client that type-checks and posts a Span."""
    out = tmp_path / "out"
    run = _run(
        "generate", str(CORPUS / "pages" / "opik__create-span.md"), "--out", str(out), "--package", "opik"
    )
    assert run.returncode == 0, run.stderr
    mypy = mypy_strict(out, "opik")
    assert mypy.returncode == 0, mypy.stdout
    server.answer("POST", "/v1/private/spans", 201, {})
    script = textwrap.dedent(f"""\
        import datetime, opik
        from opik import models
        with opik.Client(base_url={server.url!r}) as client:
            span = models.SpanWrite(start_time=datetime.datetime(2024, 1, 15, 9, 30, tzinfo=datetime.timezone.utc), name="llm")
            print(type(client.spans.create(body=span)).__name__)
        """)
    call = subprocess.run([sys.executable, "-c", script], cwd=out, capture_output=True, text=True)
    assert call.returncode == 0, call.stderr
    assert call.stdout.strip() == "SpansCreateSpanResponse201"
    [request] = server.requests
    assert json.loads(request.body) == {"start_time": "2024-01-15T09:30:00+00:00", "name": "llm"}
    assert request.headers["Content-Type"] == "application/json"


def test_internal_error_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A generator bug still gives one line and exit 2, no traceback; --traceback re-raises.

    (That nothing is written follows from writing last; test_invalid_yaml_... checks it for real.)
    """
    from generator import cli
    from generator.commands import generate as generate_command

    def broken(ctx: object) -> list[str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(generate_command, "generate", broken)
    args = ["generate", str(SEED_PAGE), "--out", str(tmp_path / "o")]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: boom)" in err
    assert not (tmp_path / "o").exists()
    with pytest.raises(RuntimeError, match="boom"):
        cli.main([*args, "--traceback"])


def test_malformed_structure_is_located(tmp_path: Path) -> None:
    """`properties` written as a list: one line with the schema's file:line and pointer."""
    page = _page(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            A:
              type: object
              properties: [a, b]
        """,
    )
    run = _run("generate", str(page), "--out", str(tmp_path / "o"))
    _assert_one_line_error(run, "page.md:12", "/components/schemas/A", "malformed schema 'A'")


def test_pages_of_one_api_merge_into_one_client(tmp_path: Path) -> None:
    """The four Opik pages give one package with all four operations and shared schemas once."""
    pages = tmp_path / "opik-pages"
    pages.mkdir()
    for page in sorted((CORPUS / "pages").glob("opik__*.md")):
        shutil.copy(page, pages / page.name)
    out = tmp_path / "out"
    assert _run("generate", str(pages), "--out", str(out), "--package", "opik").returncode == 0
    index = json.loads((out / "opik" / "_index.json").read_text())
    assert sorted(o["operationId"] for o in index["operations"]) == [
        "add-thread-comment", "create-feedback-definition", "create-span", "download-dataset-export",
    ]  # fmt: skip
    assert index["schemas"]["ErrorMessage"] == "opik.models.ErrorMessage"
    trees = [ast.parse(path.read_text()) for path in (out / "opik" / "_models").glob("*.py")]
    classes = [node.name for tree in trees for node in tree.body if isinstance(node, ast.ClassDef)]
    assert "ErrorMessage" in classes and len(classes) == len(set(classes))
    assert mypy_strict(out, "opik").returncode == 0


def test_out_naming_an_existing_file_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    """`--out` that is a regular file: one error line naming it, exit 2, nothing written."""
    target = tmp_path / "out.txt"
    target.write_text("mine")
    before = _snapshot(tmp_path)
    run = _run("generate", str(SEED_PAGE), "--out", str(target), "--package", "dial", "--no-cache")
    _assert_one_line_error(run, f"error: {target}: is not a folder", "--out")
    assert _snapshot(tmp_path) == before


def test_a_command_runs_with_fewer_garbage_collections_and_restores_the_thresholds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`main` raises the collector's thresholds for the command (a run's big graphs live to its
    end) and puts the caller's back afterwards, also when the command fails."""
    import gc

    from generator import cli
    from generator.commands import generate as generate_command

    seen: list[tuple[int, int, int]] = []

    def fake_run(args: object) -> int:
        seen.append(gc.get_threshold())
        raise RuntimeError("boom")

    before = gc.get_threshold()
    monkeypatch.setattr(generate_command, "run", fake_run)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate", str(SEED_PAGE), "--out", str(tmp_path)]) == 2
    assert seen == [cli.GC_THRESHOLDS] != [before]
    assert gc.get_threshold() == before


def test_the_process_ends_with_the_commands_code_after_printing_all_it_said(tmp_path: Path) -> None:
    """`python -m generator` skips Python's slow teardown (`cli.run`) but flushes first: a
    pipe gets every line, and the exit code is the command's."""
    out = tmp_path / "out"
    run = _run("generate", str(SEED_PAGE), "--out", str(out), "--package", "dial", "--fail-on-change")
    assert run.returncode == 1, run.stderr
    assert run.stdout.endswith("file(s) changed\n") and str(out / "dial") in run.stdout
    again = _run("generate", str(SEED_PAGE), "--out", str(out), "--package", "dial", "--fail-on-change")
    assert again.returncode == 0 and again.stdout.endswith("up to date\n")


def test_a_profiler_around_the_command_still_writes_its_results(tmp_path: Path) -> None:
    """Under `python -m cProfile` the process exits the normal way, so the profile is written."""
    profile = tmp_path / "run.prof"
    run = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "generator", "generate", str(SEED_PAGE),
         "--out", str(tmp_path / "out"), "--package", "dial"],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert profile.stat().st_size > 0 and "file(s) changed" in run.stdout
