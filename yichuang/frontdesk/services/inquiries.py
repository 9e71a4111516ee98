"""First-inquiry responsibility (首问负责): whoever is asked first owns the inquiry.

An inquiry made at a window, by phone or online is recorded against the staff
member who took it, and stays theirs until it is answered or a named colleague
accepts it; an offer nobody has accepted leaves it with the giver. An inquiry
left unanswered longer than the office allows is escalated to the head, who
may answer it or take it over. The applicant follows it with the reference.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.frontdesk.models import Inquiry, InquiryHandover
from yichuang.frontdesk.services.access import STAFF_ROLES, queue_settings_for

# No I or O: a reference is read out over the phone and copied by hand.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_SUFFIX_LENGTH = 4
REFERENCE_ATTEMPTS = 20
REFERENCE_PATTERN = re.compile(r"^Q\d{6}[A-HJ-NP-Z]{4}$")

SUBJECT_MAX = 200
TEXT_MAX = 4000
NAME_MAX = 100
NOTE_MAX = 200
# A mobile number, or a landline with its area code (phone inquiries often come from one).
_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")

HEAD_ROLES = frozenset({Role.OFFICE_HEAD})
PENDING = {"accepted_at__isnull": True, "declined_at__isnull": True, "withdrawn_at__isnull": True}


# Who may do what: one place, used by the services and by the pages' buttons. ---------


def _works_at(user: User, office_id: int) -> bool:
    return user.is_active and bool(user.roles & STAFF_ROLES) and user.office_id == office_id


def _heads(user: User, office_id: int) -> bool:
    return _works_at(user, office_id) and user.has_role(Role.OFFICE_HEAD)


def _answers_for(user: User, inquiry: Inquiry) -> bool:
    """The owner answers; once the inquiry is escalated, so may the office head."""
    if not _works_at(user, inquiry.office_id):
        return False
    if inquiry.owner_id == user.pk:
        return True
    return inquiry.escalated_at is not None and _heads(user, inquiry.office_id)


def inquiry_may_answer(*, user: User, inquiry: Inquiry) -> bool:
    return inquiry.status == Inquiry.Status.OPEN and _answers_for(user, inquiry)


def inquiry_may_hand_over(*, user: User, inquiry: Inquiry) -> bool:
    return (
        inquiry.status == Inquiry.Status.OPEN
        and inquiry.owner_id == user.pk
        and _works_at(user, inquiry.office_id)
    )


def inquiry_may_take_over(*, user: User, inquiry: Inquiry) -> bool:
    return (
        inquiry.status == Inquiry.Status.OPEN
        and inquiry.escalated_at is not None
        and inquiry.owner_id != user.pk
        and _heads(user, inquiry.office_id)
    )


def inquiry_require_owner(*, actor: User, inquiry: Inquiry) -> None:
    """The owner of ``inquiry``, at its office; anyone else is refused (403)."""
    _require_staff_of(actor, inquiry.office_id)
    if inquiry.owner_id != actor.pk:
        raise PermissionDenied("not the owner")


def handover_is_pending(handover: InquiryHandover) -> bool:
    return (
        handover.accepted_at is None
        and handover.declined_at is None
        and handover.withdrawn_at is None
    )


def inquiry_handover_may_respond(*, user: User, handover: InquiryHandover) -> bool:
    """Only the named colleague accepts or declines, and only while the offer is pending."""
    return handover_is_pending(handover) and handover.to_user_id == user.pk


# Recording ---------------------------------------------------------------------------


def inquiry_reference_suffix() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_SUFFIX_LENGTH))


def inquiry_record(
    *,
    actor: User,
    channel: str,
    subject: str,
    question: str,
    applicant_name: str = "",
    phone: str = "",
    now: dt.datetime | None = None,
) -> Inquiry:
    """Record an inquiry taken by ``actor`` at their own office; ``actor`` owns it from now."""
    user = require_role(actor, STAFF_ROLES)
    office = user.office
    if office is None:
        raise PermissionDenied("no office")
    cleaned = _clean_inquiry(channel, subject, question, applicant_name, phone)
    now = now or timezone.now()
    with transaction.atomic():
        inquiry = _insert(user, office, cleaned, now)
        audit_record(
            actor=user,
            event_type="inquiry.record",
            target=inquiry,
            office=office,
            after={
                "reference": inquiry.reference,
                "channel": inquiry.channel,
                "subject": inquiry.subject,
                "person_name": inquiry.applicant_name,
                "phone": inquiry.phone,
                "owner": user.username,
            },
        )
    return inquiry


def _clean_inquiry(
    channel: str, subject: str, question: str, applicant_name: str, phone: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if channel not in Inquiry.Channel.values:
        errors["channel"] = _("Choose how the inquiry was made: at the window, by phone or online.")
    subject, question = subject.strip(), question.strip()
    applicant_name, phone = applicant_name.strip(), phone.strip().replace(" ", "")
    if not subject:
        errors["subject"] = _("Give the inquiry a subject.")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _("Keep the subject within %(max)s characters.") % {"max": SUBJECT_MAX}
    if not question:
        errors["question"] = _("Write down what was asked.")
    elif len(question) > TEXT_MAX:
        errors["question"] = _("Keep the question within %(max)s characters.") % {"max": TEXT_MAX}
    if len(applicant_name) > NAME_MAX:
        errors["applicant_name"] = _("Keep the name within %(max)s characters.") % {"max": NAME_MAX}
    if phone and not _PHONE.fullmatch(phone):
        errors["phone"] = _(
            "Give a mobile number (11 digits starting with 1) or a landline with its area code."
        )
    if errors:
        raise ValidationError(errors)
    return {
        "channel": channel,
        "subject": subject,
        "question": question,
        "applicant_name": applicant_name,
        "phone": phone,
    }


def _insert(user: User, office: Office, cleaned: dict[str, str], now: dt.datetime) -> Inquiry:
    day = timezone.localtime(now).strftime("%y%m%d")
    for _attempt in range(REFERENCE_ATTEMPTS):
        reference = f"Q{day}{inquiry_reference_suffix()}"
        if Inquiry.objects.filter(reference=reference).exists():
            continue
        try:
            # A savepoint: a reference taken at the same instant leaves the
            # outer transaction usable for the next try.
            with transaction.atomic():
                return Inquiry.objects.create(
                    reference=reference,
                    office=office,
                    owner=user,
                    recorded_by=user,
                    created_at=now,
                    **cleaned,
                )
        except IntegrityError:
            if not Inquiry.objects.filter(reference=reference).exists():
                raise
    raise RuntimeError("no free inquiry reference after repeated tries")


# Answering -----------------------------------------------------------------------------


def inquiry_answer(
    *, actor: User, inquiry: Inquiry, answer: str, now: dt.datetime | None = None
) -> Inquiry:
    """Answer an open inquiry: its owner, or the office head once it is escalated."""
    _require_staff_of(actor, inquiry.office_id)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(inquiry)
        if not _answers_for(actor, locked):
            raise PermissionDenied("not the owner")
        _require_open(locked)
        text = answer.strip()
        if not text:
            raise ValidationError({"answer": _("Write the answer given.")})
        if len(text) > TEXT_MAX:
            raise ValidationError(
                {"answer": _("Keep the answer within %(max)s characters.") % {"max": TEXT_MAX}}
            )
        withdrawn = _withdraw_pending(locked, now)
        locked.status = Inquiry.Status.ANSWERED
        locked.answer, locked.answered_at, locked.answered_by = text, now, actor
        locked.save(update_fields=["status", "answer", "answered_at", "answered_by"])
        audit_record(
            actor=actor,
            event_type="inquiry.answer",
            target=locked,
            office=locked.office,
            before={"status": Inquiry.Status.OPEN, "owner": locked.owner.username},
            after={
                "status": locked.status,
                "answered_by": actor.username,
                "escalated": locked.escalated_at is not None,
                "handover_withdrawn": withdrawn,
            },
        )
    _copy(locked, inquiry)
    return inquiry


# Handing over --------------------------------------------------------------------------


def inquiry_hand_over(
    *,
    actor: User,
    inquiry: Inquiry,
    to_user: User | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> InquiryHandover:
    """Offer the inquiry to a named colleague; it stays ``actor``'s until they accept."""
    _require_staff_of(actor, inquiry.office_id)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(inquiry)
        if locked.owner_id != actor.pk:
            raise PermissionDenied("not the owner")
        _require_open(locked)
        note = note.strip()
        if len(note) > NOTE_MAX:
            raise ValidationError(
                {"note": _("Keep the note within %(max)s characters.") % {"max": NOTE_MAX}}
            )
        if (
            to_user is None
            or to_user.pk == locked.owner_id
            or not _works_at(to_user, locked.office_id)
        ):
            raise ValidationError(
                {"to_user": _("Choose another active member of staff of this office.")}
            )
        pending = (
            InquiryHandover.objects.filter(inquiry=locked, **PENDING)
            .select_related("to_user")
            .first()
        )
        if pending is not None:
            raise _already_offered(pending)
        try:
            with transaction.atomic():
                handover = InquiryHandover.objects.create(
                    inquiry=locked, from_user=actor, to_user=to_user, note=note, offered_at=now
                )
        except IntegrityError:
            raise ValidationError(
                {"inquiry": _("This inquiry has just been offered to someone else.")}
            ) from None
        audit_record(
            actor=actor,
            event_type="inquiry.hand_over",
            target=locked,
            office=locked.office,
            after={"handover": handover.pk, "to_user": to_user.username, "note": note},
        )
    return handover


