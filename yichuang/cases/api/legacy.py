"""The legacy cases register (历史遗留问题台账, mission R6) through the JSON API.

Reading is for staff of the office and supervisors over it; opening and moving
a case on is for its office's head, reviewers and registrars. Bad input
answers 422 naming the field; a case out of scope is 404.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from yichuang.accounts.selectors import signed_in_user
from yichuang.cases import legacy_selectors as selectors
from yichuang.cases.models import LegacyCase, LegacyCaseNote
from yichuang.cases.services import legacy as services

router = Router(tags=["legacy cases"])


class LegacyCaseIn(Schema):
    title: str = Field(..., max_length=200)
    location: str = Field(..., max_length=200)
    description: str = Field(..., max_length=10000)
    policy: str = Field(..., max_length=300, description="the local policy document and article")
    blocker: str = Field(..., max_length=300, description="what blocks it")
    owner: str = Field(..., max_length=150, description="username of active staff of the office")
    households: int = Field(1, description="households affected, at least one")
    target_date: dt.date | None = None


class LegacyCaseUpdateIn(Schema):
    note: str = Field(..., max_length=4000, description="required")
    status: str | None = Field(None, description="open, in_progress, blocked, resolved or closed")
    blocker: str | None = Field(None, max_length=300, description="blank keeps the current one")
    owner: str | None = Field(None, max_length=150, description="username of the new owner")
    outcome: str = Field("", max_length=10000, description="required to resolve or close")


class LegacyCaseOut(Schema):
    id: int
    reference: str
    office: str = Field(description="office code")
    title: str
    location: str
    households: int
    description: str
    policy: str
    blocker: str
    owner: str = Field(description="username")
    owner_name: str
    status: str
    target_date: dt.date | None
    overdue: bool = Field(description="still under way after the target date")
    opened_at: dt.datetime
    ended_at: dt.datetime | None
    outcome: str


class LegacyCaseNoteOut(Schema):
    at: dt.datetime
    author: str = Field(description="username")
    author_name: str
    status_from: str = Field(description="blank when the status did not change")
    status_to: str = Field(description="blank when the status did not change")
    text: str


class LegacyCaseDetailOut(LegacyCaseOut):
    notes: list[LegacyCaseNoteOut] = Field(description="the whole history, first to last")


class LegacySummaryOut(Schema):
    counts: dict[str, int] = Field(description="cases by status")
    overdue: int = Field(description="cases under way past their target date")


class LegacyCasesOut(Schema):
    summary: LegacySummaryOut
    cases: list[LegacyCaseOut]


def legacy_case_out(legacy: LegacyCase, today: dt.date | None = None) -> LegacyCaseOut:
    """A legacy case as the API answers it, without its history."""
    return LegacyCaseOut(
        id=legacy.pk,
        reference=legacy.reference,
        office=legacy.office.code,
        title=legacy.title,
        location=legacy.location,
        households=legacy.households,
        description=legacy.description,
        policy=legacy.policy,
        blocker=legacy.blocker,
        owner=legacy.owner.username,
        owner_name=legacy.owner.full_name,
        status=legacy.status,
        target_date=legacy.target_date,
        overdue=selectors.legacy_is_overdue(legacy, today),
        opened_at=legacy.opened_at,
        ended_at=legacy.ended_at,
        outcome=legacy.outcome,
    )


def _note_out(note: LegacyCaseNote) -> LegacyCaseNoteOut:
    return LegacyCaseNoteOut(
        at=note.at,
        author=note.author.username,
        author_name=note.author.full_name,
        status_from=note.status_from,
        status_to=note.status_to,
        text=note.text,
    )


def legacy_case_detail_out(legacy: LegacyCase) -> LegacyCaseDetailOut:
    """A legacy case with its history, as the API answers it."""
    return LegacyCaseDetailOut(
        **legacy_case_out(legacy).model_dump(), notes=[_note_out(n) for n in legacy.notes.all()]
    )


@router.get(
    "/legacy",
    response=LegacyCasesOut,
    summary="The legacy cases in the caller's scope, with counts by status and overdue",
)
def list_legacy_cases(
    request: HttpRequest, status: str | None = None, office: str | None = None
) -> LegacyCasesOut:
    user = signed_in_user(request)
    selectors.legacy_require_reader(user=user)
    offices = list(selectors.legacy_offices_for(user=user))
    chosen = next((o for o in offices if o.code == office), None)
    if office and chosen is None:
        raise Http404(office)
    cases = selectors.legacy_cases_for(user=user, office=chosen, status=status)
    today = timezone.localdate()
    summary = selectors.legacy_summary(offices=[chosen] if chosen else offices, today=today)
    return LegacyCasesOut(
        summary=LegacySummaryOut(counts=summary.counts, overdue=summary.overdue),
        cases=[legacy_case_out(c, today) for c in cases],
    )


@router.get(
    "/legacy/{pk}",
    response=LegacyCaseDetailOut,
    summary="One legacy case with its whole history",
)
def get_legacy_case(request: HttpRequest, pk: int) -> LegacyCaseDetailOut:
    user = signed_in_user(request)
    return legacy_case_detail_out(selectors.legacy_case_get_for(user=user, pk=pk))


@router.post(
    "/legacy",
    response={201: LegacyCaseDetailOut},
    summary="Open a legacy case at the caller's office (office head, reviewer or registrar)",
)
def open_legacy_case(request: HttpRequest, payload: LegacyCaseIn) -> Status[LegacyCaseDetailOut]:
    user = signed_in_user(request)
    office = selectors.legacy_keeper_office(user=user)
    owner = selectors.legacy_owner_by_username(office=office, username=payload.owner)
    legacy = services.legacy_case_open(
        actor=user,
        office=office,
        title=payload.title,
        location=payload.location,
        description=payload.description,
        policy=payload.policy,
        blocker=payload.blocker,
        owner=owner,
        households=payload.households,
        target_date=payload.target_date,
    )
    return Status(
        201, legacy_case_detail_out(selectors.legacy_case_get_for(user=user, pk=legacy.pk))
    )


@router.post(
    "/legacy/{pk}/update",
    response=LegacyCaseDetailOut,
    summary="Write a note on a legacy case, perhaps changing its status, blocker or owner",
)
def update_legacy_case(
    request: HttpRequest, pk: int, payload: LegacyCaseUpdateIn
) -> LegacyCaseDetailOut:
    user = signed_in_user(request)
    legacy = selectors.legacy_case_get_for(user=user, pk=pk)
    selectors.legacy_require_keeper(user=user, legacy_case=legacy)
    owner = (
        selectors.legacy_owner_by_username(office=legacy.office, username=payload.owner)
        if payload.owner
        else None
    )
    services.legacy_case_update(
        actor=user,
        legacy_case=legacy,
        note=payload.note,
        status=payload.status,
        blocker=payload.blocker,
        owner=owner,
        outcome=payload.outcome,
    )
    return legacy_case_detail_out(selectors.legacy_case_get_for(user=user, pk=pk))
