"""Writing the audit trail. Services call :func:`audit_record`, nothing else does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, models

from yichuang.audit.models import AuditEvent
from yichuang.core.masking import mask_record
from yichuang.core.middleware import current_request_id


class AuditOutsideTransactionError(RuntimeError):
    """An audit event must commit together with the change it describes."""


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    event_type: str,
    target: models.Model | None = None,
    office: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record one change inside the caller's transaction.

    ``actor`` None means the platform itself (a scheduled job or a migration).
    Personal data in ``before``/``after`` is masked and secrets are dropped.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(event_type)
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_label=_actor_label(actor),
        office_id=office.pk if office is not None else None,
        event_type=event_type,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        before=_jsonable(mask_record(dict(before))) if before is not None else None,
        after=_jsonable(mask_record(dict(after))) if after is not None else None,
        request_id=current_request_id(),
    )


def _actor_label(actor: AbstractBaseUser | None) -> str:
    if actor is None or not actor.is_authenticated:
        return "system"
    return actor.get_username()


def _jsonable(value: Any) -> Any:
    """Dates, decimals and model instances become strings; structure is kept."""
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def model_snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` (foreign keys by id), for before/after."""
    snapshot: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        snapshot[field.name] = getattr(instance, field.attname)
    return snapshot