def _already_offered(pending: InquiryHandover) -> ValidationError:
    return ValidationError(
        {
            "inquiry": _(
                "This inquiry is already offered to %(name)s; it can be offered again once "
                "they decline."
            )
            % {"name": str(pending.to_user)}
        }
    )


def inquiry_handover_accept(
    *, actor: User, handover: InquiryHandover, now: dt.datetime | None = None
) -> InquiryHandover:
    """The named colleague accepts the offer and becomes the owner."""
    return _respond(actor, handover, accept=True, note="", now=now)


def inquiry_handover_decline(
    *, actor: User, handover: InquiryHandover, note: str, now: dt.datetime | None = None
) -> InquiryHandover:
    """The named colleague declines, saying why; the giver still owns the inquiry."""
    return _respond(actor, handover, accept=False, note=note, now=now)


def _respond(
    actor: User, handover: InquiryHandover, *, accept: bool, note: str, now: dt.datetime | None
) -> InquiryHandover:
    require_role(actor, STAFF_ROLES)
    if handover.to_user_id != actor.pk:
        raise PermissionDenied("not offered to you")
    now = now or timezone.now()
    with transaction.atomic():
        inquiry = _lock_id(handover.inquiry_id)
        _require_staff_of(actor, inquiry.office_id)
        locked = InquiryHandover.objects.select_for_update().get(pk=handover.pk)
        if not handover_is_pending(locked):
            raise ValidationError({"handover": _("This offer has already been answered.")})
        _require_open(inquiry)
        note = note.strip()
        if not accept and not note:
            raise ValidationError({"note": _("Say why you decline, so the owner knows.")})
        if len(note) > NOTE_MAX:
            raise ValidationError(
                {"note": _("Keep the note within %(max)s characters.") % {"max": NOTE_MAX}}
            )
        before: dict[str, Any] = {"owner": inquiry.owner.username}
        if accept:
            locked.accepted_at = now
            locked.save(update_fields=["accepted_at"])
            inquiry.owner = actor
            inquiry.save(update_fields=["owner"])
        else:
            locked.declined_at, locked.decline_note = now, note
            locked.save(update_fields=["declined_at", "decline_note"])
        audit_record(
            actor=actor,
            event_type="inquiry.handover_accept" if accept else "inquiry.handover_decline",
            target=inquiry,
            office=inquiry.office,
            before=before,
            after={"owner": inquiry.owner.username, "handover": locked.pk, "note": note},
        )
    _copy(locked, handover)
    return handover


