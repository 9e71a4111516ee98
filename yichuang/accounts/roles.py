"""Staff roles (岗位) and what each may do.

Roles are Django groups named by :class:`Role`; their permissions are declared
here, in one place, and applied by ``accounts.services.roles_sync``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Window clerk")
    REVIEWER = "reviewer", _("Reviewer")
    REGISTRAR = "registrar", _("Registrar")
    QUERY_CLERK = "query_clerk", _("Query clerk")
    OFFICE_HEAD = "office_head", _("Office head")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose holder works at one office; a supervisor works over a jurisdiction;
# an administrator over the whole installation.
OFFICE_ROLES = frozenset(
    {Role.CLERK, Role.REVIEWER, Role.REGISTRAR, Role.QUERY_CLERK, Role.OFFICE_HEAD}
)

_VIEW_ORGANISATION = (
    "accounts.view_office",
    "accounts.view_window",
    "accounts.view_servicetype",
    "accounts.view_calendarday",
)

# The hall's records, read-only in the admin, for those who answer for the hall.
_VIEW_HALL = (
    "frontdesk.view_ticket",
    "frontdesk.view_callevent",
    "frontdesk.view_identitycheck",
    "frontdesk.view_abusesignal",
    "frontdesk.view_kiosk",
    "frontdesk.view_queuesettings",
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CLERK: _VIEW_ORGANISATION,
    Role.REVIEWER: (*_VIEW_ORGANISATION, "registry.browse_register"),
    Role.REGISTRAR: (*_VIEW_ORGANISATION, "registry.browse_register"),
    Role.QUERY_CLERK: _VIEW_ORGANISATION,
    Role.OFFICE_HEAD: (
        *_VIEW_ORGANISATION,
        *_VIEW_HALL,
        "frontdesk.change_queuesettings",
        "accounts.view_user",
        "audit.view_auditevent",
        "registry.browse_register",
    ),
    Role.SUPERVISOR: (
        *_VIEW_ORGANISATION,
        *_VIEW_HALL,
        "accounts.view_user",
        "audit.view_auditevent",
        "registry.browse_register",
    ),
    Role.ADMINISTRATOR: (
        *_VIEW_ORGANISATION,
        "accounts.add_office",
        "accounts.change_office",
        "accounts.add_window",
        "accounts.change_window",
        "accounts.add_servicetype",
        "accounts.change_servicetype",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.add_calendarday",
        "accounts.change_calendarday",
        "accounts.delete_calendarday",
        "accounts.view_calendaryear",
        "accounts.add_calendaryear",
        "accounts.view_deadline",
        *_VIEW_HALL,
        "frontdesk.change_queuesettings",
        "audit.view_auditevent",
    ),
}
