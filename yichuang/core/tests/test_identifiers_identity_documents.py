"""The identity-document dispatcher (自然人身份证件): one entry point for every type."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.core.identifiers import (
    DocumentType,
    IdentifierError,
    IdentityDocument,
    Passport,
    Region,
    ResidencePermit,
    ResidentId,
    TravelPermit,
    parse_identity_document,
)
from yichuang.core.tests.identifier_strategies import TODAY, mod11_2_reference

HK_PERMIT = "81000019850615002" + mod11_2_reference("81000019850615002")
TW_PERMIT = "83000019850615002" + mod11_2_reference("83000019850615002")
NEW_PERMANENT = "93184019850615003" + mod11_2_reference("93184019850615003")


def error_of(kind: DocumentType | str, number: str, country: str | None = None) -> IdentifierError:
    """The error the dispatcher raises."""
    with pytest.raises(IdentifierError) as caught:
        parse_identity_document(kind, number, country=country, today=TODAY)
    return caught.value


def test_a_resident_id_gives_its_canonical_number_and_birth_date() -> None:
    document = parse_identity_document(DocumentType.RESIDENT_ID, "11010519491231002x", today=TODAY)
    assert (document.number, document.country, document.birth_date) == (
        "11010519491231002X",
        None,
        date(1949, 12, 31),
    )
    assert isinstance(document.parsed, ResidentId)
    assert str(document) == "11010519491231002X"


def test_the_document_type_may_be_given_as_its_string_value() -> None:
    document = parse_identity_document("resident_id", "110105491231002", today=TODAY)
    assert document.document_type is DocumentType.RESIDENT_ID
    assert document.number == "11010519491231002X"


def test_an_unknown_document_type_is_an_identifier_error() -> None:
    error = error_of("driving_licence", "123")
    assert (error.code, error.params) == ("document_type", {"found": "driving_licence"})


@pytest.mark.parametrize(
    ("kind", "number", "region"),
    [
        (DocumentType.HK_MACAO_RESIDENCE_PERMIT, HK_PERMIT, Region.HONG_KONG),
        (DocumentType.TAIWAN_RESIDENCE_PERMIT, TW_PERMIT, Region.TAIWAN),
    ],
)
def test_residence_permits_give_their_region_and_birth_date(
    kind: DocumentType, number: str, region: Region
) -> None:
    document = parse_identity_document(kind, number, today=TODAY)
    assert isinstance(document.parsed, ResidencePermit)
    assert document.parsed.region is region
    assert document.birth_date == date(1985, 6, 15)


def test_a_taiwan_permit_number_is_refused_as_a_hong_kong_macao_permit() -> None:
    error = error_of(DocumentType.HK_MACAO_RESIDENCE_PERMIT, TW_PERMIT)
    assert (error.code, error.params) == (
        "region",
        {"position": 1, "expected": "810000/820000", "found": "830000"},
    )


def test_a_residence_permit_number_is_refused_as_a_resident_id() -> None:
    assert error_of(DocumentType.RESIDENT_ID, HK_PERMIT).code == "residence_permit"


@pytest.mark.parametrize(
    ("kind", "number", "canonical"),
    [
        (DocumentType.HK_MACAO_TRAVEL_PERMIT, "m12345678", "M12345678"),
        (DocumentType.TAIWAN_TRAVEL_PERMIT, "12345678", "12345678"),
    ],
)
def test_travel_permits_have_no_birth_date(kind: DocumentType, number: str, canonical: str) -> None:
    document = parse_identity_document(kind, number, today=TODAY)
    assert isinstance(document.parsed, TravelPermit)
    assert (document.number, document.birth_date) == (canonical, None)


def test_a_passport_needs_and_keeps_its_issuing_country() -> None:
    document = parse_identity_document(DocumentType.PASSPORT, "e12345678", country="usa")
    assert document == IdentityDocument(
        DocumentType.PASSPORT, "E12345678", "USA", None, Passport("E12345678", "USA")
    )
    assert error_of(DocumentType.PASSPORT, "E12345678").code == "country_required"


def test_a_15_character_permanent_resident_card_gives_its_nationality() -> None:
    document = parse_identity_document(
        DocumentType.FOREIGN_PERMANENT_RESIDENT, "KAZ110090123105", today=TODAY
    )
    assert (document.country, document.birth_date) == ("KAZ", date(1990, 12, 31))


def test_a_given_country_must_agree_with_the_nationality_in_the_number() -> None:
    error = error_of(DocumentType.FOREIGN_PERMANENT_RESIDENT, "KAZ110090123105", country="usa")
    assert (error.code, error.params) == ("country_mismatch", {"expected": "KAZ", "found": "USA"})


def test_an_18_character_permanent_resident_card_takes_the_given_country() -> None:
    document = parse_identity_document(
        DocumentType.FOREIGN_PERMANENT_RESIDENT, NEW_PERMANENT, country="USA", today=TODAY
    )
    assert (document.country, document.birth_date) == ("USA", date(1985, 6, 15))


def test_a_blank_country_means_not_given_for_documents_other_than_passports() -> None:
    document = parse_identity_document(
        DocumentType.RESIDENT_ID, "11010519491231002X", country=" ", today=TODAY
    )
    assert document.country is None


def test_a_given_country_is_validated_for_every_type() -> None:
    error = error_of(DocumentType.RESIDENT_ID, "11010519491231002X", country="ZZZ")
    assert (error.code, error.params) == ("country", {"found": "ZZZ"})


@given(st.sampled_from(DocumentType), st.text(), st.one_of(st.none(), st.text(max_size=4)))
def test_property_any_input_is_a_document_or_an_identifier_error(
    kind: DocumentType, number: str, country: str | None
) -> None:
    try:
        document = parse_identity_document(kind, number, country=country, today=TODAY)
    except IdentifierError:
        return
    assert document.document_type is kind
