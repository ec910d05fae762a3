"""Shared fixtures: the committed client on sys.path, and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SEED_PAGE = ROOT / "spec" / "dial" / "get-billing.md"
CORPUS = ROOT.parent / "shared" / "corpus"

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


@pytest.fixture(autouse=True, scope="session")
def user_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Runs outside a project cache in the user's cache folder: a temporary one, for every test
    (and the processes it starts), so the suite never writes into the real ~/.cache."""
    folder = tmp_path_factory.mktemp("user-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous


def generator_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` run for real in `cwd`, its cache inside `cwd`."""
    env = {"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd)}
    env["XDG_CACHE_HOME"] = str(cwd / "cache")
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


def mypy_strict(folder: Path, package: str) -> subprocess.CompletedProcess[str]:
    """Run `mypy --strict` on a generated package, its cache kept out of the package's folder.

    The run is incremental over the test session's cache folder (one per xdist worker): the
    standard library and httpx are analysed once per worker, not once per package. mypy caches
    no module with errors, so such a run reports every error a fresh one does.
    """
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "mypy"  # the session's, see user_cache_folder
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), package]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True)


def mypy_user_code(package: ModuleType, folder: Path, code: str) -> list[str]:
    """The lines `mypy --strict` prints for user code (`folder/use.py`) that imports a package
    made by `generated_package`."""
    (folder / "use.py").write_text(code, encoding="utf-8")
    root = Path(package.__file__ or "").parent.parent
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(folder / "c")]
    run = subprocess.run([*command, str(folder / "use.py")], cwd=root, capture_output=True, text=True)
    return run.stdout.splitlines()


@contextmanager
def generated_package(
    folder: Path,
    spec_text: str,
    package: str,
    suffix: str = ".yaml",
    extra_specs: tuple[Path, ...] = (),
    **options: Any,
) -> Iterator[ModuleType]:
    """Generate a package from an inline spec (or page, `suffix=".md"`) and any `extra_specs`,
    check it with mypy --strict, import it. `options` are further `Options` fields."""
    from generator.context import Context, Options
    from generator.pipeline import generate

    (folder / f"{package}{suffix}").write_text(spec_text, encoding="utf-8")
    specs = (folder / f"{package}{suffix}", *extra_specs)
    generate(Context(Options(specs, folder / "out", package, **options)))
    check = mypy_strict(folder / "out", package)
    assert check.returncode == 0, check.stdout
    sys.path.insert(0, str(folder / "out"))
    try:
        module = importlib.import_module(package)
        for name in module.models.__all__:  # loaded now: the package leaves sys.path after the block
            getattr(module.models, name)
        yield module
    finally:
        sys.path.remove(str(folder / "out"))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]


@dataclass
class Recorded:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def multipart_parts(self) -> list[Message]:
        """The parts of a multipart/form-data request body, in order."""
        head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + self.body)
        assert message.is_multipart()
        return list(message.iter_parts())  # type: ignore[attr-defined]


@dataclass
class Route:
    status: int
    body: Any
    content_type: str = "application/json"
    delay: float = 0.0
    chunks: list[bytes] | None = None  # sent one by one instead of `body`, waiting on `gate` after the first
    gate: threading.Event | None = None
    headers: dict[str, str] = field(default_factory=dict)  # more response headers


@dataclass
class LocalServer:
    """A real HTTP server on loopback that answers configured routes and records requests."""

    url: str
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)

    def answer(self, method: str, path: str, status: int, body: Any, **kw: Any) -> None:
        self.routes[(method, path)] = Route(status, body, **kw)


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            body = self._request_body()
            server.requests.append(Recorded(self.command, self.path, dict(self.headers), body))
            route = server.routes.get((self.command, self.path.split("?")[0]))
            if route is None:
                route = Route(404, {"error": "no route"})
            if route.delay:
                threading.Event().wait(route.delay)
            if route.chunks is not None:
                self._send_chunked(route)
                return
            payload = route.body if isinstance(route.body, bytes) else json.dumps(route.body).encode()
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _request_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""
            body = b""
            while size := int(self.rfile.readline().split(b";")[0], 16):
                body += self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
            return body

        def _send_chunked(self, route: Route) -> None:
            """The chunks as they come (the body ends when the connection closes, as in HTTP/1.0).

            After the first, wait until the test opens the gate; if it never does (a client that
            waits for the whole body), stop there, so the client sees only the first chunk.
            """
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.end_headers()
            for index, chunk in enumerate(route.chunks or []):
                if index == 1 and route.gate is not None and not route.gate.wait(3):
                    return
                self.wfile.write(chunk)
                self.wfile.flush()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


JsonAnswer = Callable[[str, dict[str, str], Message], tuple[Any, dict[str, str]]]


@contextmanager
def json_server(answer: JsonAnswer) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 for a `with` block (yields its URL): each GET is answered
    200 with the JSON body and headers `answer(path, query, request headers)` gives."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            split = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(split.query).items()}
            body, headers = answer(split.path, query, self.headers)
            payload = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(local))
    httpd.daemon_threads = True
    local.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield local
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def one_error_line(run: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The CLI refused: exit 2, exactly one `error:` line on stderr (not an internal error, no
    traceback) holding every needle. Returns the line."""
    assert run.returncode == 2, run.stdout + run.stderr
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("error: ") and "internal error" not in line, line
    for needle in needles:
        assert needle in line, line
    return line


@pytest.fixture
def fault_server() -> Iterator[Any]:
    """A misbehaving HTTP/1.1 server on 127.0.0.1 (`tests/fault_server.py`)."""
    from fault_server import serving

    yield from serving("127.0.0.1")


@pytest.fixture
def other_host_server() -> Iterator[Any]:
    """A second server, addressed as `localhost`: another host for redirects."""
    from fault_server import serving

    yield from serving("localhost")


FAULTS_SPEC = """\
openapi: 3.1.0
info: {title: Faults, version: '1'}
servers: [{url: 'https://api.example.com'}]
security: [{headerKey: []}]
components:
  securitySchemes:
    headerKey: {type: apiKey, in: header, name: X-Api-Key}
    queryKey: {type: apiKey, in: query, name: api_key}
  schemas:
    Thing:
      type: object
      properties: {name: {type: string}}
paths:
  /orgs/{org}/members/{member}:
    delete:
      operationId: removeMember
      tags: [orgs]
      parameters:
        - {name: org, in: path, required: true, schema: {type: string}}
        - {name: member, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: gone}}
  /items:
    get:
      operationId: listItems
      tags: [items]
      parameters:
        - {name: ids, in: query, schema: {type: array, items: {type: string}}}
        - {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, additionalProperties: true}}}}
    post:
      operationId: createItem
      tags: [items]
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {type: object, additionalProperties: true}}}}
  /payments:
    post:
      operationId: createPayment
      tags: [items]
      parameters:
        - {name: Idempotency-Key, in: header, schema: {type: string}}
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {type: object, additionalProperties: true}}}}
  /search:
    get:
      operationId: search
      tags: [items]
      security: [{queryKey: []}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, additionalProperties: true}}}}
  /public:
    get:
      operationId: getPublic
      tags: [items]
      security: [{}, {headerKey: []}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, additionalProperties: true}}}}
  /events:
    get:
      operationId: streamEvents
      tags: [items]
      responses:
        '200':
          description: events
          content: {text/event-stream: {schema: {type: object, properties: {n: {type: integer}}}}}
"""


@pytest.fixture(scope="session")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """A client generated from FAULTS_SPEC (path parameters, POST, idempotency key, query key,
    optional auth, events), shared by the client-behaviour tests."""
    with generated_package(tmp_path_factory.mktemp("faults"), FAULTS_SPEC, "faults") as package:
        yield package
