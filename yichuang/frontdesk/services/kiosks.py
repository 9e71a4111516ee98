"""Registering and revoking ticket kiosks (取号机). A kiosk proves itself with a token.

The token is shown once, when the kiosk is registered, and only its SHA-256
is kept; a revoked or unknown token is refused with 403.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, User
from yichuang.audit.services import audit_record
from yichuang.frontdesk.models import Kiosk
from yichuang.frontdesk.services.access import require_manager


def kiosk_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def kiosk_register(*, actor: User, office: Office, name: str) -> tuple[Kiosk, str]:
    """Register a kiosk of ``office``; returns it and its token (shown once, never stored)."""
    require_manager(actor, office)
    if not name.strip():
        raise ValidationError({"name": _("Name the kiosk, e.g. by where it stands.")})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        kiosk = Kiosk.objects.create(
            office=office,
            name=name.strip(),
            token_hash=kiosk_token_hash(token),
            token_hint=token[-4:],
            registered_by=actor,
        )
        audit_record(
            actor=actor,
            event_type="kiosk.register",
            target=kiosk,
            office=office,
            after={"name": kiosk.name},
        )
    return kiosk, token


def kiosk_revoke(*, actor: User, kiosk: Kiosk) -> Kiosk:
    """Stop a kiosk printing numbers at once (lost, stolen or replaced)."""
    require_manager(actor, kiosk.office)
    with transaction.atomic():
        locked = Kiosk.objects.select_for_update().get(pk=kiosk.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                event_type="kiosk.revoke",
                target=locked,
                office=locked.office,
                after={"name": locked.name},
            )
    kiosk.revoked_at = locked.revoked_at
    return locked
