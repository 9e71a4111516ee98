"""Shared builders for the register-rule tests (no tests here).

:class:`Book` is a unit's register in a test: it decides requests, enters the
allowed ones with increasing sequence numbers and keeps the entries, so every
test can also check that replaying the entries rebuilds the same state.
Times are Beijing time; ``at(2025, 3, 5)`` is 10:00 on 5 March 2025.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from yichuang.core.working_days import WorkCalendar
from yichuang.registry.rules import (
    CHINA_TIME,
    DEFAULT_CONFIG,
    Acknowledgement,
    CoOwnership,
    Decision,
    Entry,
    Evidence,
    FirstRegistration,
    GeneralGround,
    Holder,
    MortgageCreation,
    Payload,
    PendingApplication,
    RegistrationRequest,
    RightKind,
    RulesConfig,
    UnitState,
    UnitView,
    decide,
    enter,
    replay,
    unit_state_as_of,
)

D = dt.date
CAL = WorkCalendar()
HOUSE = RightKind.STATE_LAND_USE_AND_HOUSE


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in Beijing time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=CHINA_TIME)


def sole(party: str) -> tuple[Holder, ...]:
    """One holder alone."""
    return (Holder(party),)


def joint(*parties: str) -> tuple[Holder, ...]:
    """Joint owners (共同共有), no shares."""
    return tuple(Holder(party) for party in parties)


def shared(**shares: str) -> tuple[Holder, ...]:
    """Owners in shares (按份共有), e.g. ``shared(A="1/2", B="1/2")``."""
    return tuple(Holder(party, Fraction(share)) for party, share in shares.items())


def first(
    *parties: str, form: CoOwnership = CoOwnership.SOLE, kind: RightKind = HOUSE
) -> FirstRegistration:
    """A first registration of ``kind`` for ``parties`` (sole or joint)."""
    holders = sole(parties[0]) if form == CoOwnership.SOLE else joint(*parties)
    return FirstRegistration(right_kind=kind, holders=holders, form=form)


def mortgage(
    bank: str,
    amount: str = "1000000",
    *,
    agreed_rank: int | None = None,
    transfer_banned: bool = False,
) -> MortgageCreation:
    """A mortgage of the house to ``bank`` securing ``amount`` yuan."""
    return MortgageCreation(
        right_kind=HOUSE,
        mortgagee=bank,
        debt_amount=Decimal(amount),
        agreed_rank=agreed_rank,
        transfer_banned=transfer_banned,
    )


@dataclass
class Book:
    """A unit's register under test: decide, enter, look as of a day, replay."""

    unit: str = "320602001001GB00001F00010001"
    config: RulesConfig = DEFAULT_CONFIG
    calendar: WorkCalendar = CAL
    state: UnitState = field(init=False)
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.state = UnitState(unit=self.unit)

    def request(
        self,
        payload: Payload,
        accepted_at: dt.datetime,
        *,
        applicants: Iterable[str] = (),
        consents: Iterable[str] = (),
        acknowledged: bool = False,
        evidence: Iterable[Evidence] = (),
        findings: Iterable[GeneralGround] = (),
    ) -> RegistrationRequest:
        """A request accepted at ``accepted_at``."""
        return RegistrationRequest(
            payload=payload,
            accepted_at=accepted_at,
            applicants=frozenset(applicants),
            consents=frozenset(consents),
            acknowledgements=(
                frozenset({Acknowledgement.OBJECTION_RISK}) if acknowledged else frozenset()
            ),
            evidence=frozenset(evidence),
            findings=frozenset(findings),
        )

    def decide(
        self,
        payload: Payload,
        when: dt.datetime,
        *,
        accepted_at: dt.datetime | None = None,
        pending: Sequence[PendingApplication] = (),
        **options: Any,
    ) -> Decision:
        """Decide ``payload`` as of ``when``'s day without entering it."""
        request = self.request(payload, accepted_at or when, **options)
        return decide(
            self.state,
            request,
            as_of=when.astimezone(CHINA_TIME).date(),
            calendar=self.calendar,
            config=self.config,
            pending=pending,
        )

    def submit(
        self,
        payload: Payload,
        when: dt.datetime,
        *,
        accepted_at: dt.datetime | None = None,
        pending: Sequence[PendingApplication] = (),
        **options: Any,
    ) -> Decision:
        """Decide ``payload`` at ``when`` and enter it if allowed."""
        request = self.request(payload, accepted_at or when, **options)
        done = enter(
            self.state,
            request,
            seq=self.state.last_seq + 1,
            entered_at=when,
            calendar=self.calendar,
            config=self.config,
            pending=pending,
        )
        if done.entry is not None:
            self.entries.append(done.entry)
        self.state = done.state
        return done.decision

    def enter(self, payload: Payload, when: dt.datetime, **options: Any) -> int:
        """Enter ``payload``, which must be allowed; return its sequence number."""
        decision = self.submit(payload, when, **options)
        assert decision.allowed, decision.refusals
        return self.state.last_seq

    def view(self, day: dt.date) -> UnitView:
        """The register as of ``day``."""
        return unit_state_as_of(self.state, day, self.calendar, self.config)

    def replayed(self) -> UnitState:
        """The state rebuilt from the entries alone."""
        return replay(self.unit, self.entries)
