"""The exceptions this client raises.

Every non-2xx response raises an `APIStatusError` subclass chosen by status code, carrying
`status_code`, `headers`, the raw `content`, and `body`: the content decoded with the schema
the spec documents for that status (when it documents none, the spec's shared error schema;
the plain JSON/text when there is none or the body does not fit; the package's `errors`
module subclasses these classes with `body` typed accordingly), `request_id` (the `x-request-id` / `request-id` header) and the error's
`code` and `type` when its body has them (also under `error`); its message carries a short
form of the server's own message (`GET /v1/billing returned 401: Missing or invalid API
key.`). Transport failures (network, TLS, redirects, a body that does not decompress) raise
`APIConnectionError` / `APITimeoutError`; a body past the client's `Limits` raises `ResponseTooLargeError`; values
that cannot be sent raise `InvalidRequestError` (also a `ValueError`); a call on a closed
client raises `ClientClosedError`; a call that needs credentials the client was not given
raises `MissingCredentialsError` before anything is sent. Every failure of a call is an
`APIError`, with the underlying exception chained as `__cause__`.
`ResponseDecodeError` is raised for a success response that is not what its media type
promises (no JSON where JSON is documented); for a body that does not fit its schema only
when the client was made with `strict_responses=True` (otherwise what does not fit is
kept as received).
"""

from __future__ import annotations

from typing import Any

import httpx


class APIError(Exception):
    """Base class of every error this client raises."""


class APIConnectionError(APIError):
    """The request could not be sent or the response not received."""


class APITimeoutError(APIConnectionError):
    """The request timed out, or the call's overall deadline (its `timeout`) passed."""


class InvalidRequestError(APIError, ValueError):
    """A value of the call cannot be sent (a path value that would leave its segment, a
    header value that is not ASCII, a content type the body does not fit)."""


class ClientClosedError(APIError):
    """A call on a client (or `http_client`) that was already closed."""


class MissingCredentialsError(APIError):
    """The operation requires credentials and the client has none (nothing was sent)."""


class InsecureCredentialsWarning(UserWarning):
    """Credentials would go over plain `http://` to a host that is not this machine."""


class ResponseTooLargeError(APIError):
    """A response (or one server-sent event) larger than the client's `Limits` allow.

    `limit` names the setting (`max_response_bytes`, `max_decompressed_bytes` or
    `max_event_bytes`) and `max_bytes` its value; raise it with `limits=Limits(...)`.
    """

    def __init__(self, message: str, limit: str, max_bytes: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.max_bytes = max_bytes


class ResponseDecodeError(APIError):
    """A success response whose body does not match the documented schema."""

    def __init__(self, message: str, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.content = response.content


class APIStatusError(APIError):
    """A non-2xx response. `body` is decoded with the schema documented for its status."""

    def __init__(self, message: str, response: httpx.Response, body: Any) -> None:
        super().__init__(message)
        self.response = response
        self.status_code: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self.content: bytes = response.content
        self.body: Any = body

    @property
    def request_id(self) -> str | None:
        """The server's id of this request (`x-request-id` or `request-id` header), for support."""
        found = self.headers.get("x-request-id") or self.headers.get("request-id")
        return str(found) if found else None

    @property
    def code(self) -> str | None:
        """The error's `code` when the body has one (at its top or under `error`, as OpenAI's)."""
        return _error_detail(self.body, "code")

    @property
    def type(self) -> str | None:
        """The error's `type` when the body has one (at its top or under `error`)."""
        return _error_detail(self.body, "type")


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the credentials are missing or invalid."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """Any 5xx response."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


_MESSAGE_KEYS = (
    "message",
    "error_description",
    "detail",
    "error",
    "title",
    "msg",
    "description",
)
SUMMARY_CHARS = 200


def server_message(body: Any) -> str:
    """A short, one-line form of the message in an error body ("" when there is none).

    `body` is the plain JSON (or text) of the response. Looks for the usual keys
    (`message`, `error.message`, `detail`, `title`, ...) in a JSON object, else takes the text; collapsed to one line and cut at 200 characters.
    """
    text = _find_message(body, depth=0)
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 3] + "..."


def _find_message(body: Any, depth: int) -> str:
    if depth > 3 or body is None:
        return ""
    if isinstance(body, str):
        return (
            "" if body.lstrip().startswith("<") else body
        )  # an HTML page says nothing useful
    if isinstance(body, list):
        return next(
            (m for item in body[:3] if (m := _find_message(item, depth + 1))), ""
        )
    if not isinstance(body, dict):
        return ""
    for key in _MESSAGE_KEYS:
        found = _find_message(body.get(key), depth + 1)
        if found:
            return found
    return ""


def status_message(label: str, status_code: int, body: Any) -> str:
    """`GET /path returned 401: <the server's message>` (without the colon part when none)."""
    message = server_message(body)
    return (
        f"{label} returned {status_code}: {message}"
        if message
        else f"{label} returned {status_code}"
    )


def error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for a status code."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


def _error_detail(body: Any, name: str) -> str | None:
    """A string property of an error body (a model or plain JSON), or of its `error` object."""
    data = body.to_dict() if hasattr(body, "to_dict") else body
    for holder in (data, data.get("error") if isinstance(data, dict) else None):
        value = holder.get(name) if isinstance(holder, dict) else None
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return None
