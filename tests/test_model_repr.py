"""Model reprs show what was received, the way a dataclass user expects: no `UNSET` fields, no
empty `additional_properties`, date-times as plain datetimes (on the committed Dial client)."""

from __future__ import annotations

import datetime

from dial import models
from dial._codec import parse_datetime


def test_absent_fields_and_empty_extras_are_not_shown() -> None:
    item = models.BillingNumbersItems.from_dict({"id": "num_1", "nickname": None})
    assert repr(item) == "BillingNumbersItems(id='num_1', nickname=None)"
    assert repr(models.BillingNumbersItems()) == "BillingNumbersItems()"


def test_received_unknown_properties_are_shown() -> None:
    item = models.BillingNumbersItems.from_dict({"id": "num_1", "color": "red"})
    assert repr(item) == "BillingNumbersItems(id='num_1', additional_properties={'color': 'red'})"


def test_date_times_show_as_datetimes() -> None:
    deposit = models.BillingDepositsItems.from_dict({"createdAt": "2024-05-01T12:30:00Z", "amountCents": 5})
    shown = "datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.timezone.utc)"
    assert repr(deposit) == f"BillingDepositsItems(created_at={shown}, amount_cents=5)"
    value = parse_datetime("2024-05-01T12:30:00.250+02:00")
    assert repr(value) == repr(datetime.datetime(2024, 5, 1, 12, 30, 0, 250000, value.tzinfo))
    assert eval(repr(deposit.created_at), {"datetime": datetime}) == deposit.created_at


def test_nested_models_and_lists_read_like_dataclasses() -> None:
    billing = models.Billing.from_dict({"balanceCents": 1, "numbers": [{"id": "n"}]})
    assert repr(billing) == "Billing(balance_cents=1, numbers=[BillingNumbersItems(id='n')])"
