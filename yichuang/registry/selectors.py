"""Reading the register: units, their current state and history, and rebuild checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from yichuang.accounts.models import User
from yichuang.accounts.selectors import office_scope, role_allows
from yichuang.core.masking import mask_name
from yichuang.registry import codec
from yichuang.registry.models import Certificate, Entry, Holding, Party, Unit, UnitProjection
from yichuang.registry.rules import CoOwnership, UnitState, replay
from yichuang.registry.rules import Entry as RulesEntry
from yichuang.registry.rules.classify import right_kind_of


def unit_entries(*, unit: Unit) -> QuerySet[Entry]:
    """A unit's entries in order, with the registrar loaded."""
    return Entry.objects.filter(unit=unit).select_related("registrar").order_by("seq")


def unit_state(*, unit: Unit) -> UnitState:
    """The unit's live state (its projection, already loaded when selected with the unit)."""
    return codec.decode_as(UnitState, unit.projection.state)


def rebuilt_state(*, unit: Unit) -> UnitState:
    """The unit's state folded afresh from its entries."""
    entries = (codec.decode_as(RulesEntry, row.content) for row in unit_entries(unit=unit))
    return replay(unit.code, entries)


def _holdings_expected(state: UnitState) -> set[tuple[str, str, str]]:
    return {
        (
            holder.party,
            str(right.kind),
            f"{holder.share.numerator}/{holder.share.denominator}" if holder.share else "",
        )
        for right in state.rights
        if right.cancelled is None
        for holder in right.holders
    }


def _difference(unit: Unit, projection: UnitProjection) -> str | None:
    rebuilt = rebuilt_state(unit=unit)
    if projection.last_seq != rebuilt.last_seq:
        return f"last entry {projection.last_seq}, entries end at {rebuilt.last_seq}"
    try:
        live = codec.decode_as(UnitState, projection.state)
    except (KeyError, TypeError, ValueError) as error:
        return f"state cannot be read: {error}"
    if live != rebuilt:
        return "state differs from its entries"
    holdings = {
        (str(party_uid), right_kind, share)
        for party_uid, right_kind, share in Holding.objects.filter(unit=unit).values_list(
            "party__uid", "right_kind", "share"
        )
    }
    if holdings != _holdings_expected(rebuilt):
        return "holders differ from its entries"
    return None


def projection_differences(
    *, unit_codes: Iterable[str] | None = None
) -> tuple[int, list[tuple[str, str]]]:
    """(units checked, [(unit code, what differs)]) between live states and their entries."""
    units = Unit.objects.select_related("projection").order_by("code")
    if unit_codes:
        units = units.filter(code__in=list(unit_codes))
    checked, differing = 0, []
    for unit in units.iterator(chunk_size=500):
        checked += 1
        reason = _difference(unit, unit.projection)
        if reason is not None:
            differing.append((unit.code, reason))
    return checked, differing


def party_by_uid(*, uid: str) -> Party:
    return Party.objects.get(uid=uid)


def unit_get_for(*, user: User, code: str) -> Unit:
    """A unit ``user`` may look at: their office's (or jurisdiction's), with the right role.

    Anything else is simply not found, so a unit's existence is not revealed.
    """
    if not role_allows(user=user, permission="registry.browse_register"):
        raise Http404(code)
    try:
        return Unit.objects.select_related("office", "projection").get(
            code=code.strip().upper(), office__in=office_scope(user=user)
        )
    except Unit.DoesNotExist:
        raise Http404(code) from None


def entry_co_owners(entry: Entry) -> list[Party]:
    """The co-owners of the right ``entry`` records, each of whom may have a copy.

    Empty for an entry that records no right, or a right held by one holder.
    """
    kind = right_kind_of(codec.decode_as(RulesEntry, entry.content).payload)
    right = rebuilt_state_through(unit=entry.unit, seq=entry.seq).right(kind) if kind else None
    if right is None or right.form is CoOwnership.SOLE:
        return []
    parties = parties_by_uid(holder.party for holder in right.holders)
    return [parties[holder.party] for holder in right.holders if holder.party in parties]


def parties_by_uid(uids: Iterable[str]) -> dict[str, Party]:
    """Parties by their uid, in one query."""
    return {str(party.uid): party for party in Party.objects.filter(uid__in=list(uids))}


def rebuilt_state_through(*, unit: Unit, seq: int) -> UnitState:
    """The unit's state right after its entry ``seq``."""
    rows = unit_entries(unit=unit).filter(seq__lte=seq)
    return replay(unit.code, (codec.decode_as(RulesEntry, row.content) for row in rows))


def certificate_by_verification_code(*, code: str) -> Certificate:
    """A certificate by the code in its QR address (404 when there is none)."""
    try:
        return Certificate.objects.select_related("entry__unit__office", "office").get(
            verification_code=code
        )
    except Certificate.DoesNotExist:
        raise Http404(code) from None


@dataclass(frozen=True)
class CertificateSummary:
    """What the public verification page may show: masked, with the ledger's place."""

    number: str
    kind: str
    office: str
    issued_on: dt.date
    unit_code: str
    location: str
    holders: tuple[str, ...]
    current: bool
    ledger_origin: str
    ledger_index: int


def certificate_public_summary(*, certificate: Certificate) -> CertificateSummary:
    """A certificate as the public may see it; ``current`` when its holders still hold."""
    entry, unit = certificate.entry, certificate.entry.unit
    at_entry = rebuilt_state_through(unit=unit, seq=entry.seq)
    now = unit_state(unit=unit)
    holders_then = {h.party for r in at_entry.rights if r.cancelled is None for h in r.holders}
    holders_now = {h.party for r in now.rights if r.cancelled is None for h in r.holders}
    parties = parties_by_uid(holders_then)
    return CertificateSummary(
        number=certificate.number,
        kind=certificate.get_kind_display(),
        office=unit.office.name,
        issued_on=certificate.issued_on,
        unit_code=unit.code,
        location=unit.location,
        holders=tuple(sorted(mask_name(p.name) for p in parties.values())),
        current=holders_then == holders_now,
        ledger_origin=entry.ledger_origin,
        ledger_index=entry.ledger_index,
    )


def certificate_get_for(*, user: User, number: str) -> Certificate:
    """A certificate of a unit ``user`` may look at (404 otherwise)."""
    try:
        certificate = Certificate.objects.select_related("entry__unit__office").get(
            number=number.strip()
        )
    except Certificate.DoesNotExist:
        raise Http404(number) from None
    unit_get_for(user=user, code=certificate.entry.unit.code)
    return certificate


def unit_search_for(
    *,
    user: User,
    code: str = "",
    location: str = "",
    certificate: str = "",
    holder_document: str = "",
) -> QuerySet[Unit]:
    """Units ``user`` may look at matching every criterion given (at least one)."""
    if not role_allows(user=user, permission="registry.browse_register"):
        return Unit.objects.none()
    units = Unit.objects.filter(office__in=office_scope(user=user))
    if code:
        units = units.filter(code=code.strip().upper())
    if location:
        units = units.filter(location__contains=location.strip())
    if certificate:
        units = units.filter(entries__certificates__number=certificate.strip())
    if holder_document:
        units = units.filter(holdings__party__document_number=holder_document)
    return units.distinct().select_related("office").prefetch_related("holdings__party")


def unit_by_code(code: str) -> Unit | None:
    """The unit with this canonical code in any office's register, or None.

    For the window, which must tell an applicant whose unit another office
    registers where to go (REG art. 17 item 4); not for browsing the register.
    """
    return Unit.objects.select_related("office").filter(code=code).first()
