"""Ranks of the mortgages on a unit (抵押权顺位).

Mortgages rank by registration (CC art. 414) and are entered in the order their
applications were accepted (RULES art. 67), so rank follows acceptance time,
unless the parties agreed and registered another rank ("另有约定"). Ranks are
always 1..k for the k live mortgages: when one is cancelled the later ones move
up, and an agreed rank beyond the number of mortgages means last.
"""

from __future__ import annotations

from collections.abc import Iterable

from yichuang.registry.rules.state import Mortgage

__all__ = ["mortgage_ranks"]


def mortgage_ranks(mortgages: Iterable[Mortgage]) -> dict[int, int]:
    """Map each given mortgage's ``seq`` to its rank among them (1 is first).

    Mortgages with an agreed rank take that place first, earlier acceptance
    winning a contested place (the later one takes the next free later place,
    or the nearest earlier one if none is free); the others fill the remaining
    places in acceptance order.
    """
    ordered = sorted(mortgages, key=lambda m: (m.accepted_at, m.seq))
    slots: list[int | None] = [None] * len(ordered)
    for mortgage in ordered:
        if mortgage.agreed_rank is not None:
            wanted = min(max(mortgage.agreed_rank, 1), len(slots)) - 1
            slots[_free_slot(slots, wanted)] = mortgage.seq
    unranked = iter([m.seq for m in ordered if m.agreed_rank is None])
    ranks: dict[int, int] = {}
    for place, seq in enumerate(slots, start=1):
        ranks[next(unranked) if seq is None else seq] = place
    return ranks


def _free_slot(slots: list[int | None], wanted: int) -> int:
    """The free place nearest ``wanted``, looking at later places first."""
    for place in range(wanted, len(slots)):
        if slots[place] is None:
            return place
    for place in range(wanted - 1, -1, -1):
        if slots[place] is None:
            return place
    # Unreachable: there is one place per mortgage and each takes one.
    raise AssertionError("no free rank left")
