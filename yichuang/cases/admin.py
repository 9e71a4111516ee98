"""The administrator's read-only view of the loaded catalog and fee schedule.

The rows change only by loading a new reviewed version (``cases_catalog_load``),
never by hand, so nobody adds, edits or deletes them here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yichuang.accounts.models import User
from yichuang.accounts.roles import Role
from yichuang.cases.models import FeeItem, MaterialItem


def _is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_active and user.has_role(Role.ADMINISTRATOR)


class VersionedDataAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Reviewed data the administrator reads: granted by role, as it has no model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MaterialItem)
class MaterialItemAdmin(VersionedDataAdmin):
    list_display = [
        "registration_type",
        "cause",
        "code",
        "name",
        "basis",
        "confirmed",
        "original_required",
        "shareable",
        "provider",
        "catalog_version",
    ]
    list_filter = ["catalog_version", "registration_type", "confirmed", "shareable"]
    search_fields = ["code", "name", "basis"]


@admin.register(FeeItem)
class FeeItemAdmin(VersionedDataAdmin):
    list_display = ["code", "label", "amount", "basis", "confirmed", "schedule_version"]
    list_filter = ["schedule_version", "confirmed"]
    search_fields = ["code", "label", "basis"]
