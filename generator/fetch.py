"""Fetching one URL over HTTP(S) with the standard library, failures as one-line errors.

`fetch(url, timeout, hint, max_bytes)` returns the URL answered from (after redirects) and the
body's bytes exactly as served. It does not trust the network:

- Redirects are followed only within the same origin (scheme, host and port), at most
  `MAX_REDIRECTS` of them; one to another site, port or scheme (`ftp:`), or a loop, stops
  the fetch.
- `timeout` bounds the whole request, from connecting to the last byte: a watchdog shuts the
  connection down at the deadline, so a server dripping one byte at a time cannot keep it
  alive (a socket timeout alone only bounds each read).
- The body is read up to `max_bytes` (a larger `Content-Length` is refused before reading).

Every way it can fail becomes a `GeneratorError` located at the URL, one line: an HTTP error
status, no answer within the timeout, a host that cannot be reached, a connection cut short,
a URL that cannot be sent, a redirect it will not follow, a body over the cap.
"""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from generator import __version__
from generator.diagnostics import GeneratorError, Location

USER_AGENT = f"docs-openapi-generator/{__version__} (+pull)"
MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_CHUNK = 64 * 1024


class UrlLocation(Location):
    """A place on the web: shown as the bare URL (no line, no JSON pointer)."""

    def __str__(self) -> str:
        return self.file


def at_url(url: str) -> UrlLocation:
    return UrlLocation(url, 0)


def origin(url: str) -> tuple[str, str | None, int | None]:
    """Scheme, host and port (the default one filled in); raises ValueError for a bad URL."""
    parts = urlsplit(url)
    port = parts.port if parts.port is not None else {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme.lower(), (parts.hostname or "").lower() or None, port


class _Refused(Exception):
    """Something the fetch will not do (a redirect elsewhere, a body over the cap)."""

    def __init__(self, message: str, advice: str) -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice


class _Watchdog:
    """Shuts down every connection of one request when its deadline passes."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def stop(self) -> None:
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _WatchedHTTP(http.client.HTTPConnection):
    watchdog: _Watchdog

    def connect(self) -> None:
        super().connect()
        self.watchdog.watch(self.sock)


class _WatchedHTTPS(http.client.HTTPSConnection):
    watchdog: _Watchdog

    def connect(self) -> None:
        super().connect()
        self.watchdog.watch(self.sock)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self.watchdog = watchdog

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)

    def _connection(self, host: str, **kwargs: Any) -> http.client.HTTPConnection:
        connection = _WatchedHTTP(host, **kwargs)
        connection.watchdog = self.watchdog
        return connection


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self.watchdog = watchdog

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=self._context)  # type: ignore[attr-defined]

    def _connection(self, host: str, **kwargs: Any) -> http.client.HTTPSConnection:
        connection = _WatchedHTTPS(host, **kwargs)
        connection.watchdog = self.watchdog
        return connection


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same scheme, host and port; at most MAX_REDIRECTS."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 1

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        try:
            same = origin(newurl) == origin(req.full_url)
        except ValueError:
            same = False
        if not same:
            raise _Refused(
                f"redirected to another site ({newurl[:200]}); only redirects within the site are followed",
                "use the address it redirects to, if you trust it",
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float, hint: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bytes]:
    """GET `url` within `timeout` seconds in all; `hint` says what to do when it fails (added
    to the message's advice); a body over `max_bytes` is refused."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/markdown, text/plain, */*"}
    )
    watchdog = _Watchdog(timeout)
    opener = urllib.request.build_opener(_HTTPHandler(watchdog), _HTTPSHandler(watchdog), _SameOriginRedirects())
    try:
        with opener.open(request, timeout=timeout) as response:
            body = _read(response, max_bytes)
            answered_from = str(response.geturl())
    except _Refused as exc:
        raise _error(url, exc.message, exc.advice, hint) from None
    except Exception as exc:
        raise (_timeout(url, timeout, hint) if watchdog.expired else _failure(url, exc, timeout, hint)) from None
    finally:
        watchdog.stop()
    if watchdog.expired:  # the connection was cut at the deadline: what was read is not all
        raise _timeout(url, timeout, hint)
    return answered_from, body


def _read(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    """The body, refused as soon as it is known to be over `max_bytes`."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_big(max_bytes)
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise _too_big(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(max_bytes: int) -> _Refused:
    return _Refused(
        f"the answer is over the size limit of {max_bytes / (1024 * 1024):g} MB",
        "pass a higher --max-page-mb if the site really serves such pages",
    )


def _failure(url: str, exc: Exception, timeout: float, hint: str) -> GeneratorError:
    """The one-line error for a failed request (see the module docstring)."""
    if isinstance(exc, urllib.error.HTTPError):
        if 300 <= exc.code < 400:
            return _error(url, f"HTTP {exc.code}: too many redirects (a loop?)", "check the URL", hint)
        advice = "retry later" if exc.code >= 500 else "check the URL"
        return _error(url, f"HTTP {exc.code} {exc.reason}", advice, hint)
    if isinstance(exc, urllib.error.URLError):
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            return _timeout(url, timeout, hint)
        return _error(url, f"cannot connect ({exc.reason})", "check the URL and the network", hint)
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return _timeout(url, timeout, hint)
    if isinstance(exc, (http.client.HTTPException, OSError)):
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return _error(url, f"connection failed ({what})", "retry later", hint)
    if isinstance(exc, ValueError):  # a URL urllib cannot send (bad host or port, non-ASCII text)
        return _error(url, f"not a usable URL ({type(exc).__name__}: {exc})", "check the URL", hint)
    raise exc


def _timeout(url: str, timeout: float, hint: str) -> GeneratorError:
    return _error(url, f"no answer within {timeout:g} s", "retry, or allow longer with --timeout", hint)


def _error(url: str, message: str, advice: str, hint: str) -> GeneratorError:
    one_line = " ".join(message.split())  # a server's text may hold line breaks
    return GeneratorError(at_url(url), one_line, f"{advice}; {hint}" if hint else advice)
