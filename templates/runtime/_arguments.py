"""How a call's keyword arguments become its request body.

`build_body` makes the body model from the keyword arguments (one per property), or takes
the prebuilt `body=` (not both).

`with_stream` applies a `stream=True/False` argument to the body of an operation whose
response is JSON or an event stream depending on a boolean body field: the argument decides
(and with it the `Accept` header and the return type), so a body saying otherwise is refused
rather than answered with a type the caller's code does not expect. With a body documented
in several media types, `stream=True` with a body of one whose model has no such field is
refused too (the server could not be asked for events).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from ._codec import Unset


def with_stream(body: Any, stream: bool, field: str) -> Any:
    """The body to send for `stream=`: its `field` set to True when streaming, else as given."""
    current = None if isinstance(body, Unset) else getattr(body, field, None)
    if stream:
        if isinstance(body, Unset):
            raise ValueError("stream=True needs a request body to carry it: pass body=")
        if not _has_field(body, field):
            raise ValueError(
                f"stream=True: a {type(body).__name__} body has no `{field}` field to ask for a "
                "stream; pass a body of a media type that has one"
            )
        return body if current is True else dataclasses.replace(body, **{field: True})
    if current is True:
        raise ValueError(
            f"the body's `{field}` is True but the call did not pass stream=True: pass stream=True "
            "(it decides whether the call returns a stream)"
        )
    return body


def _has_field(body: Any, field: str) -> bool:
    """`body` is a model with a `field` (a body of another media type may have none)."""
    if not dataclasses.is_dataclass(body) or isinstance(body, type):
        return False
    return any(f.name == field for f in dataclasses.fields(body))


def build_body(
    cls: Callable[..., Any],
    body: Any,
    arguments: Mapping[str, Any],
    required: bool,
    defaults: Mapping[str, Any] | None = None,
) -> Any:
    """The body to send: `body=` as given, else the model made from the keyword arguments.

    Both at once is a `TypeError` (which one was meant is not clear); nested values may be
    models or plain dicts (sent as given). Without either, an optional body is not sent.
    `defaults` fills the one-value properties (`role="system"`) the caller left out.
    """
    given = {
        name: value for name, value in arguments.items() if not isinstance(value, Unset)
    }
    if not isinstance(body, Unset):
        if given:
            raise TypeError(
                f"pass either body= or keyword arguments ({', '.join(given)}), not both"
            )
        return body
    if not given and not required:
        return body
    return cls(**{**(defaults or {}), **given})
