"""The articles the rules cite (法条), in one place so a lawyer can review them.

Abbreviations: CC is the Civil Code (民法典); REG the Interim Regulations on Real
Estate Registration (不动产登记暂行条例); RULES their Implementing Rules
(不动产登记暂行条例实施细则); SPC the Supreme People's Court's provisions on
seizure in civil enforcement. "(unconfirmed)" marks a citation or a rule the
project's domain reference has not confirmed: each has a default in
:class:`~yichuang.registry.rules.config.RulesConfig` or an ADR line.
"""

from __future__ import annotations

from typing import Final

# Registration types and the register.
REG_TYPES: Final = "REG art. 3"
REG_JOINT_APPLICATION: Final = "REG art. 14"
REG_REFUSAL: Final = "REG art. 22"
REG_ILLEGAL: Final = "REG art. 22(1)"
REG_TITLE_DISPUTE: Final = "REG art. 22(2)"
REG_BEYOND_TERM: Final = "REG art. 22(3)"
REG_OTHER_GROUND: Final = "REG art. 22(4)"

# First registration before any other (RULES art. 24), and its exception.
RULES_FIRST_REGISTRATION: Final = "RULES art. 24"
RULES_PRE_SALE_EXCEPTION: Final = "RULES art. 24 (unconfirmed)"

# Co-ownership.
CC_CO_OWNERSHIP_FORMS: Final = "CC art. 297"
CC_SHARES: Final = "CC art. 298"
CC_CO_OWNED_DISPOSAL: Final = "RULES art. 10 (unconfirmed); CC art. 301"
CC_SHARE_DISPOSAL: Final = "CC art. 305"
RULES_CHANGE_NOT_TRANSFER: Final = "RULES arts. 26-27 (unconfirmed)"

# Correction and objection.
CC_CORRECTION: Final = "CC art. 220; RULES art. 79 (unconfirmed)"
RULES_CORRECTION_BAR: Final = "RULES art. 80 (unconfirmed)"
RULES_OFFICE_CORRECTION: Final = "RULES art. 81 (unconfirmed)"
CC_OBJECTION: Final = "CC art. 220"
RULES_OBJECTION_REPEAT: Final = "RULES art. 83 (unconfirmed)"
RULES_OBJECTION_RISK: Final = "RULES art. 84"

# Advance notice.
CC_ADVANCE_NOTICE: Final = "CC art. 221"

# Seizure.
RULES_SEIZURE_BAN: Final = "RULES art. 90 (unconfirmed); SPC seizure rules"
RULES_WAITING_SEIZURE: Final = "RULES art. 91 (unconfirmed)"
RULES_SEIZURE_END: Final = "RULES art. 92 (unconfirmed); SPC seizure rules"

# Mortgage.
CC_MORTGAGE_AMOUNT: Final = "CC art. 400"
CC_MAXIMUM_MORTGAGE: Final = "CC art. 420"
CC_MORTGAGE_RANK_CHANGE: Final = "CC art. 409"
CC_MORTGAGED_TRANSFER: Final = "CC art. 406"
CC_MORTGAGE_RANKING: Final = "CC art. 414; RULES art. 67"
RULES_MORTGAGE_ORDER: Final = "RULES art. 67"
CC_MORTGAGE_END: Final = "CC art. 393"

# Easement.
CC_EASEMENT_TERM: Final = "CC art. 377"
CC_EASEMENT_REGISTRATION: Final = "CC art. 385"

# Cancellation of a right.
RULES_CANCELLATION: Final = "RULES art. 28 (unconfirmed)"
