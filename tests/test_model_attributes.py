"""A model instance has its fields as its only attributes (`__slots__`), and still copies,
pickles and compares as a dataclass does; a user's subclass may add attributes (on the
committed Dial client)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from dial import encode, models

WIRE = {
    "balanceCents": 1200,
    "numbers": [{"id": "num_1", "nickname": None, "color": "red"}],
    "deposits": [{"createdAt": "2024-05-01T12:30:00.50Z", "amountCents": 5, "kind": "card"}],
}


def test_a_misspelt_attribute_is_an_error() -> None:
    for billing in (models.Billing.from_dict(WIRE), models.Billing(balance_cents=1)):
        with pytest.raises(AttributeError):
            billing.balance_cent = 5
        assert not hasattr(billing, "__dict__")
        billing.balance_cents = 5
        assert encode(billing)["balanceCents"] == 5


def test_models_copy_pickle_and_compare_like_dataclasses() -> None:
    billing = models.Billing.from_dict(WIRE)
    for other in (copy.copy(billing), copy.deepcopy(billing), pickle.loads(pickle.dumps(billing))):
        assert other == billing and other is not billing
        assert encode(other) == WIRE
        assert other.deposits[0].created_at.wire == "2024-05-01T12:30:00.50Z"
    assert dataclasses.replace(billing, balance_cents=3).balance_cents == 3
    assert billing.numbers[0].additional_properties == {"color": "red"}


@dataclasses.dataclass(kw_only=True, repr=False)
class NoteBilling(models.Billing):
    """A user's subclass without `__slots__`: it gets a `__dict__` for attributes of its own."""


def test_a_subclass_of_ones_own_may_add_attributes() -> None:
    billing = NoteBilling.from_dict(WIRE)
    billing.note = "mine"
    assert type(billing) is NoteBilling and billing.note == "mine"
    assert encode(billing) == billing.to_dict() == WIRE
