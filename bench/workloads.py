"""The decode/encode workloads: JSON items and the model each client decodes them into.

- `billing`: the seed page's `**Response**` example (Dial's `Billing`), one item.
- `chat_completions`: OpenAI chat completions (tool calls, logprobs, annotations, usage)
  built deterministically by `bench/chat_completions.py` (`build(n) -> list[dict]`).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.specs import ROOT
from generator.load import load_file

SEED_PAGE = ROOT / "spec" / "dial" / "get-billing.md"


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    models: dict[str, str]  # client kind -> model class
    build: Callable[[bool], list[Any]]  # quick -> items


class WorkloadUnavailable(Exception):
    """The workload's items cannot be built here; the message says why (for the table)."""


def _billing(quick: bool) -> list[Any]:
    examples = [e.value for e in load_file(SEED_PAGE).examples if e.kind == "response"]
    if not examples:
        raise WorkloadUnavailable(f"no **Response** example in {SEED_PAGE.name}")
    return examples[:1]


def _chat_completions(quick: bool) -> list[Any]:
    try:
        module = importlib.import_module("bench.chat_completions")
    except ModuleNotFoundError as exc:
        raise WorkloadUnavailable("bench/chat_completions.py is not there yet") from exc
    items: list[Any] = module.build(100 if quick else 1000)
    return items


_CHAT = "CreateChatCompletionResponse"
WORKLOADS = {
    "billing": Workload(
        "billing", "seed Billing example", {k: "Billing" for k in ("ours", "opc", "pydantic")}, _billing
    ),
    "chat_completions": Workload(
        "chat_completions", "chat completions", {k: _CHAT for k in ("ours", "opc", "pydantic")}, _chat_completions
    ),
}


def write_items(workload: Workload, quick: bool, folder: Path) -> Path:
    """The workload's items as a JSON file for the worker processes."""
    path = folder / f"{workload.name}.json"
    path.write_text(json.dumps(workload.build(quick)), encoding="utf-8")
    return path
