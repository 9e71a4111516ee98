"""Parameters of the rules that the law leaves open or the reference has not confirmed.

Every value the domain reference marks "unconfirmed" is a field here with its
default, so an office (or a corrected reading of the law) changes a number, not
the code. Statutory figures that are certain (CC art. 220's 15 days, CC art.
221's 90 days) are fields too, because a test or a future amendment may need
another value.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["DEFAULT_CONFIG", "RulesConfig"]


@dataclass(frozen=True, slots=True)
class RulesConfig:
    """Parameters of the register rules (登记规则参数); the defaults follow the reference.

    * ``seizure_term_months``: term of a seizure whose court did not state one
      (SPC seizure rules: at most three years for real estate).
    * ``waiting_seizure_term_from_effect``: a waiting seizure's term runs from
      the day it takes effect (True, the reading of the 2004 SPC/MLR/MOC notice)
      rather than from its service (False).
    * ``objection_days``: calendar days within which an objection's applicant
      must lodge a suit or arbitration (CC art. 220).
    * ``advance_notice_days``: calendar days within which the main registration
      must be applied for once it became possible (CC art. 221).
    * ``shared_disposal_quorum``: part of the shares whose holders must take part
      in disposing of property held in shares (RULES art. 10, CC art. 301).
    * ``advance_notice_before_first_registration``: a pre-sale notice may precede
      the flat's first registration (RULES art. 24 "另有规定的除外").
    * ``seizure_blocks_advance_notice``: an advance notice is a disposal that a
      seizure refuses, like a transfer or a mortgage.
    * ``repeat_objection_barred``: after an objection lapsed, the same applicant
      may not object again on the same grounds (RULES art. 83).
    * ``abandonment_needs_encumbrancer_consent``: abandoning a right needs the
      written consent of its mortgagees, easement holders and notice holders
      (RULES art. 28).
    * ``office_correction_response_working_days`` and
      ``office_correction_notice_working_days``: the holder's time to apply after
      the office's notice, then the public notice (RULES art. 81).
    """

    seizure_term_months: int = 36
    waiting_seizure_term_from_effect: bool = True
    objection_days: int = 15
    advance_notice_days: int = 90
    shared_disposal_quorum: Fraction = Fraction(2, 3)
    advance_notice_before_first_registration: bool = True
    seizure_blocks_advance_notice: bool = True
    repeat_objection_barred: bool = True
    abandonment_needs_encumbrancer_consent: bool = True
    office_correction_response_working_days: int = 30
    office_correction_notice_working_days: int = 15

    def __post_init__(self) -> None:
        """Refuse values no reading of the law allows, at configuration time."""
        for name in (
            "seizure_term_months",
            "objection_days",
            "advance_notice_days",
            "office_correction_notice_working_days",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.office_correction_response_working_days < 0:
            raise ValueError("office_correction_response_working_days must not be negative")
        if not isinstance(self.shared_disposal_quorum, Fraction):
            # A float cannot hold 2/3 exactly, and shares are compared exactly.
            raise TypeError("shared_disposal_quorum must be a fractions.Fraction")
        if not 0 < self.shared_disposal_quorum <= 1:
            raise ValueError("shared_disposal_quorum must lie in (0, 1]")


#: The configuration with every default; what a caller passes when nothing is configured.
DEFAULT_CONFIG = RulesConfig()
