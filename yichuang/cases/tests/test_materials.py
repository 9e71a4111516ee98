"""The statutory materials catalog: its content, the loader's refusals, and the queries."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.cases.materials import (
    CONDITIONS,
    DATA_DIR,
    EXTRA_TYPES,
    Catalog,
    CatalogError,
    Circumstances,
    Material,
    MaterialsList,
    checklist,
    default_catalog,
    load_catalog,
    missing,
)
from yichuang.registry.rules.codes import (
    CancellationCause,
    ChangeCause,
    NoticeKind,
    RegistrationType,
    RightKind,
    TransferCause,
)

CATALOG = default_catalog()

#: domain.md §3 (and §1 for change, correction, cancellation): each case and
#: the item codes its list must hold.
SECTION_3 = {
    ("baseline", "general"): {
        "application_form",
        "applicant_identity",
        "power_of_attorney",
        "title_source",
        "cause_document",
        "title_certificate",
        "unit_survey",
        "interest_statement",
    },
    ("transfer", "sale"): {
        "application_form",
        "applicant_identity",
        "title_certificate",
        "filed_sale_contract",
        "sale_contract",
        "tax_clearance",
        "co_owner_consent",
    },
    ("transfer", "gift"): {
        "application_form",
        "applicant_identity",
        "title_certificate",
        "gift_contract",
        "tax_clearance",
        "co_owner_consent",
    },
    ("transfer", "inheritance"): {
        "death_certificate",
        "will",
        "heirs_agreement",
        "kinship_proof",
        "notarised_succession",
        "succession_judgment",
    },
    ("transfer", "bequest"): {
        "death_certificate",
        "will",
        "notarised_succession",
        "succession_judgment",
    },
    ("first", "state_land_use_and_house"): {
        "land_title",
        "planning_conformity",
        "completion_proof",
        "survey_report",
        "tax_clearance",
    },
    ("mortgage", "general"): {"title_certificate", "main_debt_contract", "mortgage_contract"},
    ("mortgage_cancellation", "general"): {
        "registration_proof",
        "debt_discharged_proof",
        "mortgage_realised_proof",
        "mortgagee_waiver",
    },
    ("seizure", "court"): {"court_officer_ids", "assistance_notice", "seizure_ruling"},
    ("objection", "general"): {"interest_proof", "error_proof"},
    ("advance_notice", "purchase"): {"applicant_identity", "presale_contract", "notice_agreement"},
    ("certificate_reissue", "lost"): {"loss_declaration"},
    ("change", "holder_name"): {
        "title_certificate",
        "person_name_change_record",
        "organisation_name_change_record",
    },
    ("change", "physical_state"): {
        "title_certificate",
        "place_name_change_record",
        "survey_report",
        "change_approval",
    },
    ("correction", "on_application"): {"title_certificate", "interest_proof", "error_proof"},
    ("cancellation", "destruction"): {"title_certificate", "destruction_proof"},
    ("cancellation", "abandonment"): {
        "title_certificate",
        "abandonment_statement",
        "encumbrance_consent",
    },
}

#: REG art. 14: joint for sales and mortgages; one party alone in para. 2's cases.
WHO_APPLIES = {
    ("transfer", "sale"): "joint",
    ("transfer", "gift"): "joint",
    ("mortgage", "general"): "joint",
    ("advance_notice", "purchase"): "joint",
    ("transfer", "inheritance"): "single",
    ("transfer", "bequest"): "single",
    ("first", "state_land_use_and_house"): "single",
    ("change", "holder_name"): "single",
    ("change", "physical_state"): "single",
    ("cancellation", "destruction"): "single",
    ("cancellation", "abandonment"): "single",
    ("correction", "on_application"): "single",
    ("objection", "general"): "single",
    ("certificate_reissue", "lost"): "single",
    ("mortgage_cancellation", "general"): "either",
    ("seizure", "court"): "commissioned",
}

#: RULES articles the domain reference confirms from published quotations.
CONFIRMED_RULES_ARTICLES = {14, 17, 22, 67}


def codes(items: Iterable[Material]) -> list[str]:
    return [m.code for m in items]


def every_code(entry: MaterialsList) -> list[str]:
    return [m.code for m in entry.items]


# ---------------------------------------------------------------------------
# The shipped catalog


@pytest.mark.parametrize(("key", "expected"), sorted(SECTION_3.items()))
def test_every_case_of_section_3_has_its_list_and_materials(
    key: tuple[str, str], expected: set[str]
) -> None:
    entry = CATALOG.list_for(*key)
    assert expected <= set(every_code(entry))
    assert entry.title


@pytest.mark.parametrize(("key", "mode"), sorted(WHO_APPLIES.items()))
def test_who_may_apply_follows_reg_art_14(key: tuple[str, str], mode: str) -> None:
    entry = CATALOG.list_for(*key)
    assert entry.application == mode
    assert entry.application_basis


def test_every_item_and_choice_names_a_legal_basis() -> None:
    for entry in CATALOG.lists.values():
        for m in entry.items:
            assert m.basis.strip(), m.code
            assert m.name.strip(), m.code
            assert not m.shareable or (m.share_source and m.share_basis), m.code
        for choice in entry.choices:
            assert choice.basis.strip(), choice.code


def _citation_confirmed(citation: str) -> bool:
    """Whether the domain reference confirms this one citation."""
    if citation.startswith("不动产登记暂行条例实施细则"):
        numbers = {int(n) for n in re.findall(r"第(\d+)条", citation)}
        return numbers <= CONFIRMED_RULES_ARTICLES
    return citation.startswith(("不动产登记暂行条例第", "民法典第"))


def test_confirmed_is_claimed_exactly_when_every_cited_article_is_confirmed() -> None:
    for entry in CATALOG.lists.values():
        rows = [*entry.items, *entry.choices]
        for row in rows:
            cited = [c.strip() for c in row.basis.split("；")]
            assert row.confirmed == all(_citation_confirmed(c) for c in cited), (
                entry.key,
                row.code,
            )
        cited = [c.strip() for c in entry.application_basis.split("；")]
        assert entry.application_confirmed == all(_citation_confirmed(c) for c in cited)


def test_types_and_causes_use_the_register_vocabulary() -> None:
    causes: dict[str, set[str]] = {
        RegistrationType.TRANSFER: {c.value for c in TransferCause},
        RegistrationType.CHANGE: {c.value for c in ChangeCause},
        RegistrationType.CANCELLATION: {c.value for c in CancellationCause},
        RegistrationType.ADVANCE_NOTICE: {k.value for k in NoticeKind},
        RegistrationType.FIRST: {k.value for k in RightKind},
    }
    for registration_type, cause in CATALOG.lists:
        assert registration_type in {t.value for t in RegistrationType} | EXTRA_TYPES
        if registration_type in causes:
            assert cause in causes[registration_type], (registration_type, cause)


def test_items_the_office_fetches_itself_have_no_original_and_others_default_to_originals() -> None:
    for entry in CATALOG.lists.values():
        for m in entry.items:
            assert m.original_required is not m.shareable, (entry.key, m.code)


def test_a_seizure_asks_the_court_only_for_its_documents_never_a_portrait_photo() -> None:
    entry = CATALOG.list_for("seizure", "court")
    assert {m.provider for m in entry.items} == {"court"}
    assert "application_form" not in every_code(entry)
    assert not any("照" in m.name and "人像" in m.name for m in entry.items)
    assert "实体" in (entry.note or "")


def test_an_objection_does_not_ask_for_the_suit_acceptance_notice() -> None:
    entry = CATALOG.list_for("objection", "general")
    assert not any("受理通知" in m.name for m in entry.items)
    assert "15日" in (entry.note or "")


def test_no_list_asks_for_a_newspaper_notice_or_a_compulsory_notarisation() -> None:
    for entry in CATALOG.lists.values():
        for m in entry.items:
            assert "登报" not in m.name
        optional_notary = [m for m in entry.items if "公证" in m.name]
        for m in optional_notary:
            assert m.code == "notarised_succession"
            assert any(
                m.code in option and len(option) == 1 for c in entry.choices for option in c.options
            )


def test_every_choice_keeps_an_option_no_circumstance_can_close() -> None:
    for entry in CATALOG.lists.values():
        for choice in entry.choices:
            assert any(
                all(not entry.item(code).conditions for code in option) for option in choice.options
            ), (entry.key, choice.code)


# ---------------------------------------------------------------------------
# The loader refuses bad data

MINIMAL = """
type = "transfer"
cause = "sale"
title = "测试"
application = "joint"
application_basis = "不动产登记暂行条例第14条第1款"
application_confirmed = true

