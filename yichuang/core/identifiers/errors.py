"""The single error type raised by every identifier parser (标识号码校验错误).

A parser never builds user-facing prose: it raises :class:`IdentifierError`
with a stable machine ``code`` and the ``params`` a message needs. The Django
layer (``yichuang.core.identifier_fields``) turns those into translated text.

Positions in ``params`` are 1-based and count characters of the *normalised*
input (spaces removed, full-width folded), which is what a clerk sees echoed.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable machine codes of :class:`IdentifierError` (错误代码).

    The values are part of the API contract: clients and translations key on
    them, so rename a member only together with a data migration of messages.
    """

    EMPTY = "empty"
    LENGTH = "length"
    CHARSET = "charset"
    DIGIT = "digit"
    POSITION = "position"
    CHECK_DIGIT = "check_digit"
    BIRTH_DATE = "birth_date"
    BIRTH_DATE_FUTURE = "birth_date_future"
    BIRTH_DATE_TOO_EARLY = "birth_date_too_early"
    ADDRESS_CODE = "address_code"
    RESIDENCE_PERMIT = "residence_permit"
    REGION = "region"
    DIVISION_CODE = "division_code"
    NO_FIXTURE_NUMBER = "no_fixture_number"
    COUNTRY = "country"
    COUNTRY_REQUIRED = "country_required"
    COUNTRY_MISMATCH = "country_mismatch"
    DOCUMENT_TYPE = "document_type"
    PROVINCE_ABBREVIATION = "province_abbreviation"
    CERTIFICATE_YEAR_FORMAT = "certificate_year_format"
    CERTIFICATE_YEAR = "certificate_year"
    CERTIFICATE_KIND = "certificate_kind"
    CERTIFICATE_PLACE = "certificate_place"
    CERTIFICATE_SEQUENCE = "certificate_sequence"


class IdentifierError(ValueError):
    """An identifier failed validation; ``code`` says how, ``params`` says where.

    Subclasses ``ValueError`` so generic callers (and pydantic) still treat it
    as a bad value. ``str(err)`` is a short English developer message such as
    ``check_digit (position=18, expected_check='7', found='1')``.
    """

    code: ErrorCode
    params: dict[str, object]

    def __init__(self, code: ErrorCode, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self._describe())

    def _describe(self) -> str:
        if not self.params:
            return str(self.code)
        details = ", ".join(f"{name}={value!r}" for name, value in self.params.items())
        return f"{self.code} ({details})"

    def __reduce__(self) -> tuple[object, ...]:
        # The keyword-only constructor does not fit BaseException's default
        # pickling (which replays ``args``); errors cross process boundaries
        # in task queues, so rebuild from code and params instead.
        return (_rebuild_error, (self.code, self.params))


def _rebuild_error(code: ErrorCode, params: dict[str, object]) -> IdentifierError:
    return IdentifierError(code, **params)
