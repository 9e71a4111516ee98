"""The data of the cases benchmark: a city's open cases at one office, built fast.

Units and their owners, and a few hundred cases, go through the services; the
bulk of the open cases is stored directly with ``bulk_create`` (see
``bench/cases.py`` for why and how it stays consistent).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yichuang.accounts.models import Office, User
    from yichuang.cases.models import Case
    from yichuang.core.working_days import WorkCalendar
    from yichuang.frontdesk.models import Ticket
    from yichuang.registry.models import Party, Unit

SERVICE_CASES_PER_STATE = 40
PARTIES = 3_000
BATCH = 5_000
BANK_USCC = "91110000600037341L"

SALE_MATERIALS = ("application_form", "title_certificate")
MORTGAGE_MATERIALS = (
    "application_form",
    "title_certificate",
    "main_debt_contract",
    "mortgage_contract",
)

#: The open states in the order a case reaches them, and their share of the bulk (%).
SPREAD = {
    "intake": 4,
    "accepted": 20,
    "in_review": 38,
    "suspended": 3,
    "approved": 15,
    "entered": 8,
    "certificate_issued": 12,
}
#: How long ago, in working days, a case in each state was accepted (from, to).
AGE = {
    "accepted": (0, 2),
    "in_review": (0, 5),
    "suspended": (1, 6),
    "approved": (1, 6),
    "entered": (2, 8),
    "certificate_issued": (3, 12),
}
PENDING = frozenset({"accepted", "in_review", "suspended", "approved"})


def resident_id(region: str, n: int) -> str:
    """The ``n``-th valid resident ID number of someone born in ``region`` (a division code)."""
    from yichuang.core.identifiers.check_digits import mod11_2_check_char

    born = dt.date(1960, 1, 1) + dt.timedelta(days=n // 1000)
    body = f"{region}{born:%Y%m%d}{n % 1000:03d}"
    return body + mod11_2_check_char(body)


def units_create(cast: Any, count: int) -> list[tuple[Unit, Party]]:
    """``count`` flats at office A, each opened and first registered to its own owner."""
    from yichuang.registry import services
    from yichuang.registry.rules import (
        CoOwnership,
        FirstRegistration,
        RegistrationRequest,
        RightKind,
    )
    from yichuang.registry.rules.state import Holder

    registrar = cast.people["registrar_a"]
    made = []
    for n in range(count):
        owner = services.party_register(
            actor=registrar,
            kind="person",
            name=f"业主{n}",
            document_type="resident_id",
            document_number=resident_id("320684", n),
        )
        unit = services.unit_create(
            actor=registrar,
            office=cast.offices["office_a"],
            code=f"320684003{n // 10000:03d}GB{n % 10000:05d}F00020001",
            location=f"海门区长江路{n}号",
            planned_use="城镇住宅用地/住宅",
            is_residential=True,
        )
        services.register_entry_record(
            actor=registrar,
            unit=unit,
            legal_basis="REG art. 14",
            request=RegistrationRequest(
                payload=FirstRegistration(
                    right_kind=RightKind.STATE_LAND_USE_AND_HOUSE,
                    holders=(Holder(str(owner.uid)),),
                    form=CoOwnership.SOLE,
                ),
                accepted_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=400),
                applicants=frozenset({str(owner.uid)}),
            ),
        )
        made.append((unit, owner))
    return made


def _party(party: Party, side: str) -> Any:
    from yichuang.cases.services import ApplicantIn

    return ApplicantIn(
        side=side,
        kind=party.kind,
        name=party.name,
        document_type=party.document_type,
        document_number=party.document_number,
    )


def _service_case(cast: Any, n: int, unit: Unit, owner: Party, mortgage: bool) -> Case:
    """A case opened at the window through the services: a sale or a mortgage of ``unit``."""
    from yichuang.cases import services
    from yichuang.cases.services import ApplicantIn

    if mortgage:
        obligee = ApplicantIn(
            side="obligee",
            kind="organisation",
            name="示例商业银行南通分行",
            document_type="uscc",
            document_number=BANK_USCC,
        )
    else:
        obligee = ApplicantIn(
            side="obligee",
            kind="person",
            name=f"买受人{n}",
            document_type="resident_id",
            document_number=resident_id("320602", n),
        )
    return services.case_open(
        actor=cast.people["clerk_a"],
        office=cast.offices["office_a"],
        submission_key=f"service-{n}",
        registration_type="mortgage" if mortgage else "transfer",
        cause="general" if mortgage else "sale",
        unit_code=unit.code,
        applicants=(obligee, _party(owner, "obligor")),
        presented=MORTGAGE_MATERIALS if mortgage else SALE_MATERIALS,
        details={"debt_amount": "500000"} if mortgage else {"form": "sole"},
    )


def _steps(cast: Any) -> dict[str, Callable[[Case], object]]:
    """The service that takes a case into each state, by the state it reaches."""
    from yichuang.cases import services

    clerk, reviewer = cast.people["clerk_a"], cast.people["reviewer_a"]
    registrar = cast.people["registrar_a"]
    return {
        "accepted": lambda case: services.case_accept(actor=clerk, case=case),
        "in_review": lambda case: services.case_start_review(actor=reviewer, case=case),
        "suspended": lambda case: services.case_suspend(
            actor=reviewer, case=case, reason="site_visit"
        ),
        "approved": lambda case: services.case_approve(actor=reviewer, case=case),
        "entered": lambda case: services.case_enter(actor=registrar, case=case),
        "certificate_issued": lambda case: services.case_issue_certificate(
            actor=registrar, case=case
        ),
    }


def _path(state: str) -> list[str]:
    """The states a case passes through after intake to reach ``state``."""
    if state == "suspended":
        return ["accepted", "in_review", "suspended"]
    order = [name for name in SPREAD if name not in ("intake", "suspended")]
    return order[: order.index(state) + 1] if state != "intake" else []


def service_cases_create(cast: Any, units: list[tuple[Unit, Party]]) -> dict[str, list[Case]]:
    """Cases through the services, one per unit, SERVICE_CASES_PER_STATE in each open state.

    Sales stop short of entry (entering one would change the unit's owner
    under the bulk cases); mortgages go all the way.
    """
    from yichuang.cases.models import Case

    steps = _steps(cast)
    made: dict[str, list[Case]] = {state: [] for state in SPREAD}
    states = [state for state in SPREAD for _ in range(SERVICE_CASES_PER_STATE)]
    for n, ((unit, owner), state) in enumerate(zip(units, states, strict=False)):
        mortgage = n % 2 == 1 or state in ("entered", "certificate_issued")
        case = _service_case(cast, n, unit, owner, mortgage)
        for step in _path(state):
            steps[step](case)
        case = Case.objects.get(pk=case.pk)
        if case.state != state:
            raise SystemExit(f"service case {case.reference} reached {case.state}, not {state}")
        made[state].append(case)
    return made


def _party_pool(count: int) -> list[Party]:
    """``count`` buyers stored directly, each with a valid and distinct ID number."""
    from yichuang.registry.models import Party

    return Party.objects.bulk_create(
        Party(
            kind="person",
            name=f"申请人{n}",
            document_type="resident_id",
            document_number=resident_id("320612", n),
        )
        for n in range(count)
    )


@dataclass(frozen=True)
class Template:
    """What a bulk case copies from a service-made case of the same registration."""

    registration_type: str
    cause: str
    title: str
    application_mode: str
    circumstances: dict[str, Any]
    details: dict[str, Any]
    catalog_version: str
    presented: list[str]
    limit_days: int


def _templates(made: dict[str, list[Case]]) -> list[Template]:
    """A sale and a mortgage, as the services opened them."""
    from yichuang.cases.services.base import promised_limit

    found: dict[str, Template] = {}
    for case in made["intake"]:
        found.setdefault(
            case.registration_type,
            Template(
                registration_type=case.registration_type,
                cause=case.cause,
                title=case.title,
                application_mode=case.application_mode,
                circumstances=case.circumstances,
                details=case.details,
                catalog_version=case.catalog_version,
                presented=case.presented,
                limit_days=promised_limit(case.office, case.registration_type),
            ),
        )
    return [found["transfer"], found["mortgage"]]


class Clock:
    """The office's calendar and promises, read once; due dates and clocks remembered."""

    def __init__(self, office: Office) -> None:
        from yichuang.accounts.calendar import office_calendar
        from yichuang.cases.services.base import clock_config, settings_for

        self.calendar: WorkCalendar = office_calendar(office)
        self.config = clock_config(settings_for(office))
        self.today = _today()
        self.working_days = _working_days(self.calendar, self.today, 40)
        self._due: dict[tuple[dt.date, int, dt.date | None], dt.date] = {}
        self._status: dict[tuple[dt.date, int, dt.date | None], Any] = {}

    def _suspensions(self, start: dt.date | None, *, closed: bool) -> list[Any]:
        from yichuang.cases.clock import Suspension, SuspensionReason

        if start is None:
            return []
        end = max(self.today, start) if closed else None
        return [Suspension(SuspensionReason.SITE_VISIT, start, end)]

    def due_on(self, accepted_on: dt.date, limit: int, suspended_on: dt.date | None) -> dt.date:
        """The due date as ``refresh_due`` stores it (an open suspension taken to end today)."""
        from yichuang.cases.clock import due_date

        key = (accepted_on, limit, suspended_on)
        if key not in self._due:
            self._due[key] = due_date(
                accepted_on=accepted_on,
                limit=limit,
                calendar=self.calendar,
                suspensions=self._suspensions(suspended_on, closed=True),
                config=self.config,
            ).date
        return self._due[key]

    def status(self, accepted_on: dt.date, limit: int, suspended_on: dt.date | None) -> Any:
        """The clock read at the end of today, as ``cases_escalate`` reads it."""
        from yichuang.cases.clock import clock_status

        key = (accepted_on, limit, suspended_on)
        if key not in self._status:
            self._status[key] = clock_status(
                accepted_on=accepted_on,
                limit=limit,
                calendar=self.calendar,
                as_of=max(self.today, accepted_on),
                suspensions=self._suspensions(suspended_on, closed=False),
                config=self.config,
            )
        return self._status[key]


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def _working_days(calendar: WorkCalendar, today: dt.date, count: int) -> list[dt.date]:
    """The last ``count`` working days, today first if it is one."""
    days: list[dt.date] = []
    day = today
    while len(days) < count:
        if calendar.is_working_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    return days


