"""The vocabulary of the case workflow (办件流程的代码): states, actions, roles, refusals.

Every value is a stable machine code, stored with cases and audit events and
keyed on by translations: rename a member only with a data migration. The
Chinese term is in the comment beside each member.
"""

from __future__ import annotations

from enum import StrEnum


class CaseState(StrEnum):
    """Where a registration case stands (办件状态)."""

    INTAKE = "intake"  # 收件: open at the window, not yet decided
    ACCEPTED = "accepted"  # 受理 (or 视为受理)
    NOT_ACCEPTED_NOTICE = "not_accepted_notice"  # 不予受理并一次性告知, reopened on return
    OUT_OF_REMIT = "out_of_remit"  # 不属于本机构登记范围, told which office to apply to
    IN_REVIEW = "in_review"  # 审核 (查验)
    SUSPENDED = "suspended"  # 中止: site visit, investigation or public notice
    APPROVED = "approved"  # 审核通过, awaiting entry
    ENTERED = "entered"  # 登簿: the registration is complete
    CERTIFICATE_ISSUED = "certificate_issued"  # 缮证: certificate or proof made out
    COLLECTED = "collected"  # 发证: handed to the applicant
    REFUSED = "refused"  # 不予登记
    WITHDRAWN = "withdrawn"  # 撤回申请


class Action(StrEnum):
    """What someone does to a case (办件操作)."""

    OPEN = "open"  # 收件: starts a case; not a transition between states
    ACCEPT = "accept"  # 受理并出具受理凭证
    DEEM_ACCEPT = "deem_accept"  # 视为受理: no written refusal on the spot
    ISSUE_NOTICE = "issue_notice"  # 不予受理并一次性告知需补正的全部内容
    REFUSE_OUT_OF_REMIT = "refuse_out_of_remit"  # 告知向有登记权的机构申请
    REOPEN = "reopen"  # 申请人补正后重新收件
    START_REVIEW = "start_review"  # 开始审核
    SUSPEND = "suspend"  # 中止 (实地查看、调查、公告)
    RESUME = "resume"  # 恢复审核
    APPROVE = "approve"  # 审核通过
    REFUSE = "refuse"  # 不予登记并书面告知
    RETURN_FOR_REVIEW = "return_for_review"  # 登簿人员退回审核
    ENTER = "enter"  # 登簿
    ISSUE_CERTIFICATE = "issue_certificate"  # 缮证
    HAND_OVER = "hand_over"  # 发证
    WITHDRAW = "withdraw"  # 撤回申请 (recorded on the applicant's written request)


class Role(StrEnum):
    """Who may act (岗位); the staff values are the accounts app's group names."""

    CLERK = "clerk"  # 受理人员 (window clerk)
    REVIEWER = "reviewer"  # 审核人员
    REGISTRAR = "registrar"  # 登簿人员
    # The platform's own end-of-day job; no person ever holds it.
    SYSTEM = "system"


class WorkflowCode(StrEnum):
    """Why an action on a case is refused (stable codes)."""

    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    CASE_CLOSED = "case_closed"
    WITHDRAWAL_AFTER_ENTRY = "withdrawal_after_entry"
    ROLE_REQUIRED = "role_required"
    ACTOR_REQUIRED = "actor_required"
    ACCEPTOR_MAY_NOT_REVIEW = "acceptor_may_not_review"
    ACCEPTOR_MAY_NOT_REGISTER = "acceptor_may_not_register"
    REVIEWER_MAY_NOT_REGISTER = "reviewer_may_not_register"
    NOTICE_ITEMS_REQUIRED = "notice_items_required"
    COMPETENT_OFFICE_REQUIRED = "competent_office_required"
    REFUSAL_GROUND_REQUIRED = "refusal_ground_required"
    REFUSAL_BASIS_REQUIRED = "refusal_basis_required"
    SUSPENSION_REASON_REQUIRED = "suspension_reason_required"
    SUSPENSION_NOT_STATUTORY = "suspension_not_statutory"
    MORTGAGE_EARLIER_APPLICATION_PENDING = "mortgage_earlier_application_pending"
