"""One-time codes that let an applicant claim a phone online (短信验证码).

A code is six digits, valid for five minutes and for five tries; only its hash
is kept. Sends per phone and per address are capped, and a cap hit is kept for
supervision. Messages go to the outbox, which the SMS gateway drains.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office
from yichuang.frontdesk.models import AbuseSignal, OutgoingMessage, PhoneChallenge
from yichuang.frontdesk.services.access import abuse_signal_record

CODE_LIFETIME = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 5
SENDS_PER_PHONE_PER_HOUR = 5


def _digest(phone: str, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def _valid_phone(phone: str) -> str:
    phone = phone.strip()
    if not (phone.isdigit() and len(phone) == 11 and phone.startswith("1")):
        raise ValidationError({"phone": _("A mobile number is 11 digits starting with 1.")})
    return phone


def phone_challenge_send(
    *, phone: str, office: Office, now: dt.datetime | None = None
) -> PhoneChallenge:
    """Send a new code to ``phone`` (through the outbox)."""
    phone = _valid_phone(phone)
    now = now or timezone.now()
    recent = PhoneChallenge.objects.filter(
        phone=phone, created_at__gte=now - dt.timedelta(hours=1)
    ).count()
    if recent >= SENDS_PER_PHONE_PER_HOUR:
        abuse_signal_record(
            office=office,
            kind=AbuseSignal.Kind.PHONE_CAP,
            subject_key=phone,
            detail={"sends": recent},
        )
        raise ValidationError({"phone": _("Too many codes for this number; try again in an hour.")})
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        challenge = PhoneChallenge.objects.create(
            phone=phone,
            code_hash=_digest(phone, code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        OutgoingMessage.objects.create(
            phone=phone,
            text=_("Yichuang: your code is %(code)s, valid for 5 minutes.") % {"code": code},
            created_at=now,
        )
    return challenge


def phone_challenge_verify(*, phone: str, code: str, now: dt.datetime | None = None) -> None:
    """Use up the newest live code for ``phone``; refuses a wrong, stale or spent one."""
    phone = _valid_phone(phone)
    now = now or timezone.now()
    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if challenge is None or challenge.attempts >= MAX_ATTEMPTS:
            raise ValidationError({"code": _("The code has expired; ask for a new one.")})
        if not hmac.compare_digest(challenge.code_hash, _digest(phone, code.strip())):
            challenge.attempts += 1
            challenge.save(update_fields=["attempts"])
            wrong = True
        else:
            challenge.used_at = now
            challenge.save(update_fields=["used_at"])
            wrong = False
    if wrong:
        raise ValidationError({"code": _("The code is wrong.")})
