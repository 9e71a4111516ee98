"""The administrator's screens. Every save goes through a service, so it is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yichuang.accounts import calendar, services
from yichuang.accounts.models import (
    CalendarDay,
    CalendarYear,
    Deadline,
    Office,
    ServiceType,
    User,
    Window,
)
from yichuang.accounts.roles import Role
from yichuang.accounts.selectors import signed_in_user

admin.site.unregister(Group)


class NoDeleteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """History is kept: offices, windows and people are closed, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _changes(form: forms.ModelForm, editable: frozenset[str]) -> dict[str, Any]:  # type: ignore[type-arg]
    return {name: form.cleaned_data[name] for name in form.changed_data if name in editable}


@admin.register(Office)
class OfficeAdmin(NoDeleteAdmin):
    list_display = ["name", "code", "division_code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code", "division_code"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code", "created_at"] if obj else ["created_at"]

    def save_model(self, request: HttpRequest, obj: Office, form: Any, change: bool) -> None:
        if change:
            services.office_update(
                actor=signed_in_user(request),
                office=obj,
                data=_changes(form, services.OFFICE_EDITABLE),
            )
            return
        data = {k: v for k, v in form.cleaned_data.items() if k != "is_active"}
        created = services.office_create(actor=signed_in_user(request), **data)
        obj.pk = created.pk


@admin.register(ServiceType)
class ServiceTypeAdmin(NoDeleteAdmin):
    list_display = ["ticket_prefix", "name", "code", "is_active"]

    def save_model(self, request: HttpRequest, obj: ServiceType, form: Any, change: bool) -> None:
        if change:
            services.service_type_update(
                actor=signed_in_user(request),
                service_type=obj,
                data=_changes(form, services.SERVICE_TYPE_EDITABLE),
            )
            return
        created = services.service_type_create(
            actor=signed_in_user(request),
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            ticket_prefix=form.cleaned_data["ticket_prefix"],
        )
        obj.pk = created.pk


@admin.register(Window)
class WindowAdmin(NoDeleteAdmin):
    list_display = ["office", "number", "name", "is_active"]
    list_filter = ["office", "is_active"]
    list_select_related = ["office"]
    filter_horizontal = ["service_types"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["office"] if obj else []

    def save_model(self, request: HttpRequest, obj: Window, form: Any, change: bool) -> None:
        # Saved together with the service types in save_related, through the service.
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        window = form.instance
        types = form.cleaned_data["service_types"]
        if change:
            services.window_update(
                actor=signed_in_user(request),
                window=window,
                data=_changes(form, services.WINDOW_EDITABLE),
                service_types=types,
            )
            return
        created = services.window_create(
            actor=signed_in_user(request),
            office=form.cleaned_data["office"],
            number=form.cleaned_data["number"],
            name=form.cleaned_data["name"],
            service_types=types,
        )
        window.pk = created.pk


class RolesField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Role.choices,
            coerce=Role,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Roles"),
            **kwargs,
        )


class StaffCreationForm(AdminUserCreationForm[User]):
    roles = RolesField()

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email", "office", "jurisdiction_code")


class StaffChangeForm(UserChangeForm[User]):
    roles = RolesField()

    class Meta(UserChangeForm.Meta):
        model = User
        fields = (  # type: ignore[assignment]
            "username",
            "full_name",
            "email",
            "office",
            "jurisdiction_code",
            "is_active",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.roles)


@admin.register(User)
class StaffAdmin(DjangoUserAdmin[User]):
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ["username", "full_name", "office", "jurisdiction_code", "is_active"]
    list_filter = ["office", "is_active", "groups"]
    list_select_related = ["office"]
    search_fields = ["username", "full_name"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email"]}),
        (_("Work"), {"fields": ["office", "jurisdiction_code", "roles", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "email",
                    "office",
                    "jurisdiction_code",
                    "roles",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.staff_update(
                actor=signed_in_user(request),
                user=form.instance,
                data=_changes(form, services.STAFF_EDITABLE),
                roles=data["roles"],
            )
            return
        password = data.get("password1") if data.get("usable_password", "true") != "false" else None
        created = services.staff_create(
            actor=signed_in_user(request),
            username=data["username"],
            full_name=data.get("full_name", ""),
            email=data.get("email", ""),
            password=password or None,
            roles=data["roles"],
            office=data.get("office"),
            jurisdiction_code=data.get("jurisdiction_code", ""),
        )
        form.instance.pk = created.pk


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "name", "is_working_day", "office"]
    list_filter = ["is_working_day", "office"]
    list_select_related = ["office"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        saved = calendar.calendar_day_set(
            actor=signed_in_user(request),
            office=form.cleaned_data["office"],
            date=form.cleaned_data["date"],
            is_working_day=form.cleaned_data["is_working_day"],
            name=form.cleaned_data["name"],
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar.calendar_day_remove(actor=signed_in_user(request), day=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for day in queryset:
            self.delete_model(request, day)


@admin.register(CalendarYear)
class CalendarYearAdmin(NoDeleteAdmin):
    list_display = ["year", "source", "confirmed_by", "confirmed_at"]
    fields = ["year", "source"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        created = calendar.calendar_year_confirm(
            actor=signed_in_user(request),
            year=form.cleaned_data["year"],
            source=form.cleaned_data["source"],
        )
        obj.pk = created.pk


@admin.register(Deadline)
class DeadlineAdmin(NoDeleteAdmin):
    list_display = ["purpose", "office", "starts_on", "working_days", "due_on", "provisional"]
    list_filter = ["provisional", "office"]
    list_select_related = ["office"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
