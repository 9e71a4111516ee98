"""The register of legacy cases (历史遗留问题台账, mission R6).

Some applications cannot be handled under the ordinary rules (a building
without a completed planning acceptance, a plot sold before the unified
register): each is recorded with the local policy that governs it, what blocks
it, who owns it and where it stands, and tracked until it ends.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegacyCase(models.Model):
    """One legacy case, tracked to an end."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("legacy case", "open")
        IN_PROGRESS = "in_progress", _("in progress")
        BLOCKED = "blocked", _("blocked")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed without resolution")

    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="legacy_cases",
        verbose_name=_("office"),
    )
    reference = models.CharField(
        pgettext_lazy("legacy case", "reference"), max_length=40, unique=True
    )
    title = models.CharField(_("title"), max_length=200)
    location = models.CharField(_("location"), max_length=200)
    households = models.PositiveIntegerField(_("households affected"), default=1)
    description = models.TextField(_("description"))
    policy = models.CharField(
        _("governing local policy"),
        max_length=300,
        help_text=_("The local policy document and article under which it is handled."),
    )
    blocker = models.CharField(_("what blocks it"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("legacy case", "owner"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registration case"),
    )

    class Meta:
        verbose_name = _("legacy case")
        verbose_name_plural = _("legacy cases")
        ordering = ["office", "status", "opened_at"]
        constraints = [
            models.CheckConstraint(condition=Q(policy__gt=""), name="legacy_case_names_its_policy"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["resolved", "closed"], ended_at__isnull=False, outcome__gt=""
                )
                | (~Q(status__in=["resolved", "closed"]) & Q(ended_at__isnull=True)),
                name="legacy_case_end_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class LegacyCaseNote(models.Model):
    """One step in a legacy case's history: a status change or a note, by whom."""

    legacy_case = models.ForeignKey(LegacyCase, on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField(_("at"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status_from = models.CharField(_("from"), max_length=16, blank=True)
    status_to = models.CharField(_("to"), max_length=16, blank=True)
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("legacy case note")
        verbose_name_plural = _("legacy case notes")
        ordering = ["legacy_case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.legacy_case} {self.at:%Y-%m-%d}"
