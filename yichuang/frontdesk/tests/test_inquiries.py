"""First-inquiry responsibility (首问负责): recording, owning, handing over, answering and
escalating inquiries, through the services."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone

from yichuang.audit.models import AuditEvent
from yichuang.frontdesk.models import Inquiry, InquiryHandover
from yichuang.frontdesk.services import inquiries
from yichuang.frontdesk.services.access import queue_settings_for

NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))


def later(**delta: float) -> dt.datetime:
    return NOW + dt.timedelta(**delta)


def events(kind: str = "") -> list[AuditEvent]:
    found = AuditEvent.objects.filter(event_type__startswith="inquiry.").order_by("pk")
    return list(found.filter(event_type=kind) if kind else found)


@pytest.fixture
def record(cast: Any) -> Callable[..., Inquiry]:
    def make(actor: Any = None, *, now: dt.datetime = NOW, **fields: str) -> Inquiry:
        values = {
            "channel": "window",
            "subject": "抵押登记要带什么材料",
            "question": "办理抵押登记需要哪些材料？",
            "applicant_name": "张三丰",
            "phone": "13812345678",
            **fields,
        }
        return inquiries.inquiry_record(actor=actor or cast.clerk_a, now=now, **values)

    return make


@pytest.fixture
def inquiry(record: Callable[..., Inquiry]) -> Inquiry:
    return record()


def reload(obj: Any) -> Any:
    return type(obj).objects.get(pk=obj.pk)


# Recording -------------------------------------------------------------------------------


def test_the_member_of_staff_who_records_an_inquiry_owns_it(cast: Any, inquiry: Inquiry) -> None:
    assert inquiries.REFERENCE_PATTERN.fullmatch(inquiry.reference)
    assert inquiry.reference.startswith("Q260302")
    assert (inquiry.owner, inquiry.recorded_by, inquiry.office) == (
        cast.clerk_a,
        cast.clerk_a,
        cast.office_a,
    )
    assert (inquiry.status, inquiry.created_at, inquiry.escalated_at) == ("open", NOW, None)
    (event,) = events()
    assert event.event_type == "inquiry.record"
    assert event.actor == cast.clerk_a
    assert event.after is not None
    assert event.after["reference"] == inquiry.reference
    assert event.after["phone"] == "138****5678"
    assert event.after["person_name"] == "张**"


@pytest.mark.parametrize("who", ["reviewer_a", "registrar_a", "query_clerk_a", "head_a"])
def test_any_member_of_an_offices_staff_may_record_an_inquiry(
    cast: Any, record: Callable[..., Inquiry], who: str
) -> None:
    person = getattr(cast, who)
    assert record(person, channel="phone").owner == person


@pytest.mark.parametrize("who", ["supervisor", "admin", "citizen", "agent"])
def test_people_without_an_office_role_cannot_record_and_nothing_is_written(
    cast: Any, record: Callable[..., Inquiry], who: str
) -> None:
    with pytest.raises(PermissionDenied):
        record(getattr(cast, who))
    assert not Inquiry.objects.exists()
    assert events() == []


def test_bad_input_names_every_field_and_writes_nothing(
    cast: Any, record: Callable[..., Inquiry]
) -> None:
    with pytest.raises(ValidationError) as error:
        record(channel="fax", subject="  ", question="", phone="12345", applicant_name="名" * 101)
    assert set(error.value.message_dict) == {
        "channel",
        "subject",
        "question",
        "phone",
        "applicant_name",
    }
    assert not Inquiry.objects.exists()
    assert events() == []


def test_a_landline_with_its_area_code_is_a_valid_phone(record: Callable[..., Inquiry]) -> None:
    assert record(channel="phone", phone="0513-81234567").phone == "0513-81234567"


def test_name_and_phone_are_optional(record: Callable[..., Inquiry]) -> None:
    inquiry = record(channel="online", applicant_name="", phone="")
    assert (inquiry.applicant_name, inquiry.phone) == ("", "")


def test_a_reference_already_taken_is_drawn_again(
    record: Callable[..., Inquiry], monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter(["ABCD", "ABCD", "EFGH"])
    monkeypatch.setattr(inquiries, "inquiry_reference_suffix", lambda: next(draws))
    first, second = record(), record()
    assert (first.reference, second.reference) == ("Q260302ABCD", "Q260302EFGH")


def test_references_use_only_unambiguous_capitals(record: Callable[..., Inquiry]) -> None:
    for _ in range(40):
        suffix = inquiries.inquiry_reference_suffix()
        assert len(suffix) == 4
        assert set(suffix) <= set(inquiries.REFERENCE_ALPHABET)
    assert not set("IO0o1l") & set(inquiries.REFERENCE_ALPHABET)


def test_the_reference_date_is_the_local_date(record: Callable[..., Inquiry]) -> None:
    # 23:30 in Shanghai is still the same day, though UTC has not yet reached it.
    late = timezone.make_aware(dt.datetime(2026, 3, 2, 23, 30))
    assert record(now=late).reference.startswith("Q260302")


# Answering -------------------------------------------------------------------------------


def test_the_owner_answers_and_the_inquiry_closes(cast: Any, inquiry: Inquiry) -> None:
    inquiries.inquiry_answer(
        actor=cast.clerk_a, inquiry=inquiry, answer="带身份证和不动产权证书。", now=later(hours=1)
    )
    saved = reload(inquiry)
    assert (saved.status, saved.answer, saved.answered_at, saved.answered_by) == (
        "answered",
        "带身份证和不动产权证书。",
        later(hours=1),
        cast.clerk_a,
    )
    assert inquiry.status == "answered"
    assert [e.event_type for e in events()] == ["inquiry.record", "inquiry.answer"]


@pytest.mark.parametrize("who", ["reviewer_a", "head_a", "clerk_b", "head_b", "admin"])
def test_only_the_owner_answers_an_inquiry_not_yet_escalated(
    cast: Any, inquiry: Inquiry, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        inquiries.inquiry_answer(actor=getattr(cast, who), inquiry=inquiry, answer="答复")
    assert reload(inquiry).status == "open"
    assert len(events()) == 1


def test_an_answered_inquiry_cannot_be_answered_again(cast: Any, inquiry: Inquiry) -> None:
    inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="第一次答复")
    with pytest.raises(ValidationError) as error:
        inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="第二次答复")
    assert "inquiry" in error.value.message_dict
    assert reload(inquiry).answer == "第一次答复"
    assert len(events("inquiry.answer")) == 1


def test_an_empty_answer_is_refused(cast: Any, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError) as error:
        inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="   ")
    assert list(error.value.message_dict) == ["answer"]
    assert reload(inquiry).status == "open"


# Handing over --------------------------------------------------------------------------


def test_a_hand_over_leaves_the_owner_until_the_colleague_accepts(
    cast: Any, inquiry: Inquiry
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a, note="涉及审核", now=later()
    )
    assert reload(inquiry).owner == cast.clerk_a
    assert inquiries.handover_is_pending(handover)
    with pytest.raises(PermissionDenied):
        inquiries.inquiry_answer(actor=cast.reviewer_a, inquiry=inquiry, answer="答复")

    inquiries.inquiry_handover_accept(actor=cast.reviewer_a, handover=handover, now=later(hours=1))
    assert reload(inquiry).owner == cast.reviewer_a
    assert reload(handover).accepted_at == later(hours=1)
    with pytest.raises(PermissionDenied):
        inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="答复")
    inquiries.inquiry_answer(actor=cast.reviewer_a, inquiry=inquiry, answer="答复")
    assert [e.event_type for e in events()] == [
        "inquiry.record",
        "inquiry.hand_over",
        "inquiry.handover_accept",
        "inquiry.answer",
    ]


def test_a_declined_hand_over_leaves_the_owner_who_may_offer_it_again(
    cast: Any, inquiry: Inquiry
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    inquiries.inquiry_handover_decline(
        actor=cast.reviewer_a, handover=handover, note="不是我的业务"
    )
    saved = reload(handover)
    assert saved.declined_at is not None and saved.decline_note == "不是我的业务"
    assert saved.accepted_at is None
    assert reload(inquiry).owner == cast.clerk_a
    again = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.registrar_a
    )
    assert inquiries.handover_is_pending(again)


def test_declining_needs_a_reason(cast: Any, inquiry: Inquiry) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    with pytest.raises(ValidationError) as error:
        inquiries.inquiry_handover_decline(actor=cast.reviewer_a, handover=handover, note=" ")
    assert list(error.value.message_dict) == ["note"]
    assert inquiries.handover_is_pending(reload(handover))


def test_only_one_hand_over_is_pending_at_a_time(cast: Any, inquiry: Inquiry) -> None:
    inquiries.inquiry_hand_over(actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a)
    with pytest.raises(ValidationError) as error:
        inquiries.inquiry_hand_over(actor=cast.clerk_a, inquiry=inquiry, to_user=cast.registrar_a)
    assert "李强" in error.value.message_dict["inquiry"][0]
    assert InquiryHandover.objects.count() == 1


@pytest.mark.parametrize("who", ["reviewer_a", "head_a", "clerk_b"])
def test_only_the_owner_hands_over(cast: Any, inquiry: Inquiry, who: str) -> None:
    with pytest.raises(PermissionDenied):
        inquiries.inquiry_hand_over(
            actor=getattr(cast, who), inquiry=inquiry, to_user=cast.registrar_a
        )
    assert not InquiryHandover.objects.exists()


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "supervisor", "citizen", None])
def test_it_is_handed_over_only_to_another_member_of_staff_of_the_office(
    cast: Any, inquiry: Inquiry, who: str | None
) -> None:
    to_user = getattr(cast, who) if who else None
    with pytest.raises(ValidationError) as error:
        inquiries.inquiry_hand_over(actor=cast.clerk_a, inquiry=inquiry, to_user=to_user)
    assert list(error.value.message_dict) == ["to_user"]
    assert not InquiryHandover.objects.exists()


def test_an_inactive_colleague_cannot_be_offered_an_inquiry(cast: Any, inquiry: Inquiry) -> None:
    colleague = cast.registrar_a
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        inquiries.inquiry_hand_over(actor=cast.clerk_a, inquiry=inquiry, to_user=colleague)


@pytest.mark.parametrize("who", ["clerk_a", "registrar_a", "head_a"])
def test_only_the_named_colleague_accepts_or_declines(
    cast: Any, inquiry: Inquiry, who: str
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    with pytest.raises(PermissionDenied):
        inquiries.inquiry_handover_accept(actor=getattr(cast, who), handover=handover)
    with pytest.raises(PermissionDenied):
        inquiries.inquiry_handover_decline(actor=getattr(cast, who), handover=handover, note="否")
    assert inquiries.handover_is_pending(reload(handover))
    assert reload(inquiry).owner == cast.clerk_a


def test_an_offer_is_answered_once(cast: Any, inquiry: Inquiry) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    inquiries.inquiry_handover_accept(actor=cast.reviewer_a, handover=handover)
    with pytest.raises(ValidationError):
        inquiries.inquiry_handover_decline(actor=cast.reviewer_a, handover=handover, note="反悔")
    with pytest.raises(ValidationError):
        inquiries.inquiry_handover_accept(actor=cast.reviewer_a, handover=handover)
    assert len(events("inquiry.handover_accept")) == 1
    assert not events("inquiry.handover_decline")


def test_an_answered_inquiry_cannot_be_handed_over(cast: Any, inquiry: Inquiry) -> None:
    inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="答复")
    with pytest.raises(ValidationError) as error:
        inquiries.inquiry_hand_over(actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a)
    assert "inquiry" in error.value.message_dict
    assert not InquiryHandover.objects.exists()


def test_answering_withdraws_a_pending_offer_which_can_no_longer_be_accepted(
    cast: Any, inquiry: Inquiry
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="我已答复", now=later())
    assert reload(handover).withdrawn_at == later()
    with pytest.raises(ValidationError):
        inquiries.inquiry_handover_accept(actor=cast.reviewer_a, handover=handover)
    assert reload(inquiry).owner == cast.clerk_a


# Escalation and the office head ---------------------------------------------------------


def test_an_inquiry_is_escalated_once_the_offices_time_has_passed(
    cast: Any, inquiry: Inquiry
) -> None:
    assert inquiries.inquiries_escalate(now=later(hours=23, minutes=59)) == 0
    assert reload(inquiry).escalated_at is None
    assert inquiries.inquiries_escalate(now=later(hours=24)) == 1
    assert reload(inquiry).escalated_at == later(hours=24)
    (event,) = events("inquiry.escalate")
    assert event.actor is None and event.actor_label == "system"
    assert event.office_id == cast.office_a.pk


def test_escalation_is_idempotent(cast: Any, inquiry: Inquiry) -> None:
    assert inquiries.inquiries_escalate(now=later(hours=30)) == 1
    assert inquiries.inquiries_escalate(now=later(hours=31)) == 0
    assert reload(inquiry).escalated_at == later(hours=30)
    assert len(events("inquiry.escalate")) == 1


def test_each_office_escalates_after_its_own_hours(
    cast: Any, record: Callable[..., Inquiry]
) -> None:
    settings = queue_settings_for(cast.office_b)
    settings.inquiry_escalation_hours = 2
    settings.save()
    at_a, at_b = record(cast.clerk_a), record(cast.clerk_b)
    assert inquiries.inquiries_escalate(now=later(hours=3)) == 1
    assert reload(at_a).escalated_at is None
    assert reload(at_b).escalated_at == later(hours=3)


def test_answered_inquiries_are_not_escalated(cast: Any, inquiry: Inquiry) -> None:
    inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="答复", now=later())
    assert inquiries.inquiries_escalate(now=later(days=3)) == 0
    assert reload(inquiry).escalated_at is None


def test_the_command_escalates_for_cron(cast: Any, record: Callable[..., Inquiry]) -> None:
    old = record(now=timezone.now() - dt.timedelta(hours=25))
    fresh = record(now=timezone.now())
    call_command("inquiries_escalate")
    assert reload(old).escalated_at is not None
    assert reload(fresh).escalated_at is None


def test_the_head_may_answer_an_escalated_inquiry(cast: Any, inquiry: Inquiry) -> None:
    inquiries.inquiries_escalate(now=later(hours=25))
    inquiries.inquiry_answer(actor=cast.head_a, inquiry=inquiry, answer="负责人答复")
    saved = reload(inquiry)
    assert (saved.status, saved.answered_by, saved.owner) == ("answered", cast.head_a, cast.clerk_a)


def test_the_head_takes_over_an_escalated_inquiry_and_a_pending_offer_is_withdrawn(
    cast: Any, inquiry: Inquiry
) -> None:
    handover = inquiries.inquiry_hand_over(
        actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
    )
    inquiries.inquiries_escalate(now=later(hours=25))
    inquiries.inquiry_take_over(actor=cast.head_a, inquiry=inquiry, now=later(hours=26))
    assert reload(inquiry).owner == cast.head_a
    assert reload(handover).withdrawn_at == later(hours=26)
    (event,) = events("inquiry.take_over")
    assert event.before == {"owner": "clerk_a"}
    with pytest.raises(PermissionDenied):
        inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="答复")


def test_an_inquiry_not_escalated_cannot_be_taken_over(cast: Any, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError):
        inquiries.inquiry_take_over(actor=cast.head_a, inquiry=inquiry)
    assert reload(inquiry).owner == cast.clerk_a


@pytest.mark.parametrize("who", ["clerk_a", "reviewer_a", "head_b", "supervisor", "admin"])
def test_only_the_head_of_the_office_takes_over(cast: Any, inquiry: Inquiry, who: str) -> None:
    inquiries.inquiries_escalate(now=later(hours=25))
    with pytest.raises(PermissionDenied):
        inquiries.inquiry_take_over(actor=getattr(cast, who), inquiry=inquiry)
    assert reload(inquiry).owner == cast.clerk_a
    assert not events("inquiry.take_over")


def test_the_owner_may_still_answer_after_escalation(cast: Any, inquiry: Inquiry) -> None:
    inquiries.inquiries_escalate(now=later(hours=25))
    inquiries.inquiry_answer(actor=cast.clerk_a, inquiry=inquiry, answer="答复")
    assert reload(inquiry).status == "answered"


# At the same instant --------------------------------------------------------------------


def _together(*jobs: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append("refused:" + ",".join(error.message_dict))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_offers_made_at_once_leave_exactly_one_pending(cast: Any) -> None:
    inquiry = inquiries.inquiry_record(
        actor=cast.clerk_a, channel="window", subject="咨询", question="问题"
    )
    outcomes = _together(
        lambda: inquiries.inquiry_hand_over(
            actor=cast.clerk_a, inquiry=inquiry, to_user=cast.reviewer_a
        ),
        lambda: inquiries.inquiry_hand_over(
            actor=cast.clerk_a, inquiry=inquiry, to_user=cast.registrar_a
        ),
    )
    assert outcomes == ["done", "refused:inquiry"]
    assert InquiryHandover.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="inquiry.hand_over").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_inquiries_drawing_the_same_reference_at_once_get_different_ones(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = threading.Lock()
    draws: Iterator[str] = iter(["ABCD", "ABCD", "EFGH", "JKLM"])

    def draw() -> str:
        with lock:
            return next(draws)

    monkeypatch.setattr(inquiries, "inquiry_reference_suffix", draw)
    outcomes = _together(
        *[
            lambda who=who: inquiries.inquiry_record(
                actor=who, channel="phone", subject="咨询", question="问题", now=NOW
            )
            for who in (cast.clerk_a, cast.reviewer_a)
        ]
    )
    assert outcomes == ["done", "done"]
    references = set(Inquiry.objects.values_list("reference", flat=True))
    assert len(references) == 2
    assert "Q260302ABCD" in references
