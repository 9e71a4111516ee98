"""Django and pydantic adapters for the pure identifier parsers (标识号码表单字段).

``yichuang.core.identifiers`` raises :class:`IdentifierError` with a machine
code and parameters. This module is where those become translated text:

* :func:`identifier_error_message` renders any error in the active language;
* form fields (``ResidentIdField`` …) clean input to the canonical spelling;
* ``validate_*`` functions serve as model-field validators;
* ``Annotated`` string types (``ResidentIdStr`` …) for django-ninja schemas
  normalise to canonical and fail with a ``identifier_invalid`` error whose
  message is the translated text and whose context carries the code and
  parameters, so an API client can both show and act on it.

The English messages below are the msgids of the catalogue; their Simplified
Chinese translations live in ``locale_fragments/core_identifiers.po``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from yichuang.core.identifiers import (
    CanonicalIdentifier,
    ErrorCode,
    IdentifierError,
    parse_certificate_number,
    parse_resident_id,
    parse_unit_code,
    parse_uscc,
)

# Marked with gettext_noop so makemessages extracts them; translated on use,
# in the language active for the request being answered.
MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.EMPTY: gettext_noop("The number is empty."),
    ErrorCode.LENGTH: gettext_noop(
        "The number must be %(expected)s characters long, not %(found)s."
    ),
    ErrorCode.CHARSET: gettext_noop("Character %(position)s ('%(found)s') is not allowed."),
    ErrorCode.DIGIT: gettext_noop("Character %(position)s must be a digit, not '%(found)s'."),
    ErrorCode.POSITION: gettext_noop(
        "Character %(position)s must be one of %(expected)s, not '%(found)s'."
    ),
    ErrorCode.CHECK_DIGIT: gettext_noop("The check digit is wrong: expected %(expected_check)s."),
    ErrorCode.BIRTH_DATE: gettext_noop("The birth date %(value)s is not a valid date."),
    ErrorCode.BIRTH_DATE_FUTURE: gettext_noop("The birth date %(value)s is in the future."),
    ErrorCode.BIRTH_DATE_TOO_EARLY: gettext_noop(
        "The birth date %(value)s is before the year %(min_year)s."
    ),
    ErrorCode.ADDRESS_CODE: gettext_noop(
        "The address code %(address_code)s begins with %(found)s, "
        "which is not a province-level division code."
    ),
    ErrorCode.RESIDENCE_PERMIT: gettext_noop(
        "The address code %(found)s belongs to a residence permit for Hong Kong, Macao "
        "and Taiwan residents, not to a resident ID: choose that document type."
    ),
    ErrorCode.REGION: gettext_noop(
        "The address code of this residence permit must be %(expected)s, not %(found)s."
    ),
    ErrorCode.DIVISION_CODE: gettext_noop("%(found)s is not a valid administrative division code."),
    ErrorCode.NO_FIXTURE_NUMBER: gettext_noop(
        "When the fixture type is W (no fixture), characters %(position)s to %(end)s "
        "must be %(expected)s, not %(found)s."
    ),
    ErrorCode.COUNTRY: gettext_noop(
        "%(found)s is not an ISO 3166-1 alpha-3 country or region code."
    ),
    ErrorCode.COUNTRY_REQUIRED: gettext_noop("The issuing country or region is required."),
    ErrorCode.COUNTRY_MISMATCH: gettext_noop(
        "The number gives the nationality %(expected)s, but %(found)s was entered."
    ),
    ErrorCode.DOCUMENT_TYPE: gettext_noop("'%(found)s' is not a supported identity document type."),
    ErrorCode.PROVINCE_ABBREVIATION: gettext_noop(
        "The number must begin with a province abbreviation such as 苏, not '%(found)s'."
    ),
    ErrorCode.CERTIFICATE_YEAR_FORMAT: gettext_noop(
        "The province abbreviation must be followed by the four-digit year "
        "in brackets, e.g. (2017)."
    ),
    ErrorCode.CERTIFICATE_YEAR: gettext_noop(
        "The year must be between %(min)s and %(max)s, not %(found)s."
    ),
    ErrorCode.CERTIFICATE_KIND: gettext_noop(
        "The place name must be followed by 不动产权第 (title certificate) "
        "or 不动产证明第 (registration proof)."
    ),
    ErrorCode.CERTIFICATE_PLACE: gettext_noop(
        "The place name must be %(min)s to %(max)s Chinese characters."
    ),
    ErrorCode.CERTIFICATE_SEQUENCE: gettext_noop(
        "The sequence number must have at least %(min_digits)s digits and end with 号."
    ),
}


def identifier_error_message(err: IdentifierError) -> str:
    """``err`` as one sentence in the active language, parameters filled in."""
    return gettext(MESSAGES[err.code]) % err.params


def identifier_validation_error(err: IdentifierError) -> ValidationError:
    """``err`` as a Django ``ValidationError`` carrying its code and parameters."""
    return ValidationError(gettext(MESSAGES[err.code]), code=str(err.code), params=err.params)


def _local_today() -> date:
    # The office's calendar day (TIME_ZONE), not the server's, bounds birth
    # dates and certificate years.
    return timezone.localdate() if settings.USE_TZ else date.today()


def _resident_id(value: str) -> CanonicalIdentifier:
    return parse_resident_id(value, today=_local_today())


def _certificate_number(value: str) -> CanonicalIdentifier:
    return parse_certificate_number(value, today=_local_today())


def _canonical(parse: Callable[[str], CanonicalIdentifier], value: str) -> str:
    try:
        return parse(value).canonical
    except IdentifierError as err:
        raise identifier_validation_error(err) from None


# --- Model-field validators ----------------------------------------------------


def validate_resident_id(value: str) -> None:
    """Model-field validator for resident ID numbers (居民身份证号码).

    Validators cannot change the stored value: save the canonical spelling,
    which the form fields and API types below produce.
    """
    _canonical(_resident_id, value)


def validate_uscc(value: str) -> None:
    """Model-field validator for unified social credit codes (统一社会信用代码)."""
    _canonical(parse_uscc, value)


def validate_unit_code(value: str) -> None:
    """Model-field validator for real estate unit codes (不动产单元代码)."""
    _canonical(parse_unit_code, value)


def validate_certificate_number(value: str) -> None:
    """Model-field validator for certificate numbers (不动产权证书号/证明号)."""
    _canonical(_certificate_number, value)


# --- Form fields ---------------------------------------------------------------


class IdentifierField(forms.CharField):
    """A text field whose cleaned value is the canonical spelling of an identifier."""

    def parse(self, value: str) -> CanonicalIdentifier:
        """Parse ``value``; subclasses name the identifier."""
        raise NotImplementedError

    def to_python(self, value: Any) -> str | None:
        """Strip, then parse non-empty input to its canonical spelling."""
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return text
        return _canonical(self.parse, text)


class ResidentIdField(IdentifierField):
    """Resident ID number (居民身份证号码); 15-digit numbers become 18 characters."""

    def parse(self, value: str) -> CanonicalIdentifier:
        """Parse a resident ID against the office's date."""
        return _resident_id(value)


