"""Fetching one URL over HTTP(S) with the standard library, failures as one-line errors.

`fetch(url, timeout, hint)` returns the URL answered from (after redirects) and the body's
bytes exactly as served. Every way it can fail becomes a `GeneratorError` located at the URL:
an HTTP error status, no answer within the timeout, a host that cannot be reached, a
connection cut short, a URL that cannot be sent.
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request

from generator import __version__
from generator.diagnostics import GeneratorError, Location

USER_AGENT = f"docs-openapi-generator/{__version__} (+pull)"


class UrlLocation(Location):
    """A place on the web: shown as the bare URL (no line, no JSON pointer)."""

    def __str__(self) -> str:
        return self.file


def at_url(url: str) -> UrlLocation:
    return UrlLocation(url, 0)


def fetch(url: str, timeout: float, hint: str) -> tuple[str, bytes]:
    """GET `url`; `hint` says what to do when it fails (added to the message's advice)."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/markdown, text/plain, */*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            return str(response.geturl()), body
    except urllib.error.HTTPError as exc:
        advice = "retry later" if exc.code >= 500 else "check the URL"
        raise _error(url, f"HTTP {exc.code} {exc.reason}", advice, hint) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise _timeout(url, timeout, hint) from None
        raise _error(url, f"cannot connect ({exc.reason})", "check the URL and the network", hint) from None
    except (TimeoutError, socket.timeout):
        raise _timeout(url, timeout, hint) from None
    except (http.client.HTTPException, OSError) as exc:
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise _error(url, f"connection failed ({what})", "retry later", hint) from None
    except ValueError as exc:  # a URL urllib cannot send (bad host or port, non-ASCII text)
        raise _error(url, f"not a usable URL ({type(exc).__name__}: {exc})", "check the URL", hint) from None


def _timeout(url: str, timeout: float, hint: str) -> GeneratorError:
    return _error(url, f"no answer within {timeout:g} s", "retry, or allow longer with --timeout", hint)


def _error(url: str, message: str, advice: str, hint: str) -> GeneratorError:
    return GeneratorError(at_url(url), message, f"{advice}; {hint}" if hint else advice)
