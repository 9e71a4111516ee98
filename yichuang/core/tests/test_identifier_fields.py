"""Django and pydantic adapters of the identifier parsers: messages, fields, API types.

No database is needed: fields, validators and schemas are exercised directly,
and the API round trip uses django-ninja's test client on a throwaway router.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from ninja import NinjaAPI, Schema
from ninja.testing import TestClient
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from yichuang.core.identifier_fields import (
    MESSAGES,
    CertificateNumberField,
    CertificateNumberStr,
    ResidentIdField,
    ResidentIdStr,
    UnitCodeField,
    UnitCodeStr,
    UsccField,
    UsccStr,
    identifier_error_message,
    validate_certificate_number,
    validate_resident_id,
    validate_unit_code,
    validate_uscc,
)
from yichuang.core.identifiers import ErrorCode, IdentifierError
from yichuang.core.tests.identifier_strategies import ERROR_EXAMPLES

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def raised(code: ErrorCode) -> IdentifierError:
    """The error of the example input for ``code``."""
    with pytest.raises(IdentifierError) as caught:
        ERROR_EXAMPLES[code]()
    return caught.value


def chinese(message: str) -> str:
    """The message as the committed zh_Hans catalogue translates it."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


# --- Messages --------------------------------------------------------------------


def test_every_error_code_has_a_message() -> None:
    assert set(MESSAGES) == set(ErrorCode)


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_message_renders_with_the_params_its_error_carries(code: ErrorCode) -> None:
    message = identifier_error_message(raised(code))
    assert message
    assert "%(" not in message


def test_the_check_digit_message_names_the_expected_character() -> None:
    assert identifier_error_message(raised(ErrorCode.CHECK_DIGIT)) == (
        "The check digit is wrong: expected 1."
    )


def test_the_position_message_names_the_position_and_the_allowed_characters() -> None:
    error = IdentifierError(ErrorCode.POSITION, position=13, expected="G/J/Z", found="X")
    assert identifier_error_message(error) == "Character 13 must be one of G/J/Z, not 'X'."


@pytest.mark.parametrize("code", list(ErrorCode))
def test_the_catalogue_translates_every_message_with_the_same_placeholders(
    code: ErrorCode,
) -> None:
    msgid = MESSAGES[code]
    msgstr = chinese(msgid)
    assert msgstr != msgid, f"no translation for {msgid!r}"
    assert set(PLACEHOLDER.findall(msgstr)) == set(PLACEHOLDER.findall(msgid))
    assert msgstr % raised(code).params


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (ErrorCode.CHECK_DIGIT, "校验码错误，应为1。"),
        (ErrorCode.LENGTH, "长度应为18位，实为3位。"),
        (ErrorCode.BIRTH_DATE, "出生日期19910230不是有效日期。"),
    ],
)
def test_the_chinese_messages_read_naturally(code: ErrorCode, expected: str) -> None:
    with translation.override("zh-hans"):
        assert identifier_error_message(raised(code)) == expected


def test_the_chinese_position_message_reads_as_the_domain_says() -> None:
    error = IdentifierError(ErrorCode.POSITION, position=13, expected="G/J/Z", found="X")
    with translation.override("zh-hans"):
        assert identifier_error_message(error) == "第13位应为G/J/Z，实为“X”。"


# --- Form fields -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "canonical"),
    [
        (ResidentIdField(), " 11010519491231002x ", "11010519491231002X"),
        (ResidentIdField(), "110105491231002", "11010519491231002X"),
        (UsccField(), "９１１１００００６０００３７３４１ｌ", "91110000600037341L"),
        (UnitCodeField(), "320684413219gb00029f00010002", "320684413219GB00029F00010002"),
        (
            CertificateNumberField(),
            "苏（2017）海门市不动产权第0000183号",
            "苏(2017)海门市不动产权第0000183号",
        ),
    ],
)
def test_a_field_cleans_to_the_canonical_spelling(
    field: forms.CharField, raw: str, canonical: str
) -> None:
    assert field.clean(raw) == canonical


def test_a_field_reports_the_precise_message_and_the_error_code() -> None:
    with pytest.raises(ValidationError) as caught:
        ResidentIdField().clean("360426199101010072")
    assert caught.value.code == "check_digit"
    assert caught.value.params == {"position": 18, "expected_check": "1", "found": "2"}
    assert caught.value.messages == ["The check digit is wrong: expected 1."]


