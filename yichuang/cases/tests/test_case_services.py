"""A case from the window to the certificate, through the services, with every refusal."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yichuang.audit.models import AuditEvent
from yichuang.cases import services
from yichuang.cases.fees import ProposedCharge
from yichuang.cases.models import Case, CaseDocument, CaseEscalation, CaseEvent, FeePayment
from yichuang.cases.services import CaseActionRefusedError
from yichuang.cases.tests.conftest import (
    FLAT,
    MORTGAGE_MATERIALS,
    OTHER_COUNTY_FLAT,
    bank,
    person,
    walk_to_approved,
)
from yichuang.frontdesk.models import Ticket
from yichuang.registry.models import Certificate, Entry, Unit

OpenCase = Callable[..., Case]
CHINA = ZoneInfo("Asia/Shanghai")


def codes(error: CaseActionRefusedError) -> list[str]:
    return [reason.code for reason in error.reasons]


# Intake -------------------------------------------------------------------------------


def test_a_complete_sale_is_accepted_with_a_receipt_and_a_due_date(
    open_case: OpenCase, cast: Any, serve: Any
) -> None:
    ticket = serve(2)
    case = open_case(ticket=ticket)
    assert (case.state, case.ticket, case.visits) == ("intake", ticket, 1)
    assert case.title == "国有建设用地使用权及房屋所有权转移登记（买卖）"

    case = services.case_accept(actor=cast.clerk_a, case=case)

    assert case.state == "accepted" and case.limit_days == 5 and not case.deemed
    assert case.due_on is not None and case.due_on > case.accepted_at.date()
    receipt = CaseDocument.objects.get(case=case, kind="receipt")
    assert receipt.content["due_on"] == case.due_on.isoformat()
    assert receipt.content["limit_working_days"] == 5
    assert [item["name"] for item in receipt.content["received"]] == [
        "不动产登记申请书",
        "不动产权属证书",
    ]
    assert AuditEvent.objects.filter(event_type="case.accept", object_id=str(case.pk)).exists()


def test_a_double_submitted_intake_creates_one_case(open_case: OpenCase) -> None:
    first = open_case(key="same-form")
    second = open_case(key="same-form")
    assert first.pk == second.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.filter(case=first, action="open").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"registration_type": "transfer", "cause": "barter"}, "registration_type"),
        ({"registration_type": "lease"}, "registration_type"),
        ({"unit_code": "320684001001GB00001F0003010X"}, "unit_code"),
        ({"unit_code": "320684001001GB00001F00039999"}, "unit_code"),
        ({"applicants": (person(2, "obligee"),)}, "applicants"),
        ({"applicants": ()}, "applicants"),
        ({"presented": ("application_form", "survey_fee_receipt")}, "presented"),
        (
            {"applicants": (person(2, "obligee"), person(1, "obligor"), person(2, "obligee"))},
            "applicants",
        ),
    ],
)
def test_bad_intake_is_refused_with_the_field_and_nothing_is_written(
    open_case: OpenCase, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        open_case(**changes)
    assert field in caught.value.message_dict
    assert Case.objects.count() == 0


def test_a_joint_registration_names_the_article_when_one_side_applies_alone(
    open_case: OpenCase,
) -> None:
    with pytest.raises(ValidationError) as caught:
        open_case(applicants=(person(2, "obligee"),))
    assert "第十四条第一款" in " ".join(caught.value.message_dict["applicants"])


def test_a_bad_id_number_is_refused_on_its_line(open_case: OpenCase) -> None:
    good = person(2).document_number
    wrong_check = "0" if good[-1] != "0" else "1"
    bad = dataclasses.replace(person(2), document_number=good[:-1] + wrong_check)
    with pytest.raises(ValidationError) as caught:
        open_case(applicants=(bad, person(1, "obligor")))
    assert "applicants[0].document_number" in caught.value.message_dict


def test_a_mortgage_without_its_amount_is_refused(open_case: OpenCase) -> None:
    with pytest.raises(ValidationError) as caught:
        open_case(
            registration_type="mortgage",
            cause="general",
            applicants=(bank(), person(1, "obligor")),
            presented=MORTGAGE_MATERIALS,
            details={},
        )
    assert "details.debt_amount" in caught.value.message_dict


def test_an_intake_needs_the_ticket_served_at_the_clerks_window(
    open_case: OpenCase, cast: Any, serve: Any
) -> None:
    ticket = serve(2)
    ticket.status = Ticket.Status.CALLED
    ticket.save()
    with pytest.raises(CaseActionRefusedError) as caught:
        open_case(ticket=ticket)
    assert codes(caught.value) == ["ticket_not_in_hand"]


def test_accepting_with_materials_missing_is_refused_naming_them(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case(presented=("application_form",))
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_accept(actor=cast.clerk_a, case=case)
    assert codes(caught.value) == ["materials_missing"]
    assert "不动产权属证书" in str(caught.value)
    case.refresh_from_db()
    assert case.state == "intake" and not CaseDocument.objects.exists()


def test_an_agent_without_power_of_attorney_is_not_accepted(open_case: OpenCase, cast: Any) -> None:
    case = open_case()
    case.circumstances = {**case.circumstances, "agent": True}
    case.save()
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_accept(actor=cast.clerk_a, case=case)
    assert "授权委托书" in str(caught.value)


def test_the_one_time_notice_lists_everything_missing_with_its_basis(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case(presented=())
    document = services.case_issue_notice(actor=cast.clerk_a, case=case)
    case.refresh_from_db()
    assert case.state == "not_accepted_notice"
    lines = document.content["missing"]
    assert [line["code"] for line in lines] == ["application_form", "title_certificate"]
    assert all(line["basis"] for line in lines)
    assert document.number.startswith("HAIMEN") and "GZ" in document.number


def test_a_notice_on_a_complete_application_is_refused(open_case: OpenCase, cast: Any) -> None:
    case = open_case()
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_issue_notice(actor=cast.clerk_a, case=case)
    assert codes(caught.value) == ["notice_items_required"]


def test_a_defective_item_goes_on_the_notice_with_what_is_wrong(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case()
    document = services.case_issue_notice(
        actor=cast.clerk_a, case=case, defective={"title_certificate": "证书已注销"}
    )
    [line] = document.content["missing"]
    assert line["code"] == "title_certificate" and "证书已注销" in line["note"]


def test_the_applicant_returns_and_the_same_case_is_accepted(
    open_case: OpenCase, cast: Any, serve: Any
) -> None:
    case = open_case(presented=("application_form",))
    services.case_issue_notice(actor=cast.clerk_a, case=case)
    ticket = serve(2)
    case = services.case_reopen(
        actor=cast.clerk_a, case=case, ticket=ticket, presented=("title_certificate",)
    )
    assert (case.state, case.visits, case.ticket) == ("intake", 2, ticket)
    case = services.case_accept(actor=cast.clerk_a, case=case)
    assert case.state == "accepted" and case.notice_breaches == 0


def test_asking_on_return_for_an_item_not_on_the_first_notice_is_a_breach(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case(presented=("application_form",))
    first = services.case_issue_notice(actor=cast.clerk_a, case=case)
    assert [line["code"] for line in first.content["missing"]] == ["title_certificate"]
    case = services.case_reopen(actor=cast.clerk_a, case=case, presented=("title_certificate",))
    # On the return the clerk finds fault with the application form, never mentioned before.
    services.case_issue_notice(
        actor=cast.clerk_a, case=case, defective={"application_form": "未签字"}
    )
    case.refresh_from_db()
    assert case.notice_breaches == 1 and case.visits == 2
    breach = AuditEvent.objects.get(event_type="case.notice_breach")
    assert breach.after["items"] == ["application_form"]


def test_an_item_still_missing_on_return_is_no_breach(open_case: OpenCase, cast: Any) -> None:
    case = open_case(presented=())
    services.case_issue_notice(actor=cast.clerk_a, case=case)
    case = services.case_reopen(actor=cast.clerk_a, case=case, presented=("application_form",))
    services.case_issue_notice(actor=cast.clerk_a, case=case)
    case.refresh_from_db()
    assert case.notice_breaches == 0 and case.visits == 2


def test_a_unit_of_another_county_is_refused_as_out_of_remit(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case(unit_code=OTHER_COUNTY_FLAT)
    assert case.unit is None
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_accept(actor=cast.clerk_a, case=case)
    assert codes(caught.value) == ["unit_out_of_remit"]
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_refuse_out_of_remit(actor=cast.clerk_a, case=case, competent_office="  ")
    assert codes(caught.value) == ["competent_office_required"]
    document = services.case_refuse_out_of_remit(
        actor=cast.clerk_a, case=case, competent_office="南通市崇川区不动产登记中心"
    )
    case.refresh_from_db()
    assert case.state == "out_of_remit" and case.closed_at is not None
    assert document.content["competent_office"] == "南通市崇川区不动产登记中心"


def test_an_intake_left_undecided_is_accepted_by_law_at_the_end_of_its_day(
    open_case: OpenCase, cast: Any
) -> None:
    opened = dt.datetime(2026, 11, 23, 16, 30, tzinfo=CHINA)
    case = open_case(now=opened)
    assert services.cases_deem_accept(now=opened + dt.timedelta(hours=2)) == 0
    assert services.cases_deem_accept(now=opened + dt.timedelta(hours=8)) == 1
    assert services.cases_deem_accept(now=opened + dt.timedelta(hours=9)) == 0
    case.refresh_from_db()
    assert case.state == "accepted" and case.deemed
    assert case.accepted_at == opened
    # Accepted on Monday 23 November: five working days end on Monday 30 November.
    assert case.due_on == dt.date(2026, 11, 30)
    receipt = CaseDocument.objects.get(case=case, kind="receipt")
    assert receipt.content["deemed"] is True and receipt.issued_by is None


def test_the_due_date_skips_the_national_day_holiday(open_case: OpenCase, cast: Any) -> None:
    case = open_case()
    accepted = dt.datetime(2025, 9, 30, 10, 0, tzinfo=CHINA)
    services.case_accept(actor=cast.clerk_a, case=case, now=accepted)
    case.refresh_from_db()
    # 1-8 October 2025 are holidays; 28 September and 11 October are make-up working days.
    # Day 1 is Thursday 9 October, day 2 Friday 10, day 3 Saturday 11 (make-up), then 13, 14.
    assert case.due_on == dt.date(2025, 10, 14)


# Review and entry ------------------------------------------------------------------------


def test_a_sale_walks_the_whole_path_to_the_certificate(
    open_case: OpenCase, cast: Any, flat: Unit
) -> None:
    case = walk_to_approved(open_case(), cast)
    outcome = services.case_enter(actor=cast.registrar_a, case=case)
    assert outcome.entered and outcome.entry is not None
    case.refresh_from_db()
    assert case.state == "entered" and case.entry == outcome.entry
    assert outcome.entry.case_reference == case.reference
    services.case_issue_certificate(actor=cast.registrar_a, case=case)
    certificate = Certificate.objects.get(entry=outcome.entry)
    case = services.case_hand_over(actor=cast.clerk_a, case=case)
    assert case.state == "collected" and case.closed_at is not None
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == [
        "open",
        "accept",
        "start_review",
        "approve",
        "enter",
        "issue_certificate",
        "hand_over",
    ]
    assert CaseEvent.objects.get(case=case, action="issue_certificate").data == {
        "certificate": certificate.number,
        "certificates": [certificate.number],
    }


def test_joint_buyers_who_ask_each_get_their_own_certificate(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case(
        applicants=(person(2, "obligee"), person(3, "obligee"), person(1, "obligor")),
        details={"form": "joint", "separate_certificates": True},
    )
    case = walk_to_approved(case, cast)
    entry = services.case_enter(actor=cast.registrar_a, case=case).entry
    services.case_issue_certificate(actor=cast.registrar_a, case=case)
    copies = Certificate.objects.filter(entry=entry).select_related("holder").order_by("sequence")
    assert [c.holder.name for c in copies if c.holder] == ["申请人2", "申请人3"]
    data = CaseEvent.objects.get(case=case, action="issue_certificate").data
    assert data["certificates"] == [c.number for c in copies]
    case.refresh_from_db()
    assert case.state == "certificate_issued"


def test_separate_certificates_are_for_co_owners_and_each_copy_but_one_is_charged(
    open_case: OpenCase, cast: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        open_case(details={"form": "sole", "separate_certificates": True})
    assert "details.separate_certificates" in refused.value.message_dict
    assert not Case.objects.exists()
    buyers = (person(2, "obligee"), person(3, "obligee"), person(1, "obligor"))
    one = open_case(applicants=buyers, details={"form": "joint"})
    each = open_case(applicants=buyers, details={"form": "joint", "separate_certificates": True})
    for case in (one, each):
        services.case_accept(actor=cast.clerk_a, case=case)
    # Residential registration 80 yuan with one certificate; each further copy 10 yuan.
    assert services.case_fee_assessment(one).total == Decimal("80.00")
    assert services.case_fee_assessment(each).total == Decimal("90.00")


def test_whoever_accepted_may_neither_review_nor_enter(
    open_case: OpenCase, cast: Any, clerk_2: Any
) -> None:
    case = open_case(actor=clerk_2)
    services.case_accept(actor=clerk_2, case=case)
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_start_review(actor=clerk_2, case=case)
    assert codes(caught.value) == ["acceptor_may_not_review"]
    case.refresh_from_db()
    assert case.state == "accepted"


def test_the_reviewer_may_not_enter_unless_the_office_allows_it(
    open_case: OpenCase, cast: Any
) -> None:
    from yichuang.accounts.roles import Role

    reviewer = cast.reviewer_a
    reviewer.groups.add(*type(reviewer.groups.first()).objects.filter(name=Role.REGISTRAR))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    case = walk_to_approved(open_case(), cast)
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_enter(actor=reviewer, case=case)
    assert codes(caught.value) == ["reviewer_may_not_register"]
    cast.office_a.reviewer_may_register = True
    cast.office_a.save()
    case = Case.objects.get(pk=case.pk)
    assert services.case_enter(actor=reviewer, case=case).entered


def test_a_clerk_of_another_office_cannot_act(open_case: OpenCase, cast: Any) -> None:
    case = open_case()
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_accept(actor=cast.clerk_b, case=case)
    assert "role_required" in codes(caught.value)


def test_a_failed_register_rule_leaves_the_case_in_review_and_the_register_untouched(
    open_case: OpenCase, cast: Any, flat: Unit
) -> None:
    # The sellers are not the registered owner: the register refuses at entry.
    case = open_case(applicants=(person(2, "obligee"), person(3, "obligor")))
    case = walk_to_approved(case, cast)
    entries = Entry.objects.filter(unit=flat).count()
    outcome = services.case_enter(actor=cast.registrar_a, case=case)
    assert not outcome.entered and outcome.reasons
    assert {reason.code for reason in outcome.reasons} == {"applicants_incomplete"}
    case.refresh_from_db()
    assert case.state == "in_review" and case.entry is None
    assert Entry.objects.filter(unit=flat).count() == entries
    refused_event = CaseEvent.objects.get(case=case, action="entry_refused")
    assert refused_event.data["grounds"][0]["code"] == "applicants_incomplete"
    assert refused_event.data["grounds"][0]["message"]


def test_mortgages_on_one_unit_are_entered_in_order_of_acceptance(
    open_case: OpenCase, cast: Any
) -> None:
    def mortgage(amount: str) -> Case:
        return open_case(
            registration_type="mortgage",
            cause="general",
            applicants=(bank(), person(1, "obligor")),
            presented=MORTGAGE_MATERIALS,
            details={"debt_amount": amount},
        )

    first = walk_to_approved(mortgage("500000"), cast)
    second = walk_to_approved(mortgage("300000"), cast)
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_enter(actor=cast.registrar_a, case=second)
    assert codes(caught.value) == ["mortgage_earlier_application_pending"]
    assert first.reference in str(caught.value)
    assert services.case_enter(actor=cast.registrar_a, case=first).entered
    assert services.case_enter(actor=cast.registrar_a, case=Case.objects.get(pk=second.pk)).entered


def test_a_suspension_stops_the_clock_and_only_for_a_statutory_reason(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case()
    services.case_accept(
        actor=cast.clerk_a, case=case, now=dt.datetime(2026, 11, 2, 10, tzinfo=CHINA)
    )
    services.case_start_review(actor=cast.reviewer_a, case=case)
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_suspend(actor=cast.reviewer_a, case=case, reason="awaiting_materials")
    assert codes(caught.value) == ["suspension_not_statutory"]
    services.case_suspend(
        actor=cast.reviewer_a,
        case=case,
        reason="site_visit",
        now=dt.datetime(2026, 11, 4, 9, tzinfo=CHINA),
    )
    services.case_resume(
        actor=cast.reviewer_a, case=case, now=dt.datetime(2026, 11, 6, 9, tzinfo=CHINA)
    )
    case.refresh_from_db()
    # Accepted Monday 2 Nov; days 1-5 would end Monday 9 Nov. Wednesday 4 to Friday 6
    # are off the clock: day 1 is Tuesday 3, days 2-5 are 9-12 November.
    assert case.due_on == dt.date(2026, 11, 12)
    assert case.state == "in_review"


def test_a_refusal_cites_a_lawful_ground_in_writing(open_case: OpenCase, cast: Any) -> None:
    case = open_case()
    services.case_accept(actor=cast.clerk_a, case=case)
    services.case_start_review(actor=cast.reviewer_a, case=case)
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_refuse(actor=cast.reviewer_a, case=case, ground="dislike")
    assert codes(caught.value) == ["refusal_ground_required"]
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_refuse(actor=cast.reviewer_a, case=case, ground="other_legal_ground")
    assert codes(caught.value) == ["refusal_basis_required"]
    document = services.case_refuse(
        actor=cast.reviewer_a,
        case=case,
        ground="title_dispute",
        explanation="该房屋权属正在诉讼中",
    )
    case.refresh_from_db()
    assert case.state == "refused"
    assert document.content["ground"].startswith("存在尚未解决的权属争议")
    assert "第二十二条" in document.content["basis"]


def test_withdrawal_ends_the_case_before_entry_but_not_after(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case()
    assert services.case_withdraw(actor=cast.clerk_a, case=case).state == "withdrawn"
    entered = walk_to_approved(open_case(), cast)
    services.case_enter(actor=cast.registrar_a, case=entered)
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_withdraw(actor=cast.clerk_a, case=entered)
    assert codes(caught.value) == ["withdrawal_after_entry"]


# Fees -------------------------------------------------------------------------------------


def test_the_fee_is_collected_as_assessed_once_with_a_receipt(
    open_case: OpenCase, cast: Any
) -> None:
    case = open_case()
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_fee_collect(actor=cast.clerk_a, case=case)
    assert codes(caught.value) == ["fee_not_due_yet"]
    services.case_accept(actor=cast.clerk_a, case=case)
    payment = services.case_fee_collect(actor=cast.clerk_a, case=case)
    assert payment.total == Decimal("80.00")
    assert payment.receipt is not None and payment.receipt.kind == "fee_receipt"
    assert payment.payer_name == "申请人2"
    with pytest.raises(CaseActionRefusedError) as caught:
        services.case_fee_collect(actor=cast.clerk_a, case=case)
    assert codes(caught.value) == ["fee_already_collected"]


def test_an_off_schedule_or_overridden_fee_is_refused(open_case: OpenCase, cast: Any) -> None:
    case = open_case()
    services.case_accept(actor=cast.clerk_a, case=case)
    for charges in (
        [
            ProposedCharge("registration.residential", Decimal("80")),
            ProposedCharge("survey", Decimal("200")),
        ],
        [ProposedCharge("registration.residential", Decimal("120"))],
    ):
        with pytest.raises(CaseActionRefusedError) as caught:
            services.case_fee_collect(actor=cast.clerk_a, case=case, charges=charges)
        assert codes(caught.value)[0] == "fee_off_schedule"
    assert not FeePayment.objects.exists()


def test_a_seizure_is_free(open_case: OpenCase, cast: Any) -> None:
    case = open_case(
        registration_type="seizure",
        cause="court",
        applicants=(),
        presented=("court_officer_ids", "assistance_notice", "seizure_ruling"),
        details={"court": "南通市海门区人民法院", "document": "(2026)苏0684执123号"},
    )
    services.case_accept(actor=cast.clerk_a, case=case)
    assert services.case_fee_collect(actor=cast.clerk_a, case=case).total == Decimal("0.00")
    case.refresh_from_db()
    assert case.limit_days == 1


def test_the_daily_fee_report_adds_up_the_days_payments(open_case: OpenCase, cast: Any) -> None:
    for _ in range(2):
        case = open_case()
        services.case_accept(actor=cast.clerk_a, case=case)
        services.case_fee_collect(actor=cast.clerk_a, case=case)
    payment = FeePayment.objects.first()
    assert payment is not None
    report = services.fee_report(
        office=cast.office_a, day=payment.collected_at.astimezone(CHINA).date()
    )
    assert (report.payments, report.total) == (2, Decimal("160.00"))
    assert [(line.item, line.amount) for line in report.lines if line.amount] == [
        ("registration.residential", Decimal("160.00"))
    ]


# Deadlines --------------------------------------------------------------------------------


def test_overdue_and_due_soon_cases_are_escalated_once(open_case: OpenCase, cast: Any) -> None:
    late = open_case()
    services.case_accept(
        actor=cast.clerk_a, case=late, now=dt.datetime(2026, 11, 2, 10, tzinfo=CHINA)
    )
    soon = open_case()
    services.case_accept(
        actor=cast.clerk_a, case=soon, now=dt.datetime(2026, 11, 17, 10, tzinfo=CHINA)
    )
    today = dt.date(2026, 11, 24)
    assert services.cases_escalate(today=today) == 2
    assert services.cases_escalate(today=today) == 0
    kinds = dict(CaseEscalation.objects.values_list("case__reference", "kind"))
    assert kinds == {late.reference: "overdue", soon.reference: "due_soon"}
    escalation = CaseEscalation.objects.get(case=late)
    with pytest.raises(PermissionDenied):
        services.escalation_acknowledge(actor=cast.clerk_a, escalation=escalation)
    services.escalation_acknowledge(actor=cast.head_a, escalation=escalation)
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == cast.head_a


def test_the_unit_code_is_kept_canonical(open_case: OpenCase) -> None:
    case = open_case(unit_code=FLAT.lower())
    assert case.unit_code == FLAT
