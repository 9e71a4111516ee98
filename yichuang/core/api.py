"""Checking an identifier before it is used: staff screens ask here as the user types."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from yichuang.core.identifier_fields import identifier_error_message
from yichuang.core.identifiers import (
    DocumentType,
    IdentifierError,
    parse_certificate_number,
    parse_identity_document,
    parse_unit_code,
    parse_uscc,
)

router = Router(tags=["identifiers"])


class IdentifierKind(StrEnum):
    """What can be checked: a person's document type, or a code of the register."""

    RESIDENT_ID = DocumentType.RESIDENT_ID.value
    HK_MACAO_RESIDENCE_PERMIT = DocumentType.HK_MACAO_RESIDENCE_PERMIT.value
    TAIWAN_RESIDENCE_PERMIT = DocumentType.TAIWAN_RESIDENCE_PERMIT.value
    HK_MACAO_TRAVEL_PERMIT = DocumentType.HK_MACAO_TRAVEL_PERMIT.value
    TAIWAN_TRAVEL_PERMIT = DocumentType.TAIWAN_TRAVEL_PERMIT.value
    PASSPORT = DocumentType.PASSPORT.value
    FOREIGN_PERMANENT_RESIDENT = DocumentType.FOREIGN_PERMANENT_RESIDENT.value
    USCC = "uscc"
    UNIT_CODE = "unit_code"
    CERTIFICATE_NUMBER = "certificate_number"


class IdentifierCheckIn(Schema):
    kind: IdentifierKind
    value: str = Field(..., max_length=64)
    country: str | None = Field(None, max_length=3, description="issuing country (passports)")


class IdentifierCheckOut(Schema):
    kind: IdentifierKind
    canonical: str
    details: dict[str, Any]


def _parse(payload: IdentifierCheckIn) -> tuple[str, dict[str, Any]]:
    kind = payload.kind
    if kind is IdentifierKind.USCC:
        uscc = parse_uscc(payload.value)
        return uscc.canonical, {"division": uscc.division, "authority": uscc.authority}
    if kind is IdentifierKind.UNIT_CODE:
        unit = parse_unit_code(payload.value)
        details = {
            "division": unit.division,
            "ownership": unit.ownership,
            "parcel_type": unit.parcel_type,
            "fixture_type": unit.fixture_type,
            "is_virtual": unit.is_virtual,
        }
        return unit.canonical, details
    if kind is IdentifierKind.CERTIFICATE_NUMBER:
        number = parse_certificate_number(payload.value)
        return number.canonical, {"kind": str(number.kind), "year": number.year}
    document = parse_identity_document(
        DocumentType(kind.value), payload.value, country=payload.country
    )
    # The birth date is personal data: say only that the number is well formed.
    return document.number, {"country": document.country}


@router.post(
    "/identifiers/check",
    response=IdentifierCheckOut,
    summary="Check an identity document number or a register code",
)
def identifier_check(request: HttpRequest, payload: IdentifierCheckIn) -> IdentifierCheckOut:
    try:
        canonical, details = _parse(payload)
    except IdentifierError as error:
        field = "country" if error.code in ("country", "country_required") else "value"
        raise NinjaValidationError(
            [
                {
                    "loc": ["body", "payload", field],
                    "msg": identifier_error_message(error),
                    "type": "identifier_invalid",
                    "code": str(error.code),
                }
            ]
        ) from None
    return IdentifierCheckOut(kind=payload.kind, canonical=canonical, details=details)
