"""`pull`: a docs site's llms.txt -> the pages holding an OpenAPI document, in the spec folder.

The site is real HTTP on 127.0.0.1 (the `server` fixture), serving corpus pages as Markdown at
page URL + `.md`: the four Opik pages, the Dial seed page, the Respeecher AsyncAPI page and a
page of prose.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, SEED_PAGE, LocalServer
from hypothesis import given
from hypothesis import strategies as st

from generator.diagnostics import GeneratorError
from generator.fetch import fetch
from generator.llms_txt import file_name, markdown_url, page_links

PAGES = CORPUS / "pages"
OPIK = {
    f"/api-reference/opik/{p.stem.removeprefix('opik__')}": p.read_bytes() for p in sorted(PAGES.glob("opik__*.md"))
}
BILLING = {"/api-reference/billing/get-billing": SEED_PAGE.read_bytes()}
ASYNCAPI = {"/api-reference/tts/websocket": (PAGES / "respeecher__tts-websocket_ASYNCAPI-negative.md").read_bytes()}
PROSE = {"/guides/quickstart": b"# Quickstart\n\nInstall the SDK, then call the API.\n"}
SITE = {**OPIK, **BILLING, **ASYNCAPI, **PROSE}
PULLED = {
    "api-reference__opik__add-thread-comment.md",
    "api-reference__opik__create-feedback-definition.md",
    "api-reference__opik__create-span.md",
    "api-reference__opik__download-dataset-export.md",
    "api-reference__billing__get-billing.md",
}


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _serve(server: LocalServer, pages: dict[str, bytes]) -> None:
    """Serve `pages` (page path -> Markdown) and an llms.txt listing them, plus a foreign link."""
    items = [f"- [{path}]({server.url + path if i % 2 else path.lstrip('/')}): a page" for i, path in enumerate(pages)]
    llms = ["# Example API", "", "> Docs of the Example API.", "", "## API Reference", "", *items, ""]
    llms += ["## Optional", "", "- [Status](https://status.example.org/): another site", ""]
    server.routes.clear()
    server.answer("GET", "/llms.txt", 200, "\n".join(llms).encode(), content_type="text/plain")
    for path, body in pages.items():
        server.answer("GET", f"{path}.md", 200, body, content_type="text/markdown")


def _pull(server: LocalServer, into: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return _run("pull", server.url, "--into", str(into), *extra)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _assert_one_line_error(run: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in run.stderr, run.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def pulled(tmp_path: Path, server: LocalServer) -> Path:
    """A spec folder after a first pull of the whole site, plus a file of the user's own."""
    into = tmp_path / "spec"
    _serve(server, SITE)
    run = _pull(server, into)
    assert run.returncode == 0, run.stderr
    (into / "notes.md").write_bytes(b"# My notes\n")
    return into


def test_first_pull_writes_the_openapi_pages_exactly_as_served(tmp_path: Path, server: LocalServer) -> None:
    """Only pages holding an OpenAPI document are written, byte for byte, under stable names."""
    _serve(server, SITE)
    run = _pull(server, tmp_path / "spec")
    assert run.returncode == 0, run.stderr
    written = {p.name: p.read_bytes() for p in (tmp_path / "spec").iterdir() if p.name != ".pull-manifest"}
    assert written == {f"{path.strip('/').replace('/', '__')}.md": SITE[path] for path in {**OPIK, **BILLING}}
    assert set(written) == PULLED


def test_first_pull_reports_added_and_skipped_pages(tmp_path: Path, server: LocalServer) -> None:
    """The report lists each added file and each skipped page with the reason."""
    _serve(server, SITE)
    lines = _pull(server, tmp_path / "spec").stdout.splitlines()
    assert sorted(line.removeprefix("added: ") for line in lines if line.startswith("added: ")) == sorted(PULLED)
    assert (
        f"skipped: {server.url}/api-reference/tts/websocket.md (this is an AsyncAPI document, not OpenAPI 3.x)" in lines
    )
    assert f"skipped: {server.url}/guides/quickstart.md (no OpenAPI document found in the page)" in lines
    assert "5 added, 0 changed, 0 removed" in lines[-1] and "1 link(s) to other sites ignored" in lines[-1]


def test_second_pull_of_an_unchanged_site_writes_nothing(pulled: Path, server: LocalServer) -> None:
    """Re-pulling the same site says "up to date" and leaves every file (and mtime) alone."""
    before = _snapshot(pulled)
    run = _pull(server, pulled)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1].endswith(
        f"up to date (5 page(s) with an OpenAPI document from {server.url}/llms.txt; 1 link(s) to other sites ignored)"
    )
    assert _snapshot(pulled) == before


