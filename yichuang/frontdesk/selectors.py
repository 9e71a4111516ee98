"""Reading the front desk: tickets, windows and kiosks in scope, the public queue status,
the call screen and the day's figures."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from yichuang.accounts.calendar import office_calendar
from yichuang.accounts.models import Office, ServiceType, User, Window
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import office_scope, require_role, service_types_active
from yichuang.frontdesk.models import (
    AbuseSignal,
    AppointmentSlot,
    CallEvent,
    IdentityCheck,
    Kiosk,
    Ticket,
)
from yichuang.frontdesk.rules import (
    DayFigures,
    QueueOutlook,
    TicketFacts,
    day_figures,
    minutes_open_after,
    parse_sessions,
    queue_outlook,
)
from yichuang.frontdesk.services.access import queue_settings_for
from yichuang.frontdesk.services.kiosks import kiosk_token_hash


def kiosk_by_token(token: str) -> Kiosk | None:
    """The live kiosk holding ``token``, or None."""
    if not token:
        return None
    return (
        Kiosk.objects.select_related("office")
        .filter(token_hash=kiosk_token_hash(token), revoked_at__isnull=True)
        .first()
    )


def kiosk_list_for(*, user: User, office: Office) -> QuerySet[Kiosk]:
    return Kiosk.objects.filter(office__in=office_scope(user=user), office=office).order_by("name")


def window_get_for(*, user: User, window_id: int) -> Window:
    """A window of an office the user may see, or 404."""
    try:
        return (
            Window.objects.select_related("office")
            .prefetch_related("service_types")
            .get(pk=window_id, office__in=office_scope(user=user))
        )
    except Window.DoesNotExist:
        raise Http404(window_id) from None


def ticket_get_for(*, user: User, ticket_id: int) -> Ticket:
    """A ticket of an office the user may see, or 404."""
    try:
        return Ticket.objects.select_related("office", "service_type", "window").get(
            pk=ticket_id, office__in=office_scope(user=user)
        )
    except Ticket.DoesNotExist:
        raise Http404(ticket_id) from None


def tickets_waiting(*, office: Office, day: dt.date) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(office=office, day=day, status=Ticket.Status.WAITING)
        .select_related("service_type", "transferred_to")
        .order_by("issued_at")
    )


def recent_calls(*, office: Office, day: dt.date, limit: int = 8) -> list[CallEvent]:
    """The latest calls of the day, newest first, for the call screen."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return list(
        CallEvent.objects.filter(office=office, at__gte=start)
        .select_related("ticket", "window")
        .order_by("-at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class ServiceStatus:
    service_type: ServiceType
    outlook: QueueOutlook
    next_free_slot: dt.datetime | None


def _service_minutes(office: Office, day: dt.date, default: int) -> float:
    """Today's median service time so far, or the office's assumption before any is measured."""
    rows = Ticket.objects.filter(
        office=office,
        day=day,
        status=Ticket.Status.FINISHED,
        serving_at__isnull=False,
        ended_at__isnull=False,
    ).values_list("serving_at", "ended_at")
    minutes = [(end - start).total_seconds() / 60 for start, end in rows if start and end]
    return round(statistics.median(minutes), 1) if len(minutes) >= 5 else float(default)


def office_status(*, office: Office, now: dt.datetime | None = None) -> list[ServiceStatus]:
    """The public queue status of each service type the office handles (no personal data)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    settings = queue_settings_for(office)
    open_today = office_calendar(office).is_working_day(local.date())
    minutes_left = (
        minutes_open_after(parse_sessions(settings.sessions), local.time()) if open_today else 0
    )
    service_minutes = _service_minutes(office, local.date(), settings.default_service_minutes)
    types = list(
        service_types_active()
        .filter(windows__office=office, windows__is_active=True)
        .annotate(window_count=Count("windows", filter=Q(windows__office=office), distinct=True))
    )
    waiting = dict(
        Ticket.objects.filter(office=office, day=local.date(), status=Ticket.Status.WAITING)
        .values_list("service_type")
        .annotate(n=Count("pk"))
        .values_list("service_type", "n")
    )
    statuses = []
    for service_type in types:
        outlook = queue_outlook(
            waiting=waiting.get(service_type.pk, 0),
            windows=service_type.window_count,
            service_minutes=service_minutes,
            minutes_left_today=minutes_left,
        )
        statuses.append(
            ServiceStatus(
                service_type,
                outlook,
                next_free_slot(office=office, service_type=service_type, now=now),
            )
        )
    return statuses


def next_free_slot(
    *, office: Office, service_type: ServiceType, now: dt.datetime
) -> dt.datetime | None:
    """When the next appointment with room in it starts, if any within the horizon."""
    live = Q(appointments__status__in=["booked", "checked_in"]) | Q(
        appointments__status="held", appointments__held_until__gt=now
    )
    return (
        AppointmentSlot.objects.filter(
            office=office, service_type=service_type, starts_at__gt=now, closed_reason=""
        )
        .annotate(taken=Count("appointments", filter=live))
        .filter(taken__lt=F("capacity"))
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def figures_for_day(*, office: Office, day: dt.date) -> DayFigures:
    """The office's front-desk figures for ``day`` (每日服务数据)."""
    facts = [
        TicketFacts(*row)
        for row in Ticket.objects.filter(office=office, day=day).values_list(
            "status", "issued_at", "due_at", "called_at", "serving_at", "ended_at"
        )
    ]
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    out_of_order = (
        CallEvent.objects.filter(office=office, at__gte=start, at__lt=end)
        .exclude(out_of_order_reason="")
        .count()
    )
    mismatches = IdentityCheck.objects.filter(
        office=office, at__gte=start, at__lt=end, matched=""
    ).count()
    return day_figures(facts, out_of_order_calls=out_of_order, identity_mismatches=mismatches)


def abuse_signals_for(*, user: User, office: Office | None = None) -> QuerySet[AbuseSignal]:
    signals = AbuseSignal.objects.filter(office__in=office_scope(user=user))
    if office is not None:
        signals = signals.filter(office=office)
    return signals.select_related("office")


FIGURES_ROLES = frozenset({Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMINISTRATOR})


def require_figures_reader(user: User) -> None:
    """Office heads, supervisors and administrators read the figures; others get 403."""
    require_role(user, FIGURES_ROLES)
