"""Reading inquiries (首问负责): a member of staff's own, the offers made to them, the head's
escalated list, one inquiry in scope, and the public status an applicant sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import office_scope, require_role
from yichuang.core.masking import mask_text
from yichuang.frontdesk.models import Inquiry, InquiryHandover
from yichuang.frontdesk.services.access import STAFF_ROLES, queue_settings_for
from yichuang.frontdesk.services.inquiries import PENDING, REFERENCE_PATTERN


def inquiry_staff_office(*, user: User) -> Office:
    """The office whose inquiries ``user`` works on: staff only, else 403."""
    require_role(user, STAFF_ROLES)
    if user.office is None:
        raise PermissionDenied("no office")
    return user.office


def inquiry_overdue_cutoff(*, office: Office, now: dt.datetime | None = None) -> dt.datetime:
    """An open inquiry of ``office`` recorded at or before this moment is overdue."""
    hours = queue_settings_for(office).inquiry_escalation_hours
    return (now or timezone.now()) - dt.timedelta(hours=hours)


def inquiry_is_overdue(inquiry: Inquiry, cutoff: dt.datetime) -> bool:
    return inquiry.status == Inquiry.Status.OPEN and inquiry.created_at <= cutoff


def _pending_offers() -> Prefetch[str, QuerySet[InquiryHandover], str]:
    return Prefetch(
        "handovers",
        queryset=InquiryHandover.objects.filter(**PENDING).select_related("to_user"),
        to_attr="pending_handovers",
    )


def inquiries_mine(*, user: User, office: Office) -> QuerySet[Inquiry]:
    """The open inquiries ``user`` owns at ``office``, oldest first, with any pending offer."""
    return (
        Inquiry.objects.filter(owner=user, office=office, status=Inquiry.Status.OPEN)
        .select_related("office", "owner")
        .prefetch_related(_pending_offers())
        .order_by("created_at", "pk")
    )


def inquiry_handovers_offered(*, user: User, office: Office) -> QuerySet[InquiryHandover]:
    """Pending offers of open inquiries at ``office`` made to ``user``, oldest inquiry first."""
    return (
        InquiryHandover.objects.filter(
            to_user=user,
            inquiry__office=office,
            inquiry__status=Inquiry.Status.OPEN,
            **PENDING,
        )
        .select_related("inquiry", "from_user", "to_user")
        .order_by("inquiry__created_at", "pk")
    )


def inquiries_escalated(*, user: User, office: Office) -> QuerySet[Inquiry]:
    """For the head of ``office``: its escalated inquiries still open, longest waiting first."""
    if not (user.has_role(Role.OFFICE_HEAD) and user.office_id == office.pk):
        return Inquiry.objects.none()
    return (
        Inquiry.objects.filter(
            office=office,
            status=Inquiry.Status.OPEN,
            escalated_at__isnull=False,
        )
        .select_related("owner")
        .prefetch_related(_pending_offers())
        .order_by("created_at", "pk")
    )


def inquiry_get_for(*, user: User, reference: str) -> Inquiry:
    """One inquiry of an office the user may see, or 404."""
    try:
        return Inquiry.objects.select_related("office", "owner", "answered_by").get(
            reference=reference.strip().upper(), office__in=office_scope(user=user)
        )
    except Inquiry.DoesNotExist:
        raise Http404(reference) from None


def inquiry_handover_get_for(*, user: User, handover_id: int) -> InquiryHandover:
    """One hand-over of an inquiry the user may see, or 404."""
    try:
        return InquiryHandover.objects.select_related(
            "inquiry__office", "from_user", "to_user"
        ).get(pk=handover_id, inquiry__office__in=office_scope(user=user))
    except InquiryHandover.DoesNotExist:
        raise Http404(handover_id) from None


def inquiry_handovers_of(*, inquiry: Inquiry) -> QuerySet[InquiryHandover]:
    """Every offer made of ``inquiry``, first to last."""
    return (
        InquiryHandover.objects.filter(inquiry=inquiry)
        .select_related("from_user", "to_user")
        .order_by("offered_at", "pk")
    )


def inquiry_colleagues(*, inquiry: Inquiry) -> QuerySet[User]:
    """Who the owner may offer ``inquiry`` to: the office's other active staff, by name."""
    return (
        User.objects.filter(
            office_id=inquiry.office_id,
            is_active=True,
            groups__name__in=sorted(STAFF_ROLES),
        )
        .exclude(pk=inquiry.owner_id)
        .distinct()
        .order_by("full_name", "username")
    )


def inquiry_colleague_get(*, inquiry: Inquiry, user_id: object) -> User | None:
    """A colleague chosen on the page by id; None when the choice is not one."""
    try:
        pk = int(str(user_id))
    except ValueError:
        return None
    return inquiry_colleagues(inquiry=inquiry).filter(pk=pk).first()


def inquiry_colleague_by_username(*, inquiry: Inquiry, username: str) -> User:
    """A colleague named by username in the API; a 422 naming the field otherwise."""
    colleague = inquiry_colleagues(inquiry=inquiry).filter(username=username.strip()).first()
    if colleague is None:
        raise ValidationError(
            {"to_username": _("No other active member of staff of this office has this username.")}
        )
    return colleague


# The applicant's view ----------------------------------------------------------------------


@dataclass(frozen=True)
class InquiryPublicStatus:
    """What the applicant sees with the reference: no name, no phone, no staff member."""

    reference: str
    office: str
    subject: str
    channel: str
    channel_label: str
    recorded_on: dt.date
    status: str
    status_label: str
    answered_on: dt.date | None
    answer: str
    escalated: bool


def inquiry_public_status(*, reference: str) -> InquiryPublicStatus:
    """The status of the inquiry with ``reference``, or 404."""
    reference = reference.strip().upper()
    if not REFERENCE_PATTERN.fullmatch(reference):
        raise Http404(reference)
    inquiry = (
        Inquiry.objects.select_related("office")
        .only(
            "reference",
            "office__name",
            "subject",
            "channel",
            "created_at",
            "status",
            "answered_at",
            "answer",
            "escalated_at",
        )
        .filter(reference=reference)
        .first()
    )
    if inquiry is None:
        raise Http404(reference)
    answered = inquiry.status == Inquiry.Status.ANSWERED
    return InquiryPublicStatus(
        reference=inquiry.reference,
        office=inquiry.office.name,
        # Free text may hold an ID or phone number typed by staff; the mask hides them.
        subject=mask_text(inquiry.subject),
        channel=inquiry.channel,
        channel_label=str(inquiry.get_channel_display()),
        recorded_on=timezone.localdate(inquiry.created_at),
        status=inquiry.status,
        status_label=str(inquiry.get_status_display()),
        answered_on=(
            timezone.localdate(inquiry.answered_at)
            if answered and inquiry.answered_at is not None
            else None
        ),
        answer=mask_text(inquiry.answer) if answered else "",
        escalated=inquiry.escalated_at is not None,
    )