def test_changed_page_is_rewritten_and_reported(pulled: Path, server: LocalServer) -> None:
    """A page whose Markdown changed on the site is rewritten; the others keep their mtime."""
    before = _snapshot(pulled)
    edited = SITE["/api-reference/billing/get-billing"] + b"\nA new paragraph.\n"
    _serve(server, {**SITE, "/api-reference/billing/get-billing": edited})
    run = _pull(server, pulled)
    assert run.returncode == 0, run.stderr
    assert "changed: api-reference__billing__get-billing.md" in run.stdout.splitlines()
    assert (pulled / "api-reference__billing__get-billing.md").read_bytes() == edited
    after = _snapshot(pulled)
    assert {n for n in after if after[n] != before[n]} == {"api-reference__billing__get-billing.md"}


def test_page_added_on_the_site_is_written(pulled: Path, server: LocalServer) -> None:
    """A newly listed page with an OpenAPI document is added and recorded in the manifest."""
    afterpay = (PAGES / "afterpay__revoke-grant.md").read_bytes()
    _serve(server, {**SITE, "/api-reference/grants/revoke-grant": afterpay})
    run = _pull(server, pulled)
    assert run.returncode == 0, run.stderr
    assert "added: api-reference__grants__revoke-grant.md" in run.stdout.splitlines()
    assert (pulled / "api-reference__grants__revoke-grant.md").read_bytes() == afterpay
    manifest = json.loads((pulled / ".pull-manifest").read_text())
    assert (
        manifest["pages"]["api-reference__grants__revoke-grant.md"]
        == f"{server.url}/api-reference/grants/revoke-grant.md"
    )


def test_page_dropped_from_the_site_is_removed_but_user_files_stay(pulled: Path, server: LocalServer) -> None:
    """A page no longer listed is deleted (it was pulled); the user's own file is untouched."""
    site = {path: body for path, body in SITE.items() if path != "/api-reference/opik/create-span"}
    _serve(server, site)
    run = _pull(server, pulled)
    assert run.returncode == 0, run.stderr
    assert "removed: api-reference__opik__create-span.md" in run.stdout.splitlines()
    assert not (pulled / "api-reference__opik__create-span.md").exists()
    assert (pulled / "notes.md").read_bytes() == b"# My notes\n"


@pytest.mark.parametrize("status", [404, 503])
def test_failing_listed_page_stops_the_pull_and_writes_nothing(pulled: Path, server: LocalServer, status: int) -> None:
    """A listed page answering 404 or 5xx: exit 2, one line naming it, the folder untouched."""
    before = _snapshot(pulled)
    edited = SITE["/api-reference/billing/get-billing"] + b"\nA new paragraph.\n"
    _serve(server, {**SITE, "/api-reference/billing/get-billing": edited, "/api-reference/new/page": b""})
    server.answer("GET", "/api-reference/new/page.md", status, b"gone", content_type="text/plain")
    run = _pull(server, pulled)
    _assert_one_line_error(run, f"{server.url}/api-reference/new/page.md: HTTP {status}", "nothing was written")
    assert _snapshot(pulled) == before


def test_timeout_stops_the_pull_and_writes_nothing(pulled: Path, server: LocalServer) -> None:
    """A page answering later than --timeout: exit 2, one line, the folder untouched."""
    before = _snapshot(pulled)
    server.routes[("GET", "/api-reference/opik/create-span.md")].delay = 1.5
    run = _pull(server, pulled, "--timeout", "0.2")
    _assert_one_line_error(run, "/api-reference/opik/create-span.md: no answer within 0.2 s", "--timeout")
    assert _snapshot(pulled) == before


def test_missing_llms_txt_is_one_line_and_creates_nothing(tmp_path: Path, server: LocalServer) -> None:
    """No llms.txt on the site: exit 2, the URL and the status; the folder is not created."""
    run = _pull(server, tmp_path / "spec")
    _assert_one_line_error(run, f"{server.url}/llms.txt: HTTP 404")
    assert not (tmp_path / "spec").exists()


