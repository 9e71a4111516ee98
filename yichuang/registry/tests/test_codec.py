"""Stored register values read back exactly as they were written."""

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

import pytest

from yichuang.registry import codec
from yichuang.registry.rules.codes import CoOwnership, RightKind
from yichuang.registry.rules.entries import Entry
from yichuang.registry.rules.payloads import FirstRegistration, MortgageCreation, SeizureOrder
from yichuang.registry.rules.state import Holder

BEIJING = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=BEIJING)


def _round_trip(value):
    return codec.decode(type(value), json.loads(json.dumps(codec.encode(value))))


@pytest.mark.parametrize(
    "payload",
    [
        FirstRegistration(
            right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
            holders=(Holder("a", Fraction(1, 3)), Holder("b", Fraction(2, 3))),
            form=CoOwnership.SHARED,
            term_end=dt.date(2076, 5, 31),
        ),
        MortgageCreation(
            right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
            mortgagee="bank",
            debt_amount=Decimal("1200000.50"),
            transfer_banned=True,
        ),
        SeizureOrder(court="南通市中级人民法院", document="(2026)苏06执123号", served_at=AT),
    ],
)
def test_every_kind_of_entry_reads_back_equal(payload) -> None:
    entry = Entry(seq=3, entered_at=AT, accepted_at=AT, payload=payload)
    assert _round_trip(entry) == entry


def test_a_stored_payload_names_its_type() -> None:
    entry = Entry(
        seq=1,
        entered_at=AT,
        accepted_at=AT,
        payload=SeizureOrder(court="c", document="d", served_at=AT),
    )
    assert codec.encode(entry)["payload"]["type"] == "SeizureOrder"


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        codec.encode(dt.datetime(2026, 1, 1, 9))


def test_a_value_of_the_wrong_type_is_refused_on_reading() -> None:
    stored = codec.encode(
        Entry(
            seq=1,
            entered_at=AT,
            accepted_at=AT,
            payload=SeizureOrder(court="c", document="d", served_at=AT),
        )
    )
    stored["seq"] = "1"
    with pytest.raises(ValueError, match="int"):
        codec.decode(Entry, stored)