def test_a_required_field_keeps_djangos_required_message() -> None:
    with pytest.raises(ValidationError) as caught:
        UsccField().clean("  ")
    assert caught.value.code == "required"


def test_an_optional_field_returns_the_empty_value() -> None:
    assert UnitCodeField(required=False).clean("") == ""


def test_a_form_shows_the_message_on_the_field() -> None:
    class ApplicantForm(forms.Form):
        uscc = UsccField()

    form = ApplicantForm(data={"uscc": "91110000600037341M"})
    assert not form.is_valid()
    assert form.errors["uscc"] == ["The check digit is wrong: expected L."]
    assert form.errors.as_data()["uscc"][0].code == "check_digit"


# --- Model-field validators ------------------------------------------------------


@pytest.mark.parametrize(
    ("validator", "valid", "invalid", "code"),
    [
        (validate_resident_id, "11010519491231002X", "11010519491231002", "length"),
        (validate_uscc, "91110000600037341L", "91110000600037341I", "charset"),
        (
            validate_unit_code,
            "320684413219GB00029F00010002",
            "320684413219XB00029F00010002",
            "position",
        ),
        (
            validate_certificate_number,
            "苏(2017)海门市不动产权第0000183号",
            "苏(2014)海门市不动产权第0000183号",
            "certificate_year",
        ),
    ],
)
def test_a_validator_accepts_a_valid_value_and_rejects_an_invalid_one_with_its_code(
    validator: Any, valid: str, invalid: str, code: str
) -> None:
    validator(valid)
    with pytest.raises(ValidationError) as caught:
        validator(invalid)
    assert caught.value.code == code


# --- Pydantic and django-ninja --------------------------------------------------


class Holder(BaseModel):
    resident_id: ResidentIdStr
    uscc: UsccStr
    unit_code: UnitCodeStr
    certificate: CertificateNumberStr


VALID = {
    "resident_id": "11010519491231002x",
    "uscc": "91110000600037341l",
    "unit_code": "320684413219gb00029f00010002",
    "certificate": "苏（2017）海门市不动产权第0000183号",
}


def test_the_api_types_normalise_to_canonical() -> None:
    holder = Holder(**VALID)
    assert (holder.resident_id, holder.uscc) == ("11010519491231002X", "91110000600037341L")
    assert holder.unit_code == "320684413219GB00029F00010002"
    assert holder.certificate == "苏(2017)海门市不动产权第0000183号"


def test_the_api_types_fail_with_the_precise_message_and_no_value_error_prefix() -> None:
    with pytest.raises(PydanticValidationError) as caught:
        Holder(**{**VALID, "unit_code": "320684413219XB00029F00010002"})
    (error,) = caught.value.errors()
    assert error["type"] == "identifier_invalid"
    assert error["loc"] == ("unit_code",)
    assert error["msg"] == "Character 13 must be one of G/J/Z, not 'X'."
    assert error["ctx"] == {"code": "position", "position": 13, "expected": "G/J/Z", "found": "X"}


def test_the_api_types_describe_themselves_in_the_json_schema() -> None:
    schema = Holder.model_json_schema()["properties"]["uscc"]
    assert schema["type"] == "string"
    assert schema["examples"] == ["91110000600037341L"]


class Applicant(Schema):
    uscc: UsccStr


def test_an_api_answers_422_naming_the_field_with_the_precise_message() -> None:
    api = NinjaAPI(urls_namespace="identifier-fields-test")

    @api.post("/applicants", auth=None)
    def create(request: Any, payload: Applicant) -> dict[str, str]:
        return {"uscc": payload.uscc}

    client = TestClient(api)
    ok = client.post("/applicants", json={"uscc": "91110000600037341l"})
    assert (ok.status_code, ok.json()) == (200, {"uscc": "91110000600037341L"})

    bad = client.post("/applicants", json={"uscc": "91110000600037341M"})
    assert bad.status_code == 422
    (detail,) = bad.json()["detail"]
    assert detail["loc"] == ["body", "payload", "uscc"]
    assert detail["msg"] == "The check digit is wrong: expected L."
    assert detail["type"] == "identifier_invalid"
