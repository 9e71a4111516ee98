"""Legal bases the fee rules cite themselves, outside the schedule (收费原则的依据).

Everything with an amount lives in the schedule data with its own basis; these
are the principles that hold whatever the schedule says.
"""

from __future__ import annotations

from typing import Final

#: Fees are charged per case, never by area, volume or price. The reference has
#: not confirmed the article number (it was art. 22 of the Property Law).
PER_CASE: Final = "民法典第223条（不动产登记费按件收取，不得按照面积、体积或者价款的比例收取）"

#: Which registrations issue a title certificate and which a registration proof.
CERTIFICATE_OR_PROOF: Final = "不动产登记暂行条例实施细则第20条（待核）"
