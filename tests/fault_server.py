"""A real HTTP/1.1 server on 127.0.0.1 that misbehaves on request, for client tests.

Each route is a handler that writes raw bytes to the socket, so a test can answer slowly, a
byte at a time, cut the connection mid-body (a TCP reset), send a body far larger than it
said or a gzip bomb, redirect, or answer 429/503 with `Retry-After` a few times before
succeeding. Connections are kept alive (HTTP/1.1) and counted, so a test can check that a
client leaves none open and never has more open than its pool allows.
"""

from __future__ import annotations

import gzip
import json
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Request:
    """One request the server received."""

    method: str
    path: str
    query: str
    headers: dict[str, str]  # names lower-cased
    body: bytes
    at: float  # time.monotonic() when it arrived


class Exchange:
    """What a handler gets: the request, and the socket to answer on."""

    def __init__(self, request: Request, sock: socket.socket) -> None:
        self.request = request
        self.sock = sock
        self.keep_alive = True

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        """A complete response with a Content-Length."""
        head = {"Content-Type": "application/json", "Content-Length": str(len(body)), **(headers or {})}
        self.sock.sendall(_head(status, head) + body)

    def send_head(self, status: int, headers: dict[str, str]) -> None:
        self.sock.sendall(_head(status, headers))

    def reset(self) -> None:
        """Abort the connection with a TCP reset (RST), not an orderly close."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.keep_alive = False


Handler = Callable[[Exchange], None]


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} Status"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


# -- handlers -----------------------------------------------------------------------------------


def reply(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Handler:
    """Answer with `body` (JSON unless bytes)."""
    payload = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()

    def handle(exchange: Exchange) -> None:
        exchange.send(status, payload, headers)

    return handle


def sequence(*handlers: Handler) -> Handler:
    """The first request gets the first handler, the next the second...; the last repeats."""
    lock = threading.Lock()
    state = {"next": 0}

    def handle(exchange: Exchange) -> None:
        with lock:
            index = min(state["next"], len(handlers) - 1)
            state["next"] += 1
        handlers[index](exchange)

    return handle


def drip(body: bytes, interval: float) -> Handler:
    """A 200 whose body comes one byte every `interval` seconds."""

    def handle(exchange: Exchange) -> None:
        exchange.send_head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
        for byte in body:
            time.sleep(interval)
            exchange.sock.sendall(bytes([byte]))

    return handle


def reset_mid_body(status: int = 200, declared: int = 1000, sent: bytes = b'{"partial": ') -> Handler:
    """Headers promising `declared` bytes, a part of the body, then a TCP reset."""

    def handle(exchange: Exchange) -> None:
        exchange.send_head(status, {"Content-Type": "application/json", "Content-Length": str(declared)})
        exchange.sock.sendall(sent)
        exchange.reset()

    return handle


def endless(chunk: bytes, total: int, content_type: str = "application/json", declare: bool = False) -> Handler:
    """`total` bytes made of `chunk`, chunked (or with a Content-Length when `declare`)."""

    def handle(exchange: Exchange) -> None:
        headers = {"Content-Type": content_type}
        headers.update({"Content-Length": str(total)} if declare else {"Transfer-Encoding": "chunked"})
        exchange.send_head(200, headers)
        left = total
        try:
            while left > 0:
                piece = chunk[: min(len(chunk), left)]
                left -= len(piece)
                exchange.sock.sendall(piece if declare else b"%x\r\n%s\r\n" % (len(piece), piece))
            if not declare:
                exchange.sock.sendall(b"0\r\n\r\n")
        except OSError:  # the client stopped reading: that is the point
            exchange.keep_alive = False

    return handle


def bomb(expanded: int, encoding: str = "gzip") -> Handler:
    """A small compressed body that expands to `expanded` zero bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31 if encoding == "gzip" else 15)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(expanded // len(block))]
    payload = b"".join(parts) + compressor.flush()

    def handle(exchange: Exchange) -> None:
        exchange.send(200, payload, {"Content-Encoding": encoding})

    return handle


def gzipped(body: Any) -> Handler:
    payload = gzip.compress(json.dumps(body).encode())
    return reply(200, payload, {"Content-Encoding": "gzip"})


def redirect(location: str, status: int = 302) -> Handler:
    return reply(status, b"", {"Location": location})


# -- the server ---------------------------------------------------------------------------------


@dataclass
class FaultServer:
    """Routes by (method, path); records requests; counts open connections."""

    host: str = "127.0.0.1"
    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    open_connections: int = 0
    most_connections: int = 0
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def route(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method, path)] = handler

    def connected(self, delta: int) -> None:
        with self._lock:
            self.open_connections += delta
            self.most_connections = max(self.most_connections, self.open_connections)

    def wait_idle(self, seconds: float = 2.0) -> int:
        """Wait until every connection is closed (or `seconds` pass); the number still open."""
        end = time.monotonic() + seconds
        while self.open_connections and time.monotonic() < end:
            time.sleep(0.01)
        return self.open_connections


