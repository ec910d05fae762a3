"""A deterministic workload of OpenAI chat completions, for the decode/encode benchmarks.

`build(n)` returns `n` JSON objects (as `json.loads` would give them) that are valid
`CreateChatCompletionResponse` bodies of the OpenAI spec in the shared corpus
(`big/openai-openapi.yaml`): plain answers, function and custom tool calls, URL-citation
annotations, token log probabilities with top alternatives, refusals, audio, and usage with
its details. The same `n` always gives the same list (a seeded `random.Random`), so runs of
different clients decode the same bytes. `python bench/chat_completions.py N` prints them
as a JSON array.
"""

from __future__ import annotations

import json
import random
import sys
from typing import Any

MODELS = ("gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-4.1-2025-04-14", "o3-mini-2025-01-31")
WORDS = (
    "the weather in Paris is mild today with light rain expected in the evening and a high of "
    "seventeen degrees according to the latest forecast from the national service"
).split()
FUNCTIONS = ("get_weather", "search_flights", "lookup_order", "create_ticket")
SERVICE_TIERS = ("default", "auto", "flex", "priority", None)
FINISH = ("stop", "length", "content_filter")


def build(n: int, seed: int = 20251125) -> list[dict[str, Any]]:
    """`n` chat completion responses, the same for the same arguments."""
    rng = random.Random(seed)
    return [_completion(rng, i) for i in range(n)]


def _completion(rng: random.Random, i: int) -> dict[str, Any]:
    choices = [_choice(rng, index) for index in range(1 if rng.random() < 0.8 else 2)]
    body: dict[str, Any] = {
        "id": f"chatcmpl-{rng.getrandbits(96):024x}",
        "object": "chat.completion",
        "created": 1_730_000_000 + i * 37,
        "model": rng.choice(MODELS),
        "choices": choices,
        "usage": _usage(rng),
        "service_tier": rng.choice(SERVICE_TIERS),
        "system_fingerprint": f"fp_{rng.getrandbits(40):010x}",
    }
    if rng.random() < 0.2:
        body["metadata"] = {"user": f"u{rng.randrange(1000)}", "session": f"s{rng.randrange(100)}"}
    return body


def _choice(rng: random.Random, index: int) -> dict[str, Any]:
    kind = rng.random()
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
    finish = rng.choice(FINISH)
    if kind < 0.35:
        message["tool_calls"] = [_tool_call(rng) for _ in range(rng.randint(1, 3))]
        finish = "tool_calls"
    elif kind < 0.4:
        message["refusal"] = "I'm sorry, I can't help with that."
    else:
        message["content"] = _text(rng, rng.randint(8, 40))
        message["annotations"] = [_annotation(rng) for _ in range(rng.choice((0, 0, 1, 2)))]
        if rng.random() < 0.05:
            message["audio"] = {
                "id": f"audio_{rng.getrandbits(64):016x}",
                "expires_at": 1_730_003_600,
                "data": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=",
                "transcript": message["content"],
            }
    logprobs = _logprobs(rng, message) if rng.random() < 0.5 else None
    return {"index": index, "message": message, "logprobs": logprobs, "finish_reason": finish}


def _tool_call(rng: random.Random) -> dict[str, Any]:
    call_id = f"call_{rng.getrandbits(96):024x}"
    if rng.random() < 0.85:
        arguments = json.dumps({"location": rng.choice(("Paris", "Oslo", "Lima")), "unit": "celsius"})
        return {"id": call_id, "type": "function", "function": {"name": rng.choice(FUNCTIONS), "arguments": arguments}}
    return {"id": call_id, "type": "custom", "custom": {"name": "run_sql", "input": "SELECT 1"}}


def _annotation(rng: random.Random) -> dict[str, Any]:
    start = rng.randrange(0, 100)
    citation = {
        "start_index": start,
        "end_index": start + rng.randrange(5, 60),
        "url": f"https://example.com/articles/{rng.randrange(10_000)}",
        "title": _text(rng, 5).title(),
    }
    return {"type": "url_citation", "url_citation": citation}


def _logprobs(rng: random.Random, message: dict[str, Any]) -> dict[str, Any]:
    text = message["content"] or message["refusal"] or ""
    tokens = [_token(rng, word, top=rng.randint(0, 3)) for word in text.split()[:12]]
    if message["refusal"]:
        return {"content": None, "refusal": tokens}
    return {"content": tokens, "refusal": None}


def _token(rng: random.Random, word: str, top: int) -> dict[str, Any]:
    token = {
        "token": word,
        "logprob": round(-rng.random() * 3, 6),
        "bytes": list(word.encode()) if rng.random() < 0.9 else None,
    }
    alternatives = [{**token, "token": rng.choice(WORDS), "logprob": round(-rng.random() * 9, 6)} for _ in range(top)]
    return {**token, "top_logprobs": alternatives}


def _usage(rng: random.Random) -> dict[str, Any]:
    prompt, completion = rng.randrange(20, 4000), rng.randrange(1, 800)
    usage: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    if rng.random() < 0.7:
        usage["prompt_tokens_details"] = {"cached_tokens": rng.randrange(0, prompt), "audio_tokens": 0}
        usage["completion_tokens_details"] = {
            "reasoning_tokens": rng.randrange(0, completion),
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        }
    return usage


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


if __name__ == "__main__":
    json.dump(build(int(sys.argv[1]) if len(sys.argv) > 1 else 1000), sys.stdout)
