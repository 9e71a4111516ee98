"""What the rules answer (审核结论): refusals and notes, as codes with articles.

A :class:`Decision` lists every ground found, not just the first, so a clerk can
tell an applicant everything missing at once. Each :class:`Refusal` has a
machine ``code``, the ``article`` it rests on and the ``params`` a message
needs; the application layer translates codes into Chinese. A refusal's
:attr:`~Refusal.kind` says what can be done about it:

* ``BAR``: the law refuses the registration (不予登记);
* ``MISSING``: a consent, undertaking or proof the applicant can still produce
  (需补正): the risk acknowledgement an objection asks for is one;
* ``WAIT``: an earlier application or a running period must come first.

:class:`Note` carries what is allowed but worth saying: a mortgage following the
unit, a seizure that will wait, a risk acknowledged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from yichuang.registry.rules import articles

__all__ = [
    "Decision",
    "Finding",
    "GroundKind",
    "Note",
    "NoteCode",
    "Outcome",
    "ParamValue",
    "Refusal",
    "RefusalCode",
    "note",
    "refusal",
]

#: A value in ``params``: plain, so it serialises to JSON (dates as ISO strings,
#: fractions as "2/3").
ParamValue = str | int | bool | tuple[str, ...] | tuple[int, ...]


class GroundKind(StrEnum):
    """What an applicant can do about a refusal."""

    BAR = "bar"  # 不予登记
    MISSING = "missing"  # 需补正: produce a consent, undertaking or proof
    WAIT = "wait"  # 需等待: an earlier application or a period comes first


class Outcome(StrEnum):
    """The decision in one word: the worst kind among its refusals."""

    ALLOWED = "allowed"
    NEEDS_MATERIALS = "needs_materials"
    MUST_WAIT = "must_wait"
    REFUSED = "refused"


class RefusalCode(StrEnum):
    """Why a registration cannot be entered as requested (stable codes)."""

    # REG art. 22: the reviewer's findings, and a right whose term has ended.
    ILLEGAL = "illegal"
    TITLE_DISPUTE = "title_dispute"
    RIGHT_BEYOND_TERM = "right_beyond_term"
    OTHER_LEGAL_GROUND = "other_legal_ground"
    # REG art. 14: who must apply.
    APPLICANTS_INCOMPLETE = "applicants_incomplete"
    # RULES art. 24: first registration first.
    RIGHT_ALREADY_REGISTERED = "right_already_registered"
    RIGHT_NOT_REGISTERED = "right_not_registered"
    # A cancellation, lift, renewal, correction or suit naming a wrong entry.
    TARGET_NOT_FOUND = "target_not_found"
    TARGET_ENDED = "target_ended"
    # Holders and co-ownership (CC arts. 297-305, RULES art. 10).
    HOLDERS_MISSING = "holders_missing"
    HOLDER_REPEATED = "holder_repeated"
    SOLE_HOLDER_COUNT = "sole_holder_count"
    CO_OWNERS_TOO_FEW = "co_owners_too_few"
    SHARE_MISSING = "share_missing"
    SHARE_UNEXPECTED = "share_unexpected"
    SHARE_NOT_POSITIVE = "share_not_positive"
    SHARES_NOT_ONE = "shares_not_one"
    CO_OWNER_CONSENT_REQUIRED = "co_owner_consent_required"
    SHARE_HOLDER_CONSENT_REQUIRED = "share_holder_consent_required"
    CHANGE_ALTERS_HOLDERS = "change_alters_holders"
    # Seizure.
    UNIT_SEIZED = "unit_seized"
    SEIZURE_COURT_MISMATCH = "seizure_court_mismatch"
    SEIZURE_NOT_IN_FORCE = "seizure_not_in_force"
    SEIZURE_TERM_INVALID = "seizure_term_invalid"
    # Advance notice.
    ADVANCE_NOTICE_CONSENT_REQUIRED = "advance_notice_consent_required"
    # Objection.
    OBJECTION_ACKNOWLEDGEMENT_REQUIRED = "objection_acknowledgement_required"
    OBJECTION_REPEAT_BARRED = "objection_repeat_barred"
    OBJECTION_SUIT_TOO_LATE = "objection_suit_too_late"
    # Mortgage.
    MORTGAGE_AMOUNT_NOT_POSITIVE = "mortgage_amount_not_positive"
    MORTGAGE_EARLIER_APPLICATION_PENDING = "mortgage_earlier_application_pending"
    MORTGAGE_RANK_INVALID = "mortgage_rank_invalid"
    MORTGAGE_RANK_CONSENT_REQUIRED = "mortgage_rank_consent_required"
    MORTGAGEE_CONSENT_REQUIRED = "mortgagee_consent_required"
    MORTGAGE_CANCELLATION_GROUNDS_REQUIRED = "mortgage_cancellation_grounds_required"
    # Easement.
    EASEMENT_TERM_BEYOND_RIGHT = "easement_term_beyond_right"
    # Correction.
    CORRECTION_BARRED = "correction_barred"
    CORRECTION_CONSENT_OR_PROOF_REQUIRED = "correction_consent_or_proof_required"
    CORRECTION_NOTICE_INCOMPLETE = "correction_notice_incomplete"
    CORRECTION_NOTICE_PREMATURE = "correction_notice_premature"
    CORRECTION_NOTICE_RUNNING = "correction_notice_running"
    # Cancellation.
    CANCELLATION_CAUSE_INVALID = "cancellation_cause_invalid"
    ABANDONMENT_CONSENT_REQUIRED = "abandonment_consent_required"
    ENCUMBRANCE_HOLDER_CONSENT_REQUIRED = "encumbrance_holder_consent_required"


_B, _M, _W = GroundKind.BAR, GroundKind.MISSING, GroundKind.WAIT
_C = RefusalCode

#: Each code's kind and the article it rests on unless the rule names another.
REFUSAL_TABLE: Mapping[RefusalCode, tuple[GroundKind, str]] = MappingProxyType(
    {
        _C.ILLEGAL: (_B, articles.REG_ILLEGAL),
        _C.TITLE_DISPUTE: (_B, articles.REG_TITLE_DISPUTE),
        _C.RIGHT_BEYOND_TERM: (_B, articles.REG_BEYOND_TERM),
        _C.OTHER_LEGAL_GROUND: (_B, articles.REG_OTHER_GROUND),
        _C.APPLICANTS_INCOMPLETE: (_M, articles.REG_JOINT_APPLICATION),
        _C.RIGHT_ALREADY_REGISTERED: (_B, articles.RULES_FIRST_REGISTRATION),
        _C.RIGHT_NOT_REGISTERED: (_B, articles.RULES_FIRST_REGISTRATION),
        _C.TARGET_NOT_FOUND: (_B, articles.REG_OTHER_GROUND),
        _C.TARGET_ENDED: (_B, articles.REG_OTHER_GROUND),
        _C.HOLDERS_MISSING: (_B, articles.CC_CO_OWNERSHIP_FORMS),
        _C.HOLDER_REPEATED: (_B, articles.CC_CO_OWNERSHIP_FORMS),
        _C.SOLE_HOLDER_COUNT: (_B, articles.CC_CO_OWNERSHIP_FORMS),
        _C.CO_OWNERS_TOO_FEW: (_B, articles.CC_CO_OWNERSHIP_FORMS),
        _C.SHARE_MISSING: (_B, articles.CC_SHARES),
        _C.SHARE_UNEXPECTED: (_B, articles.CC_SHARES),
        _C.SHARE_NOT_POSITIVE: (_B, articles.CC_SHARES),
        _C.SHARES_NOT_ONE: (_B, articles.CC_SHARES),
        _C.CO_OWNER_CONSENT_REQUIRED: (_M, articles.CC_CO_OWNED_DISPOSAL),
        _C.SHARE_HOLDER_CONSENT_REQUIRED: (_M, articles.CC_SHARE_DISPOSAL),
        _C.CHANGE_ALTERS_HOLDERS: (_B, articles.RULES_CHANGE_NOT_TRANSFER),
        _C.UNIT_SEIZED: (_B, articles.RULES_SEIZURE_BAN),
        _C.SEIZURE_COURT_MISMATCH: (_B, articles.RULES_SEIZURE_END),
        _C.SEIZURE_NOT_IN_FORCE: (_B, articles.RULES_SEIZURE_END),
        _C.SEIZURE_TERM_INVALID: (_B, articles.RULES_SEIZURE_END),
        _C.ADVANCE_NOTICE_CONSENT_REQUIRED: (_M, articles.CC_ADVANCE_NOTICE),
        _C.OBJECTION_ACKNOWLEDGEMENT_REQUIRED: (_M, articles.RULES_OBJECTION_RISK),
        _C.OBJECTION_REPEAT_BARRED: (_B, articles.RULES_OBJECTION_REPEAT),
        _C.OBJECTION_SUIT_TOO_LATE: (_B, articles.CC_OBJECTION),
        _C.MORTGAGE_AMOUNT_NOT_POSITIVE: (_B, articles.CC_MORTGAGE_AMOUNT),
        _C.MORTGAGE_EARLIER_APPLICATION_PENDING: (_W, articles.RULES_MORTGAGE_ORDER),
        _C.MORTGAGE_RANK_INVALID: (_B, articles.RULES_MORTGAGE_ORDER),
        _C.MORTGAGE_RANK_CONSENT_REQUIRED: (_M, articles.CC_MORTGAGE_RANK_CHANGE),
        _C.MORTGAGEE_CONSENT_REQUIRED: (_M, articles.CC_MORTGAGED_TRANSFER),
        _C.MORTGAGE_CANCELLATION_GROUNDS_REQUIRED: (_M, articles.CC_MORTGAGE_END),
        _C.EASEMENT_TERM_BEYOND_RIGHT: (_B, articles.CC_EASEMENT_TERM),
        _C.CORRECTION_BARRED: (_B, articles.RULES_CORRECTION_BAR),
        _C.CORRECTION_CONSENT_OR_PROOF_REQUIRED: (_M, articles.CC_CORRECTION),
        _C.CORRECTION_NOTICE_INCOMPLETE: (_M, articles.RULES_OFFICE_CORRECTION),
        _C.CORRECTION_NOTICE_PREMATURE: (_B, articles.RULES_OFFICE_CORRECTION),
        _C.CORRECTION_NOTICE_RUNNING: (_W, articles.RULES_OFFICE_CORRECTION),
        _C.CANCELLATION_CAUSE_INVALID: (_B, articles.RULES_CANCELLATION),
        _C.ABANDONMENT_CONSENT_REQUIRED: (_M, articles.RULES_CANCELLATION),
        _C.ENCUMBRANCE_HOLDER_CONSENT_REQUIRED: (_M, articles.REG_JOINT_APPLICATION),
    }
)


class NoteCode(StrEnum):
    """What an allowed registration entails that the clerk should say."""

    MORTGAGE_FOLLOWS_UNIT = "mortgage_follows_unit"  # 带押过户
    OBJECTION_RISK_ACKNOWLEDGED = "objection_risk_acknowledged"
    SEIZURE_WILL_WAIT = "seizure_will_wait"  # 轮候查封
    ADVANCE_NOTICE_FULFILLED = "advance_notice_fulfilled"  # 预告转本登记
    PRE_SALE_NOTICE_BEFORE_FIRST_REGISTRATION = "pre_sale_notice_before_first_registration"
    CO_OWNER_AGREEMENT_APPLIES = "co_owner_agreement_applies"
    ENCUMBRANCES_END_WITH_RIGHT = "encumbrances_end_with_right"
    PROVISIONAL_CALENDAR = "provisional_calendar"


NOTE_ARTICLES: Mapping[NoteCode, str] = MappingProxyType(
    {
        NoteCode.MORTGAGE_FOLLOWS_UNIT: articles.CC_MORTGAGED_TRANSFER,
        NoteCode.OBJECTION_RISK_ACKNOWLEDGED: articles.RULES_OBJECTION_RISK,
        NoteCode.SEIZURE_WILL_WAIT: articles.RULES_WAITING_SEIZURE,
        NoteCode.ADVANCE_NOTICE_FULFILLED: articles.CC_ADVANCE_NOTICE,
        NoteCode.PRE_SALE_NOTICE_BEFORE_FIRST_REGISTRATION: articles.RULES_PRE_SALE_EXCEPTION,
        NoteCode.CO_OWNER_AGREEMENT_APPLIES: articles.CC_CO_OWNED_DISPOSAL,
        NoteCode.ENCUMBRANCES_END_WITH_RIGHT: articles.RULES_CANCELLATION,
        NoteCode.PROVISIONAL_CALENDAR: "CC arts. 200-204",
    }
)


def _frozen(params: Mapping[str, ParamValue]) -> Mapping[str, ParamValue]:
    """A read-only copy of ``params``."""
    return MappingProxyType(dict(params))


@dataclass(frozen=True, slots=True)
class Refusal:
    """One ground against the registration: ``code``, ``article`` and message ``params``."""

    code: RefusalCode
    article: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze ``params`` so a decision cannot be changed after the fact."""
        object.__setattr__(self, "params", _frozen(self.params))

    @property
    def kind(self) -> GroundKind:
        """Whether the ground bars, asks for material, or asks to wait."""
        return REFUSAL_TABLE[self.code][0]


