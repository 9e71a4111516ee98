"""Why the register refuses an entry, in the reader's language (审核不予登记的理由).

The register's rules answer with a :class:`~yichuang.registry.rules.RefusalCode`,
the article it rests on and the ``params`` a sentence needs; this module turns
them into one sentence for the reviewer or registrar. :data:`MESSAGES` holds the
full sentence of each code. Where a rule may leave a detail out (a right's end
date, the parties of a side that must apply), :data:`SHORTER` holds sentences
needing fewer details, and the fullest sentence whose details are all given is
used. Coded values (a right kind, a co-ownership form, a cancellation cause) are
put into words; a list is joined with ", ".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yichuang.registry.labels import LABELS
from yichuang.registry.rules import CancellationCause, Decision, RefusalCode, Side

__all__ = ["FALLBACK", "MESSAGES", "SHORTER", "refusal_lines", "refusal_message"]

_C = RefusalCode

#: The full sentence for each refusal code.
MESSAGES: dict[RefusalCode, Promise] = {
    _C.ILLEGAL: _("The registration applied for violates a law or administrative regulation."),
    _C.TITLE_DISPUTE: _("There is an unresolved dispute over the title to this property."),
    _C.RIGHT_BEYOND_TERM: _(
        "The term of the right ended on %(term_end)s; the right can no longer be disposed of."
    ),
    _C.OTHER_LEGAL_GROUND: _(
        "A law or administrative regulation provides that this registration may not be made."
    ),
    _C.APPLICANTS_INCOMPLETE: _(
        "The applicants are incomplete; still to apply: %(sides)s (%(parties)s)."
    ),
    _C.RIGHT_ALREADY_REGISTERED: _(
        "The %(right_kind)s of this unit is already registered; "
        "it cannot be registered for the first time again."
    ),
    _C.RIGHT_NOT_REGISTERED: _(
        "The %(right_kind)s of this unit is not registered yet; "
        "its first registration must come first."
    ),
    _C.TARGET_NOT_FOUND: _("There is no %(expected)s numbered %(target)s on this unit."),
    _C.TARGET_ENDED: _("Entry no. %(target)s is no longer in force (%(status)s)."),
    _C.HOLDERS_MISSING: _(
        "The application does not name the holders of the right or how they hold it."
    ),
    _C.HOLDER_REPEATED: _("%(party)s is named more than once as a holder."),
    _C.SOLE_HOLDER_COUNT: _(
        "A right in sole ownership has exactly one holder; the application names %(count)s."
    ),
    _C.CO_OWNERS_TOO_FEW: _(
        "Co-ownership (%(form)s) needs at least two holders; the application names %(count)s."
    ),
    _C.SHARE_MISSING: _(
        "In ownership in shares every holder has a share; none is given for %(party)s."
    ),
    _C.SHARE_UNEXPECTED: _(
        "Holders have no shares under %(form)s, but a share is given for %(party)s."
    ),
    _C.SHARE_NOT_POSITIVE: _(
        "The share of %(party)s must be greater than zero; %(share)s is given."
    ),
    _C.SHARES_NOT_ONE: _("The co-owners' shares must add up to 1; they add up to %(total)s."),
    _C.CO_OWNER_CONSENT_REQUIRED: _(
        "Co-owners holding at least %(required_share)s of the shares must apply or consent; "
        "those who did hold %(consenting_share)s (not yet agreed: %(missing)s)."
    ),
    _C.SHARE_HOLDER_CONSENT_REQUIRED: _(
        "The co-owners whose shares are transferred must apply or consent: %(missing)s."
    ),
    _C.CHANGE_ALTERS_HOLDERS: _(
        "This change registration would change who holds the right "
        "(added: %(added)s; removed: %(removed)s); that needs a transfer registration."
    ),
    _C.UNIT_SEIZED: _(
        "The property has been seized by %(court)s (entry no. %(seizure)s); "
        "it may not be disposed of while the seizure is in force."
    ),
    _C.SEIZURE_COURT_MISMATCH: _(
        "Only the court that seized the property (%(seized_by)s) may lift or renew the seizure, "
        "not %(court)s."
    ),
    _C.SEIZURE_NOT_IN_FORCE: _(
        "Seizure no. %(target)s is not in force (it is waiting, or has no term), "
        "so it cannot be renewed."
    ),
    _C.SEIZURE_TERM_INVALID: _(
        "A renewal must end after the current term, which ends on %(term_end)s; "
        "%(requested)s is not later."
    ),
    _C.ADVANCE_NOTICE_CONSENT_REQUIRED: _(
        "An advance notice is registered (entry no. %(notice)s); the property may not be "
        "disposed of without the consent of its holders: %(missing)s."
    ),
    _C.OBJECTION_ACKNOWLEDGEMENT_REQUIRED: _(
        "An objection is registered (entry no. %(objections)s); the applicant must give a "
        "written undertaking that they know of it and bear the risk."
    ),
    _C.OBJECTION_REPEAT_BARRED: _(
        "An objection by the same applicant on the same grounds (entry no. %(lapsed)s) "
        "has lapsed; it may not be registered again."
    ),
    _C.OBJECTION_SUIT_TOO_LATE: _(
        "The suit was lodged on %(lodged_on)s, after the objection's last day (%(deadline)s); "
        "the objection has lapsed."
    ),
    _C.MORTGAGE_AMOUNT_NOT_POSITIVE: _("The %(field)s of the mortgage must be greater than zero."),
    _C.MORTGAGE_EARLIER_APPLICATION_PENDING: _(
        "A mortgage application on this unit accepted earlier (%(pending)s) must be entered first."
    ),
    _C.MORTGAGE_RANK_INVALID: _(
        "The agreed mortgage rank %(rank)s is not possible; it must be from 1 to %(last)s."
    ),
    _C.MORTGAGE_RANK_CONSENT_REQUIRED: _(
        "Taking rank %(rank)s puts registered mortgages behind; their mortgagees must consent "
        "in writing: %(missing)s."
    ),
    _C.MORTGAGEE_CONSENT_REQUIRED: _(
        "Mortgage no. %(mortgage)s restricts transfer of the property; "
        "the mortgagee %(mortgagee)s must consent."
    ),
    _C.MORTGAGE_CANCELLATION_GROUNDS_REQUIRED: _(
        "Cancelling the mortgage needs the consent of the mortgagee %(mortgagee)s "
        "or proof that the secured debt has ended."
    ),
    _C.EASEMENT_TERM_BEYOND_RIGHT: _(
        "The easement would last until %(term_end)s, beyond the burdened right, "
        "which ends on %(right_term_end)s."
    ),
    _C.CORRECTION_BARRED: _(
        "The entry can no longer be corrected: a disposal, advance notice or seizure "
        "was entered after it (entry no. %(barred_by)s)."
    ),
    _C.CORRECTION_CONSENT_OR_PROOF_REQUIRED: _(
        "A correction needs the written consent of the registered holders (%(holders)s) "
        "or proof that the register is wrong."
    ),
    _C.CORRECTION_NOTICE_INCOMPLETE: _("For a correction by the office, record %(missing)s."),
    _C.CORRECTION_NOTICE_PREMATURE: _(
        "The public notice started too early: the holder may apply for the correction "
        "until %(response_ends)s."
    ),
    _C.CORRECTION_NOTICE_RUNNING: _(
        "The public notice of the correction runs until %(until)s; "
        "the office may correct only after it ends."
    ),
    _C.CANCELLATION_CAUSE_INVALID: _("“%(cause)s” is not a lawful cause for this cancellation."),
    _C.ABANDONMENT_CONSENT_REQUIRED: _(
        "Abandoning the right needs the written consent of those holding rights over it: "
        "%(missing)s."
    ),
    _C.ENCUMBRANCE_HOLDER_CONSENT_REQUIRED: _(
        "Cancelling entry no. %(target)s needs its holders to apply or consent: %(missing)s."
    ),
}

#: Sentences for when a rule gives fewer details, fullest first.
SHORTER: dict[RefusalCode, tuple[Promise, ...]] = {
    _C.RIGHT_BEYOND_TERM: (_("The right applied for has exceeded its term."),),
    _C.APPLICANTS_INCOMPLETE: (_("The applicants are incomplete; still to apply: %(sides)s."),),
    _C.TARGET_NOT_FOUND: (_("There is no entry numbered %(target)s on this unit."),),
    _C.TARGET_ENDED: (_("Entry no. %(target)s is no longer in force."),),
    _C.CO_OWNER_CONSENT_REQUIRED: (
        _("All joint owners must apply or consent; not yet agreed: %(missing)s."),
    ),
    _C.CHANGE_ALTERS_HOLDERS: (
        _(
            "This change registration would add holders (%(added)s); "
            "that needs a transfer registration."
        ),
        _(
            "This change registration would remove holders (%(removed)s); "
            "that needs a transfer registration."
        ),
        _(
            "This kind of change registration may not change who holds the right "
            "or how they hold it."
        ),
    ),
    _C.SEIZURE_TERM_INVALID: (
        _(
            "The seizure's term must be at least one month and may not end "
            "before the day it was served (%(served_on)s)."
        ),
        _("The seizure's term is not valid."),
    ),
    _C.MORTGAGE_AMOUNT_NOT_POSITIVE: (
        _("The amount secured by the mortgage must be greater than zero."),
    ),
    _C.EASEMENT_TERM_BEYOND_RIGHT: (
        _(
            "An easement without an end date would outlast the burdened right, "
            "which ends on %(right_term_end)s."
        ),
    ),
    _C.CORRECTION_CONSENT_OR_PROOF_REQUIRED: (
        _("A correction needs proof that the register is wrong."),
    ),
}

#: The sentence for a code this module does not know.
FALLBACK: Promise = _("The registration cannot be entered as requested (reason: %(code)s).")

_SIDES: dict[str, Promise] = {
    Side.HOLDER: _("the registered holders (obligors)"),
    Side.ACQUIRER: _("the acquiring party"),
    Side.ANY: _("a party entitled to apply"),
}
_TARGETS: dict[str, Promise] = {
    "entry": _("register entry"),
    "seizure": _("seizure entry"),
    "mortgage": _("mortgage entry"),
    "objection": _("objection entry"),
    "easement, advance_notice or objection": _("easement, advance notice or objection entry"),
}
_AMOUNTS: dict[str, Promise] = {
    "debt_amount": _("secured debt amount"),
    "maximum_amount": _("maximum amount secured"),
}
_CAUSES: dict[str, Promise] = {
    CancellationCause.DESTRUCTION: _("destruction of the property"),
    CancellationCause.EXPROPRIATION: _("confiscation, expropriation or recovery by law"),
    CancellationCause.COURT_DECISION: _("an effective legal document of a people's court"),
    CancellationCause.ARBITRATION_AWARD: _(
        "an effective legal document of an arbitration commission"
    ),
    CancellationCause.GOVERNMENT_DECISION: _("an effective decision of a people's government"),
    CancellationCause.ABANDONMENT: _("abandonment by the holder"),
    CancellationCause.HOLDER_CONSENT: _("consent of the holder"),
    CancellationCause.CLAIM_ENDED: _("extinction of the claim secured by the advance notice"),
}
_NOTICE_DATES: dict[str, Promise] = {
    "holder_notified_on": _("the day the holder was notified"),
    "public_notice_from": _("the first day of the public notice"),
}

#: Which words a param's coded values are put into, by param name.
_WORDS: dict[str, Mapping[str, Promise]] = {
    "right_kind": LABELS,
    "form": LABELS,
    "status": LABELS,
    "sides": _SIDES,
    "expected": _TARGETS,
    "field": _AMOUNTS,
    "cause": _CAUSES,
}
#: Where one code gives a param name another meaning.
_WORDS_BY_CODE: dict[tuple[RefusalCode, str], Mapping[str, Promise]] = {
    (_C.CORRECTION_NOTICE_INCOMPLETE, "missing"): _NOTICE_DATES,
}

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class _Filled(dict[str, str]):
    """Params for ``%`` formatting: a missing one stands as its bare name."""

    def __missing__(self, key: str) -> str:
        """The placeholder's name, so a missing detail never raises."""
        return key


