"""Mainland travel permits (来往内地/大陆通行证) of Hong Kong, Macao and Taiwan residents.

These cards carry no published check character, so only the shape is
validated. The shapes are not confirmed by a standard we hold: they are
collected in :data:`TRAVEL_PERMIT_LAYOUTS` below, the one place to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.divisions import Region
from yichuang.core.identifiers.layout import (
    DIGITS,
    LETTERS,
    Layout,
    digit,
    one_of,
    repeat,
    select_layout,
)
from yichuang.core.identifiers.normalisation import require_text


class TravelPermitKind(StrEnum):
    """Which travel permit (通行证种类)."""

    HK_MACAO = "hk_macao"
    """港澳居民来往内地通行证 (回乡证)."""
    TAIWAN = "taiwan"
    """台湾居民来往大陆通行证 (台胞证)."""


_HK_MACAO_PREFIX = one_of("HM")

# UNCONFIRMED shapes, current form first in each list:
# * Hong Kong/Macao: H (Hong Kong) or M (Macao) + 8 digits (card since 2013);
#   older booklets: H/M + 10 digits.
# * Taiwan: 8 digits (card since 2015); older booklets: 10 digits, sometimes
#   followed by a bracketed letter or digit, e.g. 1234567890(B).
TRAVEL_PERMIT_LAYOUTS: dict[TravelPermitKind, tuple[Layout, ...]] = {
    TravelPermitKind.HK_MACAO: (
        Layout([_HK_MACAO_PREFIX, *repeat(digit(), 8)]),
        Layout([_HK_MACAO_PREFIX, *repeat(digit(), 10)]),
    ),
    TravelPermitKind.TAIWAN: (
        Layout(repeat(digit(), 8)),
        Layout(repeat(digit(), 10)),
        Layout(
            [*repeat(digit(), 10), one_of("("), one_of(DIGITS + LETTERS, "0-9/A-Z"), one_of(")")]
        ),
    ),
}

_REGION_BY_PREFIX = {"H": Region.HONG_KONG, "M": Region.MACAO}


@dataclass(frozen=True, slots=True)
class TravelPermit(CanonicalIdentifier):
    """A travel permit number of a valid shape (通行证号码)."""

    kind: TravelPermitKind
    region: Region
    is_legacy_format: bool
    """True for the older booklet numbers (anything but the current card)."""


def parse_hk_macao_travel_permit(raw: str) -> TravelPermit:
    """Parse a Hong Kong/Macao residents' mainland travel permit number (回乡证号码)."""
    text, is_legacy = _fit(raw, TravelPermitKind.HK_MACAO)
    return TravelPermit(text, TravelPermitKind.HK_MACAO, _REGION_BY_PREFIX[text[0]], is_legacy)


def parse_taiwan_travel_permit(raw: str) -> TravelPermit:
    """Parse a Taiwan residents' mainland travel permit number (台胞证号码)."""
    text, is_legacy = _fit(raw, TravelPermitKind.TAIWAN)
    return TravelPermit(text, TravelPermitKind.TAIWAN, Region.TAIWAN, is_legacy)


def _fit(raw: str, kind: TravelPermitKind) -> tuple[str, bool]:
    text = require_text(raw)
    layouts = TRAVEL_PERMIT_LAYOUTS[kind]
    layout = select_layout(text, layouts)
    layout.check(text)
    return text, layout is not layouts[0]
