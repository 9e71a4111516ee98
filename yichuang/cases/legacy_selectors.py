"""Reading the legacy cases register (历史遗留问题台账, mission R6), scoped to the reader.

Staff of an office see their office's cases; a supervisor the cases of the
offices in their jurisdiction; anyone else none. A case out of scope is not
found (404), so its existence is not revealed. Only the keepers of the
register (office head, reviewer, registrar) of the case's office may write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import OFFICE_ROLES, Role
from yichuang.accounts.selectors import office_scope, require_role
from yichuang.cases.models import LegacyCase, LegacyCaseNote
from yichuang.cases.services.legacy import ENDED, KEEPERS

READERS = OFFICE_ROLES | {Role.SUPERVISOR}
UNDER_WAY = frozenset(LegacyCase.Status.values) - ENDED


def legacy_offices_for(*, user: User) -> QuerySet[Office]:
    """The offices whose legacy cases ``user`` may read."""
    if not user.is_active or not (user.roles & READERS):
        return Office.objects.none()
    return office_scope(user=user)


def legacy_require_reader(*, user: User) -> None:
    """403 unless ``user`` is staff of an office or a supervisor."""
    require_role(user, READERS)


def legacy_cases_for(
    *, user: User, office: Office | None = None, status: str | None = None
) -> QuerySet[LegacyCase]:
    """The legacy cases ``user`` may read, oldest first, with office and owner loaded.

    An unknown ``status`` is a 422 naming the field; an ``office`` out of scope
    gives nothing.
    """
    cases = LegacyCase.objects.filter(office__in=legacy_offices_for(user=user))
    if office is not None:
        cases = cases.filter(office=office)
    if status:
        if status not in LegacyCase.Status.values:
            raise ValidationError({"status": _("Unknown status.")})
        cases = cases.filter(status=status)
    return cases.select_related("office", "owner").order_by("opened_at", "pk")


def legacy_case_get_for(*, user: User, pk: int) -> LegacyCase:
    """One legacy case ``user`` may read, with its notes and their authors, or 404."""
    notes = LegacyCaseNote.objects.select_related("author").order_by("at", "pk")
    try:
        return (
            LegacyCase.objects.select_related("office", "owner")
            .prefetch_related(Prefetch("notes", queryset=notes))
            .get(pk=pk, office__in=legacy_offices_for(user=user))
        )
    except LegacyCase.DoesNotExist:
        raise Http404(pk) from None


def legacy_keeper_office(*, user: User) -> Office:
    """The office whose register ``user`` keeps: a keeper with an office, else 403."""
    require_role(user, KEEPERS)
    if user.office is None:
        raise PermissionDenied("no office")
    return user.office


def legacy_require_keeper(*, user: User, legacy_case: LegacyCase) -> None:
    """403 unless ``user`` keeps the register of the case's office."""
    require_role(user, KEEPERS, legacy_case.office)


def legacy_case_may_update(*, user: User, legacy_case: LegacyCase) -> bool:
    """Whether ``user`` may move the case on: a keeper of its office, the case not ended."""
    try:
        legacy_require_keeper(user=user, legacy_case=legacy_case)
    except PermissionDenied:
        return False
    return legacy_case.status not in ENDED


def legacy_may_open(*, user: User) -> bool:
    """Whether ``user`` may open legacy cases at their office."""
    return bool(user.is_active and user.roles & KEEPERS and user.office_id is not None)


def legacy_is_overdue(legacy_case: LegacyCase, today: dt.date | None = None) -> bool:
    """Still under way after its target date."""
    target = legacy_case.target_date
    return (
        legacy_case.status in UNDER_WAY
        and target is not None
        and target < (today or timezone.localdate())
    )


def legacy_status_label(value: str) -> str:
    """The label of a status value, as a note's history shows it; blank stays blank."""
    if value in LegacyCase.Status.values:
        return str(LegacyCase.Status(value).label)
    return value


def legacy_owner_choices(*, office: Office) -> QuerySet[User]:
    """Who may own a legacy case of ``office``: its active staff, by name."""
    return (
        User.objects.filter(office=office, is_active=True, groups__name__in=sorted(OFFICE_ROLES))
        .distinct()
        .order_by("full_name", "username")
    )


def legacy_owner_by_username(*, office: Office, username: str) -> User:
    """A member of staff named by username in the API; a 422 naming ``owner`` otherwise."""
    owner = legacy_owner_choices(office=office).filter(username=username.strip()).first()
    if owner is None:
        raise ValidationError(
            {"owner": _("No active member of staff of this office has this username.")}
        )
    return owner


@dataclass(frozen=True)
class LegacySummary:
    """How many legacy cases stand in each status, and how many are past their target."""

    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        """All cases counted."""
        return sum(self.counts.values())

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every status, in the register's order."""
        return [
            (value, str(label), self.counts[value]) for value, label in LegacyCase.Status.choices
        ]


def legacy_summary(*, offices: Iterable[Office], today: dt.date | None = None) -> LegacySummary:
    """Counts by status of the legacy cases of ``offices``, and the overdue ones: one query."""
    today = today or timezone.localdate()
    counts = {value: Count("pk", filter=Q(status=value)) for value in LegacyCase.Status.values}
    overdue = Count("pk", filter=Q(status__in=sorted(UNDER_WAY), target_date__lt=today))
    figures = LegacyCase.objects.filter(office__in=offices).aggregate(_overdue=overdue, **counts)
    return LegacySummary(
        counts={value: int(figures[value]) for value in LegacyCase.Status.values},
        overdue=int(figures["_overdue"]),
    )
