"""Time limits (限时办结): every open case's clock read daily, and escalation to the head.

:func:`cases_escalate` is idempotent: it refreshes each accepted, unfinished
case's due date on the office's current calendar (a holiday arrangement
entered since moves it) and raises one escalation per case, kind and due date,
so running it twice, or every few minutes, raises nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.cases.clock import ClockStatus, Suspension, SuspensionReason, clock_status
from yichuang.cases.models import Case, CaseEscalation
from yichuang.cases.services.base import (
    clock_config,
    lock_case,
    refresh_due,
    settings_for,
)
from yichuang.cases.workflow import PENDING_STATES

HEADS = frozenset({Role.OFFICE_HEAD})


class ClockReader:
    """Reads the clocks of many cases of one office with its calendar and settings read once.

    Uses a case's prefetched ``suspensions`` when there are any, so a page of a
    queue costs no query per case.
    """

    def __init__(self, office: Office) -> None:
        self.calendar = office_calendar(office)
        self.config = clock_config(settings_for(office))

    def read(self, case: Case, *, as_of: dt.date | None = None) -> ClockStatus | None:
        """The case's clock at the end of ``as_of`` (today), or None before acceptance."""
        if case.accepted_at is None or case.limit_days is None:
            return None
        accepted_on = timezone.localdate(case.accepted_at)
        day = max(as_of or timezone.localdate(), accepted_on)
        cache = getattr(case, "_prefetched_objects_cache", {})
        rows = cache["suspensions"] if "suspensions" in cache else case.suspensions.all()
        return clock_status(
            accepted_on=accepted_on,
            limit=case.limit_days,
            calendar=self.calendar,
            as_of=day,
            suspensions=[
                Suspension(SuspensionReason(row.reason), row.start, row.end) for row in rows
            ],
            config=self.config,
        )


def case_clock(case: Case, *, as_of: dt.date | None = None) -> ClockStatus | None:
    """The case's clock at the end of ``as_of`` (today), or None before acceptance."""
    return ClockReader(case.office).read(case, as_of=as_of)


def cases_escalate(*, today: dt.date | None = None) -> int:
    """Refresh due dates and escalate cases due soon or overdue; returns escalations raised."""
    today = today or timezone.localdate()
    raised = 0
    readers: dict[int, ClockReader] = {}
    pending = Case.objects.filter(state__in=[s.value for s in PENDING_STATES]).values_list(
        "pk", flat=True
    )
    for pk in pending:
        with transaction.atomic():
            case = lock_case(Case(pk=pk))
            before = case.due_on
            refresh_due(case)
            if case.due_on != before:
                case.save(update_fields=["due_on"])
            reader = readers.get(case.office_id)
            if reader is None:
                reader = readers[case.office_id] = ClockReader(case.office)
            status = reader.read(case, as_of=today)
            if status is None or not (status.overdue or status.due_soon):
                continue
            kind = CaseEscalation.Kind.OVERDUE if status.overdue else CaseEscalation.Kind.DUE_SOON
            try:
                with transaction.atomic():
                    escalation = CaseEscalation.objects.create(
                        case=case, kind=kind, raised_on=today, due_on=status.due_on
                    )
            except IntegrityError:
                continue
            audit_record(
                actor=None,
                event_type="case.escalate",
                target=escalation,
                office=case.office,
                after={"reference": case.reference, "kind": kind, "due_on": status.due_on},
            )
            raised += 1
    return raised


def escalation_acknowledge(
    *, actor: User, escalation: CaseEscalation, now: dt.datetime | None = None
) -> CaseEscalation:
    """The office head has seen the escalation and taken it up (已督办)."""
    now = now or timezone.now()
    with transaction.atomic():
        escalation = (
            CaseEscalation.objects.select_for_update()
            .select_related("case__office")
            .get(pk=escalation.pk)
        )
        require_role(actor, HEADS, escalation.case.office)
        if escalation.acknowledged_at is None:
            escalation.acknowledged_at, escalation.acknowledged_by = now, actor
            escalation.save(update_fields=["acknowledged_at", "acknowledged_by"])
            audit_record(
                actor=actor,
                event_type="case.escalation_acknowledge",
                target=escalation,
                office=escalation.case.office,
                after={"reference": escalation.case.reference, "kind": escalation.kind},
            )
    return escalation
