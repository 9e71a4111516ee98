"""The sentences a reviewer reads for the register's refusal codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from yichuang.registry.messages import (
    FALLBACK,
    MESSAGES,
    SHORTER,
    refusal_lines,
    refusal_message,
)
from yichuang.registry.rules import (
    CancellationCause,
    CoOwnership,
    Decision,
    FirstRegistration,
    MortgageCancellation,
    RefusalCode,
    RightCancellation,
    SeizureOrder,
    Status,
    Transfer,
    TransferCause,
    holder_refusals,
)
from yichuang.registry.rules.outcome import refusal
from yichuang.registry.tests.test_rules_helpers import (
    HOUSE,
    Book,
    at,
    first,
    mortgage,
    shared,
    sole,
)

C = RefusalCode
COURT = "海门区人民法院"
SALE = Transfer(HOUSE, sole("BUYER"), CoOwnership.SOLE, TransferCause.SALE)

#: Each code with params as its rule raises them, and the sentence expected.
RAISED: list[tuple[RefusalCode, dict[str, Any], str]] = [
    (
        C.ILLEGAL,
        {},
        "The registration applied for violates a law or administrative regulation.",
    ),
    (C.TITLE_DISPUTE, {}, "There is an unresolved dispute over the title to this property."),
    (
        C.RIGHT_BEYOND_TERM,
        {"term_end": "2024-12-31"},
        "The term of the right ended on 2024-12-31; the right can no longer be disposed of.",
    ),
    (
        C.OTHER_LEGAL_GROUND,
        {},
        "A law or administrative regulation provides that this registration may not be made.",
    ),
    (
        C.APPLICANTS_INCOMPLETE,
        {"sides": ("holder", "acquirer"), "parties": ("BUYER", "SELLER")},
        "The applicants are incomplete; still to apply: the registered holders (obligors), "
        "the acquiring party (BUYER, SELLER).",
    ),
    (
        C.RIGHT_ALREADY_REGISTERED,
        {"right_kind": "homestead_use"},
        "The homestead use right of this unit is already registered; "
        "it cannot be registered for the first time again.",
    ),
    (
        C.RIGHT_NOT_REGISTERED,
        {"right_kind": "state_land_use_and_house"},
        "The state construction land use right and house ownership of this unit is not "
        "registered yet; its first registration must come first.",
    ),
    (
        C.TARGET_NOT_FOUND,
        {"target": 7, "expected": "easement, advance_notice or objection"},
        "There is no easement, advance notice or objection entry numbered 7 on this unit.",
    ),
    (
        C.TARGET_ENDED,
        {"target": 4, "status": "lifted"},
        "Entry no. 4 is no longer in force (lifted).",
    ),
    (
        C.HOLDERS_MISSING,
        {},
        "The application does not name the holders of the right or how they hold it.",
    ),
    (C.HOLDER_REPEATED, {"party": "A"}, "A is named more than once as a holder."),
    (
        C.SOLE_HOLDER_COUNT,
        {"count": 2},
        "A right in sole ownership has exactly one holder; the application names 2.",
    ),
    (
        C.CO_OWNERS_TOO_FEW,
        {"form": "joint", "count": 1},
        "Co-ownership (joint ownership) needs at least two holders; the application names 1.",
    ),
    (
        C.SHARE_MISSING,
        {"party": "A"},
        "In ownership in shares every holder has a share; none is given for A.",
    ),
    (
        C.SHARE_UNEXPECTED,
        {"party": "B", "form": "joint"},
        "Holders have no shares under joint ownership, but a share is given for B.",
    ),
    (
        C.SHARE_NOT_POSITIVE,
        {"party": "B", "share": "-1/2"},
        "The share of B must be greater than zero; -1/2 is given.",
    ),
    (
        C.SHARES_NOT_ONE,
        {"total": "5/6"},
        "The co-owners' shares must add up to 1; they add up to 5/6.",
    ),
    (
        C.CO_OWNER_CONSENT_REQUIRED,
        {
            "form": "shared",
            "consenting_share": "1/2",
            "required_share": "2/3",
            "missing": ("B", "C"),
        },
        "Co-owners holding at least 2/3 of the shares must apply or consent; "
        "those who did hold 1/2 (not yet agreed: B, C).",
    ),
    (
        C.SHARE_HOLDER_CONSENT_REQUIRED,
        {"missing": ("B",)},
        "The co-owners whose shares are transferred must apply or consent: B.",
    ),
    (
        C.CHANGE_ALTERS_HOLDERS,
        {"added": ("C",), "removed": ("A",)},
        "This change registration would change who holds the right "
        "(added: C; removed: A); that needs a transfer registration.",
    ),
    (
        C.UNIT_SEIZED,
        {"seizure": 2, "court": COURT},
        f"The property has been seized by {COURT} (entry no. 2); "
        "it may not be disposed of while the seizure is in force.",
    ),
    (
        C.SEIZURE_COURT_MISMATCH,
        {"court": "南通市中级人民法院", "seized_by": COURT},
        f"Only the court that seized the property ({COURT}) may lift or renew the seizure, "
        "not 南通市中级人民法院.",
    ),
    (
        C.SEIZURE_NOT_IN_FORCE,
        {"target": 3},
        "Seizure no. 3 is not in force (it is waiting, or has no term), so it cannot be renewed.",
    ),
    (
        C.SEIZURE_TERM_INVALID,
        {"term_end": "2028-03-02", "requested": "2028-01-01"},
        "A renewal must end after the current term, which ends on 2028-03-02; "
        "2028-01-01 is not later.",
    ),
    (
        C.ADVANCE_NOTICE_CONSENT_REQUIRED,
        {"notice": 2, "missing": ("BUYER",)},
        "An advance notice is registered (entry no. 2); the property may not be disposed of "
        "without the consent of its holders: BUYER.",
    ),
    (
        C.OBJECTION_ACKNOWLEDGEMENT_REQUIRED,
        {"objections": (3, 5)},
        "An objection is registered (entry no. 3, 5); the applicant must give a written "
        "undertaking that they know of it and bear the risk.",
    ),
    (
        C.OBJECTION_REPEAT_BARRED,
        {"lapsed": 3},
        "An objection by the same applicant on the same grounds (entry no. 3) has lapsed; "
        "it may not be registered again.",
    ),
    (
        C.OBJECTION_SUIT_TOO_LATE,
        {"deadline": "2025-10-09", "lodged_on": "2025-10-10"},
        "The suit was lodged on 2025-10-10, after the objection's last day (2025-10-09); "
        "the objection has lapsed.",
    ),
    (
        C.MORTGAGE_AMOUNT_NOT_POSITIVE,
        {"field": "maximum_amount"},
        "The maximum amount secured of the mortgage must be greater than zero.",
    ),
    (
        C.MORTGAGE_EARLIER_APPLICATION_PENDING,
        {"pending": "HM-2025-000123"},
        "A mortgage application on this unit accepted earlier (HM-2025-000123) "
        "must be entered first.",
    ),
    (
        C.MORTGAGE_RANK_INVALID,
        {"rank": 4, "last": 2},
        "The agreed mortgage rank 4 is not possible; it must be from 1 to 2.",
    ),
    (
        C.MORTGAGE_RANK_CONSENT_REQUIRED,
        {"rank": 1, "missing": ("BANK1",)},
        "Taking rank 1 puts registered mortgages behind; their mortgagees must consent "
        "in writing: BANK1.",
    ),
    (
        C.MORTGAGEE_CONSENT_REQUIRED,
        {"mortgage": 2, "mortgagee": "BANK"},
        "Mortgage no. 2 restricts transfer of the property; the mortgagee BANK must consent.",
    ),
    (
        C.MORTGAGE_CANCELLATION_GROUNDS_REQUIRED,
        {"mortgagee": "BANK"},
        "Cancelling the mortgage needs the consent of the mortgagee BANK "
        "or proof that the secured debt has ended.",
    ),
    (
        C.EASEMENT_TERM_BEYOND_RIGHT,
        {"right_term_end": "2070-06-30", "term_end": "2080-01-01"},
        "The easement would last until 2080-01-01, beyond the burdened right, "
        "which ends on 2070-06-30.",
    ),
    (
        C.CORRECTION_BARRED,
        {"barred_by": (3, 4)},
        "The entry can no longer be corrected: a disposal, advance notice or seizure "
        "was entered after it (entry no. 3, 4).",
    ),
    (
        C.CORRECTION_CONSENT_OR_PROOF_REQUIRED,
        {"holders": ("A", "B")},
        "A correction needs the written consent of the registered holders (A, B) "
        "or proof that the register is wrong.",
    ),
    (
        C.CORRECTION_NOTICE_INCOMPLETE,
        {"missing": ("holder_notified_on", "public_notice_from")},
        "For a correction by the office, record the day the holder was notified, "
        "the first day of the public notice.",
    ),
    (
        C.CORRECTION_NOTICE_PREMATURE,
        {"response_ends": "2025-05-14"},
        "The public notice started too early: the holder may apply for the correction "
        "until 2025-05-14.",
    ),
    (
        C.CORRECTION_NOTICE_RUNNING,
        {"until": "2025-06-05"},
        "The public notice of the correction runs until 2025-06-05; "
        "the office may correct only after it ends.",
    ),
    (
        C.CANCELLATION_CAUSE_INVALID,
        {"cause": "claim_ended"},
        "“extinction of the claim secured by the advance notice” "
        "is not a lawful cause for this cancellation.",
    ),
    (
        C.ABANDONMENT_CONSENT_REQUIRED,
        {"missing": ("BANK", "NEIGHBOUR")},
        "Abandoning the right needs the written consent of those holding rights over it: "
        "BANK, NEIGHBOUR.",
    ),
    (
        C.ENCUMBRANCE_HOLDER_CONSENT_REQUIRED,
        {"target": 2, "missing": ("NEIGHBOUR",)},
        "Cancelling entry no. 2 needs its holders to apply or consent: NEIGHBOUR.",
    ),
]


def english(code: str, params: dict[str, Any]) -> str:
    with translation.override("en"):
        return refusal_message(code, params)


def english_lines(decision: Decision) -> list[tuple[str, str, str]]:
    with translation.override("en"):
        return refusal_lines(decision)


def owned_book() -> Book:
    book = Book()
    book.enter(first("OWNER"), at(2025, 3, 3), applicants={"OWNER"})
    return book


def test_every_refusal_code_has_a_message_of_its_own() -> None:
    assert set(MESSAGES) == set(RefusalCode)
    assert len({str(text) for text in MESSAGES.values()}) == len(RefusalCode)
    fallback = english("no_such_code", {})
    for code in RefusalCode:
        assert english(code, {}) != fallback


def test_the_table_covers_every_code_once() -> None:
    assert sorted(code for code, _, _ in RAISED) == sorted(RefusalCode)


@pytest.mark.parametrize(("code", "params", "expected"), RAISED, ids=[c for c, _, _ in RAISED])
def test_each_code_reads_as_one_sentence_with_its_params(
    code: RefusalCode, params: dict[str, Any], expected: str
) -> None:
    found = refusal(code, **params)
    assert english(found.code, found.params) == expected


def test_an_unknown_code_gets_a_general_sentence_naming_it() -> None:
    assert english("moon_in_wrong_phase", {"x": 1}) == (
        "The registration cannot be entered as requested (reason: moon_in_wrong_phase)."
    )
    with translation.override("en"):
        assert str(FALLBACK) % {"code": "c"} == refusal_message("c", {})


@pytest.mark.parametrize("code", list(RefusalCode))
def test_missing_params_never_raise_nor_leave_a_placeholder(code: RefusalCode) -> None:
    text = english(code, {})
    assert text
    assert "%(" not in text
    assert "%(" not in english(code, {"unrelated": ("x",), "target": None})


def test_a_missing_detail_picks_the_shorter_sentence() -> None:
    assert english(C.RIGHT_BEYOND_TERM, {}) == "The right applied for has exceeded its term."
    assert english(C.APPLICANTS_INCOMPLETE, {"sides": ("any",), "parties": ()}) == (
        "The applicants are incomplete; still to apply: a party entitled to apply."
    )
    assert english(C.TARGET_ENDED, {"target": 6, "expected": "mortgage"}) == (
        "Entry no. 6 is no longer in force."
    )
    assert english(C.CORRECTION_CONSENT_OR_PROOF_REQUIRED, {"holders": ()}) == (
        "A correction needs proof that the register is wrong."
    )
    assert english(C.SEIZURE_TERM_INVALID, {"served_on": "2025-03-05"}) == (
        "The seizure's term must be at least one month and may not end "
        "before the day it was served (2025-03-05)."
    )
    assert english(
        C.EASEMENT_TERM_BEYOND_RIGHT, {"right_term_end": "2070-06-30", "term_end": ""}
    ) == (
        "An easement without an end date would outlast the burdened right, "
        "which ends on 2070-06-30."
    )
    assert english(C.MORTGAGE_AMOUNT_NOT_POSITIVE, {}) == (
        "The amount secured by the mortgage must be greater than zero."
    )


def test_a_change_names_only_the_holders_it_would_add_or_remove() -> None:
    assert english(C.CHANGE_ALTERS_HOLDERS, {"added": ("C",), "removed": ()}) == (
        "This change registration would add holders (C); that needs a transfer registration."
    )
    assert english(C.CHANGE_ALTERS_HOLDERS, {"added": (), "removed": ("A",)}) == (
        "This change registration would remove holders (A); that needs a transfer registration."
    )
    assert english(C.CHANGE_ALTERS_HOLDERS, {"added": (), "removed": ()}) == (
        "This kind of change registration may not change who holds the right or how they hold it."
    )


def test_a_detail_missing_from_every_sentence_stands_as_its_name() -> None:
    assert english(C.HOLDER_REPEATED, {}) == "party is named more than once as a holder."


def test_lists_read_back_from_json_join_like_tuples() -> None:
    assert english(C.ABANDONMENT_CONSENT_REQUIRED, {"missing": ["BANK", "NEIGHBOUR"]}) == (
        english(C.ABANDONMENT_CONSENT_REQUIRED, {"missing": ("BANK", "NEIGHBOUR")})
    )


def test_shares_that_do_not_sum_to_one_are_worded_with_the_total() -> None:
    found = holder_refusals(shared(A="1/2", B="1/3"), CoOwnership.SHARED)
    assert english_lines(Decision(refusals=found)) == [
        (
            "shares_not_one",
            "CC art. 298",
            "The co-owners' shares must add up to 1; they add up to 5/6.",
        )
    ]


def test_a_seized_house_sold_without_the_buyer_gives_every_ground() -> None:
    book = owned_book()
    book.enter(SeizureOrder(COURT, "(2025) 苏0684执1号", at(2025, 3, 10)), at(2025, 3, 10))
    decision = book.decide(SALE, at(2025, 4, 1), applicants={"OWNER"})
    assert english_lines(decision) == [
        (
            "applicants_incomplete",
            "REG art. 14",
            "The applicants are incomplete; still to apply: the acquiring party (BUYER).",
        ),
        (
            "unit_seized",
            "RULES art. 90 (unconfirmed); SPC seizure rules",
            f"The property has been seized by {COURT} (entry no. 2); "
            "it may not be disposed of while the seizure is in force.",
        ),
    ]


def test_joint_and_shared_co_owners_are_told_apart() -> None:
    joint_book = Book()
    joint_book.enter(first("W", "L", form=CoOwnership.JOINT), at(2025, 3, 3), applicants={"W", "L"})
    decision = joint_book.decide(mortgage("BANK"), at(2025, 4, 1), applicants={"W", "BANK"})
    assert [line[2] for line in english_lines(decision)] == [
        "All joint owners must apply or consent; not yet agreed: L."
    ]
    shared_book = Book()
    holders = shared(A="1/2", B="1/6", C="1/3")
    shared_book.enter(
        FirstRegistration(HOUSE, holders, CoOwnership.SHARED),
        at(2025, 3, 3),
        applicants={"A", "B", "C"},
    )
    decision = shared_book.decide(SALE, at(2025, 4, 1), applicants={"A", "BUYER"})
    assert [line[2] for line in english_lines(decision)] == [
        "Co-owners holding at least 2/3 of the shares must apply or consent; "
        "those who did hold 1/2 (not yet agreed: B, C)."
    ]


def test_a_mortgage_cancellation_naming_no_mortgage_says_which_number() -> None:
    decision = owned_book().decide(MortgageCancellation(9), at(2025, 4, 1), applicants={"OWNER"})
    assert english_lines(decision) == [
        ("target_not_found", "CC art. 393", "There is no mortgage entry numbered 9 on this unit.")
    ]


def test_a_cause_is_put_into_words() -> None:
    decision = owned_book().decide(
        RightCancellation(HOUSE, CancellationCause.HOLDER_CONSENT),
        at(2025, 4, 1),
        applicants={"OWNER"},
    )
    assert [(code, text) for code, _, text in english_lines(decision)] == [
        (
            "cancellation_cause_invalid",
            "“consent of the holder” is not a lawful cause for this cancellation.",
        )
    ]


def test_messages_come_out_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert refusal_message(C.SHARES_NOT_ONE, {"total": "5/6"}) == (
            "各共有人的份额之和应为1，申请载明的份额之和为5/6。"
        )
        assert refusal_message(C.UNIT_SEIZED, {"seizure": 2, "court": COURT}) == (
            f"该不动产已被{COURT}查封（序号2），查封期间不得办理处分登记。"
        )
        assert refusal_message(
            C.APPLICANTS_INCOMPLETE, {"sides": ("acquirer",), "parties": ("BUYER",)}
        ) == ("申请人不全，尚需申请：登记权利人（BUYER）。")
        assert refusal_message(
            C.MORTGAGEE_CONSENT_REQUIRED, {"mortgage": 2, "mortgagee": "BANK"}
        ) == ("抵押权登记（序号2）约定限制转让抵押财产，转让应当经抵押权人BANK同意。")
        assert refusal_message(C.CO_OWNERS_TOO_FEW, {"form": "joint", "count": 1}) == (
            "共有（共同共有）的权利人应当不少于二人，申请列明了1人。"
        )
        assert refusal_message(C.TARGET_ENDED, {"target": 4, "status": Status.LIFTED}) == (
            "序号为4的登记已不再有效（已解封）。"
        )
        assert refusal_message("no_such_code", {}) == "该登记不能按申请办理（原因：no_such_code）。"


def test_a_real_decision_reads_in_chinese() -> None:
    book = owned_book()
    book.enter(SeizureOrder(COURT, "(2025) 苏0684执1号", at(2025, 3, 10)), at(2025, 3, 10))
    decision = book.decide(SALE, at(2025, 4, 1), applicants={"OWNER", "BUYER"})
    with translation.override("zh-hans"):
        assert [text for _, _, text in refusal_lines(decision)] == [
            f"该不动产已被{COURT}查封（序号2），查封期间不得办理处分登记。"
        ]


def test_every_code_has_a_chinese_sentence() -> None:
    for code in RefusalCode:
        with translation.override("en"):
            source = str(MESSAGES[code])
        with translation.override("zh-hans"):
            assert str(MESSAGES[code]) != source, code
        for shorter in SHORTER.get(code, ()):
            with translation.override("en"):
                short_source = str(shorter)
            with translation.override("zh-hans"):
                assert str(shorter) != short_source, code
