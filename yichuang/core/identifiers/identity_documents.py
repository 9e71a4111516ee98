"""Identity documents of natural persons (自然人身份证件), parsed by document type.

An application names the applicant's document type (证件种类) and number
(证件号码); :func:`parse_identity_document` routes the number to the parser of
that type and returns one uniform :class:`IdentityDocument`. Organisations are
identified by their unified social credit code instead (see ``parse_uscc``).

Residence permits keep two document types (Hong Kong/Macao and Taiwan), as do
travel permits, mirroring the separate certificate types of the registration
forms; the parsed value still carries the precise region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from yichuang.core.identifiers.countries import parse_country
from yichuang.core.identifiers.divisions import Region
from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.normalisation import normalise
from yichuang.core.identifiers.passport import Passport, parse_passport
from yichuang.core.identifiers.permanent_residence import (
    PermanentResidentId,
    parse_permanent_resident_id,
)
from yichuang.core.identifiers.residence_permit import ResidencePermit, parse_residence_permit
from yichuang.core.identifiers.resident_id import ResidentId, parse_resident_id
from yichuang.core.identifiers.travel_permit import (
    TravelPermit,
    parse_hk_macao_travel_permit,
    parse_taiwan_travel_permit,
)


class DocumentType(StrEnum):
    """Identity document types of natural persons (证件种类)."""

    RESIDENT_ID = "resident_id"
    """居民身份证."""
    HK_MACAO_RESIDENCE_PERMIT = "hk_macao_residence_permit"
    """港澳居民居住证."""
    TAIWAN_RESIDENCE_PERMIT = "taiwan_residence_permit"
    """台湾居民居住证."""
    HK_MACAO_TRAVEL_PERMIT = "hk_macao_travel_permit"
    """港澳居民来往内地通行证."""
    TAIWAN_TRAVEL_PERMIT = "taiwan_travel_permit"
    """台湾居民来往大陆通行证."""
    PASSPORT = "passport"
    """护照 (of a foreign state, or a Chinese passport of an overseas Chinese)."""
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"
    """外国人永久居留身份证."""


ParsedDocument = ResidentId | ResidencePermit | TravelPermit | Passport | PermanentResidentId


@dataclass(frozen=True, slots=True)
class IdentityDocument:
    """A validated identity document (身份证件).

    ``number`` is canonical. ``country`` is the ISO alpha-3 issuing country of
    a passport, the nationality of a permanent resident when known, or the
    caller's validated ``country`` for other types (``None`` if not given).
    ``birth_date`` is set when the number encodes it. ``parsed`` is the
    type-specific value with every decoded detail.
    """

    document_type: DocumentType
    number: str
    country: str | None
    birth_date: date | None
    parsed: ParsedDocument

    def __str__(self) -> str:
        """The canonical number."""
        return self.number


_HK_MACAO = frozenset({Region.HONG_KONG, Region.MACAO})
_TAIWAN = frozenset({Region.TAIWAN})

# Every type but the passport, which also needs a country.
_Parser = Callable[[str, date], ResidentId | ResidencePermit | TravelPermit | PermanentResidentId]

_PARSERS: dict[DocumentType, _Parser] = {
    DocumentType.RESIDENT_ID: lambda raw, today: parse_resident_id(raw, today=today),
    DocumentType.HK_MACAO_RESIDENCE_PERMIT: lambda raw, today: parse_residence_permit(
        raw, regions=_HK_MACAO, today=today
    ),
    DocumentType.TAIWAN_RESIDENCE_PERMIT: lambda raw, today: parse_residence_permit(
        raw, regions=_TAIWAN, today=today
    ),
    DocumentType.HK_MACAO_TRAVEL_PERMIT: lambda raw, today: parse_hk_macao_travel_permit(raw),
    DocumentType.TAIWAN_TRAVEL_PERMIT: lambda raw, today: parse_taiwan_travel_permit(raw),
    DocumentType.FOREIGN_PERMANENT_RESIDENT: lambda raw, today: parse_permanent_resident_id(
        raw, today=today
    ),
}


def parse_identity_document(
    document_type: DocumentType | str,
    number: str,
    *,
    country: str | None = None,
    today: date | None = None,
) -> IdentityDocument:
    """Parse ``number`` as a document of ``document_type``.

    ``country`` is required for passports. For a 15-character permanent
    resident card it must, if given, agree with the nationality in the number.
    """
    kind = _document_type(document_type)
    today = today if today is not None else date.today()
    if kind is DocumentType.PASSPORT:
        passport = parse_passport(number, country=country)
        return IdentityDocument(kind, passport.canonical, passport.country, None, passport)
    parsed = _PARSERS[kind](number, today)
    given = _optional_country(country)
    known = parsed.nationality if isinstance(parsed, PermanentResidentId) else None
    if known is not None and given is not None and known != given:
        raise IdentifierError(ErrorCode.COUNTRY_MISMATCH, expected=known, found=given)
    birth_date = None if isinstance(parsed, TravelPermit) else parsed.birth_date
    return IdentityDocument(kind, parsed.canonical, known or given, birth_date, parsed)


def _optional_country(country: str | None) -> str | None:
    # Forms submit an untouched country box as "", which means "not given".
    if country is None or not normalise(country):
        return None
    return parse_country(country)


def _document_type(value: DocumentType | str) -> DocumentType:
    try:
        return DocumentType(value)
    except ValueError:
        raise IdentifierError(ErrorCode.DOCUMENT_TYPE, found=str(value)) from None
