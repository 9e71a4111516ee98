"""The audit trail: every change, by whom, on what, before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One recorded change (审计事件), written by the service that made it.

    ``before`` and ``after`` hold the changed fields with personal data masked;
    secrets are never written. Each event is sealed as a leaf of its office's
    audit log (``ledger_origin``, ``ledger_index``): the leaf commits to
    :meth:`ledger_record` with ``salt``, and the table is append-only.
    ``office`` is the office whose data changed, so an office head and a
    supervisor see their own office's trail.
    """

    uid = models.UUIDField(_("identifier"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor name"), max_length=150)
    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office"),
    )
    event_type = models.CharField(_("event"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    salt = models.BinaryField(_("salt"), max_length=32, editable=False)
    ledger_origin = models.CharField(_("ledger log"), max_length=200, editable=False)
    ledger_index = models.PositiveBigIntegerField(_("ledger index"), editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["office", "-occurred_at"], name="audit_office_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.object_type}:{self.object_id}"

    def ledger_record(self) -> dict[str, object]:
        """The record the ledger leaf commits to (canonical JSON values only)."""
        return {
            "uid": str(self.uid),
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "office_id": self.office_id,
            "event_type": self.event_type,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "before": self.before,
            "after": self.after,
            "request_id": self.request_id,
        }
