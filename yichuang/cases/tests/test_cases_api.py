"""Registration cases through the JSON API: every step of the case pages, and every refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yichuang.cases import services
from yichuang.cases.models import Case, CaseDocument, CaseEscalation, CaseEvent, FeePayment
from yichuang.cases.tests.conftest import (
    FLAT,
    OTHER_COUNTY_FLAT,
    SALE_MATERIALS,
    person,
    walk_to_approved,
)
from yichuang.core.masking import mask_id_number
from yichuang.frontdesk.tests.conftest import resident_id
from yichuang.registry.models import Certificate, Entry, Unit

API_BASE = "/api/cases"

OpenCase = Callable[..., Case]
CHINA = ZoneInfo("Asia/Shanghai")
CASES = API_BASE


def signed_in(user: Any) -> Client:
    """A client of its own for ``user``, so several people can work on one case in a test."""
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(url, payload or {}, content_type="application/json")


def act(client: Client, case: Case | str, action: str, **payload: Any) -> Any:
    reference = case if isinstance(case, str) else case.reference
    return post(client, f"{CASES}/{reference}/{action}", payload)


def sale(key: str = "form-1", **changes: Any) -> dict[str, Any]:
    """The body of a sale of FLAT from applicant 1 to applicant 2, all materials handed in."""
    body: dict[str, Any] = {
        "submission_key": key,
        "registration_type": "transfer",
        "cause": "sale",
        "unit_code": FLAT,
        "applicants": [
            {
                "side": "obligee",
                "name": "申请人2",
                "document_type": "resident_id",
                "document_number": resident_id(2),
            },
            {
                "side": "obligor",
                "name": "申请人1",
                "document_type": "resident_id",
                "document_number": resident_id(1),
            },
        ],
        "circumstances": {"contract_filed": True},
        "details": {"form": "sole"},
        "presented": [],
    }
    body.update(changes)
    return body


def state(case: Case) -> str:
    case.refresh_from_db()
    return case.state


def codes(response: Any) -> list[str]:
    return [reason["code"] for reason in response.json()["reasons"]]


# The whole path -------------------------------------------------------------------------------


def test_a_sale_walks_the_whole_path_through_the_api_to_collected(
    cast: Any, serve: Any, flat: Unit
) -> None:
    ticket = serve(2)
    clerk = signed_in(cast.clerk_a)
    opened = post(clerk, CASES, sale(ticket=ticket.pk))
    assert opened.status_code == 201
    case = Case.objects.get()
    data = opened.json()
    assert (data["reference"], data["state"], data["ticket"]) == (
        case.reference,
        "intake",
        ticket.display,
    )
    assert [(i["code"], i["presented"]) for i in data["checklist"]] == [
        ("application_form", False),
        ("title_certificate", False),
    ]
    assert all(item["basis"] for item in data["checklist"])
    assert data["clock"] is None and data["documents"] == []

    accepted = act(clerk, case, "accept", presented=list(SALE_MATERIALS))
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    clock = accepted.json()["clock"]
    case.refresh_from_db()
    assert case.due_on is not None
    assert (clock["limit"], clock["due_on"]) == (5, case.due_on.isoformat())
    assert [d["kind"] for d in accepted.json()["documents"]] == ["receipt"]

    paid = act(clerk, case, "fee")
    assert paid.status_code == 200
    assert paid.json()["payment"]["total"] == "80.00"
    assert paid.json()["payment"]["payer"] == "申请人2"

    reviewer = signed_in(cast.reviewer_a)
    assert act(reviewer, case, "start-review").json()["state"] == "in_review"
    assert act(reviewer, case, "approve", note="材料齐全").json()["state"] == "approved"
    registrar = signed_in(cast.registrar_a)
    entered = act(registrar, case, "enter")
    assert entered.status_code == 200
    assert entered.json()["state"] == "entered" and entered.json()["entry_seq"] is not None
    assert act(registrar, case, "certificate").json()["state"] == "certificate_issued"
    assert Certificate.objects.filter(entry__unit=flat).count() == 1
    done = act(clerk, case, "hand-over")
    assert done.status_code == 200 and done.json()["state"] == "collected"
    assert done.json()["closed_at"] is not None
    assert [e["action"] for e in done.json()["timeline"]] == [
        "open",
        "materials_updated",
        "accept",
        "fee_collected",
        "start_review",
        "approve",
        "enter",
        "issue_certificate",
        "hand_over",
    ]


def test_a_double_submit_opens_one_case(cast: Any, flat: Unit) -> None:
    clerk = signed_in(cast.clerk_a)
    first = post(clerk, CASES, sale("same-form"))
    second = post(clerk, CASES, sale("same-form"))
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["reference"] == second.json()["reference"]
    assert Case.objects.count() == 1
    assert CaseEvent.objects.filter(action="open").count() == 1


# Bad input --------------------------------------------------------------------------------


def _bad_id() -> str:
    good = resident_id(2)
    return good[:-1] + ("0" if good[-1] != "0" else "1")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"registration_type": "lease"}, "registration_type"),
        ({"unit_code": "320684001001GB00001F0003010X"}, "unit_code"),
        ({"unit_code": "320684001001GB00001F00039999"}, "unit_code"),
        ({"presented": ["survey_fee_receipt"]}, "presented"),
        (
            {
                "applicants": [
                    {
                        "side": "obligee",
                        "name": "申请人2",
                        "document_number": _bad_id(),
                    },
                    {"side": "obligor", "name": "申请人1", "document_number": resident_id(1)},
                ]
            },
            "applicants[0].document_number",
        ),
    ],
)
def test_bad_input_answers_422_naming_the_field_and_writes_nothing(
    cast: Any, flat: Unit, changes: dict[str, Any], field: str
) -> None:
    response = post(signed_in(cast.clerk_a), CASES, sale(**changes))
    assert response.status_code == 422
    assert [item["loc"] for item in response.json()["detail"]] == [[field]]
    assert not Case.objects.exists()


def test_a_malformed_body_answers_422_with_the_path_of_the_field(cast: Any, flat: Unit) -> None:
    body = sale()
    body["applicants"][0]["side"] = "buyer"
    response = post(signed_in(cast.clerk_a), CASES, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-3:] == ["applicants", 0, "side"]
    assert not Case.objects.exists()


def test_someone_not_a_clerk_cannot_open_a_case(cast: Any, flat: Unit) -> None:
    assert post(signed_in(cast.reviewer_a), CASES, sale()).status_code == 403
    assert not Case.objects.exists()


# Refusals ---------------------------------------------------------------------------------


def test_accepting_with_materials_missing_answers_409_naming_them(
    cast: Any, open_case: OpenCase
) -> None:
    case = open_case(presented=())
    response = act(signed_in(cast.clerk_a), case, "accept", presented=["application_form"])
    assert response.status_code == 409
    assert codes(response) == ["materials_missing"]
    [reason] = response.json()["reasons"]
    assert "不动产权属证书" in reason["message"] and reason["article"]
    assert response.json()["state"] == "intake"
    assert state(case) == "intake" and case.presented == []
    assert not CaseDocument.objects.exists()


def test_whoever_accepted_may_not_review(cast: Any, open_case: OpenCase, clerk_2: Any) -> None:
    case = open_case(actor=clerk_2)
    both = signed_in(clerk_2)
    assert act(both, case, "accept").status_code == 200
    response = act(both, case, "start-review")
    assert response.status_code == 409
    assert codes(response) == ["acceptor_may_not_review"]
    assert state(case) == "accepted"
    assert not CaseEvent.objects.filter(case=case, action="start_review").exists()


def test_a_failed_register_rule_at_entry_answers_409_and_the_case_is_back_in_review(
    cast: Any, open_case: OpenCase, flat: Unit
) -> None:
    # The sellers are not the registered owner: the register refuses at entry.
    case = walk_to_approved(open_case(applicants=(person(2), person(3, "obligor"))), cast)
    entries = Entry.objects.filter(unit=flat).count()
    registrar = signed_in(cast.registrar_a)
    response = act(registrar, case, "enter")
    assert response.status_code == 409
    assert codes(response) == ["applicants_incomplete"]
    assert response.json()["reasons"][0]["message"]
    assert response.json()["state"] == "in_review"
    assert Entry.objects.filter(unit=flat).count() == entries
    page = registrar.get(f"{CASES}/{case.reference}").json()
    assert page["state"] == "in_review" and page["entry_seq"] is None
    refused = next(e for e in page["timeline"] if e["action"] == "entry_refused")
    assert refused["data"]["grounds"][0]["code"] == "applicants_incomplete"


def test_a_step_the_workflow_refuses_answers_409_and_changes_nothing(
    cast: Any, open_case: OpenCase
) -> None:
    case = open_case()
    events = CaseEvent.objects.filter(case=case).count()
    response = act(signed_in(cast.registrar_a), case, "enter")
    assert response.status_code == 409
    assert response.json()["reasons"] and response.json()["state"] == "intake"
    assert state(case) == "intake"
    assert CaseEvent.objects.filter(case=case).count() == events


# The other steps of the case page ----------------------------------------------------------------


def test_the_clerk_ticks_materials_then_gives_the_one_time_notice_and_reopens(
    cast: Any, open_case: OpenCase, serve: Any
) -> None:
    case = open_case(presented=())
    clerk = signed_in(cast.clerk_a)
    ticked = act(clerk, case, "materials", presented=["application_form"])
    assert ticked.status_code == 200 and ticked.json()["presented"] == ["application_form"]
    unknown = act(clerk, case, "materials", presented=["survey_fee_receipt"])
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["presented"]

    notice = act(
        clerk,
        case,
        "notice",
        presented=["application_form", "title_certificate"],
        defective={"title_certificate": "证书已注销"},
    )
    assert notice.status_code == 200 and notice.json()["state"] == "not_accepted_notice"
    document = CaseDocument.objects.get(case=case, kind="notice")
    assert [line["code"] for line in document.content["missing"]] == ["title_certificate"]

    ticket = serve(2)
    back = act(clerk, case, "reopen", ticket=ticket.pk)
    assert back.status_code == 200
    assert (back.json()["state"], back.json()["visits"], back.json()["ticket"]) == (
        "intake",
        2,
        ticket.display,
    )
    assert act(clerk, case, "accept").json()["state"] == "accepted"


def test_a_unit_of_another_county_is_refused_as_out_of_remit(
    cast: Any, open_case: OpenCase
) -> None:
    case = open_case(unit_code=OTHER_COUNTY_FLAT)
    clerk = signed_in(cast.clerk_a)
    blank = act(clerk, case, "out-of-remit", competent_office="  ")
    assert blank.status_code == 409 and codes(blank) == ["competent_office_required"]
    response = act(clerk, case, "out-of-remit", competent_office="南通市崇川区不动产登记中心")
    assert response.status_code == 200 and response.json()["state"] == "out_of_remit"
    assert [d["kind"] for d in response.json()["documents"]] == ["out_of_remit"]


def test_the_reviewer_suspends_resumes_and_refuses_in_writing(
    cast: Any, open_case: OpenCase
) -> None:
    case = open_case()
    services.case_accept(actor=cast.clerk_a, case=case)
    reviewer = signed_in(cast.reviewer_a)
    act(reviewer, case, "start-review")
    not_statutory = act(reviewer, case, "suspend", reason="awaiting_materials")
    assert codes(not_statutory) == ["suspension_not_statutory"]
    suspended = act(reviewer, case, "suspend", reason="site_visit", note="实地查看")
    assert suspended.json()["state"] == "suspended" and suspended.json()["clock"]["paused"]
    assert act(reviewer, case, "resume").json()["state"] == "in_review"
    no_ground = act(reviewer, case, "refuse", ground="dislike")
    assert codes(no_ground) == ["refusal_ground_required"]
    refused = act(
        reviewer, case, "refuse", ground="title_dispute", explanation="该房屋权属正在诉讼中"
    )
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    assert "refusal" in [d["kind"] for d in refused.json()["documents"]]


def test_the_registrar_returns_a_case_to_review_only_saying_why(
    cast: Any, open_case: OpenCase
) -> None:
    case = walk_to_approved(open_case(), cast)
    registrar = signed_in(cast.registrar_a)
    silent = act(registrar, case, "return", note=" ")
    assert silent.status_code == 422 and silent.json()["detail"][0]["loc"][-1] == "note"
    assert state(case) == "approved"
    returned = act(registrar, case, "return", note="抵押情况需核实")
    assert returned.status_code == 200 and returned.json()["state"] == "in_review"


def test_co_owners_ask_for_their_own_certificates_when_they_apply(cast: Any, flat: Unit) -> None:
    clerk = signed_in(cast.clerk_a)
    sole = post(clerk, CASES, sale(details={"form": "sole", "separate_certificates": True}))
    assert sole.status_code == 422
    assert [d["loc"] for d in sole.json()["detail"]] == [["details.separate_certificates"]]
    buyers = sale()["applicants"] + [
        {
            "side": "obligee",
            "name": "申请人3",
            "document_type": "resident_id",
            "document_number": resident_id(3),
        }
    ]
    opened = post(
        clerk,
        CASES,
        sale(
            key="joint",
            applicants=buyers,
            details={"form": "joint", "separate_certificates": True},
            presented=list(SALE_MATERIALS),
        ),
    )
    assert opened.status_code == 201
    case = walk_to_approved(Case.objects.get(), cast)
    registrar = signed_in(cast.registrar_a)
    act(registrar, case, "enter")
    issued = act(registrar, case, "certificate")
    assert issued.status_code == 200 and issued.json()["state"] == "certificate_issued"
    copies = Certificate.objects.filter(entry__case_reference=case.reference)
    assert sorted(c.holder.name for c in copies if c.holder) == ["申请人2", "申请人3"]


def test_a_withdrawal_ends_the_case(cast: Any, open_case: OpenCase) -> None:
    case = open_case()
    response = act(signed_in(cast.clerk_a), case, "withdraw", note="申请人书面撤回")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"


def test_a_fee_off_the_schedule_is_refused_and_nothing_is_kept(
    cast: Any, open_case: OpenCase
) -> None:
    case = open_case()
    services.case_accept(actor=cast.clerk_a, case=case)
    clerk = signed_in(cast.clerk_a)
    survey = act(
        clerk,
        case,
        "fee",
        charges=[
            {"item": "registration.residential", "amount": "80"},
            {"item": "survey", "amount": "200"},
        ],
    )
    assert survey.status_code == 409 and codes(survey)[0] == "fee_off_schedule"
    by_area = act(
        clerk,
        case,
        "fee",
        charges=[{"item": "registration.residential", "amount": "80", "unit": "acre"}],
    )
    assert by_area.status_code == 422
    assert by_area.json()["detail"][0]["loc"][-1] == "unit"
    assert not FeePayment.objects.exists()
    assert act(clerk, case, "fee", payer="申请人2").json()["payment"]["total"] == "80.00"


# Reading ------------------------------------------------------------------------------------


def test_the_case_shows_id_numbers_masked(cast: Any, open_case: OpenCase) -> None:
    case = open_case()
    response = signed_in(cast.reviewer_a).get(f"{CASES}/{case.reference}")
    assert response.status_code == 200
    numbers = [a["document_number"] for a in response.json()["applicants"]]
    assert numbers == [mask_id_number(resident_id(2)), mask_id_number(resident_id(1))]
    body = response.content.decode()
    assert resident_id(2) not in body and resident_id(1) not in body


def test_the_pdf_of_a_document_is_a_pdf(cast: Any, open_case: OpenCase) -> None:
    case = open_case()
    services.case_accept(actor=cast.clerk_a, case=case)
    clerk = signed_in(cast.clerk_a)
    [document] = clerk.get(f"{CASES}/{case.reference}").json()["documents"]
    assert document["kind"] == "receipt"
    response = clerk.get(document["pdf"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    missing = clerk.get(f"{CASES}/{case.reference}/documents/HAIMEN2026SL999999.pdf")
    assert missing.status_code == 404


def test_a_case_of_another_office_is_not_found(cast: Any, open_case: OpenCase) -> None:
    case = open_case()
    services.case_accept(actor=cast.clerk_a, case=case)
    number = CaseDocument.objects.get(case=case).number
    for user in (cast.clerk_b, cast.head_b, cast.citizen):
        other = signed_in(user)
        assert other.get(f"{CASES}/{case.reference}").status_code == 404
        assert other.get(f"{CASES}/{case.reference}/documents/{number}.pdf").status_code == 404
        assert act(other, case, "withdraw").status_code == 404
    assert state(case) == "accepted"
    assert signed_in(cast.supervisor).get(f"{CASES}/{case.reference}").status_code == 200


def test_without_a_session_the_api_answers_401(cast: Any, open_case: OpenCase) -> None:
    case = open_case()
    anonymous = Client()
    assert anonymous.get(f"{CASES}/{case.reference}").status_code == 401
    assert post(anonymous, CASES, sale("anonymous")).status_code == 401
    assert act(anonymous, case, "withdraw").status_code == 401
    assert state(case) == "intake" and Case.objects.count() == 1


def test_a_session_post_needs_the_csrf_token(cast: Any, flat: Unit) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.clerk_a)
    refused = strict.post(CASES, sale(), content_type="application/json")
    assert refused.status_code == 403
    assert not Case.objects.exists()
    token = "a" * 32
    strict.cookies["csrftoken"] = token
    accepted = strict.post(CASES, sale(), content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


# Queues, figures and escalations ---------------------------------------------------------------


def test_the_review_queue_is_sorted_by_due_date_with_bounded_queries(
    cast: Any, open_case: OpenCase
) -> None:
    for _ in range(3):
        services.case_accept(actor=cast.clerk_a, case=open_case())
    early = open_case()
    services.case_accept(
        actor=cast.clerk_a, case=early, now=dt.datetime(2025, 9, 1, 10, tzinfo=CHINA)
    )
    reviewer = signed_in(cast.reviewer_a)
    url = f"{API_BASE}/queues/review"
    reviewer.get(url)  # warm the calendar cache
    with CaptureQueriesContext(connection) as few:
        first = reviewer.get(url)
    for _ in range(10):
        services.case_accept(actor=cast.clerk_a, case=open_case())
    with CaptureQueriesContext(connection) as many:
        response = reviewer.get(url)
    assert len(many) == len(few) <= 12
    data = response.json()
    assert (data["count"], data["page"], data["pages"]) == (14, 1, 1)
    assert data["rows"][0]["reference"] == early.reference
    assert data["rows"][0]["flag"] == "overdue"
    assert data["rows"][0]["working_days_left"] < 0
    assert first.json()["count"] == 4


def test_a_queue_is_for_those_who_work_it(cast: Any) -> None:
    assert signed_in(cast.clerk_a).get(f"{API_BASE}/queues/review").status_code == 403
    assert signed_in(cast.reviewer_a).get(f"{API_BASE}/queues/lunch").status_code == 404


def test_the_figures_are_for_heads_and_supervisors(cast: Any, open_case: OpenCase) -> None:
    services.case_accept(actor=cast.clerk_a, case=open_case())
    services.case_issue_notice(actor=cast.clerk_a, case=open_case(presented=()))
    services.case_fee_collect(actor=cast.clerk_a, case=Case.objects.get(state="accepted"))
    open_case()
    head = signed_in(cast.head_a)
    same_day = head.get(f"{API_BASE}/figures/same-day")
    assert same_day.status_code == 200
    figures = same_day.json()
    assert (figures["office"], figures["brought"], figures["accepted"], figures["notices"]) == (
        "haimen",
        3,
        1,
        1,
    )
    assert figures["share"] == pytest.approx(2 / 3)
    fees = head.get(f"{API_BASE}/figures/fees").json()
    assert (fees["payments"], fees["total"]) == (1, "80.00")
    supervisor = signed_in(cast.supervisor)
    watched = supervisor.get(f"{API_BASE}/figures/fees", {"office": "haimen"})
    assert watched.status_code == 200 and watched.json()["payments"] == 1
    assert signed_in(cast.clerk_a).get(f"{API_BASE}/figures/same-day").status_code == 403
    assert signed_in(cast.clerk_a).get(f"{API_BASE}/figures/fees").status_code == 403
    other = signed_in(cast.head_b).get(f"{API_BASE}/figures/same-day", {"office": "haimen"})
    assert other.status_code == 404


def test_the_head_acknowledges_an_escalation(cast: Any, open_case: OpenCase) -> None:
    late = open_case()
    services.case_accept(
        actor=cast.clerk_a, case=late, now=dt.datetime(2026, 11, 2, 10, tzinfo=CHINA)
    )
    services.cases_escalate(today=dt.date(2026, 11, 24))
    escalation = CaseEscalation.objects.get(case=late)
    url = f"{API_BASE}/escalations/{escalation.pk}/acknowledge"
    assert post(signed_in(cast.clerk_a), url).status_code == 403
    assert post(signed_in(cast.head_b), url).status_code == 404
    escalation.refresh_from_db()
    assert escalation.acknowledged_at is None
    response = post(signed_in(cast.head_a), url)
    assert response.status_code == 200
    data = response.json()
    assert (data["case"], data["kind"], data["acknowledged_by"]) == (
        late.reference,
        "overdue",
        "head_a",
    )
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == cast.head_a


def test_the_case_answers_with_bounded_queries(cast: Any, open_case: OpenCase) -> None:
    case = open_case()
    services.case_accept(actor=cast.clerk_a, case=case)
    services.case_fee_collect(actor=cast.clerk_a, case=case)
    reviewer = signed_in(cast.reviewer_a)
    url = f"{CASES}/{case.reference}"
    reviewer.get(url)  # warm the calendar cache
    with CaptureQueriesContext(connection) as few:
        reviewer.get(url)
    services.case_start_review(actor=cast.reviewer_a, case=case)
    services.case_suspend(actor=cast.reviewer_a, case=case, reason="site_visit")
    services.case_resume(actor=cast.reviewer_a, case=case)
    with CaptureQueriesContext(connection) as many:
        response = reviewer.get(url)
    assert len(response.json()["timeline"]) == 6
    assert len(many) == len(few) <= 15


def test_every_step_is_documented_with_its_refusal(client: Client, db: None) -> None:
    schema = client.get("/api/openapi.json").json()
    steps = [
        path.rsplit("/", 1)[-1]
        for path, operations in schema["paths"].items()
        if path.startswith(API_BASE)
        and "post" in operations
        and "409" in operations["post"]["responses"]
    ]
    assert sorted(steps) == sorted(
        [
            "cases",
            "materials",
            "accept",
            "notice",
            "out-of-remit",
            "reopen",
            "start-review",
            "suspend",
            "resume",
            "approve",
            "refuse",
            "return",
            "enter",
            "certificate",
            "hand-over",
            "withdraw",
            "fee",
        ]
    )