@dataclass
class BulkContext:
    """Everything the bulk cases are made from."""

    office: Office
    clerk: User
    units: list[tuple[Unit, Party]]
    buyers: list[Party]
    bank: Party
    templates: list[Template]
    clock: Clock
    rng: random.Random
    numbers: Counter[int]


def _states(count: int, rng: random.Random) -> list[str]:
    """``count`` open states in the SPREAD proportions, shuffled."""
    states = [state for state, share in SPREAD.items() for _ in range(count * share // 100)]
    states += ["in_review"] * (count - len(states))
    rng.shuffle(states)
    return states


def _times(context: BulkContext, state: str) -> tuple[dt.datetime, dt.datetime | None]:
    """When a case in ``state`` was opened, and when accepted (None at intake)."""
    from django.utils import timezone

    now, rng = timezone.now(), context.rng
    if state == "intake":
        since_midnight = now - timezone.make_aware(
            dt.datetime.combine(context.clock.today, dt.time())
        )
        return now - since_midnight * rng.random(), None
    low, high = AGE[state]
    accepted_on = context.clock.working_days[rng.randint(low, high)]
    start = timezone.make_aware(dt.datetime.combine(accepted_on, dt.time(8, 30)))
    accepted_at = min(start + dt.timedelta(minutes=rng.randint(0, 480)), now)
    return accepted_at - dt.timedelta(minutes=rng.randint(5, 40)), accepted_at


@dataclass(frozen=True)
class Planned:
    """The state of a bulk case and when it was opened and accepted."""

    state: str
    opened_at: dt.datetime
    accepted_at: dt.datetime | None


def _plan(context: BulkContext, count: int) -> list[Planned]:
    """The states and times of ``count`` cases, in the order they were opened (and numbered)."""
    planned = [Planned(state, *_times(context, state)) for state in _states(count, context.rng)]
    return sorted(planned, key=lambda case: case.opened_at)


@dataclass(frozen=True)
class BulkCase:
    """One bulk case (unsaved until its batch is), who applies, and since when it is suspended."""

    case: Case
    obligee: Party
    obligor: Party
    suspended_on: dt.date | None


def _bulk_case(context: BulkContext, n: int, planned: Planned) -> BulkCase:
    """One unsaved open case, with the parties who apply for it."""
    from django.utils import timezone

    from yichuang.cases.models import Case

    unit, owner = context.units[n % len(context.units)]
    template = context.templates[n % len(context.templates)]
    state, opened_at, accepted_at = planned.state, planned.opened_at, planned.accepted_at
    year = timezone.localtime(opened_at).year
    context.numbers[year] += 1
    accepted_on = timezone.localdate(accepted_at) if accepted_at else None
    suspended_on = _suspended_on(context, accepted_on) if state == "suspended" else None
    case = Case(
        reference=f"{context.office.code.upper()}{year}{context.numbers[year]:07d}",
        office=context.office,
        submission_key=f"bulk-{n}",
        registration_type=template.registration_type,
        cause=template.cause,
        title=template.title,
        application_mode=template.application_mode,
        unit=unit,
        unit_code=unit.code,
        circumstances=template.circumstances,
        details=template.details,
        catalog_version=template.catalog_version,
        presented=template.presented,
        state=state,
        opened_at=opened_at,
        opened_by=context.clerk,
        intake_opened_at=opened_at,
        accepted_at=accepted_at,
        limit_days=template.limit_days if accepted_on else None,
        due_on=context.clock.due_on(accepted_on, template.limit_days, suspended_on)
        if accepted_on
        else None,
    )
    mortgage = template.registration_type == "mortgage"
    obligee = context.bank if mortgage else context.buyers[n % len(context.buyers)]
    return BulkCase(case, obligee, owner, suspended_on)


def _suspended_on(context: BulkContext, accepted_on: dt.date | None) -> dt.date:
    assert accepted_on is not None
    later = [day for day in context.clock.working_days if day > accepted_on]
    return context.rng.choice(later) if later else accepted_on


def _bulk_rows(context: BulkContext, made: list[BulkCase]) -> dict[str, int]:
    """The applicants, first timeline step, suspension and escalation of saved cases."""
    from yichuang.cases.models import CaseApplicant, CaseEscalation, CaseEvent, Suspension
    from yichuang.cases.workflow import articles

    applicants, events, suspensions, escalations = [], [], [], []
    for row in made:
        case = row.case
        applicants += [
            CaseApplicant(case=case, party=row.obligee, side="obligee", position=0),
            CaseApplicant(case=case, party=row.obligor, side="obligor", position=1),
        ]
        events.append(
            CaseEvent(
                case=case,
                seq=1,
                action="open",
                actor=context.clerk,
                at=case.opened_at,
                state_to="intake",
                article=articles.REG_APPLICATION,
                data={"ticket": None, "presented": case.presented},
            )
        )
        if row.suspended_on is not None:
            suspensions.append(Suspension(case=case, reason="site_visit", start=row.suspended_on))
        escalation = _escalation(context, case, row.suspended_on)
        if escalation is not None:
            escalations.append(CaseEscalation(case=case, **escalation))
    CaseApplicant.objects.bulk_create(applicants)
    CaseEvent.objects.bulk_create(events)
    Suspension.objects.bulk_create(suspensions)
    CaseEscalation.objects.bulk_create(escalations)
    return {"suspensions": len(suspensions), "escalations": len(escalations)}


def _escalation(
    context: BulkContext, case: Case, suspended_on: dt.date | None
) -> dict[str, Any] | None:
    """The escalation ``cases_escalate`` would have raised today for ``case``, if any."""
    from django.utils import timezone

    if case.state not in PENDING or case.accepted_at is None or case.limit_days is None:
        return None
    accepted_on = timezone.localdate(case.accepted_at)
    status = context.clock.status(accepted_on, case.limit_days, suspended_on)
    if not (status.overdue or status.due_soon):
        return None
    kind = "overdue" if status.overdue else "due_soon"
    return {"kind": kind, "raised_on": context.clock.today, "due_on": status.due_on}


def bulk_cases_create(context: BulkContext, count: int) -> dict[str, int]:
    """``count`` open cases stored directly, BATCH to a transaction."""
    from django.db import transaction

    from yichuang.cases.models import Case

    totals: Counter[str] = Counter()
    planned = _plan(context, count)
    for start in range(0, count, BATCH):
        with transaction.atomic():
            made = [
                _bulk_case(context, n, planned[n]) for n in range(start, min(start + BATCH, count))
            ]
            Case.objects.bulk_create([row.case for row in made])
            totals.update(_bulk_rows(context, made))
    _counter_catch_up(context)
    return dict(totals)


def _counter_catch_up(context: BulkContext) -> None:
    """Move the office's case-number counters past the numbers the bulk took."""
    from yichuang.cases.models import DocumentCounter

    for year, last in context.numbers.items():
        DocumentCounter.objects.update_or_create(
            office=context.office, year=year, series="case", defaults={"last": last}
        )


def bulk_context(
    cast: Any, units: list[tuple[Unit, Party]], made: dict[str, list[Case]]
) -> BulkContext:
    """What the bulk is made from: the units, a pool of buyers, the bank, two templates."""
    from yichuang.cases.models import DocumentCounter
    from yichuang.registry.models import Party

    office = cast.offices["office_a"]
    numbers: Counter[int] = Counter(
        {row.year: row.last for row in DocumentCounter.objects.filter(office=office, series="case")}
    )
    return BulkContext(
        office=office,
        clerk=cast.people["clerk_a"],
        units=units,
        buyers=_party_pool(PARTIES),
        bank=Party.objects.get(document_type="uscc", document_number=BANK_USCC),
        templates=_templates(made),
        clock=Clock(office),
        rng=random.Random(6),
        numbers=numbers,
    )


def vacuum() -> None:
    """Refresh the planner's statistics and the visibility map, as autovacuum would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def served_ticket(cast: Any) -> Ticket:
    """A ticket called to window 1 by clerk A, the applicant's identity checked."""
    from yichuang.accounts.models import ServiceType, Window
    from yichuang.frontdesk.models import Ticket
    from yichuang.frontdesk.services import calling, tickets

    clerk, office = cast.people["clerk_a"], cast.offices["office_a"]
    number = resident_id("320684", 999_999)
    ticket = tickets.ticket_issue(
        actor=clerk,
        office=office,
        service_type=ServiceType.objects.get(code="general"),
        channel=Ticket.Channel.WINDOW,
        applicant=tickets.applicant_parse(
            document_type="resident_id", document_number=number, name="窗口申请人"
        ),
    )
    calling.ticket_call(
        actor=clerk, window=Window.objects.get(office=office, number=1), ticket=ticket
    )
    calling.ticket_identity_check(
        actor=clerk, ticket=ticket, document_type="resident_id", document_number=number
    )
    ticket.refresh_from_db()
    if ticket.status != Ticket.Status.SERVING:
        raise SystemExit(f"the ticket is {ticket.status}, not being served")
    return ticket


def counts(office: Office) -> dict[str, Any]:
    from django.db.models import Count

    from yichuang.cases.models import Case, CaseApplicant, CaseEscalation, CaseEvent, Suspension
    from yichuang.registry.models import Party, Unit

    by_state = Case.objects.filter(office=office).values_list("state").annotate(n=Count("pk"))
    return {
        "cases_by_state": dict(sorted(by_state)),
        "cases": Case.objects.count(),
        "applicants": CaseApplicant.objects.count(),
        "case_events": CaseEvent.objects.count(),
        "open_suspensions": Suspension.objects.filter(end=None).count(),
        "escalations": Counter(CaseEscalation.objects.values_list("kind", flat=True)),
        "units": Unit.objects.count(),
        "parties": Party.objects.count(),
    }
