"""Every change to offices, windows, service types and staff.

Each function checks the actor's permission, runs in one transaction, and
writes one audit event. The Django admin calls these too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from yichuang.accounts.models import Office, ServiceType, User, Window
from yichuang.accounts.roles import OFFICE_ROLES, ROLE_PERMISSIONS, Role
from yichuang.audit.services import audit_record, model_snapshot

OFFICE_EDITABLE = frozenset(
    {
        "name",
        "division_code",
        "address",
        "public_phone",
        "certificate_province",
        "certificate_place",
        "reviewer_may_register",
        "is_active",
    }
)
WINDOW_EDITABLE = frozenset({"number", "name", "is_active"})
SERVICE_TYPE_EDITABLE = frozenset({"name", "ticket_prefix", "is_active"})
STAFF_EDITABLE = frozenset({"full_name", "email", "office", "jurisdiction_code", "is_active"})


def require_permission(actor: User | None, permission: str) -> None:
    """Raise PermissionDenied unless ``actor`` holds ``permission``."""
    if actor is None or not actor.is_active or not actor.has_perm(permission):
        raise PermissionDenied(permission)


def _apply_changes(
    instance: models.Model, data: Mapping[str, Any], allowed: frozenset[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set the changed fields on ``instance``; return (before, after) of those fields."""
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in data.items():
        current = getattr(instance, name)
        if current != value:
            before[name] = current
            after[name] = value
            setattr(instance, name, value)
    return before, after


def _jsonable_change(change: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.pk if isinstance(v, models.Model) else v) for k, v in change.items()}


# --- Offices -----------------------------------------------------------------


def office_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    division_code: str,
    address: str = "",
    public_phone: str = "",
    certificate_province: str = "",
    certificate_place: str = "",
    reviewer_may_register: bool = False,
) -> Office:
    """Open a registration office (设立登记机构)."""
    require_permission(actor, "accounts.add_office")
    office = Office(
        code=code,
        name=name,
        division_code=division_code,
        address=address,
        public_phone=public_phone,
        certificate_province=certificate_province,
        certificate_place=certificate_place,
        reviewer_may_register=reviewer_may_register,
    )
    office.full_clean()
    with transaction.atomic():
        office.save()
        audit_record(
            actor=actor,
            event_type="office.create",
            target=office,
            office=office,
            after=model_snapshot(office),
        )
    return office


def office_update(*, actor: User | None, office: Office, data: Mapping[str, Any]) -> Office:
    """Change an office's details; closing it is ``is_active=False``, never deletion."""
    require_permission(actor, "accounts.change_office")
    with transaction.atomic():
        office = Office.objects.select_for_update().get(pk=office.pk)
        before, after = _apply_changes(office, data, OFFICE_EDITABLE)
        if not after:
            return office
        office.full_clean()
        office.save(update_fields=list(after))
        audit_record(
            actor=actor,
            event_type="office.update",
            target=office,
            office=office,
            before=before,
            after=after,
        )
    return office


# --- Service types -------------------------------------------------------------


def service_type_create(
    *, actor: User | None, code: str, name: str, ticket_prefix: str
) -> ServiceType:
    """Add a kind of business windows can handle."""
    require_permission(actor, "accounts.add_servicetype")
    service_type = ServiceType(code=code, name=name, ticket_prefix=ticket_prefix)
    service_type.full_clean()
    with transaction.atomic():
        service_type.save()
        audit_record(
            actor=actor,
            event_type="service_type.create",
            target=service_type,
            after=model_snapshot(service_type),
        )
    return service_type


def service_type_update(
    *, actor: User | None, service_type: ServiceType, data: Mapping[str, Any]
) -> ServiceType:
    """Rename, re-prefix or retire a service type."""
    require_permission(actor, "accounts.change_servicetype")
    with transaction.atomic():
        service_type = ServiceType.objects.select_for_update().get(pk=service_type.pk)
        before, after = _apply_changes(service_type, data, SERVICE_TYPE_EDITABLE)
        if not after:
            return service_type
        service_type.full_clean()
        service_type.save(update_fields=list(after))
        audit_record(
            actor=actor,
            event_type="service_type.update",
            target=service_type,
            before=before,
            after=after,
        )
    return service_type


# The service types every installation starts with (also created by migration 0002).
DEFAULT_SERVICE_TYPES = (
    ("general", "综合登记", "A"),
    ("mortgage", "抵押登记", "B"),
    ("query", "登记资料查询", "C"),
    ("collection", "领证", "D"),
)


def service_types_ensure_defaults(*, actor: User | None) -> None:
    """Create any default service type that is missing (idempotent)."""
    for code, name, prefix in DEFAULT_SERVICE_TYPES:
        if not ServiceType.objects.filter(code=code).exists():
            service_type_create(actor=actor, code=code, name=name, ticket_prefix=prefix)


# --- Windows -----------------------------------------------------------------


def window_create(
    *,
    actor: User | None,
    office: Office,
    number: int,
    name: str = "",
    service_types: Iterable[ServiceType],
) -> Window:
    """Open a window at an office, handling the given service types."""
    require_permission(actor, "accounts.add_window")
    types = list(service_types)
    if not types:
        raise ValidationError({"service_types": _("A window handles at least one service type.")})
    window = Window(office=office, number=number, name=name)
    window.full_clean()
    with transaction.atomic():
        window.save()
        window.service_types.set(types)
        audit_record(
            actor=actor,
            event_type="window.create",
            target=window,
            office=office,
            after={**model_snapshot(window), "service_types": sorted(t.code for t in types)},
        )
    return window


