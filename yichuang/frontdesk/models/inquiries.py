"""Inquiries under first-inquiry responsibility (首问负责) and their hand-overs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Inquiry(models.Model):
    """An inquiry under first-inquiry responsibility (首问负责): it has one owner until answered."""

    class Channel(models.TextChoices):
        WINDOW = "window", _("at the window")
        PHONE = "phone", _("by phone")
        ONLINE = "online", _("online")

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting an answer")
        ANSWERED = "answered", _("answered")

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("office"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"))
    applicant_name = models.CharField(_("applicant name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_inquiries",
        verbose_name=pgettext_lazy("inquiry", "owner"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("recorded at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["office", "status"], name="inquiry_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | Q(answered_at__isnull=False, answered_by__isnull=False),
                name="inquiry_answered_has_time_and_author",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class InquiryHandover(models.Model):
    """A hand-over of an inquiry to a named colleague, who must accept it (转交).

    Until the colleague accepts, the giver still owns the inquiry. An offer
    still pending when the inquiry is answered or taken over by the head is
    withdrawn, so nobody is left holding an offer of a closed question.
    """

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="handovers")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inquiry_handovers"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    offered_at = models.DateTimeField(_("offered at"))
    accepted_at = models.DateTimeField(
        pgettext_lazy("hand-over", "accepted at"), null=True, blank=True
    )
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_note = models.CharField(_("reason for declining"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inquiry hand-over")
        verbose_name_plural = _("inquiry hand-overs")
        ordering = ["-offered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry"],
                condition=Q(
                    accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True
                ),
                name="inquiry_one_pending_handover",
            ),
            models.CheckConstraint(
                condition=~Q(to_user=models.F("from_user")),
                name="inquiry_handover_to_someone_else",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True)
                | Q(accepted_at__isnull=True, withdrawn_at__isnull=True)
                | Q(declined_at__isnull=True, withdrawn_at__isnull=True),
                name="inquiry_handover_one_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inquiry_id} → {self.to_user_id}"
