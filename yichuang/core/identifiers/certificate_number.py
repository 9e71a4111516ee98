"""Numbers of real estate title certificates and registration proofs (不动产权证书号/证明号).

``<province>(<year>)<place>不动产权第<sequence>号`` for a title certificate
(不动产权证书), e.g. 苏(2017)海门市不动产权第0000183号, and
``…不动产证明第<sequence>号`` for a registration proof (不动产登记证明), e.g.
皖(2022)蜀山区不动产证明第1000044号. Full-width brackets are folded to ASCII.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from yichuang.core.identifiers.canonical import CanonicalIdentifier
from yichuang.core.identifiers.errors import ErrorCode, IdentifierError
from yichuang.core.identifiers.normalisation import require_text

PROVINCE_ABBREVIATIONS = frozenset("京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新")
"""The 31 mainland provinces (省级简称); 港, 澳 and 台 issue no such certificates."""

FIRST_YEAR = 2015
"""The unified real estate certificate was introduced in 2015."""
MIN_SEQUENCE_DIGITS = 7
MIN_PLACE_LENGTH = 1
MAX_PLACE_LENGTH = 20


class CertificateKind(StrEnum):
    """Title certificate (不动产权证书) or registration proof (不动产登记证明)."""

    TITLE = "title"
    PROOF = "proof"


_MARKERS = {"权": CertificateKind.TITLE, "证明": CertificateKind.PROOF}
_YEAR = re.compile(r"\(([0-9]{4})\)")
# Non-greedy: the place ends at the first 不动产 marker.
_AFTER_YEAR = re.compile(r"(?P<place>.*?)不动产(?P<marker>权|证明)第(?P<rest>.*)", re.DOTALL)
_SEQUENCE = re.compile(rf"([0-9]{{{MIN_SEQUENCE_DIGITS},}})号")
# CJK unified ideographs: the basic block and extensions A to G.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
_PLACE = re.compile(f"[{_CJK}]{{{MIN_PLACE_LENGTH},{MAX_PLACE_LENGTH}}}")


@dataclass(frozen=True, slots=True)
class CertificateNumber(CanonicalIdentifier):
    """A valid certificate number; ``sequence`` keeps its leading zeros."""

    kind: CertificateKind
    province: str
    year: int
    place: str
    sequence: str


def parse_certificate_number(raw: str, *, today: date | None = None) -> CertificateNumber:
    """Parse a title certificate or registration proof number.

    The year must lie between 2015 and the year of ``today`` (defaults to
    ``date.today()``).
    """
    text = require_text(raw)
    province = text[0]
    if province not in PROVINCE_ABBREVIATIONS:
        raise IdentifierError(ErrorCode.PROVINCE_ABBREVIATION, position=1, found=province)
    year = _year(text, today if today is not None else date.today())
    after_year = _AFTER_YEAR.fullmatch(text, 7)
    if after_year is None:
        raise IdentifierError(ErrorCode.CERTIFICATE_KIND, position=8)
    place, rest = after_year["place"], after_year["rest"]
    if _PLACE.fullmatch(place) is None:
        raise IdentifierError(
            ErrorCode.CERTIFICATE_PLACE,
            position=8,
            min=MIN_PLACE_LENGTH,
            max=MAX_PLACE_LENGTH,
            found=place,
        )
    sequence = _SEQUENCE.fullmatch(rest)
    if sequence is None:
        raise IdentifierError(
            ErrorCode.CERTIFICATE_SEQUENCE,
            position=len(text) - len(rest) + 1,
            min_digits=MIN_SEQUENCE_DIGITS,
            found=rest,
        )
    kind = _MARKERS[after_year["marker"]]
    # Normalisation already produced the canonical spelling (ASCII brackets).
    return CertificateNumber(text, kind, province, year, place, sequence[1])


def _year(text: str, today: date) -> int:
    match = _YEAR.match(text, 1)
    if match is None:
        raise IdentifierError(ErrorCode.CERTIFICATE_YEAR_FORMAT, position=2)
    year = int(match[1])
    if not FIRST_YEAR <= year <= today.year:
        raise IdentifierError(
            ErrorCode.CERTIFICATE_YEAR, position=3, found=year, min=FIRST_YEAR, max=today.year
        )
    return year
