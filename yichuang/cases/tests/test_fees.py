"""The fee rules row by row against the domain reference (§4 Fees), then the checker.

Every figure here is the reference's: 80 yuan per residential case, 550 per
non-residential case, 80 for a garage, parking space or storeroom with its own
certificate, the first certificate free and 10 yuan for each further one,
proofs free, and the free types and exempt applicants at 0.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from yichuang.cases.fees import (
    CaseDescription,
    Cause,
    ChargeUnit,
    Deviation,
    DeviationKind,
    FeeAssessment,
    FeeLine,
    FeeSchedule,
    HousingScheme,
    InvalidCaseError,
    ItemCode,
    Payer,
    PlannedUse,
    ProposedCharge,
    RegistrationType,
    RightKind,
    Unit,
    assess_fees,
    bases,
    check_charges,
    count_cases,
    parse_schedules,
    schedule_in_force,
)
from yichuang.cases.fees.counting import CERTIFICATE_TYPES, DOCUMENT_TYPES
from yichuang.cases.fees.items import RATE_ITEMS
from yichuang.cases.tests.test_fee_schedule import document, row

SCHEDULE = schedule_in_force(dt.date(2024, 6, 1))
HOUSE = RightKind.STATE_LAND_USE_AND_HOUSE
RESIDENTIAL = PlannedUse.RESIDENTIAL
NON_RESIDENTIAL = PlannedUse.NON_RESIDENTIAL
ANCILLARY = PlannedUse.ANCILLARY
T = RegistrationType


def unit(
    code: str = "U1",
    use: PlannedUse = RESIDENTIAL,
    *,
    parcel: str = "P1",
    certificates: int = 0,
    proofs: int = 0,
) -> Unit:
    return Unit(code, parcel, use, certificates, proofs)


def flat(certificates: int = 1, code: str = "U1") -> Unit:
    return unit(code, RESIDENTIAL, certificates=certificates)


def assess(
    registration_type: RegistrationType,
    *units: Unit,
    right: RightKind = HOUSE,
    schedule: FeeSchedule = SCHEDULE,
    **options: Any,
) -> FeeAssessment:
    return assess_fees(
        CaseDescription(registration_type, right, units, **options), schedule=schedule
    )


def lines(assessment: FeeAssessment) -> list[tuple[str, int, Decimal, str | None]]:
    """The lines as (item, count, amount, waives), for exact comparison."""
    return [
        (line.item.value, line.count, line.amount, line.waives and line.waives.value)
        for line in assessment.lines
    ]


def line(assessment: FeeAssessment, item: ItemCode) -> FeeLine:
    (found,) = [each for each in assessment.lines if each.item is item]
    return found


# Row: residential, 80 yuan per case -------------------------------------------

CHARGED_WITH_CERTIFICATE = [T.FIRST, T.TRANSFER, T.CHANGE]
CHARGED_WITH_PROOF = [T.MORTGAGE, T.EASEMENT]


@pytest.mark.parametrize("registration_type", CHARGED_WITH_CERTIFICATE)
def test_a_residential_case_issuing_a_certificate_costs_80(
    registration_type: RegistrationType,
) -> None:
    fee = assess(registration_type, flat())
    assert lines(fee) == [
        ("registration.residential", 1, Decimal("80"), None),
        ("certificate.first", 1, Decimal("0"), None),
    ]
    assert fee.total == Decimal("80")
    assert fee.registration_fee == Decimal("80")
    assert line(fee, ItemCode.REGISTRATION_RESIDENTIAL).basis == (
        "发改价格规〔2016〕2559号 第一条第（一）项"
    )


@pytest.mark.parametrize("registration_type", CHARGED_WITH_PROOF)
def test_a_residential_mortgage_or_easement_costs_80_and_its_proof_nothing(
    registration_type: RegistrationType,
) -> None:
    fee = assess(registration_type, unit(proofs=1))
    assert lines(fee) == [
        ("registration.residential", 1, Decimal("80"), None),
        ("proof", 1, Decimal("0"), None),
    ]
    assert fee.total == Decimal("80")


def test_residential_cases_are_80_each() -> None:
    fee = assess(T.TRANSFER, flat(code="A"), flat(code="B"), flat(code="C"))
    assert line(fee, ItemCode.REGISTRATION_RESIDENTIAL).count == 3
    assert fee.total == Decimal("240")


# Row: non-residential, 550 yuan per case ---------------------------------------


@pytest.mark.parametrize("registration_type", CHARGED_WITH_CERTIFICATE)
def test_a_non_residential_case_costs_550(registration_type: RegistrationType) -> None:
    fee = assess(registration_type, unit(use=NON_RESIDENTIAL, certificates=1))
    assert lines(fee) == [
        ("registration.non_residential", 1, Decimal("550"), None),
        ("certificate.first", 1, Decimal("0"), None),
    ]
    assert fee.total == Decimal("550")


@pytest.mark.parametrize("registration_type", CHARGED_WITH_PROOF)
def test_a_non_residential_mortgage_or_easement_costs_550(
    registration_type: RegistrationType,
) -> None:
    fee = assess(registration_type, unit(use=NON_RESIDENTIAL, proofs=1))
    assert fee.total == Decimal("550")


@pytest.mark.parametrize(
    "right",
    [RightKind.STATE_LAND_USE, RightKind.SEA_AREA_USE, RightKind.FOREST],
)
def test_bare_land_sea_areas_and_forests_are_non_residential(right: RightKind) -> None:
    fee = assess(T.FIRST, unit(use=NON_RESIDENTIAL, certificates=1), right=right)
    assert fee.total == Decimal("550")


# Row: garage, parking space, storeroom ----------------------------------------


def test_a_garage_with_its_own_certificate_costs_80_not_550() -> None:
    fee = assess(T.TRANSFER, unit("G1", ANCILLARY, certificates=1))
    assert lines(fee) == [
        ("registration.ancillary", 1, Decimal("80"), None),
        ("certificate.first", 1, Decimal("0"), None),
    ]


def test_a_parking_space_with_its_own_proof_costs_80() -> None:
    fee = assess(T.ADVANCE_NOTICE, unit("G1", ANCILLARY, proofs=1), schedule=charged_notice())
    assert fee.total == Decimal("80")


def test_a_garage_registered_with_its_house_costs_nothing_more() -> None:
    fee = assess(T.TRANSFER, flat(), unit("G1", ANCILLARY))
    assert lines(fee) == [
        ("registration.residential", 1, Decimal("80"), None),
        ("certificate.first", 1, Decimal("0"), None),
        ("ancillary_with_house", 1, Decimal("0"), "registration.ancillary"),
    ]
    assert line(fee, ItemCode.ANCILLARY_WITH_HOUSE).units == ("G1",)
    assert "财税〔2016〕79号" in line(fee, ItemCode.ANCILLARY_WITH_HOUSE).basis


def test_a_house_with_a_separately_certified_garage_is_two_cases() -> None:
    fee = assess(T.TRANSFER, flat(), unit("G1", ANCILLARY, certificates=1))
    assert fee.total == Decimal("160")
    assert len(fee.count.cases) == 2


# Row: certificate cost ---------------------------------------------------------


@pytest.mark.parametrize(
    ("certificates", "cost"),
    [(0, "0"), (1, "0"), (2, "10"), (3, "20"), (5, "40")],
)
def test_the_first_certificate_is_free_and_each_further_one_costs_10(
    certificates: int, cost: str
) -> None:
    fee = assess(T.TRANSFER, flat(certificates))
    assert fee.certificate_cost == Decimal(cost)
    assert fee.total == Decimal("80") + Decimal(cost)


def test_the_first_certificate_is_free_in_each_case() -> None:
    fee = assess(T.TRANSFER, flat(2, "A"), flat(2, "B"))
    assert line(fee, ItemCode.CERTIFICATE_FIRST).count == 2
    assert line(fee, ItemCode.CERTIFICATE_EXTRA).count == 2
    assert fee.total == Decimal("180")


def test_proofs_carry_no_charge_however_many() -> None:
    fee = assess(T.MORTGAGE, unit(proofs=4))
    assert line(fee, ItemCode.PROOF).count == 4
    assert line(fee, ItemCode.PROOF).amount == 0
    assert fee.certificate_cost == 0
    assert fee.total == Decimal("80")


# Row: free types ---------------------------------------------------------------

FREE_TYPES = [
    (T.SEIZURE, ItemCode.TYPE_SEIZURE),
    (T.SEIZURE_LIFT, ItemCode.TYPE_SEIZURE_LIFT),
    (T.CANCELLATION, ItemCode.TYPE_CANCELLATION),
    (T.MORTGAGE_CANCELLATION, ItemCode.TYPE_MORTGAGE_CANCELLATION),
    (T.ADVANCE_NOTICE, ItemCode.TYPE_ADVANCE_NOTICE),
    (T.OBJECTION, ItemCode.TYPE_OBJECTION),
]


@pytest.mark.parametrize(("registration_type", "item"), FREE_TYPES)
@pytest.mark.parametrize("use", list(PlannedUse))
def test_seizure_cancellation_advance_notice_and_objection_are_free(
    registration_type: RegistrationType, item: ItemCode, use: PlannedUse
) -> None:
    proofs = 1 if registration_type in DOCUMENT_TYPES else 0
    fee = assess(registration_type, unit(use=use, proofs=proofs))
    waived = RATE_ITEMS[use].value
    assert lines(fee) == [(item.value, 1, Decimal("0"), waived)] + (
        [("proof", 1, Decimal("0"), None)] if proofs else []
    )
    assert fee.total == 0
    assert line(fee, item).basis == SCHEDULE.item(item).basis


def test_a_correction_for_the_office_s_own_error_is_free_certificates_included() -> None:
    fee = assess(T.CORRECTION, flat(3), office_error=True)
    assert lines(fee) == [
        ("circumstance.office_error", 1, Decimal("0"), "registration.residential"),
        ("certificate.first", 1, Decimal("0"), None),
        ("circumstance.office_error", 2, Decimal("0"), "certificate.extra"),
    ]
    assert fee.total == 0


def test_a_correction_the_holder_asks_for_is_free_by_default() -> None:
    fee = assess(T.CORRECTION, flat())
    assert lines(fee)[0] == ("type.correction", 1, Decimal("0"), "registration.residential")
    assert fee.total == 0


def test_an_office_that_charges_holder_corrections_still_spares_its_own_errors() -> None:
    doc = document()
    row(doc, "type.correction")["treatment"] = "by_use"
    schedule = parse_schedules(doc)[0]
    assert assess(T.CORRECTION, flat(), schedule=schedule).total == Decimal("80")
    assert assess(T.CORRECTION, flat(), schedule=schedule, office_error=True).total == 0


# Row: social housing and small and micro enterprises -----------------------------


@pytest.mark.parametrize("scheme", list(HousingScheme))
def test_social_housing_pays_no_registration_fee(scheme: HousingScheme) -> None:
    fee = assess(T.TRANSFER, flat(), housing_scheme=scheme)
    assert lines(fee) == [
        ("exemption.social_housing", 1, Decimal("0"), "registration.residential"),
        ("certificate.first", 1, Decimal("0"), None),
    ]
    assert fee.registration_fee == 0
    assert fee.total == 0
    assert line(fee, ItemCode.SOCIAL_HOUSING).basis == "发改价格规〔2016〕2559号 第一条第（一）项"


def test_a_small_or_micro_enterprise_pays_no_registration_fee() -> None:
    fee = assess(
        T.TRANSFER, unit(use=NON_RESIDENTIAL, certificates=1), small_or_micro_enterprise=True
    )
    assert lines(fee) == [
        ("exemption.small_micro_enterprise", 1, Decimal("0"), "registration.non_residential"),
        ("certificate.first", 1, Decimal("0"), None),
    ]
    assert fee.total == 0
    assert "财税〔2016〕79号" in line(fee, ItemCode.SMALL_MICRO_ENTERPRISE).basis


def test_an_exempt_applicant_still_pays_for_extra_certificates() -> None:
    fee = assess(T.FIRST, flat(3), small_or_micro_enterprise=True)
    assert fee.registration_fee == 0
    assert fee.total == Decimal("20")


def test_an_exempt_mortgage_of_several_parcels_waives_every_case() -> None:
    fee = assess(
        T.MORTGAGE,
        unit("A", parcel="P1", proofs=1),
        unit("B", NON_RESIDENTIAL, parcel="P2"),
        small_or_micro_enterprise=True,
    )
    assert lines(fee) == [
        ("exemption.small_micro_enterprise", 1, Decimal("0"), "registration.residential"),
        ("proof", 1, Decimal("0"), None),
        ("exemption.small_micro_enterprise", 1, Decimal("0"), "registration.non_residential"),
    ]


# Rows kept as schedule data (unconfirmed) ----------------------------------------


def charged_notice() -> FeeSchedule:
    """The schedule of an office that charges advance notices like any registration."""
    doc = document()
    row(doc, "type.advance_notice")["treatment"] = "by_use"
    return parse_schedules(doc)[0]


def test_advance_notice_is_free_by_default_and_chargeable_by_schedule() -> None:
    assert assess(T.ADVANCE_NOTICE, unit(proofs=1)).total == 0
    charged = assess(T.ADVANCE_NOTICE, unit(proofs=1), schedule=charged_notice())
    assert charged.total == Decimal("80")


def test_objection_is_free_by_default() -> None:
    fee = assess(T.OBJECTION, unit(use=NON_RESIDENTIAL, proofs=1))
    assert fee.total == 0
    assert fee.lines[0].item is ItemCode.TYPE_OBJECTION


@pytest.mark.parametrize("registration_type", [T.TRANSFER, T.CHANGE])
def test_a_change_between_spouses_costs_the_certificates_only(
    registration_type: RegistrationType,
) -> None:
    fee = assess(registration_type, flat(2), cause=Cause.BETWEEN_SPOUSES)
    assert lines(fee) == [
        ("circumstance.between_spouses", 1, Decimal("0"), "registration.residential"),
        ("certificate.cost_only", 2, Decimal("20"), None),
    ]
    assert fee.total == Decimal("20")


@pytest.mark.parametrize(("certificates", "total"), [(1, "10"), (2, "20")])
def test_reissuing_a_lost_or_damaged_certificate_costs_10_per_certificate(
    certificates: int, total: str
) -> None:
    fee = assess(T.CERTIFICATE_REISSUE, unit(use=NON_RESIDENTIAL, certificates=certificates))
    assert lines(fee) == [
        ("type.certificate_reissue", 1, Decimal("0"), "registration.non_residential"),
        ("certificate.cost_only", certificates, Decimal(total), None),
    ]


@pytest.mark.parametrize("right", [RightKind.HOMESTEAD_USE, RightKind.HOMESTEAD_USE_AND_HOUSE])
def test_a_homestead_registration_costs_the_certificate_only(right: RightKind) -> None:
    fee = assess(T.FIRST, flat(), right=right)
    assert lines(fee) == [
        ("circumstance.homestead", 1, Decimal("0"), "registration.residential"),
        ("certificate.cost_only", 1, Decimal("10"), None),
    ]


def test_a_household_land_contract_registration_is_free() -> None:
    fee = assess(
        T.FIRST, unit(use=NON_RESIDENTIAL, certificates=1), right=RightKind.LAND_CONTRACTING
    )
    assert fee.total == 0
    assert fee.lines[0].item is ItemCode.LAND_CONTRACTING


def test_the_acquirer_pays_a_transfer_by_default() -> None:
    fee = assess(T.TRANSFER, flat(2))
    assert {each.payer for each in fee.lines} == {Payer.NEW_HOLDER}
    assert fee.total_for(Payer.NEW_HOLDER) == Decimal("90")
    assert fee.total_for(Payer.CURRENT_HOLDER) == 0


def test_an_office_can_make_the_transferor_pay() -> None:
    doc = document()
    row(doc, "type.transfer")["payer"] = "current_holder"
    fee = assess(T.TRANSFER, flat(), schedule=parse_schedules(doc)[0])
    assert fee.total_for(Payer.CURRENT_HOLDER) == Decimal("80")


def test_the_mortgagee_pays_a_mortgage_by_default() -> None:
    assert assess(T.MORTGAGE, unit(proofs=1)).total_for(Payer.NEW_HOLDER) == Decimal("80")


def test_a_new_schedule_version_changes_the_fee_from_its_effective_date() -> None:
    doc = document()
    newer = dict(doc["schedules"][0], version="2030-1", effective_from="2030-01-01")
    newer["items"] = [dict(item) for item in newer["items"]]
    for item in newer["items"]:
        if item["code"] == "registration.residential":
            item["amount"] = "60"
    doc["schedules"].append(newer)
    schedules = parse_schedules(doc)
    before = schedule_in_force(dt.date(2029, 12, 31), schedules)
    after = schedule_in_force(dt.date(2030, 1, 1), schedules)
    assert assess(T.TRANSFER, flat(), schedule=before).total == Decimal("80")
    assert assess(T.TRANSFER, flat(), schedule=after).total == Decimal("60")


# Where several rules apply, the cheapest wins -----------------------------------


def test_a_free_type_cites_its_own_rule_before_an_exemption() -> None:
    fee = assess(T.SEIZURE, unit(), small_or_micro_enterprise=True)
    assert lines(fee) == [("type.seizure", 1, Decimal("0"), "registration.residential")]


def test_an_exemption_beats_certificate_cost_only_when_it_is_cheaper() -> None:
    fee = assess(
        T.TRANSFER,
        flat(1),
        right=RightKind.HOMESTEAD_USE_AND_HOUSE,
        small_or_micro_enterprise=True,
    )
    assert fee.total == 0
    assert fee.lines[0].item is ItemCode.SMALL_MICRO_ENTERPRISE


def test_spouses_in_social_housing_pay_the_cheaper_way() -> None:
    fee = assess(
        T.CHANGE, flat(2), cause=Cause.BETWEEN_SPOUSES, housing_scheme=HousingScheme.AFFORDABLE
    )
    # Waived: first certificate free, one more at 10 (cheaper than 2 x 10).
    assert fee.total == Decimal("10")
    assert fee.lines[0].item is ItemCode.SOCIAL_HOUSING


# What one case (件) is -------------------------------------------------------------


def test_several_units_on_one_parcel_mortgaged_for_one_loan_are_one_case() -> None:
    fee = assess(
        T.MORTGAGE,
        unit("A", parcel="P1", proofs=1),
        unit("B", parcel="P1"),
        unit("C", parcel="P1"),
    )
    (case,) = fee.count.cases
    assert case.units == ("A", "B", "C")
    assert fee.total == Decimal("80")
    assert line(fee, ItemCode.REGISTRATION_RESIDENTIAL).units == ("A", "B", "C")


def test_units_on_different_parcels_mortgaged_for_one_loan_are_several_cases() -> None:
    fee = assess(
        T.MORTGAGE,
        unit("A", parcel="P1", proofs=1),
        unit("B", parcel="P2", proofs=1),
        unit("C", parcel="P1"),
    )
    assert [case.units for case in fee.count.cases] == [("A", "C"), ("B",)]
    assert fee.total == Decimal("160")


def test_a_mortgage_case_of_mixed_uses_takes_the_non_residential_rate() -> None:
    fee = assess(
        T.MORTGAGE,
        unit("FLAT", parcel="P1", proofs=1),
        unit("SHOP", NON_RESIDENTIAL, parcel="P1"),
        unit("GARAGE", ANCILLARY, parcel="P1"),
    )
    assert lines(fee)[0] == ("registration.non_residential", 1, Decimal("550"), None)


def test_a_mortgage_case_of_a_flat_and_its_garage_is_residential() -> None:
    fee = assess(T.MORTGAGE, unit("FLAT", proofs=1), unit("GARAGE", ANCILLARY))
    assert lines(fee)[0] == ("registration.residential", 1, Decimal("80"), None)


def test_outside_mortgages_every_unit_is_a_case_even_on_one_parcel() -> None:
    description = CaseDescription(T.FIRST, HOUSE, tuple(flat(code=f"U{n}") for n in range(1, 5)))
    count = count_cases(description)
    assert [case.units for case in count.cases] == [("U1",), ("U2",), ("U3",), ("U4",)]
    assert assess_fees(description, schedule=SCHEDULE).total == Decimal("320")


def test_registrations_that_issue_nothing_count_every_unit() -> None:
    count = count_cases(CaseDescription(T.SEIZURE, HOUSE, (unit("A"), unit("G", ANCILLARY))))
    assert len(count.cases) == 2
    assert count.riders == ()


def test_the_fee_depends_on_no_area_volume_value_or_price() -> None:
    forbidden = ("area", "volume", "value", "price", "size", "square", "amount", "sum")
    names = set(inspect.signature(assess_fees).parameters)
    names |= {field.name for field in dataclasses.fields(CaseDescription)}
    names |= {field.name for field in dataclasses.fields(Unit)}
    assert names == {
        "description",
        "schedule",
        "registration_type",
        "right",
        "units",
        "cause",
        "office_error",
        "small_or_micro_enterprise",
        "housing_scheme",
        "code",
        "parcel",
        "use",
        "certificates",
        "proofs",
    }
    assert not [name for name in names for word in forbidden if word in name]


# Descriptions the rules refuse ----------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: CaseDescription(T.TRANSFER, HOUSE, ()), "at least one unit"),
        (lambda: CaseDescription(T.TRANSFER, HOUSE, (flat(), flat())), "appears twice"),
        (
            lambda: CaseDescription(T.MORTGAGE, HOUSE, (flat(),)),
            "issues no title certificate",
        ),
        (
            lambda: CaseDescription(T.SEIZURE, HOUSE, (flat(),)),
            "issues no title certificate",
        ),
        (
            lambda: CaseDescription(T.TRANSFER, HOUSE, (flat(),), office_error=True),
            "only a correction",
        ),
        (
            lambda: CaseDescription(T.MORTGAGE, HOUSE, (unit(),), cause=Cause.BETWEEN_SPOUSES),
            "between spouses",
        ),
        (
            lambda: CaseDescription(T.TRANSFER, HOUSE, (unit("G", ANCILLARY),)),
            "include the house",
        ),
        (lambda: unit(certificates=-1), "whole number"),
        (lambda: Unit("U", "P", RESIDENTIAL, True), "whole number"),
        (lambda: unit(" "), "needs its code"),
        (lambda: unit(parcel=""), "parcel is needed"),
    ],
)
def test_a_description_the_rules_cannot_charge_is_refused(build: Any, message: str) -> None:
    with pytest.raises(InvalidCaseError, match=message):
        build()


def test_a_description_accepts_units_as_a_list() -> None:
    description = CaseDescription(T.TRANSFER, HOUSE, [flat()])  # type: ignore[arg-type]
    assert description.units == (flat(),)


# The checker: nothing charged off-schedule ----------------------------------------


def proposal(*charges: tuple[str, str]) -> list[ProposedCharge]:
    return [ProposedCharge(item, Decimal(amount)) for item, amount in charges]


def charged_as_assessed(fee: FeeAssessment) -> list[ProposedCharge]:
    return [ProposedCharge(each.item.value, each.amount) for each in fee.lines if each.amount]


def test_the_lawful_fee_passes_the_check() -> None:
    fee = assess(T.TRANSFER, flat(3))
    assert check_charges(fee, charged_as_assessed(fee)) == ()


def test_zero_lines_may_be_proposed_at_zero() -> None:
    fee = assess(T.SEIZURE, unit())
    assert check_charges(fee, proposal(("type.seizure", "0"), ("proof", "0"))) == ()


def test_a_charge_split_over_several_lines_is_added_up() -> None:
    fee = assess(T.TRANSFER, flat(3))
    charges = proposal(
        ("registration.residential", "80"), ("certificate.extra", "10"), ("certificate.extra", "10")
    )
    assert check_charges(fee, charges) == ()


def test_an_item_not_on_the_schedule_is_off_schedule() -> None:
    fee = assess(T.TRANSFER, flat())
    deviations = check_charges(
        fee, proposal(("registration.residential", "80"), ("survey_fee", "300"))
    )
    assert deviations == (
        Deviation(
            DeviationKind.OFF_SCHEDULE,
            "survey_fee",
            Decimal("300"),
            Decimal("0"),
            "发改价格规〔2016〕2559号；财税〔2016〕79号；民法典第223条",
        ),
    )


def test_a_different_amount_is_reported_with_both_figures() -> None:
    fee = assess(T.TRANSFER, flat())
    (deviation,) = check_charges(fee, proposal(("registration.residential", "550")))
    assert deviation.kind is DeviationKind.AMOUNT_DIFFERS
    assert (deviation.proposed, deviation.lawful) == (Decimal("550"), Decimal("80"))
    assert deviation.basis == SCHEDULE.item(ItemCode.REGISTRATION_RESIDENTIAL).basis


def test_charging_land_and_house_separately_is_an_amount_that_differs() -> None:
    fee = assess(T.TRANSFER, flat())
    charges = proposal(("registration.residential", "80"), ("registration.residential", "80"))
    (deviation,) = check_charges(fee, charges)
    assert deviation.kind is DeviationKind.AMOUNT_DIFFERS
    assert deviation.proposed == Decimal("160")


def test_charging_an_exempt_applicant_is_reported_with_the_exemption() -> None:
    fee = assess(T.TRANSFER, flat(), small_or_micro_enterprise=True)
    (deviation,) = check_charges(fee, proposal(("registration.residential", "80")))
    assert deviation.kind is DeviationKind.EXEMPT_CHARGED
    assert deviation.basis == SCHEDULE.item(ItemCode.SMALL_MICRO_ENTERPRISE).basis


def test_charging_a_free_registration_is_reported_with_its_rule() -> None:
    fee = assess(T.SEIZURE, unit())
    (deviation,) = check_charges(fee, proposal(("registration.residential", "80")))
    assert deviation.kind is DeviationKind.EXEMPT_CHARGED
    assert deviation.basis == SCHEDULE.item(ItemCode.TYPE_SEIZURE).basis


@pytest.mark.parametrize(
    ("item", "registration_type", "the_unit"),
    [
        ("proof", T.MORTGAGE, unit(proofs=1)),
        ("certificate.first", T.TRANSFER, flat(1)),
        ("ancillary_with_house", T.TRANSFER, unit("G", ANCILLARY)),
        ("registration.ancillary", T.TRANSFER, unit("G", ANCILLARY)),
    ],
)
def test_charging_a_proof_the_first_certificate_or_a_riding_garage_is_exempt_charged(
    item: str, registration_type: RegistrationType, the_unit: Unit
) -> None:
    units = (the_unit,) if the_unit.use is not ANCILLARY else (flat(), the_unit)
    fee = assess(registration_type, *units)
    charges = [*charged_as_assessed(fee), ProposedCharge(item, Decimal("10"))]
    (deviation,) = check_charges(fee, charges)
    assert deviation.kind is DeviationKind.EXEMPT_CHARGED
    assert deviation.item == item


def test_an_item_not_due_in_this_case_is_reported() -> None:
    fee = assess(T.TRANSFER, flat(1))
    charges = proposal(("registration.residential", "80"), ("certificate.extra", "10"))
    (deviation,) = check_charges(fee, charges)
    assert deviation == Deviation(
        DeviationKind.NOT_DUE,
        "certificate.extra",
        Decimal("10"),
        Decimal("0"),
        SCHEDULE.item(ItemCode.CERTIFICATE_EXTRA).basis,
    )


def test_the_non_residential_rate_on_a_flat_is_not_due() -> None:
    fee = assess(T.TRANSFER, flat())
    deviations = check_charges(fee, proposal(("registration.non_residential", "550")))
    assert [d.kind for d in deviations] == [DeviationKind.NOT_DUE, DeviationKind.AMOUNT_DIFFERS]
    assert [d.item for d in deviations] == [
        "registration.non_residential",
        "registration.residential",
    ]


@pytest.mark.parametrize("by", [ChargeUnit.AREA, ChargeUnit.VOLUME, ChargeUnit.PRICE])
def test_a_charge_by_area_volume_or_price_is_refused_once(by: ChargeUnit) -> None:
    fee = assess(T.TRANSFER, flat())
    (deviation,) = check_charges(
        fee, [ProposedCharge("registration.residential", Decimal("80"), by)]
    )
    assert deviation.kind is DeviationKind.NOT_PER_CASE
    assert deviation.basis == bases.PER_CASE
    assert "民法典第223条" in deviation.basis


def test_charges_per_certificate_are_lawful() -> None:
    fee = assess(T.CERTIFICATE_REISSUE, flat(2))
    charges = [ProposedCharge("certificate.cost_only", Decimal("20"), ChargeUnit.CERTIFICATE)]
    assert check_charges(fee, charges) == ()


def test_a_due_item_left_out_is_reported_as_charged_at_zero() -> None:
    fee = assess(T.TRANSFER, flat(2))
    (deviation,) = check_charges(fee, proposal(("registration.residential", "80")))
    assert deviation.kind is DeviationKind.AMOUNT_DIFFERS
    assert (deviation.item, deviation.proposed, deviation.lawful) == (
        "certificate.extra",
        Decimal("0"),
        Decimal("10"),
    )


def test_an_empty_proposal_for_a_free_case_passes() -> None:
    assert check_charges(assess(T.CANCELLATION, unit()), []) == ()


# The rules stand alone ------------------------------------------------------------


def test_the_fee_rules_import_no_django_ninja_or_pydantic() -> None:
    code = (
        "import sys, yichuang.cases.fees as f; f.default_schedules(); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'ninja', 'pydantic')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=root
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_fee_vocabulary_keeps_the_register_s_values() -> None:
    from yichuang.registry.rules import RegistrationType as RegisterType
    from yichuang.registry.rules import RightKind as RegisterRight

    assert {t.value for t in RegisterType} <= {t.value for t in RegistrationType}
    assert {r.value for r in RegisterRight} == {r.value for r in RightKind}


# Properties over random cases (hypothesis) -----------------------------------------

UNIT_CODES = [f"U{n}" for n in range(1, 7)]


@st.composite
def descriptions(draw: st.DrawFn) -> CaseDescription:
    registration_type = draw(st.sampled_from(RegistrationType))
    issues_certificates = registration_type in CERTIFICATE_TYPES
    codes = draw(st.lists(st.sampled_from(UNIT_CODES), min_size=1, max_size=5, unique=True))
    units = [
        Unit(
            code,
            draw(st.sampled_from(["P1", "P2", "P3"])),
            draw(st.sampled_from(PlannedUse)),
            draw(st.integers(0, 4)) if issues_certificates else 0,
            draw(st.integers(0, 2)),
        )
        for code in codes
    ]
    if all(u.use is ANCILLARY and not u.documents for u in units):
        units[0] = dataclasses.replace(units[0], use=RESIDENTIAL)
    spouses = registration_type in (T.TRANSFER, T.CHANGE) and draw(st.booleans())
    return CaseDescription(
        registration_type,
        draw(st.sampled_from(RightKind)),
        tuple(units),
        cause=Cause.BETWEEN_SPOUSES if spouses else None,
        office_error=registration_type is T.CORRECTION and draw(st.booleans()),
        small_or_micro_enterprise=draw(st.booleans()),
        housing_scheme=draw(st.one_of(st.none(), st.sampled_from(HousingScheme))),
    )


@given(descriptions())
def test_the_total_is_the_sum_of_lines_each_count_times_amount(
    description: CaseDescription,
) -> None:
    fee = assess_fees(description, schedule=SCHEDULE)
    assert fee.total == sum((each.amount for each in fee.lines), Decimal(0))
    for each in fee.lines:
        assert each.count >= 1
        assert each.amount == each.unit_amount * each.count >= 0
        assert each.unit_amount == SCHEDULE.item(each.item).amount
        assert each.basis == SCHEDULE.item(each.item).basis
        assert each.units
    assert sum((fee.total_for(payer) for payer in Payer), Decimal(0)) == fee.total


@given(descriptions())
def test_an_exempt_applicant_never_pays_a_registration_fee(description: CaseDescription) -> None:
    exempt = dataclasses.replace(description, small_or_micro_enterprise=True)
    assert assess_fees(exempt, schedule=SCHEDULE).registration_fee == 0
    housed = dataclasses.replace(description, housing_scheme=HousingScheme.PUBLIC_RENTAL)
    assert assess_fees(housed, schedule=SCHEDULE).registration_fee == 0


@given(descriptions(), st.data())
def test_adding_a_certificate_never_lowers_the_total(
    description: CaseDescription, data: st.DataObject
) -> None:
    assume(description.registration_type in CERTIFICATE_TYPES)
    index = data.draw(st.integers(0, len(description.units) - 1))
    units = list(description.units)
    units[index] = dataclasses.replace(units[index], certificates=units[index].certificates + 1)
    more = dataclasses.replace(description, units=tuple(units))
    before = assess_fees(description, schedule=SCHEDULE).total
    assert assess_fees(more, schedule=SCHEDULE).total >= before


@given(descriptions(), st.data())
def test_adding_a_proof_never_changes_the_total(
    description: CaseDescription, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(description.units) - 1))
    units = list(description.units)
    if units[index].use is ANCILLARY and not units[index].documents:
        return  # a proof would make a riding garage its own case
    units[index] = dataclasses.replace(units[index], proofs=units[index].proofs + 1)
    more = dataclasses.replace(description, units=tuple(units))
    before = assess_fees(description, schedule=SCHEDULE).total
    assert assess_fees(more, schedule=SCHEDULE).total == before


@given(descriptions(), st.randoms(use_true_random=False))
def test_the_order_of_the_units_does_not_change_the_fee(
    description: CaseDescription, random: Any
) -> None:
    units = list(description.units)
    random.shuffle(units)
    shuffled = dataclasses.replace(description, units=tuple(units))
    first = assess_fees(description, schedule=SCHEDULE)
    second = assess_fees(shuffled, schedule=SCHEDULE)
    assert first.total == second.total
    assert len(first.count.cases) == len(second.count.cases)


@given(descriptions())
def test_cases_cover_every_unit_exactly_once(description: CaseDescription) -> None:
    count = count_cases(description)
    covered = [code for case in count.cases for code in case.units] + list(count.riders)
    assert sorted(covered) == sorted(u.code for u in description.units)
    if description.registration_type is T.MORTGAGE:
        assert len(count.cases) == len({u.parcel for u in description.units})
    fee = assess_fees(description, schedule=SCHEDULE)
    assert fee.registration_fee <= Decimal(550) * len(count.cases)


@given(descriptions())
def test_the_lawful_fee_always_passes_its_own_check(description: CaseDescription) -> None:
    fee = assess_fees(description, schedule=SCHEDULE)
    assert check_charges(fee, charged_as_assessed(fee)) == ()
    every_line = [ProposedCharge(each.item.value, each.amount) for each in fee.lines]
    assert check_charges(fee, every_line) == ()


@given(descriptions(), st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2))
def test_any_surcharge_is_a_deviation(description: CaseDescription, extra: Decimal) -> None:
    fee = assess_fees(description, schedule=SCHEDULE)
    charges = charged_as_assessed(fee)
    assert check_charges(fee, [*charges, ProposedCharge("registration.residential", extra)])
    assert check_charges(fee, [*charges, ProposedCharge("service_fee", extra)])
