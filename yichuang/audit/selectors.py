"""Reading the audit trail, scoped to what the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yichuang.audit.models import AuditEvent


def audit_events_for_offices(*, office_ids: QuerySet[Any, Any] | list[int]) -> QuerySet[AuditEvent]:
    """Events of the given offices, newest first, with actor and office joined."""
    return AuditEvent.objects.filter(office_id__in=office_ids).select_related("actor", "office")


def audit_events_all() -> QuerySet[AuditEvent]:
    """Every event, newest first: only for administrators."""
    return AuditEvent.objects.select_related("actor", "office")


def audit_events_for_object(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """The history of one object."""
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).select_related(
        "actor", "office"
    )
