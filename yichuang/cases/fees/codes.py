"""The vocabulary of the fee rules (登记收费的代码): what a case is, who pays, what went wrong.

These enumerations stand alone so the fee rules import nothing from the register.
Where a member mirrors the register's vocabulary it keeps the register's value,
so the cases module passes a register value straight through; a test keeps the
two aligned. The Chinese term is in the comment beside each member.
"""

from __future__ import annotations

from enum import StrEnum


class RegistrationType(StrEnum):
    """The registration a case asks for (登记类型), as REG art. 3 names them, plus reissue."""

    FIRST = "first"  # 首次登记
    CHANGE = "change"  # 变更登记
    TRANSFER = "transfer"  # 转移登记
    CANCELLATION = "cancellation"  # 注销登记
    CORRECTION = "correction"  # 更正登记
    OBJECTION = "objection"  # 异议登记
    ADVANCE_NOTICE = "advance_notice"  # 预告登记
    SEIZURE = "seizure"  # 查封登记 (续封 too)
    SEIZURE_LIFT = "seizure_lift"  # 解封登记
    MORTGAGE = "mortgage"  # 抵押权登记
    MORTGAGE_CANCELLATION = "mortgage_cancellation"  # 抵押权注销登记
    EASEMENT = "easement"  # 地役权登记
    CERTIFICATE_REISSUE = "certificate_reissue"  # 证书补发、换发 (lost or damaged certificate)


class RightKind(StrEnum):
    """The right a case concerns (不动产权利类型); the register's values."""

    COLLECTIVE_LAND_OWNERSHIP = "collective_land_ownership"  # 集体土地所有权
    STATE_LAND_USE = "state_land_use"  # 国有建设用地使用权
    STATE_LAND_USE_AND_HOUSE = "state_land_use_and_house"  # 国有建设用地使用权及房屋所有权
    COLLECTIVE_LAND_USE = "collective_land_use"  # 集体建设用地使用权
    COLLECTIVE_LAND_USE_AND_BUILDING = "collective_land_use_and_building"  # 及建筑物所有权
    HOMESTEAD_USE = "homestead_use"  # 宅基地使用权
    HOMESTEAD_USE_AND_HOUSE = "homestead_use_and_house"  # 宅基地使用权及房屋所有权
    LAND_CONTRACTING = "land_contracting"  # 土地承包经营权
    LAND_MANAGEMENT = "land_management"  # 土地经营权
    FOREST = "forest"  # 林地使用权及森林、林木所有权
    SEA_AREA_USE = "sea_area_use"  # 海域使用权


#: Homestead rights, charged the certificate cost only (财税〔2016〕79号, unconfirmed).
HOMESTEAD_RIGHTS: frozenset[RightKind] = frozenset(
    {RightKind.HOMESTEAD_USE, RightKind.HOMESTEAD_USE_AND_HOUSE}
)


class Cause(StrEnum):
    """A cause that changes what a case is charged (登记原因).

    Only causes with a fee rule of their own are listed: a sale, a gift or an
    inheritance is charged like any transfer, and the case passes ``None``.
    """

    BETWEEN_SPOUSES = "between_spouses"  # 夫妻间不动产权利人变更 (adding, removing a spouse)


class PlannedUse(StrEnum):
    """A unit's planned use as far as the fee is concerned (规划用途).

    The fee follows the use the planning permission gives the building, not how
    it is used; the survey and the register carry it.
    """

    RESIDENTIAL = "residential"  # 住宅
    NON_RESIDENTIAL = "non_residential"  # 非住宅 (other buildings, bare land, sea areas, forests)
    ANCILLARY = "ancillary"  # 车库、车位、储藏室 (garage, parking space, storeroom)


class HousingScheme(StrEnum):
    """Social housing whose registrations are charged nothing (保障性住房)."""

    LOW_RENT = "low_rent"  # 廉租住房
    PUBLIC_RENTAL = "public_rental"  # 公共租赁住房
    AFFORDABLE = "affordable"  # 经济适用住房
    SHANTY_RESETTLEMENT = "shanty_resettlement"  # 棚户区改造安置住房


class Payer(StrEnum):
    """Who pays a case's fee (缴费人); the schedule says which, per registration type."""

    APPLICANT = "applicant"  # 申请人 (one-party registrations)
    # 登记为权利人的一方: the acquirer, the mortgagee, the easement holder.
    NEW_HOLDER = "new_holder"
    CURRENT_HOLDER = "current_holder"  # 原权利人: the seller, the mortgagor, the servient owner
    SHARED = "shared"  # 双方共同负担, in shares the parties agree


class Treatment(StrEnum):
    """How the schedule charges a kind of case (收费方式)."""

    BY_USE = "by_use"  # 按件收取登记费 (residential / non-residential / ancillary) + 证书工本费
    WAIVED = "waived"  # 免收登记费 (含第一本证书工本费); extra certificates still charged
    CERTIFICATE_COST_ONLY = "certificate_cost_only"  # 只收取证书工本费, every certificate
    FREE = "free"  # 不收费: neither the registration fee nor any certificate


class ChargeUnit(StrEnum):
    """What a proposed charge is counted by (计费单位); only cases and certificates are lawful."""

    CASE = "case"  # 按件
    CERTIFICATE = "certificate"  # 按本
    AREA = "area"  # 按面积
    VOLUME = "volume"  # 按体积
    PRICE = "price"  # 按价款比例


#: The units a lawful charge may be counted by (CC art. 223).
LAWFUL_CHARGE_UNITS: frozenset[ChargeUnit] = frozenset({ChargeUnit.CASE, ChargeUnit.CERTIFICATE})


class DeviationKind(StrEnum):
    """How a proposed charge departs from the schedule (违规收费情形)."""

    OFF_SCHEDULE = "off_schedule"  # 收费项目不在收费标准内 (survey, copy, "service" fees)
    NOT_DUE = "not_due"  # 项目在收费标准内，但本案不应收取
    # 对免收情形收费: an exempt applicant, a free type, a proof, the first certificate.
    EXEMPT_CHARGED = "exempt_charged"
    AMOUNT_DIFFERS = "amount_differs"  # 金额与收费标准不符 (more or less)
    NOT_PER_CASE = "not_per_case"  # 按面积、体积或价款比例收费
