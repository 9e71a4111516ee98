"""Validated identifier value types (标识号码值类型), pure Python.

Every ``parse_*`` function normalises its input (full width, lower case,
spaces), validates it and returns a frozen value object whose ``canonical``
attribute (and ``str()``) is the spelling to store, or raises
:class:`IdentifierError` naming exactly what is wrong by a stable ``code``
and 1-based positions in ``params``.

This package must not import Django: it is shared by models, forms, the API,
importers and benchmarks. Django and pydantic adapters live in
``yichuang.core.identifier_fields``.
"""

from __future__ import annotations

from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.certificate_number import (
    CertificateKind,
    CertificateNumber,
    parse_certificate_number,
)
from yichuang.core.identifiers.check_digits import (
    USCC_ALPHABET,
    mod11_2_check_char,
    mod31_check_char,
)
from yichuang.core.identifiers.countries import ISO_ALPHA3_CODES, parse_country
from yichuang.core.identifiers.divisions import Region
from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.holder import Sex
from yichuang.core.identifiers.identity_documents import (
    DocumentType,
    IdentityDocument,
    ParsedDocument,
    parse_identity_document,
)
from yichuang.core.identifiers.normalisation import normalise
from yichuang.core.identifiers.passport import Passport, parse_passport
from yichuang.core.identifiers.permanent_residence import (
    PermanentResidentId,
    parse_permanent_resident_id,
)
from yichuang.core.identifiers.residence_permit import ResidencePermit, parse_residence_permit
from yichuang.core.identifiers.resident_id import ResidentId, parse_resident_id
from yichuang.core.identifiers.travel_permit import (
    TRAVEL_PERMIT_LAYOUTS,
    TravelPermit,
    TravelPermitKind,
    parse_hk_macao_travel_permit,
    parse_taiwan_travel_permit,
)
from yichuang.core.identifiers.unit_code import UnitCode, parse_unit_code
from yichuang.core.identifiers.uscc import Uscc, parse_uscc

__all__ = [
    "ISO_ALPHA3_CODES",
    "TRAVEL_PERMIT_LAYOUTS",
    "USCC_ALPHABET",
    "CanonicalIdentifier",
    "CertificateKind",
    "CertificateNumber",
    "DocumentType",
    "ErrorCode",
    "IdentifierError",
    "IdentityDocument",
    "ParsedDocument",
    "Passport",
    "PermanentResidentId",
    "Region",
    "ResidencePermit",
    "ResidentId",
    "Sex",
    "TravelPermit",
    "TravelPermitKind",
    "UnitCode",
    "Uscc",
    "mod11_2_check_char",
    "mod31_check_char",
    "normalise",
    "parse_certificate_number",
    "parse_country",
    "parse_hk_macao_travel_permit",
    "parse_identity_document",
    "parse_passport",
    "parse_permanent_resident_id",
    "parse_residence_permit",
    "parse_resident_id",
    "parse_taiwan_travel_permit",
    "parse_unit_code",
    "parse_uscc",
]