def test_unreachable_site_is_one_line(tmp_path: Path) -> None:
    """Nothing listening at the address: exit 2 with "cannot connect"."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = _run("pull", f"http://127.0.0.1:{port}", "--into", str(tmp_path / "spec"))
    _assert_one_line_error(run, f"http://127.0.0.1:{port}/llms.txt: cannot connect")


def test_site_without_any_openapi_page_is_refused(tmp_path: Path, server: LocalServer) -> None:
    """If no listed page holds an OpenAPI document, nothing is written (it would empty the folder)."""
    _serve(server, {**ASYNCAPI, **PROSE})
    run = _pull(server, tmp_path / "spec")
    _assert_one_line_error(run, "none of the 2 listed page(s) holds an OpenAPI document")
    assert not (tmp_path / "spec").exists()


def test_user_file_at_a_pulled_name_is_not_overwritten(tmp_path: Path, server: LocalServer) -> None:
    """A file the user made where a page would go stops the pull; nothing is written."""
    into = tmp_path / "spec"
    into.mkdir()
    (into / "api-reference__opik__create-span.md").write_bytes(b"mine\n")
    _serve(server, SITE)
    run = _pull(server, into)
    _assert_one_line_error(
        run, "api-reference__opik__create-span.md #: would be overwritten", "earlier pull did not write it"
    )
    assert [p.name for p in into.iterdir()] == ["api-reference__opik__create-span.md"]


def test_pulled_opik_pages_generate_one_client(tmp_path: Path, server: LocalServer) -> None:
    """`generate` on the pulled folder (manifest included) merges the Opik pages into one client."""
    _serve(server, {**OPIK, **PROSE})
    assert _pull(server, tmp_path / "spec").returncode == 0
    run = _run("generate", str(tmp_path / "spec"), "--out", str(tmp_path / "out"), "--package", "opik")
    assert run.returncode == 0, run.stderr
    index = json.loads((tmp_path / "out" / "opik" / "_index.json").read_text())
    assert len(index["operations"]) == 4


def test_pyproject_gives_docs_url_and_folder(tmp_path: Path, server: LocalServer) -> None:
    """With no arguments, docs_url and the first spec entry of [tool.generator] are used."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(f'[tool.generator]\nspec = ["pages", "more"]\ndocs_url = "{server.url}/"\n')
    _serve(server, BILLING)
    run = _run("pull", cwd=project)
    assert run.returncode == 0, run.stderr
    assert (project / "pages" / "api-reference__billing__get-billing.md").read_bytes() == SEED_PAGE.read_bytes()


def test_no_docs_url_anywhere_is_one_line(tmp_path: Path) -> None:
    """Without a URL argument or docs_url: exit 2 saying how to give one."""
    (tmp_path / "pyproject.toml").write_text("[tool.generator]\n")
    _assert_one_line_error(_run("pull", cwd=tmp_path), "no docs site given", "docs_url")


def test_llms_txt_links_relative_absolute_and_in_fences() -> None:
    """List-item links resolve against llms.txt; links in code fences and prose are not pages."""
    text = (
        "# Docs\n\n> Summary with [a link](/prose).\n\n## API\n\n- [A](/api/a): first\n"
        "  * [B](api/b.md)\n- [C](https://docs.example.com/api/c#part)\n\n```\n- [D](/d)\n```\n"
    )
    links = page_links(text, "https://docs.example.com/v2/llms.txt")
    assert links == [
        "https://docs.example.com/api/a",
        "https://docs.example.com/v2/api/b.md",
        "https://docs.example.com/api/c",
    ]


def test_markdown_url_appends_md_unless_already_markdown() -> None:
    """Page URL + .md; a link already ending in .md or .mdx is fetched as it is."""
    assert markdown_url("https://d.io/api/get-user") == "https://d.io/api/get-user.md"
    assert markdown_url("https://d.io/api/get-user/") == "https://d.io/api/get-user.md"
    assert markdown_url("https://d.io/api/get-user.mdx") == "https://d.io/api/get-user.mdx"


def test_file_names_are_readable_for_plain_paths() -> None:
    """Plain paths give their segments joined by `__`; odd ones a sanitized name plus a hash."""
    assert file_name("https://d.io/api-reference/billing/get-billing.md") == "api-reference__billing__get-billing.md"
    assert file_name("https://d.io/api/v1.2/list_users.mdx") == "api__v1.2__list_users.mdx"
    odd = file_name("https://d.io/api/get%20user.md")
    assert odd.startswith("api__get-20user~") and odd.endswith(".md") and len(odd) == len("api__get-20user~") + 12 + 3


TRICKY_PATHS = [
    "/a/b.md", "/a__b.md", "/a//b.md", "/a_/_b.md", "/a/_b.md", "/a_/b.md", "/a/b.md?x=1", "/A/b.md",
    "/a/b.mdx", "/a.b.md", "/a/.b.md", "/a/~b.md", "/a/b%20c.md", "/a/b-c.md", "/a/b.md.md",
]  # fmt: skip


def test_tricky_paths_get_distinct_names() -> None:
    """Paths that a naive `/` -> `__` rule would merge get different file names."""
    names = [file_name("https://d.io" + path) for path in TRICKY_PATHS]
    assert len(set(names)) == len(TRICKY_PATHS), names


