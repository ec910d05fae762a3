"""`pull` does not trust the network: a hostile docs site on 127.0.0.1 redirects to another
port or scheme, loops, serves huge pages, lists thousands of links, drips its answer a byte at
a time. Each stops the pull with one `error:` line, exit 2, nothing written."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, SEED_PAGE, one_error_line

Answer = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """A docs site on 127.0.0.1: path -> how to answer; records the paths asked for."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.asked: list[str] = []
        self.dripped = 0
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.asked.append(self.path)
                site.answers.get(self.path, _status(404))(self)

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler

    def listing(self, *links: str) -> None:
        self.answers["/llms.txt"] = _body(("# Docs\n\n" + "".join(f"- [p]({link})\n" for link in links)).encode())


def _status(code: int, **headers: str) -> Answer:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(code)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def _body(payload: bytes, declare_length: bool = True) -> Answer:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/markdown")
        if declare_length:
            handler.send_header("Content-Length", str(len(payload)))
        else:
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.write(payload)

    return answer


@pytest.fixture
def site() -> Iterator[Site]:
    yield from _running(Site())


@pytest.fixture
def other_site() -> Iterator[Site]:
    yield from _running(Site())


def _running(site: Site) -> Iterator[Site]:
    thread = threading.Thread(target=site.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.httpd.shutdown()
        site.httpd.server_close()
        thread.join()


def _pull(site: Site, into: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "pull", site.url, "--into", str(into), *extra],
        cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120,
    )  # fmt: skip


def _one_line(run: subprocess.CompletedProcess[str], into: Path, *needles: str) -> None:
    """One `error:` line holding the needles, and the spec folder not even created."""
    one_error_line(run, *needles)
    assert not into.exists()


def test_a_redirect_to_another_port_stops_the_pull(tmp_path: Path, site: Site, other_site: Site) -> None:
    """The page is not taken from the other server, nor saved under the listed URL."""
    site.listing("/billing")
    site.answers["/billing.md"] = _status(302, Location=f"{other_site.url}/billing.md")
    other_site.answers["/billing.md"] = _body(SEED_PAGE.read_bytes())
    run = _pull(site, tmp_path / "spec")
    _one_line(run, tmp_path / "spec", f"{site.url}/billing.md: redirected to another site ({other_site.url}/billing.md)")
    assert other_site.asked == []


def test_a_redirect_to_another_scheme_is_never_attempted(tmp_path: Path, site: Site) -> None:
    site.listing("/billing")
    site.answers["/billing.md"] = _status(301, Location="ftp://127.0.0.1/billing.md")
    _one_line(_pull(site, tmp_path / "spec"), tmp_path / "spec", "redirected to another site (ftp://127.0.0.1/billing.md)")


def test_a_redirect_within_the_site_is_followed(tmp_path: Path, site: Site) -> None:
    site.listing("/billing")
    site.answers["/billing.md"] = _status(308, Location="/v2/billing.md")
    site.answers["/v2/billing.md"] = _body(SEED_PAGE.read_bytes())
    run = _pull(site, tmp_path / "spec")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "spec" / "billing.md").read_bytes() == SEED_PAGE.read_bytes()


def test_a_redirect_loop_is_one_line(tmp_path: Path, site: Site) -> None:
    site.listing("/billing")
    site.answers["/billing.md"] = _status(302, Location="/loop.md")
    site.answers["/loop.md"] = _status(302, Location="/billing.md")
    _one_line(_pull(site, tmp_path / "spec"), tmp_path / "spec", "too many redirects")
    assert len(site.asked) <= 1 + 2 * 6  # llms.txt, then a handful of hops, not an endless chase


@pytest.mark.parametrize("declare_length", [True, False])
def test_a_page_over_the_size_cap_is_refused(tmp_path: Path, site: Site, declare_length: bool) -> None:
    """Refused from its Content-Length, or while reading when it has none (1 MB cap here)."""
    site.listing("/billing")
    site.answers["/billing.md"] = _body(SEED_PAGE.read_bytes() + b"x" * (1024 * 1024), declare_length)
    _one_line(_pull(site, tmp_path / "spec", "--max-page-mb", "1"), tmp_path / "spec", "over the size limit of 1 MB")


def test_an_llms_txt_over_the_size_cap_is_refused(tmp_path: Path, site: Site) -> None:
    site.answers["/llms.txt"] = _body(b"# Docs\n\n" + b"- [p](/billing)\n" * 70_000, declare_length=False)
    _one_line(_pull(site, tmp_path / "spec", "--max-page-mb", "1"), tmp_path / "spec", "/llms.txt: the answer is over the size limit of 1 MB")


def test_more_links_than_the_cap_are_refused_before_any_page_is_fetched(tmp_path: Path, site: Site) -> None:
    site.listing(*(f"/page-{number}" for number in range(30)))
    _one_line(_pull(site, tmp_path / "spec", "--max-pages", "10"), tmp_path / "spec", "lists 30 pages of this site, over the limit of 10")
    assert site.asked == ["/llms.txt"]


def test_the_timeout_bounds_the_whole_request_not_each_read(tmp_path: Path, site: Site) -> None:
    """A page dripping one byte every 0.05 s would take 6 s for its 120 bytes; with --timeout 1
    the client hangs up at its deadline, so the site drips far fewer than all of them."""

    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "120")
        handler.end_headers()
        try:
            for _ in range(120):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                site.dripped += 1
                time.sleep(0.05)
        except OSError:
            return  # the client hung up

    site.listing("/billing")
    site.answers["/billing.md"] = drip
    _one_line(_pull(site, tmp_path / "spec", "--timeout", "1"), tmp_path / "spec", "/billing.md: no answer within 1 s")
    assert site.dripped < 100, site.dripped
