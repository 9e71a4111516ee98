"""Reading cases: work queues, one case with its timeline, and the office's figures.

Staff see the cases of their own office; a supervisor those of the offices in
the jurisdiction. Queues are sorted by due date and cut into pages, so a page
costs the same few queries with 100 open cases or 100,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import office_scope
from yichuang.cases.clock import ClockStatus
from yichuang.cases.models import Case, CaseApplicant, CaseDocument, CaseEscalation, CaseEvent
from yichuang.cases.models.case import QUEUE_STATES
from yichuang.cases.services.deadlines import ClockReader
from yichuang.cases.workflow import Action, CaseState
from yichuang.frontdesk.models import Ticket

QUEUE_PAGE = 50

#: Which states each queue holds, and who works it.
QUEUES: dict[str, tuple[tuple[str, ...], frozenset[Role]]] = {
    "review": (QUEUE_STATES["review"], frozenset({Role.REVIEWER, Role.OFFICE_HEAD})),
    "entry": (QUEUE_STATES["entry"], frozenset({Role.REGISTRAR, Role.OFFICE_HEAD})),
    "collection": (QUEUE_STATES["collection"], frozenset({Role.CLERK, Role.OFFICE_HEAD})),
    "intake": (QUEUE_STATES["intake"], frozenset({Role.CLERK, Role.OFFICE_HEAD})),
}
#: Who reads an office's figures: its head, and supervisors over their jurisdiction.
FIGURE_READERS = frozenset({Role.OFFICE_HEAD, Role.SUPERVISOR})
READERS = frozenset({Role.CLERK, Role.REVIEWER, Role.REGISTRAR, Role.OFFICE_HEAD, Role.SUPERVISOR})


def visible_cases(*, user: User) -> QuerySet[Case]:
    """The cases ``user`` may read: their office's, or their jurisdiction's for a supervisor."""
    if not user.is_active or not (user.roles & READERS):
        return Case.objects.none()
    return Case.objects.filter(office__in=office_scope(user=user))


def case_get_for(*, user: User, reference: str) -> Case:
    """One case by its number, or 404 if ``user`` may not see it (existence not revealed)."""
    try:
        return (
            visible_cases(user=user)
            .select_related("office", "unit", "ticket", "opened_by", "entry")
            .get(reference=reference)
        )
    except Case.DoesNotExist:
        raise Http404(reference) from None


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One case in a work queue, with its clock read today."""

    case: Case
    clock: ClockStatus | None

    @property
    def flag(self) -> str:
        """ "overdue", "due_soon", "paused" or ""."""
        if self.clock is None:
            return ""
        if self.clock.overdue:
            return "overdue"
        if self.clock.paused:
            return "paused"
        return "due_soon" if self.clock.due_soon else ""


def queue_cases(*, office: Office, queue: str) -> QuerySet[Case]:
    """The cases of one queue at ``office``, earliest due first (then oldest)."""
    states, _roles = QUEUES[queue]
    # A row shows the case's own columns and its clock, which needs only the suspensions.
    return (
        Case.objects.filter(office=office, state__in=states)
        .prefetch_related("suspensions")
        .order_by("due_on", "opened_at", "pk")
    )


def queue_page(
    *, office: Office, queue: str, page: int = 1, today: dt.date | None = None
) -> tuple[Page[Case], list[QueueRow]]:
    """One page of a queue and each row's clock."""
    paginator = Paginator(queue_cases(office=office, queue=queue), QUEUE_PAGE)
    current = paginator.get_page(page)
    reader = ClockReader(office)
    rows = [QueueRow(case, reader.read(case, as_of=today)) for case in current.object_list]
    return current, rows


def queue_counts(*, office: Office) -> dict[str, int]:
    """How many cases each queue holds now."""
    return {
        name: Case.objects.filter(office=office, state__in=states).count()
        for name, (states, _roles) in QUEUES.items()
    }


def case_timeline(case: Case) -> list[CaseEvent]:
    """Every step of the case, oldest first, with who took it."""
    return list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq"))


def case_documents(case: Case) -> list[CaseDocument]:
    """The case's documents in the order they were issued."""
    return list(CaseDocument.objects.filter(case=case).order_by("issued_at", "pk"))


def case_applicants(case: Case) -> list[CaseApplicant]:
    """The applicants, in the order entered."""
    return list(
        CaseApplicant.objects.filter(case=case).select_related("party").order_by("position")
    )


def case_document_for(*, user: User, reference: str, number: str) -> CaseDocument:
    """One document of a case ``user`` may see, by its number; 404 otherwise."""
    case = case_get_for(user=user, reference=reference)
    document = CaseDocument.objects.filter(case=case, number=number).select_related("case").first()
    if document is None:
        raise Http404(number)
    return document


def document_by_code(code: str) -> CaseDocument | None:
    """The document whose verification code this is, for its public page."""
    if not code or len(code) > 64:
        return None
    return (
        CaseDocument.objects.select_related("case__office").filter(verification_code=code).first()
    )


def escalations_open(*, office: Office) -> QuerySet[CaseEscalation]:
    """Escalations the head has not acknowledged, overdue first."""
    return (
        CaseEscalation.objects.filter(case__office=office, acknowledged_at__isnull=True)
        .select_related("case")
        .order_by("-kind", "due_on")
    )


# Same-day acceptance ---------------------------------------------------------------

_DECISIONS = (
    Action.ACCEPT.value,
    Action.ISSUE_NOTICE.value,
    Action.REFUSE_OUT_OF_REMIT.value,
    Action.DEEM_ACCEPT.value,
)
_VISITS = (Action.OPEN.value, Action.REOPEN.value)


