"""When a call is tried again, how long it waits, and how long the whole call may take.

Retries follow the policy of the big API SDKs. A call is tried again (by default twice,
`max_retries=` on the client or the call) after a connection error, or a 408, 409, 429 or
5xx response; never after 400, 401, 403, 404 or 422. A server's `x-should-retry: true` /
`false` header decides for the other statuses. The wait doubles from
`RetryPolicy.initial_delay` (0.5 s) up to `max_delay` (8 s), less up to a quarter of random
jitter; a `Retry-After` (seconds or an HTTP date) or `retry-after-ms` header sets it instead,
capped at `max_retry_after` (60 s).

A request that is not idempotent (POST, PATCH) is sent again only when it cannot have
reached the server (the connection was never made), or when it carries an `Idempotency-Key`
header: yours, or one the client makes (a UUID, the same on every attempt) when the spec
documents that header for the operation and you leave it out. A body given as a stream of
chunks cannot be sent twice and is never retried.

`Deadline` is a call's overall bound: a number `timeout` (or the largest value of an
`httpx.Timeout`) bounds the wall time of the whole call, its retries and the reading of its
body included. Each attempt's socket timeouts are cut to the time left.
"""

from __future__ import annotations

import dataclasses
import email.utils
import random
import time
from typing import Union

import httpx

DEFAULT_MAX_RETRIES = 2
RETRY_STATUSES = frozenset({408, 409, 429})
NEVER_RETRY_STATUSES = frozenset({400, 401, 403, 404, 422})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
IDEMPOTENCY_HEADER = "Idempotency-Key"
TimeoutTypes = Union[float, httpx.Timeout, None]


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How long to wait before each retry (seconds); pass `retry_policy=` to a client."""

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0  # a longer Retry-After is cut to this

    def delay(self, retries_done: int, headers: httpx.Headers | None) -> float:
        """The wait before retry number `retries_done + 1`: the server's word, else backoff."""
        asked = retry_after(headers) if headers is not None else None
        if asked is not None:
            return min(max(asked, 0.0), self.max_retry_after)
        backoff = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return backoff * (1 - 0.25 * random.random())


DEFAULT_RETRY_POLICY = RetryPolicy()


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asked to wait (`retry-after-ms`, `Retry-After` seconds or date)."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return float(milliseconds) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when.timestamp() - time.time()


def may_repeat(request: httpx.Request, replayable: bool) -> bool:
    """Whether sending the request twice is safe: an idempotent method or an idempotency key."""
    return replayable and (
        request.method in IDEMPOTENT_METHODS or IDEMPOTENCY_HEADER in request.headers
    )


def never_reached_server(error: Exception) -> bool:
    """A failure before any byte of the request went out (no connection was made)."""
    return isinstance(
        error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
    )


def retryable_status(response: httpx.Response) -> bool:
    """408, 409, 429 and 5xx, unless the server says otherwise (`x-should-retry`)."""
    if response.status_code in NEVER_RETRY_STATUSES or response.is_success:
        return False
    should: str = response.headers.get("x-should-retry", "").strip().lower()
    if should in ("true", "false"):
        return should == "true"
    return response.status_code in RETRY_STATUSES or response.status_code >= 500


class Deadline:
    """The moment a call must be over by (None: no bound)."""

    def __init__(self, timeout: TimeoutTypes) -> None:
        seconds = overall_seconds(timeout)
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float | None:
        """Seconds left (never below 0), or None without a bound."""
        return None if self.end is None else max(self.end - time.monotonic(), 0.0)

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0

    def allows(self, wait: float) -> bool:
        """Whether waiting `wait` seconds still leaves time for another attempt."""
        left = self.remaining()
        return left is None or wait < left

    def cut(self, timeouts: dict[str, float | None]) -> dict[str, float | None]:
        """Per-operation socket timeouts (httpx's `timeout` extension) cut to the time left."""
        left = self.remaining()
        if left is None:
            return dict(timeouts)
        left = max(left, 0.001)
        return {
            key: left if value is None else min(value, left)
            for key, value in timeouts.items()
        }


def overall_seconds(timeout: TimeoutTypes) -> float | None:
    """The wall-time bound of a call: the number, or the largest part of an `httpx.Timeout`."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        parts = [
            t
            for t in (timeout.connect, timeout.read, timeout.write, timeout.pool)
            if t is not None
        ]
        return max(parts) if parts else None
    return float(timeout)


class Attempts:
    """The retry state of one call: whether (and after how long) to try again."""

    def __init__(
        self,
        max_retries: int,
        policy: RetryPolicy,
        deadline: Deadline,
        request: httpx.Request,
        replayable: bool,
    ) -> None:
        self.retries_left = max(max_retries, 0)
        self.retries_done = 0
        self._policy = policy
        self._deadline = deadline
        self._repeatable = may_repeat(request, replayable)
        self._replayable = replayable

    def after_error(self, error: Exception) -> float | None:
        """The wait before the next attempt after a transport error, or None to give up."""
        if not isinstance(error, httpx.TransportError) or self._deadline.expired():
            return None
        if not (self._repeatable or (self._replayable and never_reached_server(error))):
            return None
        return self._next(None)

    def after_response(self, response: httpx.Response) -> float | None:
        """The wait before the next attempt after this response, or None to keep it."""
        if not retryable_status(response):
            return None
        server_says_retry: bool = (
            response.headers.get("x-should-retry", "").strip().lower() == "true"
        )
        if not (self._repeatable or (self._replayable and server_says_retry)):
            return None
        return self._next(response.headers)

    def _next(self, headers: httpx.Headers | None) -> float | None:
        if self.retries_left <= 0:
            return None
        wait = self._policy.delay(self.retries_done, headers)
        if not self._deadline.allows(wait):
            return None
        self.retries_left -= 1
        self.retries_done += 1
        return wait