@dataclass(frozen=True, slots=True)
class Note:
    """Something the registration entails, with the article that says so."""

    code: NoteCode
    article: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze ``params`` as for :class:`Refusal`."""
        object.__setattr__(self, "params", _frozen(self.params))


#: What a rule yields.
Finding = Refusal | Note


def refusal(code: RefusalCode, article: str | None = None, **params: ParamValue) -> Refusal:
    """A refusal citing the code's usual article unless ``article`` names another."""
    return Refusal(code, article or REFUSAL_TABLE[code][1], params)


def note(code: NoteCode, **params: ParamValue) -> Note:
    """A note citing its article."""
    return Note(code, NOTE_ARTICLES[code], params)


@dataclass(frozen=True, slots=True)
class Decision:
    """The rules' answer on a request: allowed when there is no refusal."""

    refusals: tuple[Refusal, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def allowed(self) -> bool:
        """Whether the registration may be entered as requested."""
        return not self.refusals

    @property
    def outcome(self) -> Outcome:
        """Refused if anything bars it; else wait, else produce material; else allowed."""
        kinds = {found.kind for found in self.refusals}
        if GroundKind.BAR in kinds:
            return Outcome.REFUSED
        if GroundKind.WAIT in kinds:
            return Outcome.MUST_WAIT
        if GroundKind.MISSING in kinds:
            return Outcome.NEEDS_MATERIALS
        return Outcome.ALLOWED

    @property
    def requirements(self) -> tuple[Refusal, ...]:
        """The consents, undertakings and proofs still to produce."""
        return tuple(found for found in self.refusals if found.kind == GroundKind.MISSING)

    @property
    def codes(self) -> tuple[RefusalCode, ...]:
        """The refusal codes, in the order found."""
        return tuple(found.code for found in self.refusals)

    @property
    def note_codes(self) -> tuple[NoteCode, ...]:
        """The note codes, in the order found."""
        return tuple(found.code for found in self.notes)
