"""The benchmark workloads are real: the chat completions `bench/chat_completions.py` builds
are valid OpenAI `CreateChatCompletionResponse` bodies, and the same on every call."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from corpus.rawspec import load_raw
from corpus.schemacheck import violation

ROOT = Path(__file__).resolve().parent.parent
OPENAI = ROOT.parent / "shared" / "corpus" / "big" / "openai-openapi.json"
sys.path.insert(0, str(ROOT / "bench"))

import chat_completions  # noqa: E402


@pytest.fixture(scope="module")
def openai_raw():  # type: ignore[no-untyped-def]
    return load_raw((OPENAI,))


def test_chat_completions_are_valid_against_the_openai_schema(openai_raw) -> None:  # type: ignore[no-untyped-def]
    schema = openai_raw.root["components"]["schemas"]["CreateChatCompletionResponse"]
    items = chat_completions.build(300)
    problems = [(i, v) for i, item in enumerate(items) if (v := violation(openai_raw, schema, item, "response"))]
    assert problems == []


def test_chat_completions_cover_the_shapes_the_benchmark_is_about() -> None:
    items = chat_completions.build(300)
    messages = [c["message"] for item in items for c in item["choices"]]
    calls = [call["type"] for m in messages for call in m.get("tool_calls", [])]
    assert {"function", "custom"} <= set(calls)
    assert any(m.get("annotations") for m in messages)
    assert any(m["refusal"] for m in messages) and any(m.get("audio") for m in messages)
    assert any(c["logprobs"] and c["logprobs"]["content"] for item in items for c in item["choices"])
    assert any("completion_tokens_details" in item["usage"] for item in items)


def test_chat_completions_are_deterministic() -> None:
    assert chat_completions.build(50) == chat_completions.build(50)
    assert chat_completions.build(50) != chat_completions.build(50, seed=1)
