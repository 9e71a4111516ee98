"""The vocabulary of the register rules (登记簿规则的代码): types, kinds, causes.

Every enumeration here is a stable machine code. The values are stored with
register entries and keyed on by translations, so rename a member only together
with a data migration. The Chinese term is in the comment beside each member.
"""

from __future__ import annotations

from enum import StrEnum


class RegistrationType(StrEnum):
    """The registration types of REG art. 3 (登记类型)."""

    FIRST = "first"  # 首次登记 (of a right; a mortgage or easement has its own type)
    CHANGE = "change"  # 变更登记
    TRANSFER = "transfer"  # 转移登记
    CANCELLATION = "cancellation"  # 注销登记
    CORRECTION = "correction"  # 更正登记
    OBJECTION = "objection"  # 异议登记
    ADVANCE_NOTICE = "advance_notice"  # 预告登记
    SEIZURE = "seizure"  # 查封登记 (续封 is a seizure registration too)
    SEIZURE_LIFT = "seizure_lift"  # 解封登记
    MORTGAGE = "mortgage"  # 抵押权首次登记
    MORTGAGE_CANCELLATION = "mortgage_cancellation"  # 抵押权注销登记
    EASEMENT = "easement"  # 地役权首次登记


class RightKind(StrEnum):
    """Primary rights a unit can carry (不动产权利类型); one live right per kind."""

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


class CoOwnership(StrEnum):
    """How the holders of a right hold it (共有方式)."""

    SOLE = "sole"  # 单独所有
    SHARED = "shared"  # 按份共有: every holder has an exact share, the shares sum to 1
    JOINT = "joint"  # 共同共有: no shares


class TransferCause(StrEnum):
    """Why a right passes to new holders (转移原因)."""

    SALE = "sale"  # 买卖
    GIFT = "gift"  # 赠与
    EXCHANGE = "exchange"  # 互换
    PARTITION = "partition"  # 分割、合并 (e.g. on divorce, by agreement)
    INHERITANCE = "inheritance"  # 继承
    BEQUEST = "bequest"  # 受遗赠
    COURT_DECISION = "court_decision"  # 人民法院生效法律文书
    ARBITRATION_AWARD = "arbitration_award"  # 仲裁委员会生效法律文书
    GOVERNMENT_DECISION = "government_decision"  # 人民政府生效决定


class ChangeCause(StrEnum):
    """What a change registration changes (变更事项)."""

    HOLDER_NAME = "holder_name"  # 权利人姓名、名称、身份证明变更
    PHYSICAL_STATE = "physical_state"  # 坐落、面积、用途等自然状况变更
    CO_OWNERSHIP = "co_ownership"  # 共有份额或共有方式变更 (among the same holders)


class CancellationCause(StrEnum):
    """Why a right or an encumbrance is cancelled (注销原因)."""

    DESTRUCTION = "destruction"  # 不动产灭失
    EXPROPRIATION = "expropriation"  # 依法没收、征收、收回
    COURT_DECISION = "court_decision"  # 人民法院生效法律文书
    ARBITRATION_AWARD = "arbitration_award"  # 仲裁委员会生效法律文书
    GOVERNMENT_DECISION = "government_decision"  # 人民政府生效决定
    ABANDONMENT = "abandonment"  # 权利人放弃 (of the right, or of the encumbrance)
    HOLDER_CONSENT = "holder_consent"  # the encumbrance holder agrees (共同申请)
    CLAIM_ENDED = "claim_ended"  # 预告登记所担保的债权消灭


#: Transfers the holders make themselves, as opposed to succession or a decision.
VOLUNTARY_TRANSFERS: frozenset[TransferCause] = frozenset(
    {TransferCause.SALE, TransferCause.GIFT, TransferCause.EXCHANGE, TransferCause.PARTITION}
)
#: Transfers resting on a court, arbitration or government decision (REG art. 14 item 3).
DECISION_TRANSFERS: frozenset[TransferCause] = frozenset(
    {
        TransferCause.COURT_DECISION,
        TransferCause.ARBITRATION_AWARD,
        TransferCause.GOVERNMENT_DECISION,
    }
)
#: Cancellations resting on a decision; expropriation is a government decision too.
DECISION_CANCELLATIONS: frozenset[CancellationCause] = frozenset(
    {
        CancellationCause.COURT_DECISION,
        CancellationCause.ARBITRATION_AWARD,
        CancellationCause.GOVERNMENT_DECISION,
        CancellationCause.EXPROPRIATION,
    }
)
#: Causes for which a primary right itself may be cancelled (RULES art. 28).
RIGHT_CANCELLATION_CAUSES: frozenset[CancellationCause] = DECISION_CANCELLATIONS | {
    CancellationCause.DESTRUCTION,
    CancellationCause.ABANDONMENT,
}


class NoticeKind(StrEnum):
    """What an advance notice secures (预告登记种类, RULES art. 85)."""

    PURCHASE = "purchase"  # 预购商品房预告登记
    PURCHASE_MORTGAGE = "purchase_mortgage"  # 预购商品房抵押预告登记
    TRANSFER = "transfer"  # 不动产转移预告登记
    MORTGAGE = "mortgage"  # 不动产抵押预告登记


#: Notices whose main registration is a transfer to the notice holders.
TRANSFER_NOTICES: frozenset[NoticeKind] = frozenset({NoticeKind.PURCHASE, NoticeKind.TRANSFER})
#: Notices whose main registration is a mortgage to the notice holder.
MORTGAGE_NOTICES: frozenset[NoticeKind] = frozenset(
    {NoticeKind.PURCHASE_MORTGAGE, NoticeKind.MORTGAGE}
)
#: Notices that may be entered on a pre-sold flat before its first registration.
PRE_SALE_NOTICES: frozenset[NoticeKind] = frozenset(
    {NoticeKind.PURCHASE, NoticeKind.PURCHASE_MORTGAGE}
)


class Evidence(StrEnum):
    """Proofs a request can carry that some rules ask for (证明材料)."""

    DEBT_ENDED = "debt_ended"  # 主债权消灭的证明 (e.g. the bank's settlement letter)
    REGISTER_ERROR = "register_error"  # 登记簿记载错误的证明材料
    CLAIM_ENDED = "claim_ended"  # 预告登记所担保的债权消灭的证明


class Acknowledgement(StrEnum):
    """Written undertakings an applicant can give (书面承诺)."""

    OBJECTION_RISK = "objection_risk"  # 知悉异议登记存在并自担风险 (RULES art. 84)


class GeneralGround(StrEnum):
    """A reviewer's finding that refuses any registration (REG art. 22)."""

    ILLEGAL = "illegal"  # (一) 违反法律、行政法规规定
    TITLE_DISPUTE = "title_dispute"  # (二) 存在尚未解决的权属争议
    BEYOND_TERM = "beyond_term"  # (三) 申请登记的不动产权利超过规定期限
    OTHER_LEGAL_GROUND = "other_legal_ground"  # (四) 法律、行政法规规定不予登记的其他情形


class Status(StrEnum):
    """Where an encumbrance stands on a given date (状态)."""

    ACTIVE = "active"  # 有效 (a seizure in force, a standing objection, a live notice)
    WAITING = "waiting"  # 轮候 (seizures only)
    LIFTED = "lifted"  # 已解封
    LAPSED = "lapsed"  # 已失效 (by the passage of time or the end of the claim)
    CANCELLED = "cancelled"  # 已注销
    FULFILLED = "fulfilled"  # 已转本登记 (advance notices only)
