"""The articles the case workflow cites (办件流程的法律依据), in one place for review.

REG is the Interim Regulations on Real Estate Registration (2019 text, read in
full); RULES their Implementing Rules, of which art. 17 (public notice) and art.
67 (mortgage order) are confirmed. Separation of duties rests on no article: it
is the 2018 rectification notice's demand against deliberately wrong and
collusive registration (mission R15), written down in ADR 0005.
"""

from __future__ import annotations

from typing import Final

REG_APPLICATION: Final = "REG art. 15 para. 1"
REG_WITHDRAWAL: Final = "REG art. 15 para. 2"
REG_ACCEPTANCE: Final = "REG art. 17(1)-(2)"
REG_RESUBMISSION: Final = "REG art. 17(1)"
REG_ONE_TIME_NOTICE: Final = "REG art. 17(3)"
REG_OUT_OF_REMIT: Final = "REG art. 17(4)"
REG_DEEMED_ACCEPTANCE: Final = "REG art. 17 para. 2"
REG_REVIEW: Final = "REG art. 18"
REG_SITE_VISIT_OR_INVESTIGATION: Final = "REG art. 19"
REG_ENTRY: Final = "REG art. 21 para. 1"
REG_CERTIFICATE: Final = "REG art. 21 para. 2"
REG_REFUSAL: Final = "REG art. 22"
RULES_PUBLIC_NOTICE: Final = "RULES art. 17"
RULES_MORTGAGE_ORDER: Final = "RULES art. 67"
SEPARATION_OF_DUTIES: Final = "自然资党发〔2018〕7号 (mission R15); ADR 0005"
