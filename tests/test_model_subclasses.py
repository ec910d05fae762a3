"""A user's subclass of a generated model, in a module of their own, decodes and encodes
like the model: its fields' types (date-times, enums, nested models) are read in the module
that declares them, not in the subclass's module, which imports none of them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import GENERATED

USER_MODULE = """\
from dataclasses import dataclass

from dial.models import BillingDepositsItems


@dataclass(kw_only=True, repr=False)
class Deposit(BillingDepositsItems):
    def dollars(self) -> float:
        return self.amount_cents / 100 if isinstance(self.amount_cents, int) else 0.0
"""

SCRIPT = """\
import datetime, json
from dial import decode, encode
from user_models import Deposit

wire = {"amountCents": 250, "createdAt": "2024-01-01T00:00:00Z", "kind": "card", "note": "kept"}
deposit = decode(Deposit, wire)
assert type(deposit) is Deposit, type(deposit)
assert deposit.created_at == datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
assert deposit.dollars() == 2.5
assert deposit.kind is deposit.kind.CARD
print(json.dumps([encode(deposit), deposit.to_dict(), Deposit.from_dict(wire).to_dict()]))
"""


def test_a_subclass_in_another_module_round_trips(tmp_path: Path) -> None:
    (tmp_path / "user_models.py").write_text(USER_MODULE, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=tmp_path,
        env={"PYTHONPATH": f"{GENERATED}:{tmp_path}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    wire = {"amountCents": 250, "createdAt": "2024-01-01T00:00:00Z", "kind": "card", "note": "kept"}
    encoded, to_dict, from_dict = json.loads(run.stdout)
    assert encoded == to_dict == from_dict
    assert {k: encoded[k] for k in wire} == wire