# The office head -----------------------------------------------------------------------


def inquiry_take_over(*, actor: User, inquiry: Inquiry, now: dt.datetime | None = None) -> Inquiry:
    """The office head takes over an escalated inquiry; a pending offer is withdrawn."""
    if not _heads(require_role(actor, HEAD_ROLES), inquiry.office_id):
        raise PermissionDenied("not the head of this office")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(inquiry)
        _require_open(locked)
        if locked.escalated_at is None:
            raise ValidationError({"inquiry": _("Only an escalated inquiry can be taken over.")})
        if locked.owner_id == actor.pk:
            raise ValidationError({"inquiry": _("You already own this inquiry.")})
        before = locked.owner.username
        withdrawn = _withdraw_pending(locked, now)
        locked.owner = actor
        locked.save(update_fields=["owner"])
        audit_record(
            actor=actor,
            event_type="inquiry.take_over",
            target=locked,
            office=locked.office,
            before={"owner": before},
            after={"owner": actor.username, "handover_withdrawn": withdrawn},
        )
    _copy(locked, inquiry)
    return inquiry


def inquiries_escalate(*, now: dt.datetime | None = None) -> int:
    """Escalate open inquiries older than their office allows to its head; a job, idempotent.

    Returns how many were escalated by this run; a second run finds none left.
    """
    now = now or timezone.now()
    office_ids = set(
        Inquiry.objects.filter(status=Inquiry.Status.OPEN, escalated_at__isnull=True)
        .order_by()
        .values_list("office_id", flat=True)
        .distinct()
    )
    escalated = 0
    for office in Office.objects.filter(pk__in=office_ids).order_by("pk"):
        hours = queue_settings_for(office).inquiry_escalation_hours
        cutoff = now - dt.timedelta(hours=hours)
        with transaction.atomic():
            due = (
                Inquiry.objects.select_for_update()
                .select_related("owner")
                .filter(
                    office=office,
                    status=Inquiry.Status.OPEN,
                    escalated_at__isnull=True,
                    created_at__lte=cutoff,
                )
                .order_by("created_at", "pk")
            )
            for inquiry in due:
                inquiry.escalated_at = now
                inquiry.save(update_fields=["escalated_at"])
                audit_record(
                    actor=None,
                    event_type="inquiry.escalate",
                    target=inquiry,
                    office=office,
                    before={"escalated_at": None},
                    after={
                        "escalated_at": now,
                        "owner": inquiry.owner.username,
                        "hours": hours,
                    },
                )
                escalated += 1
    return escalated


