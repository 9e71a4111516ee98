"""Reading offices, windows and staff, always scoped to what the reader may see.

An administrator sees every office; a supervisor the offices whose division
code lies in their jurisdiction; other staff their own office only; an
applicant none. Out-of-scope objects are simply not found (404), so their
existence is not revealed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from yichuang.accounts.models import Office, ServiceType, User, Window
from yichuang.accounts.roles import ROLE_PERMISSIONS, Role


def office_scope(*, user: User) -> QuerySet[Office]:
    """The offices ``user`` may see."""
    offices = Office.objects.all()
    if not user.is_authenticated or not user.is_active:
        return offices.none()
    if user.has_role(Role.ADMINISTRATOR):
        return offices
    visible = Q(pk__in=[])
    if user.has_role(Role.SUPERVISOR) and user.jurisdiction_code:
        visible |= Q(division_code__startswith=user.jurisdiction_prefix)
    if user.office_id is not None and user.roles:
        visible |= Q(pk=user.office_id)
    return offices.filter(visible)


def office_list_for(*, user: User) -> QuerySet[Office]:
    """Visible offices with their window and staff counts, in one query."""
    return office_scope(user=user).annotate(
        window_count=Count("windows", filter=Q(windows__is_active=True), distinct=True),
        staff_count=Count("staff", filter=Q(staff__is_active=True), distinct=True),
    )


def office_get_for(*, user: User, code: str) -> Office:
    """One visible office by code, or 404."""
    try:
        return office_scope(user=user).get(code=code)
    except Office.DoesNotExist:
        raise Http404(code) from None


def window_list_for(*, user: User, office: Office | None = None) -> QuerySet[Window]:
    """Visible windows with office and service types loaded."""
    windows = Window.objects.filter(office__in=office_scope(user=user))
    if office is not None:
        windows = windows.filter(office=office)
    return windows.select_related("office").prefetch_related(
        Prefetch("service_types", queryset=ServiceType.objects.order_by("ticket_prefix"))
    )


def staff_list_for(*, user: User, office: Office | None = None) -> QuerySet[User]:
    """Visible staff (people of visible offices) with office and roles loaded."""
    if not (user.has_role(Role.ADMINISTRATOR) or user.has_perm("accounts.view_user")):
        return User.objects.none()
    staff = User.objects.filter(office__in=office_scope(user=user))
    if office is not None:
        staff = staff.filter(office=office)
    return staff.select_related("office").prefetch_related("groups")


def service_types_active() -> QuerySet[ServiceType]:
    """Service types open for business, by ticket prefix."""
    return ServiceType.objects.filter(is_active=True).order_by("ticket_prefix")


def offices_public() -> QuerySet[Office]:
    """Open offices, for the public portal (public facts only are shown there)."""
    return Office.objects.filter(is_active=True).order_by("division_code", "code")


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, for views and endpoints that only let signed-in users through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("sign in first")
    return user


def role_allows(*, user: User, permission: str) -> bool:
    """Whether one of ``user``'s roles grants ``permission``.

    The same answer as ``user.has_perm`` for role permissions (roles_sync keeps
    the groups equal to ``ROLE_PERMISSIONS``), from the roles already loaded,
    without the two permission queries.
    """
    if not user.is_active:
        return False
    return any(permission in ROLE_PERMISSIONS[role] for role in user.roles)


def require_role(user: User | None, roles: frozenset[Role], office: Office | None = None) -> User:
    """``user`` if active and holding one of ``roles`` (at ``office`` when given); else 403."""
    if user is None or not user.is_active or not (user.roles & roles):
        raise PermissionDenied(", ".join(sorted(roles)))
    if office is not None and user.office_id != office.pk:
        raise PermissionDenied(office.code)
    return user


def service_types_offered(*, office: Office) -> QuerySet[ServiceType]:
    """The active service types an active window of ``office`` handles."""
    return service_types_active().filter(windows__office=office, windows__is_active=True).distinct()
