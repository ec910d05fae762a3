"""Responses over real HTTP: JSON, text, binary (whole and streamed), server-sent events
(sync and async), empty bodies, `2XX` / `4XX` / `default` patterns, and a choice among
several media types, from one spec generated once and checked with `mypy --strict`.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import CORPUS, LocalServer, generated_package

from generator.context import Context, Options
from generator.pipeline import build_spec

RESPONSES = """\
openapi: 3.1.0
info: {title: Responses, version: '1'}
servers: [{url: 'https://responses.test'}]
components:
  schemas:
    Chunk:
      type: object
      required: [text]
      properties: {text: {type: string}}
    Problem:
      type: object
      properties: {detail: {type: string}}
    Tick:
      oneOf:
        - {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/Chunk'}}}
        - {type: object, required: [data], properties: {data: {type: string, enum: ['[DONE]']}}}
    Delta:
      oneOf:
        - {$ref: '#/components/schemas/Chunk'}
        - {$ref: '#/components/schemas/Problem'}
        - {type: string, const: '[DONE]'}
paths:
  /deltas:
    get:
      operationId: deltas
      tags: [media]
      responses:
        '200': {description: events, content: {text/event-stream: {schema: {$ref: '#/components/schemas/Delta'}}}}
  /item:
    get:
      operationId: getItem
      tags: [media]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Chunk'}}}}
        4XX: {description: client error, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        default: {description: other, content: {text/plain: {schema: {type: string}}}}
  /note:
    get:
      operationId: getNote
      tags: [media]
      responses:
        '200': {description: ok, content: {text/markdown: {schema: {type: string}}}}
  /accepted:
    post:
      operationId: accept
      tags: [media]
      responses:
        2XX: {description: queued, content: {application/json: {schema: {$ref: '#/components/schemas/Chunk'}}}}
  /created:
    post:
      operationId: create
      tags: [media]
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Chunk'}}}}
        2XX: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /fallback:
    get:
      operationId: fallback
      tags: [media]
      responses:
        default: {description: any, content: {application/json: {schema: {$ref: '#/components/schemas/Chunk'}}}}
  /gone:
    delete:
      operationId: remove
      tags: [media]
      responses: {'204': {description: gone}}
  /image:
    get:
      operationId: getImage
      tags: [media]
      responses:
        '200': {description: png, content: {image/png: {schema: {type: string, format: binary}}}}
  /chat:
    post:
      operationId: chat
      tags: [media]
      responses:
        '200':
          description: a reply, whole or as events
          content:
            application/json: {schema: {$ref: '#/components/schemas/Chunk'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}
  /ticks:
    get:
      operationId: ticks
      tags: [media]
      responses:
        '200': {description: events, content: {text/event-stream: {schema: {$ref: '#/components/schemas/Tick'}}}}
  /raw-events:
    get:
      operationId: rawEvents
      tags: [media]
      responses:
        '200': {description: events, content: {text/event-stream: {schema: {type: string}}}}
  /speech:
    post:
      operationId: speech
      tags: [media]
      responses:
        '200':
          description: audio
          content:
            application/octet-stream: {schema: {type: string, format: binary}}
            audio/wav: {schema: {type: string, format: binary}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}
"""

SSE = (
    b": keep-alive comment\n\n"
    b'data: {"text":\ndata: "first"}\n\n'
    b'event: update\nid: 7\ndata: {"text": "second"}\n\n'
    b"data: [DONE]\n\n"
    b'data: {"text": "after done"}\n\n'
)


@pytest.fixture(scope="module")
def responses(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("responses"), RESPONSES, "responses") as package:
        yield package


def _client(responses: ModuleType, server: LocalServer) -> Any:
    return responses.Client(base_url=server.url)


def test_json_body_decodes_into_the_model(responses: ModuleType, server: LocalServer) -> None:
    """application/json is decoded into the documented model."""
    server.answer("GET", "/item", 200, {"text": "hi"})
    with _client(responses, server) as client:
        assert client.media.get_item() == responses._models.chunk.Chunk(text="hi")


def test_text_body_is_a_string(responses: ModuleType, server: LocalServer) -> None:
    """text/* is returned as str."""
    server.answer("GET", "/note", 200, "# Title\n".encode(), content_type="text/markdown; charset=utf-8")
    with _client(responses, server) as client:
        assert client.media.get_note() == "# Title\n"


def test_binary_body_is_bytes(responses: ModuleType, server: LocalServer) -> None:
    """image/png is returned as bytes."""
    server.answer("GET", "/image", 200, b"\x89PNG\r\n", content_type="image/png")
    with _client(responses, server) as client:
        assert client.media.get_image() == b"\x89PNG\r\n"


def test_binary_stream_hands_out_chunks_before_the_body_ends(responses: ModuleType, server: LocalServer) -> None:
    """get_image_stream returns once headers arrive; chunks come as the server sends them."""
    gate = threading.Event()
    server.answer("GET", "/image", 200, b"", content_type="image/png", chunks=[b"head", b"tail"], gate=gate)
    with _client(responses, server) as client:
        with client.media.get_image_stream() as stream:
            chunks = stream.iter_bytes()
            first = next(chunks)
            gate.set()  # the server sends the rest only now: the first chunk came before it
            rest = b"".join(chunks)
    assert (stream.status_code, first, rest) == (200, b"head", b"tail")


def test_stream_variants_are_listed_in_the_index_and_readme(responses: ModuleType) -> None:
    """_index.json names get_image_stream (and its async twin); the README shows how to call it."""
    folder = Path(responses.__file__).parent
    index = json.loads((folder / "_index.json").read_text())
    by_id = {op["operationId"]: op for op in index["operations"]}
    assert by_id["getImage"]["stream"] == "responses.api.media.get_image_stream"
    assert by_id["getImage"]["stream_async"] == "responses.api.media.get_image_stream_async"
    assert "stream" not in by_id["getItem"]
    assert "with client.media.get_image_stream() as stream:" in (folder / "README.md").read_text()


def test_index_lists_every_media_type_of_a_response(responses: ModuleType) -> None:
    """A response documented with three media types has each in `response_types`, preferred first."""
    index = json.loads((Path(responses.__file__).parent / "_index.json").read_text())
    [speech] = [op for op in index["operations"] if op["operationId"] == "speech"]
    media = speech["response_types"]["200"]
    assert list(media) == ["application/octet-stream", "audio/wav", "text/event-stream"]
    assert (media["audio/wav"], media["text/event-stream"]) == ("bytes", "Chunk")


def test_binary_stream_async(responses: ModuleType, server: LocalServer) -> None:
    """The async client's get_image_stream yields the chunks with `async for`."""
    server.answer("GET", "/image", 200, b"", content_type="image/png", chunks=[b"a", b"b"])

    async def run() -> bytes:
        async with responses.AsyncClient(base_url=server.url) as client:
            stream = await client.media.get_image_stream()
            async with stream:
                return b"".join([chunk async for chunk in stream])

    assert asyncio.run(run()) == b"ab"


def test_binary_stream_raises_for_error_status(responses: ModuleType, server: LocalServer) -> None:
    """A non-2xx answer raises the typed error instead of returning a stream."""
    server.answer("GET", "/image", 404, {"detail": "no"})
    with _client(responses, server) as client:
        with pytest.raises(responses.NotFoundError):
            client.media.get_image_stream()


def test_event_stream_decodes_events_until_done(responses: ModuleType, server: LocalServer) -> None:
    """Multi-line data joins, comments are skipped, `[DONE]` ends the stream."""
    server.answer("POST", "/chat", 200, SSE, content_type="text/event-stream")
    with _client(responses, server) as client:
        events = list(client.media.chat(accept="text/event-stream"))
    assert events == [responses._models.chunk.Chunk(text="first"), responses._models.chunk.Chunk(text="second")]


def test_event_stream_async(responses: ModuleType, server: LocalServer) -> None:
    """The async client returns an AsyncStream of decoded events."""
    server.answer("POST", "/chat", 200, SSE, content_type="text/event-stream")

    async def run() -> list[Any]:
        async with responses.AsyncClient(base_url=server.url) as client:
            return [event async for event in await client.media.chat(accept="text/event-stream")]

    assert asyncio.run(run()) == [responses._models.chunk.Chunk(text="first"), responses._models.chunk.Chunk(text="second")]


def test_event_stream_arrives_as_sent(responses: ModuleType, server: LocalServer) -> None:
    """The first event is handed out before the server has sent the next."""
    gate = threading.Event()
    chunks = [b'data: {"text": "one"}\n\n', b'data: {"text": "two"}\n\n']
    server.answer("POST", "/chat", 200, b"", content_type="text/event-stream", chunks=chunks, gate=gate)
    with _client(responses, server) as client:
        with client.media.chat(accept="text/event-stream") as stream:
            first = next(stream)
            gate.set()
            rest = list(stream)
    assert [first.text, *(e.text for e in rest)] == ["one", "two"]


def test_event_stream_without_json_schema_gives_raw_events(responses: ModuleType, server: LocalServer) -> None:
    """With no JSON schema, events are ServerSentEvent(event, data, id, retry)."""
    body = b"retry: 3000\nevent: ping\nid: 1\ndata: a\ndata:b\n\ndata:  c\n\n"
    server.answer("GET", "/raw-events", 200, body, content_type="text/event-stream")
    with _client(responses, server) as client:
        events = list(client.media.raw_events())
    event = responses.ServerSentEvent
    assert events == [event("ping", "a\nb", "1", 3000), event("message", " c", "1", None)]


def test_event_stream_with_crlf_lines_and_bare_field_names(responses: ModuleType, server: LocalServer) -> None:
    """CRLF line ends work; a bare `data` line is an empty data line; unknown fields are ignored."""
    body = b"data: x\r\ndata\r\nfoo: bar\r\n\r\nevent: only-type\r\n\r\n"
    server.answer("GET", "/raw-events", 200, body, content_type="text/event-stream")
    with _client(responses, server) as client:
        events = list(client.media.raw_events())
    assert [(e.event, e.data) for e in events] == [("message", "x\n")]


def test_event_schema_describing_the_whole_event(responses: ModuleType, server: LocalServer) -> None:
    """A schema of `{data: ...}` objects (as Together documents) decodes each event whole."""
    body = b'data: {"text": "x"}\n\ndata: [DONE]\n\n'
    server.answer("GET", "/ticks", 200, body, content_type="text/event-stream")
    with _client(responses, server) as client:
        [tick] = list(client.media.ticks())
    assert tick.data == responses._models.chunk.Chunk(text="x")


def test_event_stream_is_typed_by_what_it_yields(responses: ModuleType, server: LocalServer) -> None:
    """A union variant describing only the `[DONE]` event (never yielded: it ends the stream)
    is not part of the stream's type, whole-event (Tick) or data (Delta) schemas alike."""
    media = responses.api.media
    stream_types = {
        name: (getattr(media, name).__annotations__["return"], getattr(media, f"{name}_async").__annotations__["return"])
        for name in ("ticks", "deltas")
    }
    assert stream_types == {
        "ticks": ("Stream[models.TickObject]", "AsyncStream[models.TickObject]"),
        "deltas": ("Stream[models.Chunk | models.Problem]", "AsyncStream[models.Chunk | models.Problem]"),
    }
    body = b'data: {"text": "x"}\n\ndata: {"detail": "y"}\n\ndata: [DONE]\n\n'
    server.answer("GET", "/deltas", 200, body, content_type="text/event-stream")
    with _client(responses, server) as client:
        events = list(client.media.deltas())
    assert events == [responses.models.Chunk(text="x"), responses.models.Problem(detail="y")]


def test_event_that_does_not_fit_is_kept_as_received(responses: ModuleType, server: LocalServer) -> None:
    """By default an event's field that does not fit holds the value sent."""
    server.answer("POST", "/chat", 200, b'data: {"text": 5}\n\n', content_type="text/event-stream")
    with _client(responses, server) as client:
        [chunk] = list(client.media.chat(accept="text/event-stream"))
    assert chunk.text == 5


def test_event_that_does_not_fit_raises_decode_error(responses: ModuleType, server: LocalServer) -> None:
    """With strict_responses, an event whose data contradicts the schema raises ResponseDecodeError."""
    server.answer("POST", "/chat", 200, b'data: {"text": 5}\n\n', content_type="text/event-stream")
    with responses.Client(base_url=server.url, strict_responses=True) as client:
        with pytest.raises(responses.ResponseDecodeError) as caught:
            list(client.media.chat(accept="text/event-stream"))
    assert caught.value.content == b'{"text": 5}'


def test_default_accept_is_the_preferred_media_type(responses: ModuleType, server: LocalServer) -> None:
    """Without accept=, the preferred type (JSON) is asked for and decoded."""
    server.answer("POST", "/chat", 200, {"text": "whole"})
    with _client(responses, server) as client:
        assert client.media.chat() == responses._models.chunk.Chunk(text="whole")
    assert server.requests[0].headers["Accept"] == "application/json"


def test_accept_parameter_sets_the_accept_header(responses: ModuleType, server: LocalServer) -> None:
    """accept="audio/wav" sends `Accept: audio/wav` and returns the bytes."""
    server.answer("POST", "/speech", 200, b"RIFF", content_type="audio/wav")
    with _client(responses, server) as client:
        assert client.media.speech(accept="audio/wav") == b"RIFF"
    assert server.requests[0].headers["Accept"] == "audio/wav"


def test_empty_response_is_none(responses: ModuleType, server: LocalServer) -> None:
    """204 returns None."""
    server.answer("DELETE", "/gone", 204, b"")
    with _client(responses, server) as client:
        assert client.media.remove() is None


def test_2xx_pattern_decodes_any_success(responses: ModuleType, server: LocalServer) -> None:
    """A 202 decodes with the `2XX` response's schema."""
    server.answer("POST", "/accepted", 202, {"text": "queued"})
    with _client(responses, server) as client:
        assert client.media.accept() == responses._models.chunk.Chunk(text="queued")


def test_exact_status_wins_over_its_pattern(responses: ModuleType, server: LocalServer) -> None:
    """A 201 decodes with `201`'s schema, a 200 with `2XX`'s."""
    server.answer("POST", "/created", 201, {"text": "made", "detail": "x"})
    with _client(responses, server) as client:
        made = client.media.create()
        server.answer("POST", "/created", 200, {"detail": "other"})
        other = client.media.create()
    assert (type(made), type(other)) == (responses._models.chunk.Chunk, responses.models.Problem)


def test_default_response_is_the_success_type_when_alone(responses: ModuleType, server: LocalServer) -> None:
    """With only `default` documented, a 200 decodes with it."""
    server.answer("GET", "/fallback", 200, {"text": "d"})
    with _client(responses, server) as client:
        assert client.media.fallback() == responses._models.chunk.Chunk(text="d")


def test_4xx_pattern_decodes_the_error_body(responses: ModuleType, server: LocalServer) -> None:
    """A 404 without its own entry uses `4XX`'s schema for the error body."""
    server.answer("GET", "/item", 404, {"detail": "missing"})
    with _client(responses, server) as client:
        with pytest.raises(responses.NotFoundError) as caught:
            client.media.get_item()
    assert caught.value.body == responses.models.Problem(detail="missing")


def test_default_decodes_other_error_bodies(responses: ModuleType, server: LocalServer) -> None:
    """A 503 falls to `default` (text/plain here): the error body is the text."""
    server.answer("GET", "/item", 503, b"down for maintenance", content_type="text/plain")
    with _client(responses, server) as client:
        with pytest.raises(responses.InternalServerError) as caught:
            client.media.get_item()
    assert caught.value.body == "down for maintenance"


USER_CODE = """\
import responses

client = responses.Client(base_url="http://127.0.0.1:1")
reveal_type(client.media.speech())
reveal_type(client.media.speech(accept="text/event-stream"))
reveal_type(client.media.chat(accept="application/json"))
"""


def test_return_type_follows_accept_for_type_checkers(responses: ModuleType, tmp_path: Path) -> None:
    """mypy sees bytes by default and Stream[Chunk] for accept="text/event-stream"."""
    (tmp_path / "use.py").write_text(USER_CODE, encoding="utf-8")
    folder = Path(responses.__file__).parent.parent
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c")]
    run = subprocess.run([*command, str(tmp_path / "use.py")], cwd=folder, capture_output=True, text=True)
    revealed = [line.split("Revealed type is ")[1] for line in run.stdout.splitlines() if "Revealed" in line]
    assert revealed == [
        '"bytes"',
        '"responses._streaming.Stream[responses._models.chunk.Chunk]"',
        '"responses._models.chunk.Chunk"',
    ]


def test_event_stream_with_binary_schema_is_read_as_bytes_and_warns(tmp_path: Path) -> None:
    """`text/event-stream` documented as `format: binary` becomes a binary response, with a warning."""
    spec = tmp_path / "audio.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: a, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        '200': {description: ok, content: {text/event-stream: {schema: {type: string, format: binary}}}}\n",
        encoding="utf-8",
    )
    ctx = Context(Options((spec,), tmp_path, "audio"))
    [response] = build_spec(ctx).groups[0].operations[0].responses
    assert (response.kind, response.content_type) == ("binary", "text/event-stream")
    assert [w.message for w in ctx.diagnostics.warnings] == [
        "text/event-stream response documented as binary data; read as a binary stream, not as events"
    ]


def test_together_speech_page_streams_its_documented_events(tmp_path: Path, server: LocalServer) -> None:
    """The Together TTS page (events documented as `{data: chunk}`): accept="text/event-stream" decodes them."""
    page = (CORPUS / "pages" / "together__audio-speech_mintlify.md").read_text(encoding="utf-8")
    chunk = {"object": "audio.tts.chunk", "model": "cartesia/sonic", "b64": "AAAA"}
    body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
    server.answer("POST", "/v1/audio/speech", 200, body, content_type="text/event-stream")
    with generated_package(tmp_path, page, "together", suffix=".md") as together:
        request = together.models.AudioSpeechRequest(model="cartesia/sonic", input="hi", voice="v", stream=True)
        with together.Client(api_key="k", base_url=server.url + "/v1") as client:
            [event] = list(client.audio.audio_speech(body=request, accept="text/event-stream"))
    assert event.data == together.models.AudioSpeechStreamChunk.from_dict(chunk)
    assert server.requests[0].headers["Accept"] == "text/event-stream"
