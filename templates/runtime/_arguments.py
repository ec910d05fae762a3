"""How a call's keyword arguments become its request body.

`with_stream` applies a `stream=True/False` argument to the body of an operation whose
response is JSON or an event stream depending on a boolean body field: the argument decides
(and with it the `Accept` header and the return type), so a body saying otherwise is refused
rather than answered with a type the caller's code does not expect.
"""

from __future__ import annotations

import dataclasses
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
