"""Resource attributes never replace the clients' own attributes: a resource named like one
(`stream`) is reached with a trailing `_`. The package is checked with mypy --strict."""

from __future__ import annotations

import textwrap
from pathlib import Path


def test_a_resource_called_stream_does_not_replace_the_client_method(tmp_path: Path) -> None:
    """Twilio has a `Stream` tag; both clients keep their `stream` method and get `stream_`."""
    from conftest import generated_package  # also runs mypy --strict: an override would fail it

    spec = textwrap.dedent(
        """\
        openapi: 3.1.0
        info: {title: Streams, version: '1'}
        servers: [{url: 'https://streams.test'}]
        paths:
          /stream: {get: {operationId: listStreams, tags: [Stream], responses: {'204': {description: ok}}}}
        """
    )
    with generated_package(tmp_path, spec, "streams") as streams:
        from streams._base_client import AsyncAPIClient, SyncAPIClient

        assert (streams.Client.stream, streams.AsyncClient.stream) == (SyncAPIClient.stream, AsyncAPIClient.stream)
        client = streams.Client()
        assert type(client.stream_).__name__ == "StreamResource" and callable(client.stream_.list)
        assert type(streams.AsyncClient().stream_).__name__ == "AsyncStreamResource"
