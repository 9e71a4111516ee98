"""The words people read for the register's codes (registration types, rights, statuses)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yichuang.registry.rules import CoOwnership, RegistrationType, RightKind, Status

LABELS: dict[str, Promise] = {
    RegistrationType.FIRST: _("first registration"),
    RegistrationType.CHANGE: _("change registration"),
    RegistrationType.TRANSFER: _("transfer registration"),
    RegistrationType.CANCELLATION: _("cancellation registration"),
    RegistrationType.CORRECTION: _("correction registration"),
    RegistrationType.OBJECTION: _("objection registration"),
    RegistrationType.ADVANCE_NOTICE: _("advance notice registration"),
    RegistrationType.SEIZURE: _("seizure registration"),
    RegistrationType.SEIZURE_LIFT: _("lifting of a seizure"),
    RegistrationType.MORTGAGE: _("mortgage registration"),
    RegistrationType.MORTGAGE_CANCELLATION: _("cancellation of a mortgage"),
    RegistrationType.EASEMENT: _("easement registration"),
    RightKind.COLLECTIVE_LAND_OWNERSHIP: _("collective land ownership"),
    RightKind.STATE_LAND_USE: _("state construction land use right"),
    RightKind.STATE_LAND_USE_AND_HOUSE: _("state construction land use right and house ownership"),
    RightKind.COLLECTIVE_LAND_USE: _("collective construction land use right"),
    RightKind.COLLECTIVE_LAND_USE_AND_BUILDING: _(
        "collective construction land use right and building ownership"
    ),
    RightKind.HOMESTEAD_USE: _("homestead use right"),
    RightKind.HOMESTEAD_USE_AND_HOUSE: _("homestead use right and house ownership"),
    RightKind.LAND_CONTRACTING: _("land contracting right"),
    RightKind.LAND_MANAGEMENT: _("land management right"),
    RightKind.FOREST: _("forest land use right and forest ownership"),
    RightKind.SEA_AREA_USE: _("sea area use right"),
    CoOwnership.SOLE: _("sole ownership"),
    CoOwnership.SHARED: _("ownership in shares"),
    CoOwnership.JOINT: _("joint ownership"),
    Status.ACTIVE: _("in force"),
    Status.WAITING: _("waiting"),
    Status.LIFTED: _("lifted"),
    Status.LAPSED: _("lapsed"),
    Status.CANCELLED: _("cancelled"),
    Status.FULFILLED: _("fulfilled"),
}


def label(code: object) -> str:
    """The reader's word for a register code; the code itself if it has none."""
    text = LABELS.get(str(code))
    return str(text) if text is not None else str(code)
