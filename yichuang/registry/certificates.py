"""What a certificate prints, assembled from the register, and its PDF.

The certificate is the holder's own document, so names are printed in full;
everything else comes from the unit, the entry and the unit's state at the
entry.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from yichuang.core.identifiers import parse_certificate_number, parse_unit_code
from yichuang.registry import codec
from yichuang.registry.certificate_pdf import (
    Area,
    CertificateData,
    CoOwnership,
    LedgerReference,
    RightHolder,
    render_certificate,
)
from yichuang.registry.labels import label
from yichuang.registry.models import Certificate, Party
from yichuang.registry.rules import CoOwnership as RulesCoOwnership
from yichuang.registry.rules import Entry as RulesEntry
from yichuang.registry.rules import MortgageCreation
from yichuang.registry.selectors import parties_by_uid, rebuilt_state_through

_FORMS = {
    RulesCoOwnership.SOLE: CoOwnership.SOLE,
    RulesCoOwnership.JOINT: CoOwnership.JOINT,
    RulesCoOwnership.SHARED: CoOwnership.IN_SHARES,
}
_PROOF_MATTERS = {
    "mortgage": "抵押权",
    "advance_notice": "预告登记",
    "objection": "异议登记",
    "easement": "地役权",
}


def _in_chinese(code: object) -> str:
    """Certificates are printed in Chinese whatever the clerk's screen language."""
    with translation.override("zh-hans"):
        return label(code)


def verification_url(certificate: Certificate) -> str:
    """The public page the QR code leads to."""
    path = reverse("portal:verify_certificate", args=[certificate.verification_code])
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def _names(parties: dict[str, Party], uids: list[str]) -> list[str]:
    return [parties[uid].name if uid in parties else "?" for uid in uids]


def certificate_data(certificate: Certificate) -> CertificateData:
    """Everything the certificate prints."""
    entry, unit = certificate.entry, certificate.entry.unit
    payload = codec.decode_as(RulesEntry, entry.content).payload
    state = rebuilt_state_through(unit=unit, seq=entry.seq)
    number = parse_certificate_number(certificate.number)
    ledger = LedgerReference(entry.ledger_origin, entry.ledger_index)
    if certificate.kind == Certificate.Kind.PROOF:
        owners = [h.party for r in state.rights if r.cancelled is None for h in r.holders]
        holder = payload.mortgagee if isinstance(payload, MortgageCreation) else None
        parties = parties_by_uid([*owners, *([holder] if holder else [])])
        holders = _names(parties, [holder] if holder else owners)
        return CertificateData(
            kind=number.kind,
            number=number,
            office=unit.office.name,
            issued=certificate.issued_on,
            location=unit.location,
            unit_code=parse_unit_code(unit.code),
            ledger=ledger,
            verification_url=verification_url(certificate),
            use=unit.planned_use,
            holders=tuple(RightHolder(name) for name in holders),
            registered_matter=_PROOF_MATTERS.get(entry.registration_type, entry.registration_type),
            obligors=tuple(_names(parties, owners)) if holder else (),
        )
    right = state.right(payload.right_kind)  # type: ignore[union-attr]
    if right is None:
        raise ValueError("a title certificate is issued for a live right")
    parties = parties_by_uid(h.party for h in right.holders)
    return CertificateData(
        kind=number.kind,
        number=number,
        office=unit.office.name,
        issued=certificate.issued_on,
        location=unit.location,
        unit_code=parse_unit_code(unit.code),
        ledger=ledger,
        verification_url=verification_url(certificate),
        use=unit.planned_use,
        holders=tuple(RightHolder(parties[h.party].name, h.share) for h in right.holders),
        co_ownership=_FORMS[right.form],
        right_type=_in_chinese(right.kind),
        area=Area(land_m2=unit.land_area, building_m2=unit.building_area),
        holder=certificate.holder.name if certificate.holder else "",
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF (the same bytes every time)."""
    return render_certificate(certificate_data(certificate))
