"""The reviewed catalog and fee schedule as loaded into the database.

The repository's data files are the source (docs/adr/0011, 0012); these rows
keep every version ever loaded, because a notice or a receipt names the
version it was built from and repository history alone cannot map a catalog
hash back to its content. Rows are written only by ``catalog_load`` and never
changed: a new version is new rows.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _


def _has_basis() -> GreaterThan:
    # Trimmed, so that a basis of spaces is refused as well as an empty one; the
    # loaders refuse both already, but a row written any other way must not slip by.
    return GreaterThan(Length(Trim("basis")), 0)


def _no_conditions() -> list[str]:
    return []


class MaterialItem(models.Model):
    """One item of a materials list in one catalog version (法定申请材料目录中的申请材料)."""

    catalog_version = models.CharField(_("catalog version"), max_length=32)
    registration_type = models.CharField(_("registration type"), max_length=40)
    cause = models.CharField(_("cause"), max_length=40)
    code = models.CharField(_("item code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=500)
    confirmed = models.BooleanField(
        _("basis confirmed"),
        help_text=_("True only when every article cited has been read in its official text."),
    )
    original_required = models.BooleanField(_("original required"))
    shareable = models.BooleanField(
        _("obtained by data sharing"),
        help_text=_("The office obtains it itself and must not ask the applicant for it."),
    )
    provider = models.CharField(_("provided by"), max_length=40)
    conditions = models.JSONField(
        _("conditions"),
        default=_no_conditions,
        help_text=_("Codes of the circumstances that must all hold for the item to apply."),
    )

    class Meta:
        verbose_name = _("application material")
        verbose_name_plural = _("application materials catalog")
        ordering = ["catalog_version", "registration_type", "cause", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalog_version", "registration_type", "cause", "code"],
                name="material_item_once_per_list",
            ),
            models.CheckConstraint(condition=_has_basis(), name="material_item_has_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_type}.{self.cause}: {self.name}"


class FeeItem(models.Model):
    """One row of one version of the fee schedule (收费标准中的收费项目), in yuan."""

    schedule_version = models.CharField(_("schedule version"), max_length=32)
    effective_from = models.DateField(_("in force from"))
    code = models.CharField(_("item code"), max_length=64)
    label = models.CharField(_("label"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    basis = models.CharField(_("legal basis"), max_length=500)
    confirmed = models.BooleanField(
        _("basis confirmed"),
        help_text=_("False where the row rests on a default rather than a confirmed reading."),
    )

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee schedule")
        ordering = ["-effective_from", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule_version", "code"], name="fee_item_once_per_version"
            ),
            models.CheckConstraint(condition=_has_basis(), name="fee_item_has_basis"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_item_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule_version} {self.label}"
