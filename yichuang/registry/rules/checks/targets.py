"""Finding the entry an act names by its sequence number (被注销、解封、更正的登记)."""

from __future__ import annotations

from yichuang.registry.rules.state import AdvanceNotice, Easement, Objection, UnitState

__all__ = ["Encumbrance", "encumbrance", "encumbrance_holders"]

#: An encumbrance an :class:`EncumbranceCancellation` may name.
Encumbrance = Easement | AdvanceNotice | Objection


def encumbrance(state: UnitState, seq: int) -> Encumbrance | None:
    """The easement, advance notice or objection entered as ``seq``, ended or not."""
    items: tuple[Encumbrance, ...] = (*state.easements, *state.notices, *state.objections)
    return next((item for item in items if item.seq == seq), None)


def encumbrance_holders(item: Encumbrance) -> frozenset[str]:
    """Who holds ``item``: the easement holder, the notice holders, the objector."""
    if isinstance(item, Easement):
        return frozenset({item.holder})
    if isinstance(item, AdvanceNotice):
        return item.holders
    return frozenset({item.applicant})
