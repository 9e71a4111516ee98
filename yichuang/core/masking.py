"""Masking of personal data (脱敏) for screens, audit records and logs.

Masking is the default everywhere; showing a value in full is a recorded
action taken elsewhere. The functions here only ever hide, never reveal.
"""

from __future__ import annotations

import logging
import re

_MASK = "*"

# An 18-character resident ID or residence permit, or a 15-digit legacy number,
# standing on its own inside free text.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{6})(\d{3}[0-9Xx]|\d{3})(?![0-9A-Za-z])")
# A mainland mobile number (11 digits starting with 1[3-9]).
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_id_number(value: str) -> str:
    """Keep the first 6 and last 4 characters: 110105********002X."""
    value = value.strip()
    if len(value) <= 10:
        return _MASK * len(value)
    return value[:6] + _MASK * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits of a phone number: 138****5678."""
    value = value.strip()
    if len(value) <= 7:
        return _MASK * len(value)
    return value[:3] + _MASK * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """Keep the first character of a personal name: 张** (Latin names: J*** S****)."""
    value = value.strip()
    if not value:
        return value
    if value.isascii():
        return " ".join(part[:1] + _MASK * (len(part) - 1) for part in value.split())
    return value[0] + _MASK * (len(value) - 1)


def mask_text(text: str) -> str:
    """Mask every ID number and mobile number that appears in free text."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


# Field names whose values are personal data wherever they occur in a record.
PERSONAL_FIELDS: dict[str, object] = {
    "id_number": mask_id_number,
    "document_number": mask_id_number,
    "phone": mask_phone,
    "mobile": mask_phone,
    "full_name": mask_name,
    "person_name": mask_name,
}
# Field names never written anywhere, not even masked.
SECRET_FIELDS = frozenset({"password", "otp", "one_time_code", "signing_key", "salt"})


def mask_record(record: dict[str, object]) -> dict[str, object]:
    """A copy of ``record`` with personal fields masked and secrets dropped."""
    masked: dict[str, object] = {}
    for key, value in record.items():
        if key in SECRET_FIELDS:
            continue
        masker = PERSONAL_FIELDS.get(key)
        if masker is not None and isinstance(value, str) and callable(masker):
            masked[key] = masker(value)
        elif isinstance(value, str):
            masked[key] = mask_text(value)
        elif isinstance(value, dict):
            masked[key] = mask_record(value)
        else:
            masked[key] = value
    return masked


class PersonalDataLogFilter(logging.Filter):
    """Rewrites each log record so no ID or mobile number reaches a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
