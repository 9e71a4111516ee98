"""What every front-desk write shares: who may act, the office's settings, locks, signals."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from yichuang.accounts.models import Office, User
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import require_role
from yichuang.frontdesk.models import AbuseSignal, QueueSettings

# Who works the hall: the clerks, and the head who stands in for them.
HALL_ROLES = frozenset({Role.CLERK, Role.OFFICE_HEAD})
# Who may record an inquiry: any member of an office's staff (first-inquiry responsibility).
STAFF_ROLES = frozenset(
    {Role.CLERK, Role.REVIEWER, Role.REGISTRAR, Role.QUERY_CLERK, Role.OFFICE_HEAD}
)
# Who manages the hall's kiosks and settings.
MANAGER_ROLES = frozenset({Role.OFFICE_HEAD, Role.ADMINISTRATOR})


def queue_settings_for(office: Office) -> QueueSettings:
    """The office's hall settings: the defaults (unsaved) until a manager changes one."""
    return QueueSettings.objects.filter(office=office).first() or QueueSettings(office=office)


def lock(name: str) -> None:
    """Serialise writers on ``name`` until the transaction ends.

    PostgreSQL takes a transaction-scoped advisory lock; SQLite's IMMEDIATE
    transactions already let one writer in at a time.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("lock() needs a transaction")
    if connection.vendor == "postgresql":
        digest = hashlib.sha256(name.encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def abuse_signal_record(
    *, office: Office, kind: str, subject_key: str = "", detail: Mapping[str, Any] | None = None
) -> None:
    """Keep a sign of possible abuse for supervision; written even when the request is refused."""
    with transaction.atomic():
        AbuseSignal.objects.create(
            office=office,
            kind=kind,
            subject_key=subject_key,
            detail=dict(detail or {}),
            at=timezone.now(),
        )


def require_manager(actor: User | None, office: Office) -> User:
    """An administrator, or the head of ``office``; else 403."""
    user = require_role(actor, MANAGER_ROLES)
    if not user.has_role(Role.ADMINISTRATOR):
        require_role(user, MANAGER_ROLES, office)
    return user
