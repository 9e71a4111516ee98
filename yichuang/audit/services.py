"""Writing the audit trail. Services call :func:`audit_record`, nothing else does."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, models
from django.utils import timezone

from yichuang.audit.models import AuditEvent
from yichuang.core.masking import mask_record
from yichuang.core.middleware import current_request_id
from yichuang.ledger.commitment import leaf_data, new_salt
from yichuang.ledger.services import leaf_append

LEAF_KIND = "audit-event"


class OfficeLike(Protocol):
    """What the audit trail needs of an office: its key and its code."""

    pk: Any
    code: str


def office_ledger_owner(office: OfficeLike | None) -> str:
    """Whose key signs an office's logs: the office's, or the platform's for global events."""
    return f"{settings.LEDGER_ORIGIN_PREFIX}/{office.code if office else 'platform'}"


def office_ledger_origin(office: OfficeLike | None, kind: str, year: int) -> str:
    """An office's log of one kind for one year, e.g. yichuang.local/haimen/audit/2026."""
    return f"{office_ledger_owner(office)}/{kind}/{year}"


class AuditOutsideTransactionError(RuntimeError):
    """An audit event must commit together with the change it describes."""


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    event_type: str,
    target: models.Model | None = None,
    office: OfficeLike | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record one change inside the caller's transaction, sealed in the ledger.

    ``actor`` None means the platform itself (a scheduled job or a migration).
    Personal data in ``before``/``after`` is masked and secrets are dropped.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(event_type)
    event = AuditEvent(
        uid=uuid.uuid4(),
        occurred_at=timezone.now(),
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_label=_actor_label(actor),
        office_id=office.pk if office is not None else None,
        event_type=event_type,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        before=_jsonable(mask_record(dict(before))) if before is not None else None,
        after=_jsonable(mask_record(dict(after))) if after is not None else None,
        request_id=current_request_id(),
        salt=new_salt(),
    )
    year = timezone.localtime(event.occurred_at).year
    receipt = leaf_append(
        origin=office_ledger_origin(office, "audit", year),
        owner=office_ledger_owner(office),
        data=leaf_data(kind=LEAF_KIND, record=event.ledger_record(), salt=bytes(event.salt)),
    )
    event.ledger_origin, event.ledger_index = receipt.origin, receipt.index
    event.save(force_insert=True)
    return event


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
