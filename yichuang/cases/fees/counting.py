"""What a case is asked to pay for, and how many cases (件) that is.

One case is one unit, one right, one registration type (发改价格规〔2016〕2559号).
Several units mortgaged for one loan count as one case per parcel (宗地): units
on the same parcel are one case, units on different parcels several. A garage,
parking space or storeroom registered with the house it serves, without a
certificate or proof of its own, is no case at all: it rides with the house.

Nothing here takes an area, a volume or a price: fees are charged per case
(CC art. 223), so the inputs cannot even express a charge by area.
"""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.cases.fees import bases
from yichuang.cases.fees.codes import (
    Cause,
    HousingScheme,
    PlannedUse,
    RegistrationType,
    RightKind,
)

__all__ = [
    "CERTIFICATE_TYPES",
    "DOCUMENT_TYPES",
    "CaseCount",
    "CaseDescription",
    "FeeCase",
    "InvalidCaseError",
    "Unit",
    "count_cases",
]

#: Registrations that issue a title certificate (不动产权证书); the others issue
#: a registration proof (不动产登记证明) or nothing.
CERTIFICATE_TYPES: frozenset[RegistrationType] = frozenset(
    {
        RegistrationType.FIRST,
        RegistrationType.TRANSFER,
        RegistrationType.CHANGE,
        RegistrationType.CORRECTION,
        RegistrationType.CERTIFICATE_REISSUE,
    }
)
#: Registrations that issue a certificate or a proof for what they register.
DOCUMENT_TYPES: frozenset[RegistrationType] = CERTIFICATE_TYPES | {
    RegistrationType.MORTGAGE,
    RegistrationType.EASEMENT,
    RegistrationType.ADVANCE_NOTICE,
    RegistrationType.OBJECTION,
}
_SPOUSE_TYPES = frozenset({RegistrationType.TRANSFER, RegistrationType.CHANGE})
# When one mortgage case spans units of different uses, it takes the rate of
# the first use here that it contains: the case includes a non-residential
# unit, so it is a non-residential registration.
_RATE_ORDER = (PlannedUse.NON_RESIDENTIAL, PlannedUse.RESIDENTIAL, PlannedUse.ANCILLARY)


class InvalidCaseError(ValueError):
    """A case description the fee rules cannot charge, with the reason."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A real estate unit in a case (不动产单元), as far as its fee goes.

    ``parcel`` identifies the parcel or sea area it stands on (positions 1-19 of
    the unit code); ``certificates`` and ``proofs`` are the documents issued for
    it in this case, one certificate per holder who asks for one.
    """

    code: str
    parcel: str
    use: PlannedUse
    certificates: int = 0
    proofs: int = 0

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise InvalidCaseError("a unit needs its code")
        if not self.parcel.strip():
            raise InvalidCaseError(f"unit {self.code}: the parcel is needed to count cases")
        for name in ("certificates", "proofs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidCaseError(f"unit {self.code}: {name} must be a whole number >= 0")

    @property
    def documents(self) -> int:
        """Certificates and proofs issued for this unit."""
        return self.certificates + self.proofs


@dataclass(frozen=True, slots=True)
class CaseDescription:
    """What one application asks for, as the fee rules see it (收费事项).

    One description is one registration type on one right for one or more
    units; a mortgage description is one mortgage securing one loan.

    * ``cause``: a cause with a fee rule of its own, else ``None``.
    * ``office_error``: the correction mends the office's own mistake.
    * ``small_or_micro_enterprise``: the party who pays is a small or micro
      enterprise, a sole trader included (小微企业，含个体工商户).
    * ``housing_scheme``: the units are social housing of that scheme.
    """

    registration_type: RegistrationType
    right: RightKind
    units: tuple[Unit, ...]
    cause: Cause | None = None
    office_error: bool = False
    small_or_micro_enterprise: bool = False
    housing_scheme: HousingScheme | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(self.units))
        if not self.units:
            raise InvalidCaseError("a case needs at least one unit")
        codes = [unit.code for unit in self.units]
        if len(set(codes)) != len(codes):
            raise InvalidCaseError("a unit appears twice in the case")
        kind = self.registration_type
        if kind not in CERTIFICATE_TYPES and any(unit.certificates for unit in self.units):
            raise InvalidCaseError(
                f"a {kind.value} registration issues no title certificate "
                f"({bases.CERTIFICATE_OR_PROOF}); count its proofs instead"
            )
        if self.office_error and kind is not RegistrationType.CORRECTION:
            raise InvalidCaseError("only a correction can mend the office's own error")
        if self.cause is Cause.BETWEEN_SPOUSES and kind not in _SPOUSE_TYPES:
            raise InvalidCaseError(
                "a change between spouses is a transfer or a change registration"
            )
        if _rides_with_house(self) and all(
            unit.use is PlannedUse.ANCILLARY and not unit.documents for unit in self.units
        ):
            raise InvalidCaseError(
                "a garage, parking space or storeroom without its own certificate or proof "
                "is registered with the house it serves; include the house"
            )


@dataclass(frozen=True, slots=True)
class FeeCase:
    """One case (一件): the units it covers, its rate and the documents it issues."""

    units: tuple[str, ...]
    rate: PlannedUse
    certificates: int
    proofs: int


@dataclass(frozen=True, slots=True)
class CaseCount:
    """The cases a description makes, and the ancillary units riding with a house."""

    cases: tuple[FeeCase, ...]
    riders: tuple[str, ...]


def _rides_with_house(description: CaseDescription) -> bool:
    # The garage rule (财税〔2016〕79号) speaks of certificates; a mortgage is
    # counted by parcel instead, and registrations issuing nothing have no
    # "own certificate" to tell riders apart.
    kind = description.registration_type
    return kind in DOCUMENT_TYPES and kind is not RegistrationType.MORTGAGE


def count_cases(description: CaseDescription) -> CaseCount:
    """Split a description into cases (件) and riders; see the module docstring."""
    if description.registration_type is RegistrationType.MORTGAGE:
        return CaseCount(_by_parcel(description.units), ())
    riders: list[str] = []
    cases: list[FeeCase] = []
    rides = _rides_with_house(description)
    for unit in description.units:
        if rides and unit.use is PlannedUse.ANCILLARY and not unit.documents:
            riders.append(unit.code)
        else:
            cases.append(FeeCase((unit.code,), unit.use, unit.certificates, unit.proofs))
    return CaseCount(tuple(cases), tuple(riders))


def _by_parcel(units: tuple[Unit, ...]) -> tuple[FeeCase, ...]:
    groups: dict[str, list[Unit]] = {}
    for unit in units:
        groups.setdefault(unit.parcel.strip(), []).append(unit)
    cases = []
    for group in groups.values():
        uses = {unit.use for unit in group}
        rate = next(use for use in _RATE_ORDER if use in uses)
        cases.append(
            FeeCase(
                tuple(unit.code for unit in group),
                rate,
                sum(unit.certificates for unit in group),
                sum(unit.proofs for unit in group),
            )
        )
    return tuple(cases)
