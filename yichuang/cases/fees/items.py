"""The items a fee schedule must price (收费项目代码), and what kind each is.

The schedule holds exactly these items: an item the rules never apply could only
ever be charged off-schedule, and an item the rules need but the schedule lacks
would leave a case without a lawful fee.
"""

from __future__ import annotations

from enum import StrEnum

from yichuang.cases.fees.codes import PlannedUse, RegistrationType


class ItemCode(StrEnum):
    """Every item of the schedule; the value is the code written in the JSON."""

    # Priced per case or per certificate.
    REGISTRATION_RESIDENTIAL = "registration.residential"  # 住宅类不动产登记费
    REGISTRATION_NON_RESIDENTIAL = "registration.non_residential"  # 非住宅类不动产登记费
    REGISTRATION_ANCILLARY = "registration.ancillary"  # 车库、车位、储藏室单独发证
    CERTIFICATE_EXTRA = "certificate.extra"  # 证书工本费, each certificate after the first
    CERTIFICATE_COST_ONLY = "certificate.cost_only"  # 只收工本费时, every certificate

    # Always zero, shown so the receipt says why nothing is charged.
    CERTIFICATE_FIRST = "certificate.first"  # 第一本证书含在登记费内
    PROOF = "proof"  # 不动产登记证明不收工本费
    ANCILLARY_WITH_HOUSE = "ancillary_with_house"  # 配套车库等不单独发证的

    # How each registration type is charged, and who pays.
    TYPE_FIRST = "type.first"
    TYPE_CHANGE = "type.change"
    TYPE_TRANSFER = "type.transfer"
    TYPE_CANCELLATION = "type.cancellation"
    TYPE_CORRECTION = "type.correction"
    TYPE_OBJECTION = "type.objection"
    TYPE_ADVANCE_NOTICE = "type.advance_notice"
    TYPE_SEIZURE = "type.seizure"
    TYPE_SEIZURE_LIFT = "type.seizure_lift"
    TYPE_MORTGAGE = "type.mortgage"
    TYPE_MORTGAGE_CANCELLATION = "type.mortgage_cancellation"
    TYPE_EASEMENT = "type.easement"
    TYPE_CERTIFICATE_REISSUE = "type.certificate_reissue"

    # Circumstances that may lower what a case is charged.
    OFFICE_ERROR = "circumstance.office_error"  # 因登记机构错误导致的更正登记
    BETWEEN_SPOUSES = "circumstance.between_spouses"  # 夫妻间不动产权利人变更
    HOMESTEAD = "circumstance.homestead"  # 宅基地使用权及房屋所有权
    LAND_CONTRACTING = "circumstance.land_contracting"  # 家庭承包的土地承包经营权
    SMALL_MICRO_ENTERPRISE = "exemption.small_micro_enterprise"  # 小微企业（含个体工商户）
    SOCIAL_HOUSING = "exemption.social_housing"  # 廉租、公租、经适、棚改安置住房


#: The registration fee for a case at each rate.
RATE_ITEMS: dict[PlannedUse, ItemCode] = {
    PlannedUse.RESIDENTIAL: ItemCode.REGISTRATION_RESIDENTIAL,
    PlannedUse.NON_RESIDENTIAL: ItemCode.REGISTRATION_NON_RESIDENTIAL,
    PlannedUse.ANCILLARY: ItemCode.REGISTRATION_ANCILLARY,
}
REGISTRATION_ITEMS: frozenset[ItemCode] = frozenset(RATE_ITEMS.values())
CERTIFICATE_ITEMS: frozenset[ItemCode] = frozenset(
    {ItemCode.CERTIFICATE_FIRST, ItemCode.CERTIFICATE_EXTRA, ItemCode.CERTIFICATE_COST_ONLY}
)

#: The item that says how each registration type is charged and who pays.
TYPE_ITEMS: dict[RegistrationType, ItemCode] = {
    RegistrationType.FIRST: ItemCode.TYPE_FIRST,
    RegistrationType.CHANGE: ItemCode.TYPE_CHANGE,
    RegistrationType.TRANSFER: ItemCode.TYPE_TRANSFER,
    RegistrationType.CANCELLATION: ItemCode.TYPE_CANCELLATION,
    RegistrationType.CORRECTION: ItemCode.TYPE_CORRECTION,
    RegistrationType.OBJECTION: ItemCode.TYPE_OBJECTION,
    RegistrationType.ADVANCE_NOTICE: ItemCode.TYPE_ADVANCE_NOTICE,
    RegistrationType.SEIZURE: ItemCode.TYPE_SEIZURE,
    RegistrationType.SEIZURE_LIFT: ItemCode.TYPE_SEIZURE_LIFT,
    RegistrationType.MORTGAGE: ItemCode.TYPE_MORTGAGE,
    RegistrationType.MORTGAGE_CANCELLATION: ItemCode.TYPE_MORTGAGE_CANCELLATION,
    RegistrationType.EASEMENT: ItemCode.TYPE_EASEMENT,
    RegistrationType.CERTIFICATE_REISSUE: ItemCode.TYPE_CERTIFICATE_REISSUE,
}
CIRCUMSTANCE_ITEMS: frozenset[ItemCode] = frozenset(
    {
        ItemCode.OFFICE_ERROR,
        ItemCode.BETWEEN_SPOUSES,
        ItemCode.HOMESTEAD,
        ItemCode.LAND_CONTRACTING,
        ItemCode.SMALL_MICRO_ENTERPRISE,
        ItemCode.SOCIAL_HOUSING,
    }
)
#: Items carrying a treatment: they decide how a case is charged, and their own
#: line (always zero) appears when they waive something.
POLICY_ITEMS: frozenset[ItemCode] = frozenset(TYPE_ITEMS.values()) | CIRCUMSTANCE_ITEMS
#: Items whose amount the law fixes at zero.
ZERO_ITEMS: frozenset[ItemCode] = POLICY_ITEMS | {
    ItemCode.CERTIFICATE_FIRST,
    ItemCode.PROOF,
    ItemCode.ANCILLARY_WITH_HOUSE,
}
