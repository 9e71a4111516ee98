"""Changing an office's time-limit promises (办理时限承诺).

Only the office head changes them; every promise lies between 1 working day and
the statutory 30 (REG art. 20); every change is audited before and after; a
change applies to cases accepted from then on, since each case keeps the limit
it was promised.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.audit.services import audit_record
from yichuang.cases.clock import STATUTORY_LIMIT_WORKING_DAYS, ClockConfig, ClockError
from yichuang.cases.models import CaseSettings
from yichuang.cases.services.base import clock_config, settings_for
from yichuang.registry.rules.codes import RegistrationType

HEADS = frozenset({Role.OFFICE_HEAD})


def _snapshot(settings: CaseSettings) -> dict[str, object]:
    return {
        "general_working_days": settings.general_working_days,
        "promised_by_type": dict(settings.promised_by_type),
        "count_acceptance_day": settings.count_acceptance_day,
        "due_soon_working_days": settings.due_soon_working_days,
    }


def case_settings_update(
    *,
    actor: User,
    office: Office,
    general_working_days: int,
    promised_by_type: Mapping[str, int],
    count_acceptance_day: bool,
    due_soon_working_days: int,
) -> CaseSettings:
    """Set the office's promises; refused whole, naming the field, if any is unlawful."""
    require_role(actor, HEADS, office)
    promises: dict[str, int] = {}
    for name, days in promised_by_type.items():
        try:
            RegistrationType(name)
        except ValueError:
            raise ValidationError(
                {"promised_by_type": _("Unknown registration type: %s.") % name}
            ) from None
        promises[name] = int(days)
    with transaction.atomic():
        current = settings_for(office)
        before = _snapshot(current) if current.pk else None
        current.general_working_days = general_working_days
        current.promised_by_type = promises
        current.count_acceptance_day = count_acceptance_day
        current.due_soon_working_days = due_soon_working_days
        try:
            clock_config(current)
        except (ClockError, TypeError, ValueError):
            raise ValidationError(
                {
                    "general_working_days": _(
                        "Every promise lies between 1 and %(ceiling)s working days (REG art. 20)."
                    )
                    % {"ceiling": STATUTORY_LIMIT_WORKING_DAYS}
                }
            ) from None
        current.save()
        audit_record(
            actor=actor,
            event_type="case_settings.update",
            target=current,
            office=office,
            before=before,
            after=_snapshot(current),
        )
    return current


def promises_table(office: Office) -> list[tuple[str, int]]:
    """Each registration type and the working days the office promises for it."""
    config: ClockConfig = clock_config(settings_for(office))
    return [
        (kind.value, config.promised_by_type.get(kind, config.general_working_days))
        for kind in RegistrationType
    ]
