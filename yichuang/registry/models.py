"""The register (登记簿): parties, units, entries and each unit's current state."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yichuang.core.identifier_fields import validate_unit_code


class Party(models.Model):
    """A party to the register (当事人): a natural person or an organisation.

    Persons are identified by any lawful identity document, organisations by
    their unified social credit code. ``uid`` is how entries refer to them.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("natural person")
        ORGANISATION = "organisation", _("organisation")

    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    document_type = models.CharField(_("document type"), max_length=40)
    document_number = models.CharField(_("document number"), max_length=40)
    country = models.CharField(_("issuing country"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "document_number", "country"],
                name="party_once_per_document",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A real estate unit (不动产单元) with its one unique 28-character code (REG art. 8)."""

    code = models.CharField(
        _("unit code"), max_length=28, unique=True, validators=[validate_unit_code]
    )
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="units", verbose_name=_("office")
    )
    location = models.CharField(_("location"), max_length=200)
    planned_use = models.CharField(_("planned use"), max_length=50)
    is_residential = models.BooleanField(_("residential"))
    land_area = models.DecimalField(
        _("land area (m²)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    building_area = models.DecimalField(
        _("building area (m²)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("real estate unit")
        verbose_name_plural = _("real estate units")
        ordering = ["code"]
        permissions = [("browse_register", _("Can look up units and their history"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(land_area__isnull=True) | Q(land_area__gt=0), name="unit_land_area"
            ),
            models.CheckConstraint(
                condition=Q(building_area__isnull=True) | Q(building_area__gt=0),
                name="unit_building_area",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Entry(models.Model):
    """One register entry (登记簿记载): append-only, sealed in the office's register log.

    ``content`` is the rules' entry (type, times and payload) in the register's
    JSON form (:mod:`yichuang.registry.codec`); ``seq`` orders a unit's entries.
    A wrong entry is never changed: a correction entry follows it.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="entries", verbose_name=_("unit")
    )
    seq = models.PositiveIntegerField(_("sequence"))
    registration_type = models.CharField(_("registration type"), max_length=32)
    content = models.JSONField(_("content"))
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    case_reference = models.CharField(_("case reference"), max_length=64, blank=True)
    registrar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrar"),
    )
    accepted_at = models.DateTimeField(_("accepted at"))
    entered_at = models.DateTimeField(_("entered at"))
    salt = models.BinaryField(_("salt"), max_length=32, editable=False)
    ledger_origin = models.CharField(_("ledger log"), max_length=200, editable=False)
    ledger_index = models.PositiveBigIntegerField(_("ledger index"), editable=False)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["unit", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "seq"], name="entry_seq_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}#{self.seq} {self.registration_type}"


class UnitProjection(models.Model):
    """A unit's current state (登记簿现状), folded from its entries; rebuildable."""

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, primary_key=True, related_name="projection"
    )
    last_seq = models.PositiveIntegerField(_("last entry"), default=0)
    state = models.JSONField(_("state"))

    class Meta:
        verbose_name = _("unit state")
        verbose_name_plural = _("unit states")

    def __str__(self) -> str:
        return f"{self.unit_id}@{self.last_seq}"


class Holding(models.Model):
    """A party holding a live right on a unit, kept with the projection for search."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="holdings")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="holdings")
    right_kind = models.CharField(_("right"), max_length=40)
    share = models.CharField(_("share"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("holding")
        verbose_name_plural = _("holdings")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "party", "right_kind"], name="holding_once_per_right"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_id}@{self.unit_id}"


class UnitAccess(models.Model):
    """A look at a unit's register by staff (查阅记录): who, when, and through what.

    Append-only. The query service builds its rules and the holder's view of
    who looked at their record on these events.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="accesses")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=32)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("register access")
        verbose_name_plural = _("register accesses")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.actor_id}→{self.unit_id} {self.at}"


class CertificateCounter(models.Model):
    """The last certificate number used per office, year and kind (证书编号计数)."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=8)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "kind"], name="certificate_counter_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}/{self.kind}: {self.last}"


class Certificate(models.Model):
    """A title certificate (不动产权证书) or a registration proof (不动产登记证明).

    Issued for one register entry; its number is allocated once and never
    reused; ``verification_code`` is the unguessable part of its public
    verification address, printed in its QR code. ``holder`` is set on the
    copy of a co-owned right issued to one co-owner (共有人分别持证); without
    it the certificate is issued to all holders together.
    """

    class Kind(models.TextChoices):
        TITLE = "title", _("title certificate")
        PROOF = "proof", _("registration proof")

    number = models.CharField(_("number"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="certificates")
    holder = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "kind", "sequence"], name="certificate_sequence_once"
            ),
            # Whole-entry certificates are not limited here: a replacement for a
            # spoilt or lost one is issued for the same entry under a new number.
            models.UniqueConstraint(
                fields=["entry", "holder"],
                condition=Q(holder__isnull=False),
                name="certificate_once_per_holder",
            ),
        ]

    def __str__(self) -> str:
        return self.number