@given(st.text(alphabet="a_/.~-A%", min_size=1, max_size=10))
def test_file_names_never_collide(path: str) -> None:
    """A path and its look-alikes (`/` vs `__` vs `//`, letter case) never share a file name."""
    variants = {path, path.replace("/", "__"), path.replace("__", "/"), path.replace("/", "//"), path.swapcase()}
    names = {file_name(f"https://d.io/{variant}.md") for variant in variants}
    assert len(names) == len(variants), sorted(variants)


def test_page_with_a_broken_openapi_document_is_skipped_with_a_warning(tmp_path: Path, server: LocalServer) -> None:
    """An OpenAPI fence that does not parse: a warning naming the page; the other pages are pulled."""
    broken = b"# Broken\n\n```yaml\nopenapi: 3.1.0\ninfo: [unclosed\n```\n"
    _serve(server, {**BILLING, "/api-reference/broken": broken})
    run = _pull(server, tmp_path / "spec")
    assert run.returncode == 0, run.stderr
    [warning] = run.stderr.splitlines()
    assert warning.startswith(
        f"warning: {server.url}/api-reference/broken.md: skipped: its OpenAPI document does not load"
    )
    assert "/api-reference/broken" not in run.stdout
    assert sorted(p.name for p in (tmp_path / "spec").iterdir()) == [
        ".pull-manifest",
        "api-reference__billing__get-billing.md",
    ]


def test_redirected_llms_txt_resolves_links_from_where_it_was_served(tmp_path: Path) -> None:
    """A docs URL that redirects: relative links resolve against the final llms.txt address."""
    answers = {
        "/docs/llms.txt": b"# Docs\n\n## API\n\n- [Billing](billing)\n",
        "/docs/billing.md": SEED_PAGE.read_bytes(),
    }

    class Redirecting(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = answers.get(self.path)
            self.send_response(301 if self.path == "/llms.txt" else 200 if body else 404)
            if self.path == "/llms.txt":
                self.send_header("Location", "/docs/llms.txt")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, format: str, *args: object) -> None:
            return

    with ThreadingHTTPServer(("127.0.0.1", 0), Redirecting) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            run = _run("pull", f"http://127.0.0.1:{httpd.server_address[1]}", "--into", str(tmp_path / "spec"))
        finally:
            httpd.shutdown()
            thread.join()
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "spec" / "docs__billing.md").read_bytes() == SEED_PAGE.read_bytes()


def test_unusable_links_in_llms_txt_are_skipped_and_the_good_pages_pulled(tmp_path: Path, server: LocalServer) -> None:
    """A broken IPv6 host or a port out of range: reported as skipped, never fetched; the rest is pulled."""
    _serve(server, BILLING)
    broken = ["http://[::1/x", "http://127.0.0.1:99999/x"]
    llms = server.routes[("GET", "/llms.txt")].body + "".join(f"- [x]({link})\n" for link in broken).encode()
    server.answer("GET", "/llms.txt", 200, llms, content_type="text/plain")
    run = _pull(server, tmp_path / "spec")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "skipped: http://[::1/x (not a usable URL: Invalid IPv6 URL)" in lines
    assert "skipped: http://127.0.0.1:99999/x (not a usable URL: Port out of range 0-65535)" in lines
    assert (tmp_path / "spec" / "api-reference__billing__get-billing.md").read_bytes() == SEED_PAGE.read_bytes()


def test_non_ascii_page_path_is_fetched_percent_encoded(tmp_path: Path, server: LocalServer) -> None:
    """`/café` is requested as `/caf%C3%A9.md` (UTF-8, percent-encoded) and its page written."""
    server.answer("GET", "/llms.txt", 200, "# Docs\n\n- [Café](/café)\n".encode(), content_type="text/plain")
    server.answer("GET", "/caf%C3%A9.md", 200, SEED_PAGE.read_bytes(), content_type="text/markdown")
    run = _pull(server, tmp_path / "spec")
    assert run.returncode == 0, run.stderr
    [page] = [p for p in (tmp_path / "spec").iterdir() if p.name != ".pull-manifest"]
    assert page.read_bytes() == SEED_PAGE.read_bytes()


def test_fetch_of_a_url_urllib_cannot_send_is_a_generator_error(server: LocalServer) -> None:
    """A URL with raw non-ASCII text (urllib raises UnicodeEncodeError) fails as a one-line error."""
    with pytest.raises(GeneratorError) as caught:
        fetch(f"{server.url}/café", 5, "nothing was written")
    assert caught.value.one_line().startswith(f"error: {server.url}/café: not a usable URL (UnicodeEncodeError: ")
