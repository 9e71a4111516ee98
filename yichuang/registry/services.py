"""Every write to the register: parties, units and register entries (登簿).

Entries are made only through :func:`register_entry_record`, which the cases
module calls once a case is approved: it locks the unit, re-checks the legal
rules at the moment of entry, and writes the entry, the unit's new state, its
ledger leaf and an audit event in one transaction, or nothing at all.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record, office_ledger_origin, office_ledger_owner
from yichuang.core.identifier_fields import identifier_error_message
from yichuang.core.identifiers import (
    DocumentType,
    IdentifierError,
    parse_identity_document,
    parse_unit_code,
    parse_uscc,
)
from yichuang.ledger.commitment import leaf_data, new_salt
from yichuang.ledger.services import leaf_append
from yichuang.registry import codec
from yichuang.registry.models import (
    Certificate,
    CertificateCounter,
    Entry,
    Holding,
    Party,
    Unit,
    UnitAccess,
    UnitProjection,
)
from yichuang.registry.rules import (
    Decision,
    PendingApplication,
    RegistrationRequest,
    UnitState,
    enter,
)
from yichuang.registry.selectors import entry_co_owners

LEAF_KIND = "register-entry"
USCC = "uscc"


class RegistrationRefusedError(Exception):
    """The rules refused the registration at the moment of entry; nothing was written."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(", ".join(refusal.code for refusal in decision.refusals))
        self.decision = decision


# Who may record parties: the staff who meet applicants and handle their cases.
PARTY_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.REGISTRAR})


def _require_role(actor: User | None, roles: frozenset[Role], office: Office | None) -> None:
    require_role(actor, roles, office)


@dataclass(frozen=True, slots=True)
class PartyIdentity:
    """A party as an application names it, its document checked and in canonical form."""

    kind: str
    name: str
    document_type: str
    document_number: str
    country: str

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the party on the register (one party per document)."""
        return (self.document_type, self.document_number, self.country)


def party_identity(
    *, kind: str, name: str, document_type: str, document_number: str, country: str = ""
) -> PartyIdentity:
    """Check a party's document and name; ValidationError says what is wrong."""
    try:
        if kind == Party.Kind.ORGANISATION:
            if document_type != USCC:
                raise ValidationError({"document_type": _("An organisation is known by its USCC.")})
            number, country = parse_uscc(document_number).canonical, ""
        else:
            document = parse_identity_document(
                DocumentType(document_type), document_number, country=country or None
            )
            number, country = document.number, document.country or ""
    except IdentifierError as error:
        raise ValidationError({"document_number": identifier_error_message(error)}) from None
    except ValueError:
        raise ValidationError({"document_type": _("Unknown document type.")}) from None
    if not name.strip():
        raise ValidationError({"name": _("A party needs a name.")})
    return PartyIdentity(kind, name.strip(), document_type, number, country)


def party_register(
    *,
    actor: User,
    kind: str,
    name: str,
    document_type: str,
    document_number: str,
    country: str = "",
) -> Party:
    """The party with this document, registered on first sight (validated, audited)."""
    _require_role(actor, PARTY_ROLES, None)
    identity = party_identity(
        kind=kind,
        name=name,
        document_type=document_type,
        document_number=document_number,
        country=country,
    )
    with transaction.atomic():
        party, created = Party.objects.get_or_create(
            document_type=identity.document_type,
            document_number=identity.document_number,
            country=identity.country,
            defaults={"kind": kind, "name": identity.name},
        )
        if created:
            audit_record(
                actor=actor,
                event_type="party.register",
                target=party,
                after={
                    "kind": kind,
                    "document_type": identity.document_type,
                    "document_number": identity.document_number,
                },
            )
    return party


def unit_create(
    *,
    actor: User,
    office: Office,
    code: str,
    location: str,
    planned_use: str,
    is_residential: bool,
    land_area: Decimal | None = None,
    building_area: Decimal | None = None,
) -> Unit:
    """Open a unit's register page (from the cadastral survey), empty of rights."""
    _require_role(actor, frozenset({Role.REGISTRAR}), office)
    unit = unit_prepare(
        office=office,
        code=code,
        location=location,
        planned_use=planned_use,
        is_residential=is_residential,
        land_area=land_area,
        building_area=building_area,
    )
    unit.full_clean()
    with transaction.atomic():
        unit.save()
        UnitProjection.objects.create(
            unit=unit, last_seq=0, state=codec.encode(UnitState(unit=unit.code))
        )
        audit_record(
            actor=actor,
            event_type="unit.create",
            target=unit,
            office=office,
            after={"code": unit.code, "location": location, "is_residential": is_residential},
        )
    return unit


def unit_prepare(
    *,
    office: Office,
    code: str,
    location: str,
    planned_use: str,
    is_residential: bool,
    land_area: Decimal | None = None,
    building_area: Decimal | None = None,
) -> Unit:
    """A unit under its canonical code, not yet checked field by field nor saved."""
    try:
        canonical = parse_unit_code(code).canonical
    except IdentifierError as error:
        raise ValidationError({"code": identifier_error_message(error)}) from None
    return Unit(
        code=canonical,
        office=office,
        location=location,
        planned_use=planned_use,
        is_residential=is_residential,
        land_area=land_area,
        building_area=building_area,
    )