def _given(value: object) -> bool:
    """Whether a param carries something to say (not None, "" or an empty list)."""
    if isinstance(value, tuple | list | frozenset | set):
        return bool(value)
    return value is not None and value != ""


def _word(value: object, words: Mapping[str, Promise]) -> str:
    """One value in words when it is a known code, else as it is."""
    text = words.get(str(value))
    return str(text) if text is not None else str(value)


def _render(value: object, words: Mapping[str, Promise]) -> str:
    """A param as text; the items of a list joined with ", "."""
    if isinstance(value, tuple | list):
        return ", ".join(_word(item, words) for item in value)
    return _word(value, words)


def _values(code: RefusalCode, params: Mapping[str, object]) -> _Filled:
    """The given params of ``code`` as text."""
    filled = _Filled()
    for name, value in params.items():
        if _given(value):
            words = _WORDS_BY_CODE.get((code, name)) or _WORDS.get(name, {})
            filled[name] = _render(value, words)
    return filled


def _choose(candidates: Iterable[str], given: Mapping[str, str]) -> str:
    """The first sentence whose details are all given, else the one missing fewest."""
    texts = list(candidates)
    missing = [set(_PLACEHOLDER.findall(text)) - given.keys() for text in texts]
    for text, lacking in zip(texts, missing, strict=True):
        if not lacking:
            return text
    return min(zip(texts, missing, strict=True), key=lambda pair: len(pair[1]))[0]


def _format(text: str, values: _Filled) -> str:
    """``text`` with ``values`` filled in; a malformed template is given back as it is."""
    try:
        return text % values
    except (TypeError, ValueError):
        return text


def refusal_message(code: str, params: Mapping[str, object]) -> str:
    """One sentence saying why ``code`` refuses the registration, with ``params`` filled in.

    An unknown code gets a general sentence naming it; a missing param never
    raises.
    """
    try:
        known = RefusalCode(code)
    except ValueError:
        return _format(str(FALLBACK), _Filled(code=str(code)))
    values = _values(known, params)
    candidates = (str(text) for text in (MESSAGES[known], *SHORTER.get(known, ())))
    return _format(_choose(candidates, values), values)


def refusal_lines(decision: Decision) -> list[tuple[str, str, str]]:
    """Each refusal of ``decision`` as (code, article, sentence), in the order found."""
    return [
        (found.code.value, found.article, refusal_message(found.code, found.params))
        for found in decision.refusals
    ]
