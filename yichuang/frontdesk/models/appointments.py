"""Appointment slots and real-name bookings (预约)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yichuang.frontdesk.models.hall import Identity, Ticket


class AppointmentSlot(models.Model):
    """A bookable time at an office for one service type (预约时段)."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="slots", verbose_name=_("office")
    )
    service_type = models.ForeignKey(
        "accounts.ServiceType", on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    closed_reason = models.CharField(_("closed because"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "service_type", "starts_at"], name="slot_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Appointment(Identity):
    """A real-name booking of a slot (预约), held briefly while the applicant confirms."""

    class Status(models.TextChoices):
        HELD = "held", _("held")
        BOOKED = "booked", _("booked")
        CHECKED_IN = "checked_in", _("checked in")
        NO_SHOW = "no_show", _("did not come")
        CANCELLED = "cancelled", pgettext_lazy("ticket or appointment", "cancelled")
        EXPIRED = "expired", _("hold expired")

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    slot = models.ForeignKey(AppointmentSlot, on_delete=models.PROTECT, related_name="appointments")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ticket = models.OneToOneField(
        Ticket, on_delete=models.PROTECT, null=True, blank=True, related_name="appointment"
    )
    client_address = models.GenericIPAddressField(_("booked from"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at"]
        indexes = [
            models.Index(fields=["principal_key", "status"], name="appointment_identity"),
            # The per-phone and per-address booking caps count recent rows.
            models.Index(fields=["phone", "created_at"], name="appointment_phone"),
            models.Index(fields=["client_address", "created_at"], name="appointment_address"),
            # The lapse job looks for booked and held appointments only.
            models.Index(fields=["status", "held_until"], name="appointment_status"),
        ]

    def __str__(self) -> str:
        return self.reference