def window_update(
    *,
    actor: User | None,
    window: Window,
    data: Mapping[str, Any],
    service_types: Iterable[ServiceType] | None = None,
) -> Window:
    """Renumber, rename or close a window, or change what it handles."""
    require_permission(actor, "accounts.change_window")
    with transaction.atomic():
        window = Window.objects.select_for_update().get(pk=window.pk)
        before, after = _apply_changes(window, data, WINDOW_EDITABLE)
        if service_types is not None:
            new_codes = sorted(t.code for t in service_types)
            old_codes = sorted(window.service_types.values_list("code", flat=True))
            if not new_codes:
                raise ValidationError(
                    {"service_types": _("A window handles at least one service type.")}
                )
            if new_codes != old_codes:
                before["service_types"], after["service_types"] = old_codes, new_codes
                window.service_types.set(list(service_types))
        if not after:
            return window
        window.full_clean()
        window.save()
        audit_record(
            actor=actor,
            event_type="window.update",
            target=window,
            office=window.office,
            before=before,
            after=after,
        )
    return window


# --- Roles and staff -----------------------------------------------------------


def roles_sync() -> list[Group]:
    """Make one group per role holding exactly the role's permissions (idempotent).

    Run by the migration that creates the roles and by the demo data; it
    changes configuration, not data, so it writes no audit event.
    """
    groups = []
    for role, permission_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        permissions = []
        for dotted in permission_names:
            app_label, codename = dotted.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
        groups.append(group)
    return groups


def _check_roles_fit(user: User, roles: frozenset[Role]) -> None:
    if roles & OFFICE_ROLES and user.office_id is None:
        raise ValidationError({"office": _("Office roles need an office.")})
    if Role.SUPERVISOR in roles and not user.jurisdiction_code:
        raise ValidationError({"jurisdiction_code": _("A supervisor needs a jurisdiction.")})


def staff_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str | None,
    roles: Iterable[Role] = (),
    office: Office | None = None,
    jurisdiction_code: str = "",
    email: str = "",
) -> User:
    """Create a user account with its roles. ``password`` None leaves it unusable."""
    require_permission(actor, "accounts.add_user")
    wanted = frozenset(Role(role) for role in roles)
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        office=office,
        jurisdiction_code=jurisdiction_code,
        is_staff=Role.ADMINISTRATOR in wanted,
    )
    user.full_clean(exclude=["password"])
    _check_roles_fit(user, wanted)
    if password is None:
        user.set_unusable_password()
    else:
        password_validation.validate_password(password, user)
        user.set_password(password)
    with transaction.atomic():
        user.save()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in wanted]))
        audit_record(
            actor=actor,
            event_type="staff.create",
            target=user,
            office=office,
            after={
                **model_snapshot(user, sorted(STAFF_EDITABLE | {"username"})),
                "roles": sorted(wanted),
            },
        )
    return user


def staff_update(
    *,
    actor: User | None,
    user: User,
    data: Mapping[str, Any],
    roles: Iterable[Role] | None = None,
) -> User:
    """Change a user's details and, when given, their roles."""
    require_permission(actor, "accounts.change_user")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before, after = _apply_changes(user, data, STAFF_EDITABLE)
        old_roles = user.roles
        new_roles = old_roles if roles is None else frozenset(Role(r) for r in roles)
        if new_roles != old_roles:
            before["roles"], after["roles"] = sorted(old_roles), sorted(new_roles)
        if not after:
            return user
        _check_roles_fit(user, new_roles)
        user.is_staff = Role.ADMINISTRATOR in new_roles
        user.full_clean()
        user.save()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in new_roles]))
        user.__dict__.pop("_roles_cache", None)
        audit_record(
            actor=actor,
            event_type="staff.update",
            target=user,
            office=user.office,
            before=_jsonable_change(before),
            after=_jsonable_change(after),
        )
    return user


def staff_set_password(*, actor: User | None, user: User, password: str) -> User:
    """Set a new password; the audit event records that it changed, never the value."""
    if actor is None or actor.pk != user.pk:
        require_permission(actor, "accounts.change_user")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            event_type="staff.password_set",
            target=user,
            office=user.office,
        )
    return user


def administrator_bootstrap(*, username: str, full_name: str, password: str) -> User:
    """Create the first administrator of an installation (the platform acts).

    Refused once any administrator exists: later ones are made by an
    administrator through :func:`staff_create`.
    """
    roles_sync()
    if User.objects.filter(groups__name=Role.ADMINISTRATOR.value).exists():
        raise PermissionDenied(_("An administrator already exists."))
    user = User(username=username, full_name=full_name, is_staff=True)
    user.full_clean(exclude=["password"])
    password_validation.validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        user.groups.set([Group.objects.get(name=Role.ADMINISTRATOR.value)])
        audit_record(
            actor=None,
            event_type="staff.bootstrap_administrator",
            target=user,
            after={"username": username, "roles": [Role.ADMINISTRATOR.value]},
        )
    return user