class UsccField(IdentifierField):
    """Unified social credit code (统一社会信用代码)."""

    def parse(self, value: str) -> CanonicalIdentifier:
        """Parse a unified social credit code."""
        return parse_uscc(value)


class UnitCodeField(IdentifierField):
    """Real estate unit code (不动产单元代码)."""

    def parse(self, value: str) -> CanonicalIdentifier:
        """Parse a real estate unit code."""
        return parse_unit_code(value)


class CertificateNumberField(IdentifierField):
    """Title certificate or registration proof number (不动产权证书号/证明号)."""

    def parse(self, value: str) -> CanonicalIdentifier:
        """Parse a certificate number against the office's date."""
        return _certificate_number(value)


# --- Pydantic types for django-ninja schemas -------------------------------------


def _api_canonical(parse: Callable[[str], CanonicalIdentifier]) -> AfterValidator:
    def validate(value: str) -> str:
        try:
            return parse(value).canonical
        except IdentifierError as err:
            context: dict[str, Any] = {"code": str(err.code), **err.params}
            raise PydanticCustomError(
                "identifier_invalid", identifier_error_message(err), context
            ) from None

    return AfterValidator(validate)


ResidentIdStr = Annotated[
    str,
    _api_canonical(_resident_id),
    Field(description="Resident ID number (居民身份证号码)", examples=["11010519491231002X"]),
]
UsccStr = Annotated[
    str,
    _api_canonical(parse_uscc),
    Field(
        description="Unified social credit code (统一社会信用代码)", examples=["91110000600037341L"]
    ),
]
UnitCodeStr = Annotated[
    str,
    _api_canonical(parse_unit_code),
    Field(
        description="Real estate unit code (不动产单元代码)",
        examples=["320684413219GB00029F00010002"],
    ),
]
CertificateNumberStr = Annotated[
    str,
    _api_canonical(_certificate_number),
    Field(
        description="Certificate number (不动产权证书号/证明号)",
        examples=["苏(2017)海门市不动产权第0000183号"],
    ),
]
