"""The committed Dial client: typed, formatted, honest to its index, and examples round-trip."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import GENERATED, SEED_PAGE

from generator.load import load_file

import dial
from dial import decode, encode, models

INDEX = json.loads((GENERATED / "dial" / "_index.json").read_text(encoding="utf-8"))


def _resolve(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _response_example() -> Any:
    examples = [e for e in load_file(SEED_PAGE).examples if e.kind == "response"]
    assert len(examples) == 1
    return examples[0].value


def test_mypy_strict_passes_on_generated_code(tmp_path: Path) -> None:
    """mypy --strict (for Python 3.10) finds nothing in generated/dial."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path),
            "dial",
        ],
        cwd=GENERATED,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_black_check_passes_on_generated_code() -> None:
    """black --check leaves generated/dial unchanged."""
    run = subprocess.run(
        [sys.executable, "-m", "black", "--check", "dial"], cwd=GENERATED, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_index_names_importable_clients_operations_and_schemas() -> None:
    """Every dotted path in _index.json imports, and it covers the spec's operation and schemas."""
    assert _resolve(INDEX["clients"]["sync"]) is dial.Client
    assert _resolve(INDEX["clients"]["async"]) is dial.AsyncClient
    [operation] = INDEX["operations"]
    assert (operation["operationId"], operation["method"], operation["path"]) == (
        "get-billing",
        "GET",
        "/api/v1/billing",
    )
    assert _resolve(operation["sync"]) is dial.api.billing.get_billing  # type: ignore[attr-defined]
    assert _resolve(operation["async"]) is dial.api.billing.get_billing_async  # type: ignore[attr-defined]
    assert operation["request_body"] is None
    assert {k: _resolve(v) for k, v in operation["responses"].items()} == {
        "200": models.Billing,
        "401": models.Error,
    }
    expected = {
        "Billing", "BillingSubscription", "BillingSubscriptionInterval", "BillingNumbersItems",
        "BillingNumbersItemsMode", "BillingDepositsItems", "BillingDepositsItemsKind", "BillingPricing",
        "BillingPaymentMethodsItems", "Error", "ErrorError",
    }  # fmt: skip
    assert set(INDEX["schemas"]) == expected
    for dotted in INDEX["schemas"].values():
        _resolve(dotted)


def test_documented_response_example_round_trips() -> None:
    """The page's Response example decodes into Billing and encodes back unchanged."""
    example = _response_example()
    billing = models.Billing.from_dict(example)
    assert billing.to_dict() == example
    assert encode(decode(models.Billing, example)) == example


def test_decoded_example_has_typed_values() -> None:
    """Date-times are datetimes, enums are enums, nulls stay None, lists hold models."""
    billing = models.Billing.from_dict(_response_example())
    assert isinstance(billing.subscription, models.BillingSubscription)
    assert billing.subscription.period_start.isoformat() == "2024-04-01T00:00:00+00:00"  # type: ignore[union-attr]
    assert billing.subscription.interval is models.BillingSubscriptionInterval.MONTHLY
    assert [n.mode for n in billing.numbers] == [models.BillingNumbersItemsMode.FIXED, models.BillingNumbersItemsMode.PAYG]  # type: ignore[union-attr]
    assert billing.deposits[1].invoice_id is None  # type: ignore[index]
    assert billing.payment_methods[0].type == "card"  # type: ignore[index]


def test_datetime_keeps_its_wire_spelling() -> None:
    """`...Z` stays `...Z`, an offset stays an offset, fractions keep their digits."""
    for wire in ("2024-04-01T00:00:00Z", "2024-04-01T02:00:00+02:00", "2024-04-01T00:00:00.120Z"):
        assert encode(decode(models.BillingDepositsItems, {"createdAt": wire})) == {"createdAt": wire}


def test_absent_and_null_fields_stay_distinct() -> None:
    """An absent field stays absent, a null stays null."""
    assert models.BillingNumbersItems.from_dict({}).to_dict() == {}
    assert models.BillingNumbersItems.from_dict({"nickname": None}).to_dict() == {"nickname": None}
    assert models.BillingNumbersItems.from_dict({}).nickname is dial.UNSET


def test_unknown_fields_and_enum_values_survive() -> None:
    """A property or enum value the spec does not know decodes and re-encodes unchanged."""
    data = {"id": "n1", "mode": "HYBRID", "region": {"code": "us"}}
    item = models.BillingNumbersItems.from_dict(data)
    assert item.additional_properties == {"region": {"code": "us"}}
    assert isinstance(item.mode, models.BillingNumbersItemsMode) and item.mode.value == "HYBRID"
    assert not item.mode.is_known and models.BillingNumbersItemsMode.PAYG.is_known
    assert item.to_dict() == data


def test_union_alias_decodes_by_json_kind() -> None:
    """ErrorError (string | object) decodes either spelling and re-encodes it."""
    assert decode(models.ErrorError, "bad key") == "bad key"
    assert decode(models.ErrorError, {"field": ["required"]}) == {"field": ["required"]}
    assert models.Error.from_dict({"error": "x"}).error == "x"


def test_wrong_json_kind_raises_decode_error_with_path_when_strict() -> None:
    """With strict=True a value of the wrong kind fails with DecodeError naming where."""
    with pytest.raises(dial.DecodeError, match=r"\$\.numbers\[0\]\.id"):
        decode(models.Billing, {"numbers": [{"id": 5}]}, strict=True)


def test_wrong_json_kind_is_kept_as_received_and_round_trips() -> None:
    """By default the value that does not fit stays as sent, the rest is typed, and it re-encodes."""
    data = {"balanceCents": 10, "numbers": [{"id": 5, "phoneNumber": "+1"}]}
    billing = models.Billing.from_dict(data)
    assert billing.balance_cents == 10
    assert billing.numbers[0].id == 5
    assert billing.to_dict() == data



def test_models_are_constructible_with_python_names() -> None:
    """Users build models with snake_case keywords; to_dict uses the wire names."""
    sub = models.BillingSubscription(
        quantity=3, cancel_at_period_end=True, interval=models.BillingSubscriptionInterval.ANNUAL
    )
    assert sub.to_dict() == {"quantity": 3, "cancelAtPeriodEnd": True, "interval": "annual"}