@dataclass(frozen=True, slots=True)
class SameDay:
    """How an office handled the applications brought on one day (当日受理率).

    ``brought`` counts intake visits that day (a return with missing items
    is a visit of its own). Each is handled that day if the clerk accepted it,
    gave the one-time notice or the out-of-remit refusal the same day;
    ``deemed`` were left undecided and accepted by law at the day's end.
    ``tickets_without_intake`` are tickets served at the windows that day
    that led to no intake (enquiries, or applications turned away unwritten).
    """

    office: Office
    day: dt.date
    brought: int
    accepted: int
    notices: int
    out_of_remit: int
    deemed: int
    undecided: int
    tickets_served: int
    tickets_without_intake: int

    @property
    def handled(self) -> int:
        """Visits decided in writing that day."""
        return self.accepted + self.notices + self.out_of_remit

    @property
    def share(self) -> float | None:
        """The share handled the same day, or None when nothing was brought."""
        return self.handled / self.brought if self.brought else None


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def _decision_after(visit: CaseEvent, later: Sequence[CaseEvent]) -> str:
    for event in later:
        if event.case_id == visit.case_id and event.seq > visit.seq and event.action in _DECISIONS:
            return event.action
        if event.case_id == visit.case_id and event.seq > visit.seq and event.action in _VISITS:
            return ""
    return ""


def same_day_acceptance(*, office: Office, day: dt.date) -> SameDay:
    """The day's intake visits at ``office`` and how each was decided (tickets joined)."""
    start, end = _day_bounds(day)
    visits = list(
        CaseEvent.objects.filter(
            case__office=office, action__in=_VISITS, at__gte=start, at__lt=end
        ).order_by("case_id", "seq")
    )
    case_ids = {visit.case_id for visit in visits}
    later = list(
        CaseEvent.objects.filter(case_id__in=case_ids, action__in=(*_DECISIONS, *_VISITS)).order_by(
            "case_id", "seq"
        )
    )
    counts = dict.fromkeys(_DECISIONS, 0)
    undecided = 0
    for visit in visits:
        decided = _decision_after(visit, later)
        decision_at = next(
            (
                e.at
                for e in later
                if e.case_id == visit.case_id and e.action == decided and e.seq > visit.seq
            ),
            None,
        )
        if decided == Action.DEEM_ACCEPT.value or (
            decided and decision_at is not None and decision_at < end
        ):
            counts[decided] += 1
        else:
            undecided += 1
    ticket_ids = {
        visit.data.get("ticket") for visit in visits if visit.data.get("ticket") is not None
    }
    served = Ticket.objects.filter(
        office=office, day=day, status=Ticket.Status.FINISHED
    ).values_list("pk", flat=True)
    served_ids = set(served)
    return SameDay(
        office=office,
        day=day,
        brought=len(visits),
        accepted=counts[Action.ACCEPT.value],
        notices=counts[Action.ISSUE_NOTICE.value],
        out_of_remit=counts[Action.REFUSE_OUT_OF_REMIT.value],
        deemed=counts[Action.DEEM_ACCEPT.value],
        undecided=undecided,
        tickets_served=len(served_ids),
        tickets_without_intake=len(served_ids - ticket_ids),
    )


@dataclass(frozen=True, slots=True)
class TypeStatistics:
    """Processing times of one registration type over finished cases (办理时长统计)."""

    registration_type: str
    finished: int
    median_working_days: float | None
    within_promise: int


def processing_statistics(
    *, office: Office, since: dt.date, until: dt.date
) -> list[TypeStatistics]:
    """Per type: cases entered in [since, until], median working days used, how many on time."""
    from yichuang.accounts.calendar import office_calendar

    start, _ = _day_bounds(since)
    _, end = _day_bounds(until)
    entered = CaseEvent.objects.filter(
        case__office=office, action=Action.ENTER.value, at__gte=start, at__lt=end
    ).select_related("case")
    calendar = office_calendar(office)
    by_type: dict[str, list[tuple[int, bool]]] = {}
    for event in entered:
        case = event.case
        if case.accepted_at is None:
            continue
        accepted_on = timezone.localdate(case.accepted_at)
        entered_on = timezone.localdate(event.at)
        used = (
            calendar.working_days_between(accepted_on, entered_on)
            if entered_on > accepted_on
            else 0
        )
        on_time = case.due_on is None or entered_on <= case.due_on
        by_type.setdefault(case.registration_type, []).append((used, on_time))
    result = []
    for kind, values in sorted(by_type.items()):
        days = sorted(v for v, _ in values)
        middle = len(days) // 2
        median = float(days[middle]) if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
        result.append(TypeStatistics(kind, len(values), median, sum(1 for _, ok in values if ok)))
    return result


def cases_search(*, user: User, text: str, limit: int = 20) -> list[Case]:
    """Cases whose number or unit code starts with ``text``, newest first."""
    text = text.strip().upper()
    if len(text) < 4:
        return []
    return list(
        visible_cases(user=user)
        .filter(Q(reference__startswith=text) | Q(unit_code__startswith=text))
        .order_by("-opened_at")[:limit]
    )


def ticket_cases(ticket_ids: Iterable[int]) -> dict[int, Case]:
    """The latest case opened from each ticket, by ticket id."""
    found: dict[int, Case] = {}
    for case in Case.objects.filter(ticket_id__in=list(ticket_ids)).order_by("opened_at"):
        assert case.ticket_id is not None
        found[case.ticket_id] = case
    return found


def returning_cases(*, office: Office, document_number: str) -> list[Case]:
    """This applicant's cases at ``office`` waiting on a one-time notice, newest first."""
    if not document_number:
        return []
    return list(
        Case.objects.filter(
            office=office,
            state=CaseState.NOT_ACCEPTED_NOTICE.value,
            applicants__party__document_number=document_number,
        )
        .distinct()
        .order_by("-opened_at")[:10]
    )
