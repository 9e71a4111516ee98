"""An office's time-limit promises: set by its head within the law, used by new cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from yichuang.audit.models import AuditEvent
from yichuang.cases import services
from yichuang.cases.models import Case


def _update(actor: Any, office: Any, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "general_working_days": 5,
        "promised_by_type": {},
        "count_acceptance_day": False,
        "due_soon_working_days": 1,
    }
    values.update(changes)
    return services.case_settings_update(actor=actor, office=office, **values)


def test_a_new_promise_applies_to_cases_accepted_after_it(
    cast: Any, open_case: Callable[..., Case]
) -> None:
    before = open_case()
    services.case_accept(actor=cast.clerk_a, case=before)
    _update(cast.head_a, cast.office_a, general_working_days=3, promised_by_type={"transfer": 2})
    after = open_case()
    services.case_accept(actor=cast.clerk_a, case=after)
    before.refresh_from_db()
    after.refresh_from_db()
    assert (before.limit_days, after.limit_days) == (5, 2)
    event = AuditEvent.objects.get(event_type="case_settings.update")
    assert event.after["promised_by_type"] == {"transfer": 2}


@pytest.mark.parametrize(
    "changes",
    [
        {"general_working_days": 31},
        {"general_working_days": 0},
        {"promised_by_type": {"transfer": 45}},
        {"promised_by_type": {"lease": 3}},
    ],
)
def test_a_promise_beyond_the_law_or_for_no_such_type_is_refused(
    cast: Any, changes: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        _update(cast.head_a, cast.office_a, **changes)
    assert not AuditEvent.objects.filter(event_type="case_settings.update").exists()


def test_only_the_head_of_the_office_sets_its_promises(cast: Any) -> None:
    for actor, office in ((cast.clerk_a, cast.office_a), (cast.head_b, cast.office_a)):
        with pytest.raises(PermissionDenied):
            _update(actor, office)


def test_the_head_sets_the_promises_on_the_settings_page(cast: Any) -> None:
    client = Client()
    client.force_login(cast.head_a)
    url = reverse("cases:settings")
    page = client.get(url)
    assert page.status_code == 200 and 'name="type_seizure"' in page.content.decode()
    response = client.post(
        url,
        {"general_working_days": "4", "due_soon_working_days": "1", "type_seizure": "1"},
    )
    assert response.status_code == 302
    saved = services.settings_for(cast.office_a)
    assert saved.general_working_days == 4
    # A type left blank takes the general promise, even one with a shorter default.
    assert (saved.promised_by_type["seizure"], saved.promised_by_type["objection"]) == (1, 4)
    refused = client.post(url, {"general_working_days": "40", "due_soon_working_days": "1"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    other = Client()
    other.force_login(cast.clerk_a)
    assert other.get(url).status_code == 403