# Shared steps ----------------------------------------------------------------------------


def _require_staff_of(actor: User, office_id: int) -> None:
    """A member of staff of the inquiry's office; anyone else is refused (403)."""
    require_role(actor, STAFF_ROLES)
    if actor.office_id != office_id:
        raise PermissionDenied("another office")


def _lock(inquiry: Inquiry) -> Inquiry:
    return _lock_id(inquiry.pk)


def _lock_id(inquiry_id: int) -> Inquiry:
    return (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("office", "owner")
        .get(pk=inquiry_id)
    )


def _require_open(inquiry: Inquiry) -> None:
    if inquiry.status != Inquiry.Status.OPEN:
        raise ValidationError(
            {"inquiry": _("This inquiry has already been answered; it is closed.")}
        )


def _withdraw_pending(inquiry: Inquiry, now: dt.datetime) -> int | None:
    """Withdraw the offer pending on ``inquiry``, if any; returns its id."""
    pending = (
        InquiryHandover.objects.filter(inquiry=inquiry, **PENDING)
        .values_list("pk", flat=True)
        .first()
    )
    if pending is not None:
        InquiryHandover.objects.filter(pk=pending).update(withdrawn_at=now)
    return pending


def _copy(source: Any, target: Any) -> None:
    """Give the caller's instance the state just written."""
    if source is not target:
        target.__dict__.update(source.__dict__)
