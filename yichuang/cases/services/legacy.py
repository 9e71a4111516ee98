"""The legacy cases register (历史遗留问题台账, mission R6): open, move on, end.

Every change of status and every note is kept on the case's history with its
author; a case ends only resolved or closed, with its outcome written down.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.cases.models import LegacyCase, LegacyCaseNote
from yichuang.cases.services.base import next_number

KEEPERS = frozenset({Role.OFFICE_HEAD, Role.REVIEWER, Role.REGISTRAR})
ENDED = frozenset({LegacyCase.Status.RESOLVED, LegacyCase.Status.CLOSED})


def _required(**values: str) -> None:
    errors = {
        name: _("This field is required.") for name, value in values.items() if not value.strip()
    }
    if errors:
        raise ValidationError(errors)


def legacy_case_open(
    *,
    actor: User,
    office: Office,
    title: str,
    location: str,
    description: str,
    policy: str,
    blocker: str,
    owner: User,
    households: int = 1,
    target_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> LegacyCase:
    """Record a case the ordinary rules cannot handle, with its policy, blocker and owner."""
    require_role(actor, KEEPERS, office)
    _required(
        title=title, location=location, description=description, policy=policy, blocker=blocker
    )
    if owner.office_id != office.pk or not owner.is_active:
        raise ValidationError({"owner": _("The owner must be active staff of this office.")})
    if households < 1:
        raise ValidationError({"households": _("At least one household is affected.")})
    now = now or timezone.now()
    with transaction.atomic():
        year = timezone.localtime(now).year
        number = next_number(office, year, "legacy")
        legacy = LegacyCase.objects.create(
            office=office,
            reference=f"{office.code.upper()}{year}LS{number:05d}",
            title=title.strip(),
            location=location.strip(),
            households=households,
            description=description.strip(),
            policy=policy.strip(),
            blocker=blocker.strip(),
            owner=owner,
            target_date=target_date,
            opened_at=now,
        )
        LegacyCaseNote.objects.create(
            legacy_case=legacy,
            at=now,
            author=actor,
            status_to=legacy.status,
            text=_("Opened."),
        )
        audit_record(
            actor=actor,
            event_type="legacy_case.open",
            target=legacy,
            office=office,
            after={"reference": legacy.reference, "policy": legacy.policy, "owner": owner.pk},
        )
    return legacy


def legacy_case_update(
    *,
    actor: User,
    legacy_case: LegacyCase,
    note: str,
    status: str | None = None,
    blocker: str | None = None,
    owner: User | None = None,
    outcome: str = "",
    now: dt.datetime | None = None,
) -> LegacyCase:
    """Move a legacy case on: a note always, and perhaps a new status, blocker or owner."""
    now = now or timezone.now()
    with transaction.atomic():
        legacy = (
            LegacyCase.objects.select_for_update().select_related("office").get(pk=legacy_case.pk)
        )
        require_role(actor, KEEPERS, legacy.office)
        _required(note=note)
        if legacy.status in ENDED:
            raise ValidationError({"status": _("This legacy case has ended.")})
        before = {"status": legacy.status, "blocker": legacy.blocker, "owner": legacy.owner_id}
        new_status = status or legacy.status
        if new_status not in LegacyCase.Status.values:
            raise ValidationError({"status": _("Unknown status.")})
        if new_status in ENDED:
            if not outcome.strip():
                raise ValidationError({"outcome": _("Write down how the case ended.")})
            legacy.ended_at, legacy.outcome = now, outcome.strip()
        if owner is not None:
            if owner.office_id != legacy.office_id or not owner.is_active:
                raise ValidationError(
                    {"owner": _("The owner must be active staff of this office.")}
                )
            legacy.owner = owner
        if blocker is not None and blocker.strip():
            legacy.blocker = blocker.strip()
        status_from = legacy.status
        legacy.status = new_status
        legacy.save()
        LegacyCaseNote.objects.create(
            legacy_case=legacy,
            at=now,
            author=actor,
            status_from=status_from if status_from != new_status else "",
            status_to=new_status if status_from != new_status else "",
            text=note.strip(),
        )
        audit_record(
            actor=actor,
            event_type="legacy_case.update",
            target=legacy,
            office=legacy.office,
            before=before,
            after={"status": legacy.status, "blocker": legacy.blocker, "owner": legacy.owner_id},
        )
    return legacy