[[items]]
code = "application_form"
name = "不动产登记申请书"
provider = "applicants"
basis = "不动产登记暂行条例第16条第1款第1项"
confirmed = true
"""

EXTRA_ITEM = """
[[items]]
code = "sale_contract"
name = "不动产买卖合同"
provider = "applicants"
basis = "不动产登记暂行条例第16条第1款第3项"
confirmed = true
"""


def write(directory: Path, text: str, name: str = "transfer.sale.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def refusal(directory: Path) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    return caught.value


def test_it_loads_a_minimal_list(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, MINIMAL))
    entry = catalog.list_for("transfer", "sale")
    assert codes(entry.items) == ["application_form"]
    assert entry.items[0].original_required is True


@pytest.mark.parametrize(
    "basis_line",
    ['basis = "不动产登记暂行条例第16条第1款第3项"', 'basis = "   "', ""],
    ids=["with", "blank", "absent"],
)
def test_it_refuses_an_item_without_a_legal_basis(tmp_path: Path, basis_line: str) -> None:
    text = EXTRA_ITEM.replace('basis = "不动产登记暂行条例第16条第1款第3项"', basis_line)
    if basis_line.startswith('basis = "不'):
        load_catalog(write(tmp_path, MINIMAL + text))
        return
    error = refusal(write(tmp_path, MINIMAL + text))
    assert (error.file, error.item) == ("transfer.sale.toml", "sale_contract")
    assert "no legal basis" in str(error)
    assert "transfer.sale.toml: sale_contract" in str(error)


def test_it_refuses_duplicate_codes_within_a_list(tmp_path: Path) -> None:
    error = refusal(write(tmp_path, MINIMAL + EXTRA_ITEM + EXTRA_ITEM))
    assert (error.file, error.item) == ("transfer.sale.toml", "sale_contract")
    assert "duplicate" in error.problem


def test_the_same_code_may_appear_in_different_lists(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL)
    write(tmp_path, MINIMAL.replace('"sale"', '"gift"'), "transfer.gift.toml")
    assert len(load_catalog(tmp_path).lists) == 2


def test_it_refuses_an_unknown_item_field(tmp_path: Path) -> None:
    error = refusal(write(tmp_path, MINIMAL + EXTRA_ITEM + "copies = 3\n"))
    assert (error.item, error.problem) == ("sale_contract", "unknown field(s): copies")


def test_it_refuses_an_unknown_list_field(tmp_path: Path) -> None:
    text = MINIMAL.replace('title = "测试"', 'title = "测试"\nfee = 80')
    error = refusal(write(tmp_path, text))
    assert (error.file, error.item, error.problem) == (
        "transfer.sale.toml",
        None,
        "unknown field(s): fee",
    )


def test_it_refuses_an_unknown_condition(tmp_path: Path) -> None:
    error = refusal(write(tmp_path, MINIMAL + EXTRA_ITEM + 'conditions = ["rich_buyer"]\n'))
    assert (error.item, error.problem) == ("sale_contract", "unknown condition 'rich_buyer'")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('provider = "neighbour"', "unknown provider 'neighbour'"),
        ('confirmed = "yes"', "'confirmed' must be true or false"),
        ('name = ""', "'name' must be a non-empty string"),
    ],
)
def test_it_refuses_bad_values_in_an_item(tmp_path: Path, line: str, problem: str) -> None:
    key = line.split(" = ")[0]
    text = re.sub(rf"(?m)^{key} = .*$", line, EXTRA_ITEM)
    error = refusal(write(tmp_path, MINIMAL + text))
    assert (error.item, error.problem) == ("sale_contract", problem)


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (
            'shareable = true\nshare_basis = "不动产登记暂行条例第24条"',
            "'share_source' must be a non-empty string",
        ),
        (
            'shareable = true\nshare_source = "tax"',
            "'share_basis' must be a non-empty string",
        ),
        (
            'shareable = true\nshare_source = "the_internet"\nshare_basis = "x"',
            "unknown share source 'the_internet'",
        ),
        ('share_source = "tax"', "'share_source' and 'share_basis' need 'shareable = true'"),
        (
            'shareable = true\nshare_source = "tax"\nshare_basis = "x"\noriginal_required = true',
            "an item the office obtains by sharing has no original to bring",
        ),
    ],
)
def test_it_refuses_inconsistent_sharing(tmp_path: Path, lines: str, problem: str) -> None:
    error = refusal(write(tmp_path, MINIMAL + EXTRA_ITEM + lines + "\n"))
    assert (error.item, error.problem) == ("sale_contract", problem)


def test_it_refuses_a_bad_code(tmp_path: Path) -> None:
    error = refusal(write(tmp_path, MINIMAL + EXTRA_ITEM.replace("sale_contract", "Sale-Contract")))
    assert (error.file, error.item) == ("transfer.sale.toml", "item #2")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('type = "transfer"', 'type = "purchase"', "unknown registration type 'purchase'"),
        ('application = "joint"', 'application = "anyone"', "unknown application mode 'anyone'"),
        ('cause = "sale"', 'cause = "gift"', "must be named transfer.gift.toml"),
    ],
)
def test_it_refuses_a_bad_list_header(tmp_path: Path, old: str, new: str, problem: str) -> None:
    error = refusal(write(tmp_path, MINIMAL.replace(old, new)))
    assert (error.file, error.item, error.problem) == ("transfer.sale.toml", None, problem)


def test_it_refuses_a_list_without_items(tmp_path: Path) -> None:
    header = MINIMAL.split("[[items]]")[0]
    error = refusal(write(tmp_path, header))
    assert error.problem == "a list needs at least one item"


def test_it_refuses_a_file_that_is_not_toml(tmp_path: Path) -> None:
    error = refusal(write(tmp_path, MINIMAL + "[[items]\n"))
    assert error.file == "transfer.sale.toml"
    assert error.problem.startswith("not valid TOML")


def test_it_refuses_an_empty_directory(tmp_path: Path) -> None:
    error = refusal(tmp_path)
    assert "no materials lists" in error.problem


def test_it_refuses_one_code_named_two_ways(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL)
    write(
        tmp_path,
        MINIMAL.replace('"sale"', '"gift"').replace("不动产登记申请书", "申请表"),
        "transfer.gift.toml",
    )
    error = refusal(tmp_path)
    assert (error.file, error.item) == ("transfer.sale.toml", "application_form")
    assert "transfer.gift.toml" in error.problem


CHOICE = """
[[choices]]
code = "contract_or_form"
name = "择一"
basis = "不动产登记暂行条例第16条第1款第3项"
confirmed = true
options = {options}
"""


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ('[["sale_contract"], ["nothing"]]', "option names unknown item 'nothing'"),
        ('[["sale_contract"]]', "'options' must be two or more non-empty arrays of item codes"),
        ('[["sale_contract"], []]', "'options' must be two or more non-empty arrays of item codes"),
        (
            '[["sale_contract"], ["sale_contract"]]',
            "option ['sale_contract'] is given twice",
        ),
        (
            '[["sale_contract", "sale_contract"], ["application_form"]]',
            "option ['sale_contract', 'sale_contract'] names an item twice",
        ),
    ],
)
def test_it_refuses_a_malformed_choice(tmp_path: Path, options: str, problem: str) -> None:
    text = MINIMAL + EXTRA_ITEM + CHOICE.format(options=options)
    error = refusal(write(tmp_path, text))
    assert (error.item, error.problem) == ("contract_or_form", problem)


def test_it_refuses_a_choice_without_basis_or_with_an_unknown_field(tmp_path: Path) -> None:
    choice = CHOICE.format(options='[["sale_contract"], ["application_form"]]')
    no_basis = choice.replace('basis = "不动产登记暂行条例第16条第1款第3项"\n', "")
    error = refusal(write(tmp_path, MINIMAL + EXTRA_ITEM + no_basis))
    assert (error.item, "no legal basis" in error.problem) == ("contract_or_form", True)
    error = refusal(write(tmp_path, MINIMAL + EXTRA_ITEM + choice + "weight = 1\n"))
    assert (error.item, error.problem) == ("contract_or_form", "unknown field(s): weight")


def test_it_refuses_a_choice_coded_like_an_item(tmp_path: Path) -> None:
    choice = CHOICE.format(options='[["sale_contract"], ["application_form"]]').replace(
        "contract_or_form", "sale_contract"
    )
    error = refusal(write(tmp_path, MINIMAL + EXTRA_ITEM + choice))
    assert (error.item, error.problem) == ("sale_contract", "duplicate code in this list")


# ---------------------------------------------------------------------------
# Version


def test_the_version_names_the_content_not_the_layout(tmp_path: Path) -> None:
    copy = tmp_path / "materials"
    shutil.copytree(DATA_DIR, copy)
    assert load_catalog(copy).version == CATALOG.version
    sale = copy / "transfer.sale.toml"
    sale.write_text("# a reviewer's remark\n\n" + sale.read_text(encoding="utf-8"), "utf-8")
    assert load_catalog(copy).version == CATALOG.version
    sale.write_text(sale.read_text(encoding="utf-8").replace("不动产买卖合同", "买卖合同"), "utf-8")
    assert load_catalog(copy).version != CATALOG.version


def test_a_checklist_carries_the_catalog_version() -> None:
    assert checklist(CATALOG, "transfer", "sale").catalog_version == CATALOG.version
    assert re.fullmatch(r"[0-9a-f]{16}", CATALOG.version)


def test_an_uncatalogued_case_is_refused() -> None:
    with pytest.raises(LookupError, match=r"transfer\.exchange"):
        checklist(CATALOG, "transfer", "exchange")


# ---------------------------------------------------------------------------
# Conditions and alternatives


def asked(key: tuple[str, str], **facts: bool | None) -> set[str]:
    return set(checklist(CATALOG, *key, circumstances=Circumstances(**facts)).askable_codes())


SALE = ("transfer", "sale")
INHERITANCE = ("transfer", "inheritance")


def test_a_power_of_attorney_is_asked_only_when_an_agent_applies() -> None:
    assert "power_of_attorney" not in asked(SALE)
    assert "power_of_attorney" in asked(SALE, agent=True)
    shared = codes(checklist(CATALOG, *SALE, circumstances=Circumstances(agent=True)).not_to_ask)
    assert "agent_identity" in shared


def test_co_owners_consent_is_asked_only_when_a_co_owner_does_not_apply() -> None:
    assert "co_owner_consent" not in asked(SALE)
    assert "co_owner_consent" in asked(SALE, absent_co_owners=True)
    assert "co_owner_consent" in asked(("mortgage", "general"), absent_co_owners=True)


def test_an_organisation_is_identified_from_shared_records() -> None:
    plain = checklist(CATALOG, *SALE)
    firm = checklist(
        CATALOG, *SALE, circumstances=Circumstances(individual=False, organisation=True)
    )
    assert "organisation_identity" not in codes(plain.not_to_ask)
    assert "organisation_identity" in codes(firm.not_to_ask)
    assert "applicant_identity" not in codes(firm.not_to_ask)


def test_a_guardian_disposing_for_a_ward_also_gives_a_written_guarantee() -> None:
    assert {"guardianship_proof"} <= asked(SALE, guardian=True)
    assert "ward_interest_guarantee" not in asked(SALE, guardian=True)
    assert "ward_interest_guarantee" in asked(SALE, guardian=True, ward_disposes=True)
    assert "ward_interest_guarantee" not in asked(SALE, ward_disposes=True)


def test_the_paper_sale_contract_is_asked_only_when_it_was_not_filed_online() -> None:
    assert "sale_contract" not in asked(SALE)
    filed = checklist(CATALOG, *SALE)
    assert "filed_sale_contract" in codes(filed.not_to_ask)
    assert "sale_contract" in asked(SALE, contract_filed=False)
    assert "filed_sale_contract" not in codes(
        checklist(CATALOG, *SALE, circumstances=Circumstances(contract_filed=False)).not_to_ask
    )


def test_encumbrances_add_the_consents_the_law_asks_for() -> None:
    assert asked(SALE).isdisjoint(
        {"mortgagee_consent", "notice_holder_consent", "objection_risk_acknowledgement"}
    )
    assert "mortgagee_consent" in asked(SALE, transfer_ban=True)
    assert "notice_holder_consent" in asked(SALE, advance_notice=True)
    assert "objection_risk_acknowledgement" in asked(SALE, objection=True)
    abandonment = ("cancellation", "abandonment")
    assert "encumbrance_consent" in asked(abandonment, encumbered=True)
    assert "encumbrance_consent" not in asked(abandonment)


def test_correction_asks_the_holder_for_the_certificate_and_others_for_their_interest() -> None:
    key = ("correction", "on_application")
    assert asked(key) == {"application_form", "title_certificate", "error_proof"}
    assert asked(key, interested_party=True) == {
        "application_form",
        "interest_proof",
        "error_proof",
    }


def test_a_physical_change_asks_by_what_changed() -> None:
    key = ("change", "physical_state")
    assert asked(key) == {"application_form", "title_certificate"}
    assert asked(key, area_changed=True) == {
        "application_form",
        "title_certificate",
        "survey_report",
    }
    assert {"change_approval", "land_grant_supplement", "land_premium_receipt"} <= asked(
        key, use_changed=True
    )
    renamed = checklist(CATALOG, *key, circumstances=Circumstances(location_renamed=True))
    assert "place_name_change_record" in codes(renamed.not_to_ask)


def option_codes(key: tuple[str, str], **facts: bool | None) -> list[list[str]]:
    (alt,) = checklist(CATALOG, *key, circumstances=Circumstances(**facts)).choices
    return [codes(option) for option in alt.options]


def test_the_will_decides_the_succession_route_and_unknown_leaves_both_open() -> None:
    assert option_codes(INHERITANCE) == [
        ["will", "kinship_proof"],
        ["heirs_agreement", "kinship_proof"],
        ["notarised_succession"],
        ["succession_judgment"],
    ]
    assert option_codes(INHERITANCE, will=True) == [
        ["will", "kinship_proof"],
        ["notarised_succession"],
        ["succession_judgment"],
    ]
    assert option_codes(INHERITANCE, will=False) == [
        ["heirs_agreement", "kinship_proof"],
        ["notarised_succession"],
        ["succession_judgment"],
    ]


def test_a_death_is_checked_from_shared_records_when_a_route_needs_it() -> None:
    shared = codes(checklist(CATALOG, *INHERITANCE).not_to_ask)
    assert shared == ["applicant_identity", "death_certificate", "tax_clearance", "unit_survey"]


# ---------------------------------------------------------------------------
# What the office must not ask for


def circumstances() -> st.SearchStrategy[Circumstances]:
    flags = {f.name: st.booleans() for f in fields(Circumstances) if f.name != "will"}
    return st.builds(Circumstances, will=st.none() | st.booleans(), **flags)


LIST_KEYS = sorted(CATALOG.lists)


@given(key=st.sampled_from(LIST_KEYS), facts=circumstances())
def test_shared_items_are_never_asked_for(key: tuple[str, str], facts: Circumstances) -> None:
    result = checklist(CATALOG, *key, circumstances=facts)
    entry = CATALOG.list_for(*key)
    shareable = {m.code for m in entry.items if m.shareable}
    assert result.askable_codes().isdisjoint(shareable)
    assert all(m.shareable for m in result.not_to_ask)
    assert all(m.applies(facts) for m in (*result.to_ask, *result.not_to_ask))


def test_an_unavailable_source_puts_its_items_back_on_the_list() -> None:
    result = checklist(CATALOG, *SALE, unavailable_sources={"tax", "housing"})
    assert {"tax_clearance", "filed_sale_contract"} <= {m.code for m in result.to_ask}
    assert codes(result.not_to_ask) == ["applicant_identity", "unit_survey"]


@pytest.mark.parametrize("source", ["register", "the_internet"])
def test_the_offices_own_records_and_unknown_sources_cannot_be_declared_down(
    source: str,
) -> None:
    with pytest.raises(ValueError, match=source):
        checklist(CATALOG, *SALE, unavailable_sources={source})


def test_a_choice_the_office_can_complete_from_shared_data_asks_nothing(tmp_path: Path) -> None:
    shared = (
        EXTRA_ITEM.replace("sale_contract", "filed_contract").replace(
            "不动产买卖合同", "经备案的买卖合同"
        )
        + 'shareable = true\nshare_source = "housing"\nshare_basis = "不动产登记暂行条例第24条"\n'
    )
    choice = CHOICE.format(options='[["sale_contract"], ["filed_contract"]]')
    catalog = load_catalog(write(tmp_path, MINIMAL + EXTRA_ITEM + shared + choice))
    result = checklist(catalog, *SALE)
    assert result.choices == ()
    assert codes(result.not_to_ask) == ["filed_contract"]
    down = checklist(catalog, *SALE, unavailable_sources={"housing"})
    assert [[codes(o) for o in alt.options] for alt in down.choices] == [
        [["sale_contract"], ["filed_contract"]]
    ]


# ---------------------------------------------------------------------------
# What is missing, for the one-time notice


def test_missing_lists_exactly_what_was_not_presented_with_its_basis() -> None:
    result = checklist(
        CATALOG, *SALE, circumstances=Circumstances(agent=True, absent_co_owners=True)
    )
    lines = missing(result, {"application_form", "power_of_attorney"})
    assert [(line.code, line.basis, line.options) for line in lines] == [
        ("title_certificate", "不动产登记暂行条例第16条第1款第3项", ()),
        ("co_owner_consent", "不动产登记暂行条例实施细则第10条；民法典第301条", ()),
    ]
    assert lines[1].confirmed is False
    assert lines[1].provider == "absent_co_owners"


def test_nothing_is_missing_once_everything_asked_is_presented() -> None:
    for key in LIST_KEYS:
        result = checklist(CATALOG, *key)
        assert missing(result, result.askable_codes()) == ()


def test_either_the_will_or_the_heirs_agreement_completes_succession() -> None:
    result = checklist(CATALOG, *INHERITANCE)
    base = {"application_form", "title_certificate", "kinship_proof"}
    assert missing(result, base | {"will"}) == ()
    assert missing(result, base | {"heirs_agreement"}) == ()
    assert missing(result, {"application_form", "title_certificate", "notarised_succession"}) == ()


def test_an_unmet_choice_is_one_line_listing_each_option_without_what_was_brought() -> None:
    result = checklist(CATALOG, *INHERITANCE)
    (line,) = missing(result, {"application_form", "title_certificate", "kinship_proof"})
    assert line.code == "succession_documents"
    assert line.basis == "不动产登记暂行条例实施细则第14条"
    assert [codes(option) for option in line.options] == [
        ["will"],
        ["heirs_agreement"],
        ["notarised_succession"],
        ["succession_judgment"],
    ]


def test_codes_presented_but_not_asked_for_are_ignored() -> None:
    result = checklist(CATALOG, *SALE)
    assert missing(result, {"application_form", "title_certificate", "tax_clearance", "x"}) == ()


@given(data=st.data())
def test_missing_and_presented_together_cover_what_is_required(data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(LIST_KEYS))
    facts = data.draw(circumstances())
    result = checklist(CATALOG, *key, circumstances=facts)
    universe = sorted({m.code for m in CATALOG.list_for(*key).items})
    presented = data.draw(st.sets(st.sampled_from(universe)))
    lines = missing(result, presented)
    lacking = {line.code for line in lines}
    required = {m.code for m in result.to_ask}

    assert required <= lacking | presented
    assert lacking.isdisjoint(presented)
    assert all(m.code not in presented for line in lines for o in line.options for m in o)
    for alt in result.choices:
        met = any(all(m.code in presented for m in option) for option in alt.options)
        assert met is (alt.code not in lacking)
    assert lacking <= required | {alt.code for alt in result.choices}


def test_every_condition_is_used_somewhere() -> None:
    used = {c for entry in CATALOG.lists.values() for m in entry.items for c in m.conditions}
    assert used == set(CONDITIONS)


def test_the_catalog_is_read_only() -> None:
    assert isinstance(CATALOG, Catalog)
    with pytest.raises(TypeError):
        CATALOG.lists[("x", "y")] = CATALOG.list_for(*SALE)
