"""Forms of the legacy cases register pages: parsing and redisplay only.

The services judge what is required and allowed; a form only turns typed text
into numbers, dates and people, and puts a service's refusal by the field it
names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yichuang.accounts.models import Office, User
from yichuang.cases.models import LegacyCase


class _ServiceForm(forms.Form):
    """A form whose errors come from the service it feeds."""

    def service_errors(self, request: HttpRequest, error: ValidationError) -> None:
        """Put each message by the field it names; what names no field here is a message."""
        self.is_valid()
        by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        for field, field_messages in by_field.items():
            for message in field_messages:
                if field in self.fields:
                    self.add_error(field, message)
                else:
                    messages.error(request, message)


class _StaffChoiceField(forms.ModelChoiceField[User]):
    """A member of staff, shown by name and username."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.username})" if obj.full_name else obj.username


def _text(label: Any, *, max_length: int, rows: int = 0) -> forms.CharField:
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": rows})
        if rows
        else forms.TextInput(attrs={"maxlength": max_length})
    )
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


class LegacyCaseOpenForm(_ServiceForm):
    """Open a legacy case at the keeper's office."""

    title = _text(_("Title"), max_length=200)
    location = _text(_("Location"), max_length=200)
    households = forms.IntegerField(label=_("Households affected"), initial=1)
    description = _text(_("Description"), max_length=10000, rows=5)
    policy = _text(_("Governing local policy (document and article)"), max_length=300)
    blocker = _text(_("What blocks it"), max_length=300)
    owner = _StaffChoiceField(
        label=pgettext_lazy("legacy case", "Owner"), queryset=User.objects.none()
    )
    target_date = forms.DateField(
        label=_("Target date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, _StaffChoiceField)
        owner.queryset = owners


class LegacyCaseUpdateForm(_ServiceForm):
    """Move a legacy case on: a note always, and perhaps a new status, blocker or owner."""

    note = _text(_("Note"), max_length=4000, rows=4)
    status = forms.CharField(
        label=_("Status"), required=False, widget=forms.Select(choices=LegacyCase.Status.choices)
    )
    blocker = _text(_("What blocks it"), max_length=300)
    owner = _StaffChoiceField(
        label=_("New owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=str(_("— keep the current owner —")),
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        help_text=_("Required when the case is resolved or closed."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, _StaffChoiceField)
        owner.queryset = owners

    @classmethod
    def for_case(
        cls, legacy_case: LegacyCase, data: Any = None, *, owners: QuerySet[User]
    ) -> LegacyCaseUpdateForm:
        """The form for ``legacy_case``, starting from its current status and blocker."""
        initial = {"status": legacy_case.status, "blocker": legacy_case.blocker}
        return cls(data, initial=initial, owners=owners)


class LegacyFilterForm(forms.Form):
    """The list's filter: a status, and an office for those who see more than one."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *LegacyCase.Status.choices],
    )
    office = forms.ChoiceField(label=_("Office"), required=False)

    def __init__(self, *args: Any, offices: list[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = self.fields["office"]
        assert isinstance(office, forms.ChoiceField)
        office.choices = [("", _("all")), *((o.code, o.name) for o in offices)]
        if len(offices) < 2:
            del self.fields["office"]
