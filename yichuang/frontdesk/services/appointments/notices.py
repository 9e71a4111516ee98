"""Text messages to applicants (短信通知): written to the outbox the SMS gateway drains,
in the same transaction as the change they tell of."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format

from yichuang.frontdesk.models import Appointment, OutgoingMessage

SMS_LENGTH = 200


def text_send(phone: str, text: str, now: dt.datetime) -> None:
    """Queue ``text`` for ``phone``, cut to what one message holds."""
    OutgoingMessage.objects.create(phone=phone, text=text[:SMS_LENGTH], created_at=now)


def local_moment(appointment: Appointment) -> str:
    """The appointment's time as the applicant reads it, e.g. 2026-11-24 09:00."""
    return date_format(timezone.localtime(appointment.slot.starts_at), "Y-m-d H:i")
