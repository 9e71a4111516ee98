"""Calling tickets to a window (叫号) and serving them after the identity re-check (核验).

A window has at most one ticket in hand (called or being served). "Call next"
with a ticket in hand returns that ticket, so a double click neither skips nor
double-calls. Two windows never take the same ticket: the claim is one
conditional update that only a waiting ticket passes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import User, Window
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.core.identifier_fields import identifier_error_message
from yichuang.core.identifiers import IdentifierError
from yichuang.frontdesk.models import AbuseSignal, CallEvent, IdentityCheck, Ticket
from yichuang.frontdesk.rules import AGENT, PRINCIPAL, QueueItem, identity_parse, queue_order
from yichuang.frontdesk.services.access import (
    HALL_ROLES,
    abuse_signal_record,
    lock,
    queue_settings_for,
)


def window_ticket_in_hand(window: Window, day: dt.date) -> Ticket | None:
    """The ticket a window has called or is serving today, if any."""
    return (
        Ticket.objects.filter(
            window=window, day=day, status__in=(Ticket.Status.CALLED, Ticket.Status.SERVING)
        )
        .select_related("service_type")
        .first()
    )


def window_queue(window: Window, *, now: dt.datetime) -> list[QueueItem]:
    """The window's waiting tickets in the order it calls them."""
    rows = Ticket.objects.filter(
        office_id=window.office_id,
        day=timezone.localdate(now),
        status=Ticket.Status.WAITING,
        service_type__in=window.service_types.all(),
    ).values_list("pk", "issued_at", "due_at", "priority_group", "transferred_to_id")
    transferred = Ticket.objects.filter(
        day=timezone.localdate(now), status=Ticket.Status.WAITING, transferred_to=window
    ).values_list("pk", "issued_at", "due_at", "priority_group", "transferred_to_id")
    items = {row[0]: QueueItem(*row) for row in [*rows, *transferred]}
    groups = queue_settings_for(window.office).priority_groups
    return queue_order(items.values(), now=now, window_id=window.pk, priority_groups=groups)


def _require_window_clerk(actor: User, window: Window) -> None:
    require_role(actor, HALL_ROLES, window.office)
    if not window.is_active:
        raise ValidationError({"window": _("This window is closed.")})


def ticket_call_next(
    *, actor: User, window: Window, now: dt.datetime | None = None
) -> Ticket | None:
    """Call the next ticket in order to ``window``; None when nobody is waiting."""
    _require_window_clerk(actor, window)
    now = now or timezone.now()
    with transaction.atomic():
        lock(f"window:{window.pk}")
        in_hand = window_ticket_in_hand(window, timezone.localdate(now))
        if in_hand is not None:
            return in_hand
        for item in window_queue(window, now=now):
            ticket = _claim(item.ticket_id, window, actor, now, reason="", skipped=0)
            if ticket is not None:
                return ticket
    return None


def ticket_call(
    *, actor: User, window: Window, ticket: Ticket, reason: str = "", now: dt.datetime | None = None
) -> Ticket:
    """Call a chosen ticket. Out of order it needs a reason from the office's list, recorded."""
    _require_window_clerk(actor, window)
    now = now or timezone.now()
    if ticket.office_id != window.office_id:
        raise ValidationError({"ticket": _("This ticket belongs to another office.")})
    with transaction.atomic():
        lock(f"window:{window.pk}")
        in_hand = window_ticket_in_hand(window, timezone.localdate(now))
        if in_hand is not None:
            if in_hand.pk == ticket.pk:
                return in_hand
            raise ValidationError(
                {"ticket": _("Finish ticket %(number)s first.") % {"number": in_hand.display}}
            )
        order = [item.ticket_id for item in window_queue(window, now=now)]
        if ticket.pk not in order:
            raise ValidationError({"ticket": _("This ticket is not waiting for this window.")})
        skipped = order.index(ticket.pk)
        if skipped and reason not in queue_settings_for(window.office).out_of_order_reasons:
            raise ValidationError(
                {"reason": _("Calling out of order needs one of the office's reasons.")}
            )
        claimed = _claim(
            ticket.pk, window, actor, now, reason=reason if skipped else "", skipped=skipped
        )
        if claimed is None:
            raise ValidationError({"ticket": _("Another window has just called this ticket.")})
        return claimed


def _claim(
    ticket_id: int, window: Window, actor: User, now: dt.datetime, *, reason: str, skipped: int
) -> Ticket | None:
    taken = Ticket.objects.filter(pk=ticket_id, status=Ticket.Status.WAITING).update(
        status=Ticket.Status.CALLED,
        window=window,
        transferred_to=None,
        # The first call ends the wait; a transferred ticket keeps its first call.
        called_at=Coalesce(F("called_at"), Value(now)),
    )
    if not taken:
        return None
    ticket = Ticket.objects.select_related("service_type").get(pk=ticket_id)
    CallEvent.objects.create(
        ticket=ticket,
        office_id=window.office_id,
        window=window,
        clerk=actor,
        action=CallEvent.Action.CALL,
        out_of_order_reason=reason,
        skipped=skipped,
        at=now,
    )
    audit_record(
        actor=actor,
        event_type="ticket.call",
        target=ticket,
        office=window.office,
        after={
            "ticket": ticket.display,
            "window": window.number,
            "reason": reason,
            "skipped": skipped,
        },
    )
    return ticket


