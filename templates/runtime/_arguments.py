"""How a call's keyword arguments become its request body.

`build_body` makes the body model from the keyword arguments (one per property), or takes
the prebuilt `body=` (not both).

`with_stream` applies a `stream=True/False` argument to the body of an operation whose
response is JSON or an event stream depending on a boolean body field: the argument decides
(and with it the `Accept` header and the return type), so a body saying otherwise is refused
rather than answered with a type the caller's code does not expect.
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
        return body if current is True else dataclasses.replace(body, **{field: True})
    if current is True:
        raise ValueError(
            f"the body's `{field}` is True but the call did not pass stream=True: pass stream=True "
            "(it decides whether the call returns a stream)"
        )
    return body


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
