"""Which requests dispose of a right, and which right they concern (处分行为的认定).

Several rules turn on the same questions: a seizure refuses disposals, an
advance notice needs its holder's consent to one, an objection needs a risk
undertaking, a correction is barred by one entered later. They are answered
once, here.
"""

from __future__ import annotations

from yichuang.registry.rules.codes import (
    VOLUNTARY_TRANSFERS,
    CancellationCause,
    ChangeCause,
    RightKind,
)
from yichuang.registry.rules.payloads import (
    AdvanceNoticeFiling,
    Change,
    Correction,
    EasementCreation,
    FirstRegistration,
    MortgageCreation,
    ObjectionFiling,
    Payload,
    RightCancellation,
    SeizureOrder,
    Transfer,
)

__all__ = ["bars_correction", "is_disposal", "is_voluntary_disposal", "right_kind_of"]


def is_disposal(payload: Payload) -> bool:
    """Whether registering ``payload`` disposes of (处分) the right it concerns.

    Transfers, mortgages and easements, advance notices (which secure a
    disposal), changes of shares or co-ownership form, and abandonment.
    """
    match payload:
        case Transfer() | MortgageCreation() | EasementCreation() | AdvanceNoticeFiling():
            return True
        case Change(cause=cause):
            return cause == ChangeCause.CO_OWNERSHIP
        case RightCancellation(cause=cause):
            return cause == CancellationCause.ABANDONMENT
        case _:
            return False


def is_voluntary_disposal(payload: Payload) -> bool:
    """Whether the holders themselves dispose (so co-ownership consent applies).

    Succession and decisions of a court, arbitration commission or government
    dispose without the holders' will, so the quorum of RULES art. 10 does not
    apply to them.
    """
    if isinstance(payload, Transfer):
        return payload.cause in VOLUNTARY_TRANSFERS
    return is_disposal(payload)


def bars_correction(payload: Payload) -> bool:
    """Whether an entry of ``payload`` bars correcting an earlier entry (RULES arts. 80-81).

    A disposal, an advance notice or a seizure entered after the wrong entry:
    a third party may have relied on the register.
    """
    return is_disposal(payload) or isinstance(payload, SeizureOrder)


def right_kind_of(payload: Payload) -> RightKind | None:
    """The primary right ``payload`` concerns; None for seizures and acts on a target."""
    match payload:
        case (
            FirstRegistration(right_kind=kind)
            | Transfer(right_kind=kind)
            | Change(right_kind=kind)
            | MortgageCreation(right_kind=kind)
            | EasementCreation(right_kind=kind)
            | AdvanceNoticeFiling(right_kind=kind)
            | ObjectionFiling(right_kind=kind)
            | RightCancellation(right_kind=kind)
            | Correction(right_kind=kind)
        ):
            return kind
        case _:
            return None