def _in_hand(actor: User, ticket: Ticket, *statuses: str) -> Window:
    """The window holding ``ticket``, after checking the actor works there and the state fits."""
    locked = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("window__office")
        .get(pk=ticket.pk)
    )
    if locked.window is None or locked.status not in statuses:
        raise ValidationError(
            {
                "ticket": _("Ticket %(number)s is %(status)s.")
                % {"number": locked.display, "status": locked.get_status_display()}
            }
        )
    _require_window_clerk(actor, locked.window)
    ticket.__dict__.update(locked.__dict__)
    return locked.window


def ticket_recall(*, actor: User, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """Announce a called ticket again (过号重呼)."""
    now = now or timezone.now()
    with transaction.atomic():
        window = _in_hand(actor, ticket, Ticket.Status.CALLED)
        CallEvent.objects.create(
            ticket=ticket,
            office_id=ticket.office_id,
            window=window,
            clerk=actor,
            action=CallEvent.Action.RECALL,
            at=now,
        )
        audit_record(
            actor=actor,
            event_type="ticket.recall",
            target=ticket,
            office=window.office,
            after={"ticket": ticket.display, "window": window.number},
        )
    return ticket


def ticket_no_show(*, actor: User, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """The called applicant did not come (过号): the window is free for the next."""
    return _end(actor, ticket, Ticket.Status.NO_SHOW, "ticket.no_show", now, Ticket.Status.CALLED)


def ticket_finish(*, actor: User, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """The service is done (办结离窗)."""
    return _end(actor, ticket, Ticket.Status.FINISHED, "ticket.finish", now, Ticket.Status.SERVING)


def _end(
    actor: User, ticket: Ticket, status: str, event: str, now: dt.datetime | None, *from_: str
) -> Ticket:
    now = now or timezone.now()
    with transaction.atomic():
        window = _in_hand(actor, ticket, *from_)
        before = ticket.status
        ticket.status, ticket.ended_at = status, now
        ticket.save(update_fields=["status", "ended_at"])
        audit_record(
            actor=actor,
            event_type=event,
            target=ticket,
            office=window.office,
            before={"status": before},
            after={"status": status, "window": window.number},
        )
    return ticket


def ticket_transfer(*, actor: User, ticket: Ticket, to_window: Window) -> Ticket:
    """Send the applicant to another window of the office, ahead of its queue (转窗)."""
    with transaction.atomic():
        window = _in_hand(actor, ticket, Ticket.Status.CALLED, Ticket.Status.SERVING)
        if (
            to_window.office_id != window.office_id
            or not to_window.is_active
            or to_window == window
        ):
            raise ValidationError({"to_window": _("Choose another open window of this office.")})
        before = ticket.status
        ticket.status, ticket.window, ticket.transferred_to = Ticket.Status.WAITING, None, to_window
        ticket.save(update_fields=["status", "window", "transferred_to"])
        audit_record(
            actor=actor,
            event_type="ticket.transfer",
            target=ticket,
            office=window.office,
            before={"status": before, "window": window.number},
            after={"status": ticket.status, "window": to_window.number},
        )
    return ticket


def ticket_identity_check(
    *,
    actor: User,
    ticket: Ticket,
    document_type: str,
    document_number: str,
    country: str = "",
    power_of_attorney: bool = False,
    now: dt.datetime | None = None,
) -> IdentityCheck:
    """Compare the document shown at the window with the ticket (核验身份).

    A match with the applicant, or with the agent who shows a power of
    attorney, starts the service. A mismatch is recorded (a resold ticket
    looks like this) and the ticket is not served.
    """
    now = now or timezone.now()
    try:
        presented = identity_parse(
            document_type, document_number, country=country, today=timezone.localdate(now)
        )
    except IdentifierError as error:
        raise ValidationError({"document_number": identifier_error_message(error)}) from None
    except ValueError:
        raise ValidationError({"document_type": _("Unknown document type.")}) from None
    with transaction.atomic():
        window = _in_hand(actor, ticket, Ticket.Status.CALLED)
        matched = ""
        if presented.key == ticket.principal_key:
            matched = PRINCIPAL
        elif ticket.agent_key and presented.key == ticket.agent_key:
            if not power_of_attorney:
                raise ValidationError(
                    {"power_of_attorney": _("An agent is served only with the power of attorney.")}
                )
            matched = AGENT
        check = IdentityCheck.objects.create(
            ticket=ticket,
            office_id=ticket.office_id,
            clerk=actor,
            presented_key=presented.key,
            matched=matched,
            power_of_attorney=power_of_attorney,
            at=now,
        )
        after: dict[str, object] = {
            "ticket": ticket.display,
            "matched": matched or "mismatch",
            "document_number": presented.number,
        }
        if matched:
            ticket.status, ticket.serving_at, ticket.served_by = Ticket.Status.SERVING, now, actor
            ticket.identity_checked_as = matched
            ticket.save(update_fields=["status", "serving_at", "served_by", "identity_checked_as"])
        audit_record(
            actor=actor,
            event_type="ticket.identity_check",
            target=ticket,
            office=window.office,
            after=after,
        )
    if not matched:
        abuse_signal_record(
            office=window.office,
            kind=AbuseSignal.Kind.IDENTITY_MISMATCH,
            subject_key=ticket.principal_key,
            detail={
                "ticket": ticket.display,
                "presented": presented.key,
                "agent": ticket.agent_key,
            },
        )
    return check
