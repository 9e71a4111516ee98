"""What every rule looks at (审核依据): the request and the register as of the day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yichuang.core.working_days import WorkCalendar
from yichuang.registry.rules.as_of import UnitView, unit_state_as_of
from yichuang.registry.rules.classify import right_kind_of
from yichuang.registry.rules.config import RulesConfig
from yichuang.registry.rules.entries import PendingApplication, RegistrationRequest
from yichuang.registry.rules.payloads import Payload
from yichuang.registry.rules.periods import local_date
from yichuang.registry.rules.state import Right, UnitState

__all__ = ["Context"]


@dataclass(frozen=True, slots=True)
class Context:
    """The request, the unit's register on ``view.as_of`` and the parameters."""

    view: UnitView
    request: RegistrationRequest
    calendar: WorkCalendar
    config: RulesConfig
    pending: tuple[PendingApplication, ...]

    @property
    def payload(self) -> Payload:
        """The request's payload."""
        return self.request.payload

    @property
    def state(self) -> UnitState:
        """The unit's facts."""
        return self.view.state

    @property
    def as_of(self) -> dt.date:
        """The day the decision is taken."""
        return self.view.as_of

    @property
    def accepted_on(self) -> dt.date:
        """The day the application was accepted (受理)."""
        return local_date(self.request.accepted_at)

    @property
    def right(self) -> Right | None:
        """The live right the request concerns, if it names one and it is registered."""
        kind = right_kind_of(self.payload)
        return None if kind is None else self.state.right(kind)

    def view_on(self, day: dt.date) -> UnitView:
        """The same register as of another day (when an act counts from its own date)."""
        if day == self.view.as_of:
            return self.view
        return unit_state_as_of(self.state, day, self.calendar, self.config)