def _read_request(reader: Any) -> Request | None:
    line = reader.readline(65537)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (header := reader.readline(65537)) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while size := int(reader.readline().split(b";")[0], 16):
            body += reader.read(size)
            reader.readline()
        reader.readline()
    else:
        body = reader.read(int(headers.get("content-length") or 0))
    path, _, query = target.partition("?")
    return Request(method, path, query, headers, body, time.monotonic())


def _handler_class(server: FaultServer) -> type[socketserver.BaseRequestHandler]:
    class Connection(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            reader = sock.makefile("rb")
            server.connected(+1)
            try:
                while True:
                    request = _read_request(reader)
                    if request is None:
                        return
                    server.requests.append(request)
                    exchange = Exchange(request, sock)
                    handler = server.routes.get((request.method, request.path), reply(404, {"error": "no route"}))
                    handler(exchange)
                    if not exchange.keep_alive or request.headers.get("connection", "").lower() == "close":
                        return
            except (OSError, ValueError):
                return
            finally:
                server.connected(-1)
                reader.close()

    return Connection


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


@dataclass
class Running:
    server: FaultServer
    tcp: _TCPServer
    thread: threading.Thread


def start(host: str = "127.0.0.1") -> Running:
    """Start a server (on `host`, a name for 127.0.0.1 such as "localhost" allowed)."""
    fault = FaultServer(host=host)
    tcp = _TCPServer(("127.0.0.1", 0), _handler_class(fault))
    fault.port = tcp.server_address[1]
    thread = threading.Thread(target=tcp.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return Running(fault, tcp, thread)


def stop(running: Running) -> None:
    running.tcp.shutdown()
    running.tcp.server_close()
    running.thread.join()


def serving(host: str = "127.0.0.1") -> Iterator[FaultServer]:
    """A fixture body: a server for the test, stopped after it."""
    running = start(host)
    try:
        yield running.server
    finally:
        stop(running)


# -- a fast server for load tests ---------------------------------------------------------------


@dataclass
class FastServer:
    """One asyncio loop in one thread answering every GET with the same JSON body (keep-alive).

    The thread-per-connection server above is fine for faults; with 100 connections its
    threads would compete with the client under test for the GIL.
    """

    body: bytes
    port: int = 0
    served: int = 0
    open_connections: int = 0
    most_connections: int = 0
    loop: Any = None
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _connection(self, reader: Any, writer: Any) -> None:
        self.open_connections += 1
        self.most_connections = max(self.most_connections, self.open_connections)
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(self.body)
        try:
            while True:
                try:
                    await reader.readuntil(b"\r\n\r\n")
                except Exception:
                    return
                self.served += 1
                writer.write(head + self.body)
                await writer.drain()
        finally:
            self.open_connections -= 1
            writer.close()

    def wait_idle(self, seconds: float = 2.0) -> int:
        end = time.monotonic() + seconds
        while self.open_connections and time.monotonic() < end:
            time.sleep(0.01)
        return self.open_connections


def fast_serving(body: Any) -> Iterator[FastServer]:
    """A fixture body: a `FastServer` answering `body` (JSON), stopped after the test."""
    import asyncio

    fast = FastServer(json.dumps(body).encode())
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    stop = loop.create_future()

    async def serve() -> None:
        server = await asyncio.start_server(fast._connection, "127.0.0.1", 0, backlog=512)
        fast.port = server.sockets[0].getsockname()[1]
        ready.set()
        await stop
        server.close()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    ready.wait(5)
    try:
        yield fast
    finally:
        loop.call_soon_threadsafe(stop.set_result, None)
        thread.join(5)
        loop.close()