def _require_registrar(actor: User | None, unit: Unit) -> None:
    _require_role(actor, frozenset({Role.REGISTRAR}), unit.office)


def register_entry_record(
    *,
    actor: User,
    unit: Unit,
    request: RegistrationRequest,
    legal_basis: str,
    case_reference: str = "",
    pending: Sequence[PendingApplication] = (),
    entered_at: dt.datetime | None = None,
) -> Entry:
    """Enter an approved registration on the register (登簿), or refuse it.

    Raises :class:`RegistrationRefusedError` with the lawful grounds when the
    rules refuse it now (a seizure entered meanwhile, say); nothing is written.
    ``entered_at`` is for importing an existing register only: the time the
    entry was originally made, so the periods that run from it (an objection's
    15 days) run from then. It is never in the future.
    """
    _require_registrar(actor, unit)
    now = timezone.now()
    entry_time_check(entered_at, now=now)
    with transaction.atomic():
        projection = UnitProjection.objects.select_for_update().get(unit=unit)
        state = codec.decode_as(UnitState, projection.state)
        entered_at = entered_at or now
        result = enter(
            state,
            request,
            seq=projection.last_seq + 1,
            entered_at=entered_at,
            calendar=office_calendar(unit.office),
            pending=pending,
        )
        if result.entry is None:
            raise RegistrationRefusedError(result.decision)
        # The unit's own rows first: the office's logs, which every writer of the
        # office shares, are locked only from here to the commit.
        _store_state(projection, result.state, rights_changed=result.state.rights != state.rights)
        entry = _store_entry(
            actor=actor,
            unit=unit,
            content=codec.encode(result.entry),
            seq=result.entry.seq,
            registration_type=str(result.entry.registration_type),
            legal_basis=legal_basis,
            case_reference=case_reference,
            accepted_at=request.accepted_at,
            entered_at=entered_at,
        )
        audit_record(
            actor=actor,
            event_type="register.entry",
            target=entry,
            office=unit.office,
            after={"unit": unit.code, "seq": entry.seq, "type": entry.registration_type},
        )
    return entry


def entry_time_check(entered_at: dt.datetime | None, *, now: dt.datetime) -> None:
    """Refuse an entry time in the future (ValidationError)."""
    if entered_at is not None and entered_at > now:
        raise ValidationError({"entered_at": _("An entry cannot be made in the future.")})


def _store_entry(
    *, actor: User | None, unit: Unit, content: dict[str, object], **fields: object
) -> Entry:
    """Seal the entry in the office's register log, then write it."""
    entry = Entry(unit=unit, registrar=actor, content=content, salt=new_salt(), **fields)
    origin, owner, data = entry_leaf(entry)
    receipt = leaf_append(origin=origin, owner=owner, data=data)
    entry.ledger_origin, entry.ledger_index = receipt.origin, receipt.index
    entry.save(force_insert=True)
    return entry


def entry_leaf(entry: Entry) -> tuple[str, str, bytes]:
    """The register log an entry is sealed in (its office's, of its year), its owner, the leaf."""
    return register_leaf(
        entry.unit.office,
        entry_ledger_record(entry),
        salt=bytes(entry.salt),
        entered_at=entry.entered_at,
    )


def register_leaf(
    office: Office, record: dict[str, object], *, salt: bytes, entered_at: dt.datetime
) -> tuple[str, str, bytes]:
    """:func:`entry_leaf` for an entry given as its ledger record."""
    year = timezone.localtime(entered_at).year
    return (
        office_ledger_origin(office, "register", year),
        office_ledger_owner(office),
        leaf_data(kind=LEAF_KIND, record=record, salt=salt),
    )


def entry_ledger_record(entry: Entry) -> dict[str, object]:
    """What a register entry's leaf commits to (the holder can prove it with the salt)."""
    return entry_record(
        unit=entry.unit.code,
        seq=entry.seq,
        registration_type=entry.registration_type,
        content=entry.content,
        legal_basis=entry.legal_basis,
        case_reference=entry.case_reference,
        accepted_at=entry.accepted_at,
        entered_at=entry.entered_at,
    )


def entry_record(
    *,
    unit: str,
    seq: int,
    registration_type: str,
    content: object,
    legal_basis: str,
    case_reference: str,
    accepted_at: dt.datetime,
    entered_at: dt.datetime,
) -> dict[str, object]:
    """:func:`entry_ledger_record` from the entry's values.

    Times are given in UTC, as the database gives them back, so the stored
    entry proves its leaf however its times were written.
    """
    return {
        "unit": unit,
        "seq": seq,
        "registration_type": registration_type,
        "content": content,
        "legal_basis": legal_basis,
        "case_reference": case_reference,
        "accepted_at": accepted_at.astimezone(dt.UTC).isoformat(),
        "entered_at": entered_at.astimezone(dt.UTC).isoformat(),
    }


