"""The exceptions this client raises.

Every non-2xx response raises an `APIStatusError` subclass chosen by status code, carrying
`status_code`, `headers`, the raw `content`, and `body`: the content decoded with the schema
the spec documents for that status (or the plain JSON/text when it documents none or the
body does not fit). Transport failures raise `APIConnectionError` / `APITimeoutError`.
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
    """The request timed out."""


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


def error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for a status code."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)
