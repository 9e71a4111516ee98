"""Reading the register through the API: a unit's state today and its full history.

Every read is recorded as an access to the unit. Holders are shown masked.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.selectors import signed_in_user
from yichuang.core.identifier_fields import identifier_error_message
from yichuang.core.identifiers import IdentifierError, parse_resident_id
from yichuang.core.masking import mask_id_number, mask_name
from yichuang.registry import certificates, selectors, services
from yichuang.registry.models import Party
from yichuang.registry.rules import unit_state_as_of

router = Router(tags=["registry"])

# A search is for finding a unit, not for listing the register: results are capped.
MAX_SEARCH_RESULTS = 50


class HolderOut(Schema):
    name: str
    document: str
    share: str | None


class RightOut(Schema):
    kind: str
    form: str
    holders: list[HolderOut]
    entered_seq: int


class EncumbranceOut(Schema):
    kind: str
    seq: int
    status: str
    detail: dict[str, str | int | None]


class UnitOut(Schema):
    code: str
    office: str
    location: str
    planned_use: str
    is_residential: bool
    land_area: str | None
    building_area: str | None
    as_of: dt.date
    provisional: bool
    rights: list[RightOut]
    encumbrances: list[EncumbranceOut]


class EntryOut(Schema):
    seq: int
    registration_type: str
    accepted_at: dt.datetime
    entered_at: dt.datetime
    legal_basis: str
    case_reference: str
    registrar: str
    ledger_origin: str
    ledger_index: int


def _holder(party: Party | None, share: object) -> HolderOut:
    share_text = f"{share.numerator}/{share.denominator}" if share is not None else None  # type: ignore[attr-defined]
    if party is None:
        return HolderOut(name="?", document="?", share=share_text)
    return HolderOut(
        name=mask_name(party.name), document=mask_id_number(party.document_number), share=share_text
    )


class UnitSummaryOut(Schema):
    code: str
    office: str
    location: str
    holders: list[str]


class UnitSearchQuery(Schema):
    code: str = ""
    location: str = Field("", max_length=100)
    certificate: str = Field("", max_length=60)
    holder_document: str = Field("", max_length=40, description="a resident ID number")


@router.get(
    "/units",
    response=list[UnitSummaryOut],
    summary="Find units by code, location, certificate number or holder's ID number",
)
def unit_search(request: HttpRequest, query: Query[UnitSearchQuery]) -> list[UnitSummaryOut]:
    user = signed_in_user(request)
    if not any((query.code, query.location, query.certificate, query.holder_document)):
        raise _invalid("code", _("Give at least one of code, location, certificate, holder."))
    document = ""
    if query.holder_document:
        try:
            document = parse_resident_id(query.holder_document).canonical
        except IdentifierError as error:
            raise _invalid("holder_document", identifier_error_message(error)) from None
    units = list(
        selectors.unit_search_for(
            user=user,
            code=query.code,
            location=query.location,
            certificate=query.certificate,
            holder_document=document,
        )[:MAX_SEARCH_RESULTS]
    )
    for unit in units:
        services.unit_access_record(actor=user, unit=unit, channel="search")
    return [
        UnitSummaryOut(
            code=unit.code,
            office=unit.office.code,
            location=unit.location,
            holders=sorted(mask_name(h.party.name) for h in unit.holdings.all()),
        )
        for unit in units
    ]


def _invalid(field: str, message: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ["query", field], "msg": message, "type": "value_error"}])


@router.get("/units/{code}", response=UnitOut, summary="A unit's register as it stands today")
def unit_detail(request: HttpRequest, code: str) -> UnitOut:
    user = signed_in_user(request)
    unit = selectors.unit_get_for(user=user, code=code)
    services.unit_access_record(actor=user, unit=unit, channel="api")
    today = timezone.localdate()
    view = unit_state_as_of(selectors.unit_state(unit=unit), today, office_calendar(unit.office))
    parties = selectors.parties_by_uid(h.party for r in view.rights for h in r.holders)
    encumbrances = [
        EncumbranceOut(
            kind="mortgage",
            seq=m.mortgage.seq,
            status="active",
            detail={"rank": m.rank, "debt_amount": str(m.mortgage.debt_amount)},
        )
        for m in view.mortgages
    ]
    encumbrances += [
        EncumbranceOut(
            kind="seizure",
            seq=s.seizure.seq,
            status=str(s.status),
            detail={
                "court": s.seizure.court,
                "queue": s.queue,
                "term_end": s.term_end.isoformat() if s.term_end else None,
            },
        )
        for s in view.seizures
    ]
    encumbrances += [
        EncumbranceOut(
            kind="advance_notice",
            seq=n.notice.seq,
            status=str(n.status),
            detail={"deadline": n.deadline.isoformat() if n.deadline else None},
        )
        for n in view.notices
    ]
    encumbrances += [
        EncumbranceOut(
            kind="objection",
            seq=o.objection.seq,
            status=str(o.status),
            detail={"deadline": o.deadline.isoformat()},
        )
        for o in view.objections
    ]
    return UnitOut(
        code=unit.code,
        office=unit.office.code,
        location=unit.location,
        planned_use=unit.planned_use,
        is_residential=unit.is_residential,
        land_area=str(unit.land_area) if unit.land_area is not None else None,
        building_area=str(unit.building_area) if unit.building_area is not None else None,
        as_of=today,
        provisional=view.provisional,
        rights=[
            RightOut(
                kind=str(r.kind),
                form=str(r.form),
                entered_seq=r.created_seq,
                holders=[_holder(parties.get(h.party), h.share) for h in r.holders],
            )
            for r in view.rights
        ],
        encumbrances=encumbrances,
    )


@router.get("/units/{code}/history", response=list[EntryOut], summary="Every entry of a unit")
def unit_history(request: HttpRequest, code: str) -> list[EntryOut]:
    user = signed_in_user(request)
    unit = selectors.unit_get_for(user=user, code=code)
    services.unit_access_record(actor=user, unit=unit, channel="api-history")
    return [
        EntryOut(
            seq=e.seq,
            registration_type=e.registration_type,
            accepted_at=e.accepted_at,
            entered_at=e.entered_at,
            legal_basis=e.legal_basis,
            case_reference=e.case_reference,
            registrar=str(e.registrar) if e.registrar else "—",
            ledger_origin=e.ledger_origin,
            ledger_index=e.ledger_index,
        )
        for e in selectors.unit_entries(unit=unit)
    ]


@router.get(
    "/certificates/pdf",
    summary="A certificate's PDF, by its number",
    response={200: None},
    openapi_extra={"responses": {"200": {"content": {"application/pdf": {}}}}},
)
def certificate_pdf_download(request: HttpRequest, number: str) -> HttpResponse:
    user = signed_in_user(request)
    certificate = selectors.certificate_get_for(user=user, number=number)
    services.unit_access_record(actor=user, unit=certificate.entry.unit, channel="certificate")
    response = HttpResponse(
        certificates.certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.pk}.pdf"'
    return response