def _store_state(projection: UnitProjection, state: UnitState, *, rights_changed: bool) -> None:
    """The unit's new current state, and the holdings that make it searchable."""
    projection.state = codec.encode(state)
    projection.last_seq = state.last_seq
    projection.save(update_fields=["state", "last_seq"])
    if not rights_changed:
        return
    Holding.objects.filter(unit_id=projection.unit_id).delete()
    holdings = state_holdings(state)
    uids = {party for party, _kind, _share in holdings}
    parties = {str(p.uid): p for p in Party.objects.filter(uid__in=uids)}
    Holding.objects.bulk_create(
        Holding(unit_id=projection.unit_id, party=parties[party], right_kind=kind, share=share)
        for party, kind, share in holdings
        if party in parties
    )


def state_holdings(state: UnitState) -> list[tuple[str, str, str]]:
    """(party uid, right kind, share) for each holder of each live right of ``state``."""
    return [
        (
            holder.party,
            str(right.kind),
            f"{holder.share.numerator}/{holder.share.denominator}" if holder.share else "",
        )
        for right in state.rights
        if right.cancelled is None
        for holder in right.holders
    ]


def unit_access_record(*, actor: User, unit: Unit, channel: str, purpose: str = "") -> None:
    """Record that ``actor`` looked at ``unit``'s register.

    One INSERT, atomic by itself: it needs no transaction of its own, which saves
    the look-up two round trips to the database.
    """
    UnitAccess.objects.create(unit=unit, actor=actor, channel=channel, purpose=purpose)


TITLE_TYPES = frozenset({"first", "transfer", "change", "correction"})
PROOF_TYPES = frozenset({"mortgage", "advance_notice", "objection", "easement"})


def _next_certificate_sequence(*, office: Office, year: int, kind: str) -> int:
    """The next number of the office's series for the year: atomic, never reused."""
    counter, _created = CertificateCounter.objects.get_or_create(
        office=office, year=year, kind=kind
    )
    locked = CertificateCounter.objects.select_for_update().get(pk=counter.pk)
    locked.last += 1
    locked.save(update_fields=["last"])
    return locked.last


def _check_certificate_holder(entry: Entry, holder: Party) -> None:
    """``holder`` may have a copy of its own: a co-owner of the right the entry records."""
    if entry.registration_type not in TITLE_TYPES:
        raise ValidationError(
            {"holder": _("Only a title certificate is issued to each co-owner separately.")}
        )
    co_owners = entry_co_owners(entry)
    if not co_owners:
        raise ValidationError(
            {"holder": _("Only a co-owned right gets a certificate for each co-owner.")}
        )
    if holder.pk not in {party.pk for party in co_owners}:
        raise ValidationError(
            {"holder": _("%(name)s holds no share of this right.") % {"name": holder.name}}
        )


def certificate_issue(*, actor: User, entry: Entry, holder: Party | None = None) -> Certificate:
    """Issue the certificate or proof an entry calls for (缮证), with its number.

    With ``holder``, the copy for one co-owner of a co-owned right (共有人分别
    持证), at most one per co-owner; otherwise one certificate for all holders.
    """
    unit = entry.unit
    _require_registrar(actor, unit)
    if holder is not None:
        _check_certificate_holder(entry, holder)
    if entry.registration_type in TITLE_TYPES:
        kind, series = Certificate.Kind.TITLE, "不动产权"
    elif entry.registration_type in PROOF_TYPES:
        kind, series = Certificate.Kind.PROOF, "不动产证明"
    else:
        raise ValidationError(
            {
                "entry": _("A %(type)s registration gets no certificate.")
                % {"type": entry.registration_type}
            }
        )
    office = unit.office
    if not (office.certificate_province and office.certificate_place):
        raise ValidationError(
            {"office": _("Set the office's certificate province and place first.")}
        )
    issued_on = timezone.localdate()
    with transaction.atomic():
        sequence = _next_certificate_sequence(office=office, year=issued_on.year, kind=kind)
        # Checked under the counter's lock, so two clerks cannot both pass it;
        # a refusal rolls the counter back and the number is not spent.
        if holder is not None and Certificate.objects.filter(entry=entry, holder=holder).exists():
            raise ValidationError(
                {
                    "holder": _("%(name)s already has a certificate for this entry.")
                    % {"name": holder.name}
                }
            )
        number = (
            f"{office.certificate_province}({issued_on.year}){office.certificate_place}"
            f"{series}第{sequence:07d}号"
        )
        certificate = Certificate.objects.create(
            number=number,
            kind=kind,
            office=office,
            year=issued_on.year,
            sequence=sequence,
            entry=entry,
            holder=holder,
            issued_on=issued_on,
            issued_by=actor,
            verification_code=secrets.token_hex(16),
        )
        audit_record(
            actor=actor,
            event_type="certificate.issue",
            target=certificate,
            office=office,
            after={
                "number": number,
                "unit": unit.code,
                "entry": entry.seq,
                **({"holder": str(holder.uid)} if holder is not None else {}),
            },
        )
    return certificate
