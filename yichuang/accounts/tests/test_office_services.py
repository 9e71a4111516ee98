import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yichuang.accounts import services
from yichuang.accounts.models import Office, ServiceType, Window
from yichuang.audit.models import AuditEvent


def test_an_administrator_opens_an_office_and_the_change_is_audited(cast) -> None:
    office = services.office_create(
        actor=cast.admin, code="rugao", name="如皋市不动产登记中心", division_code="320682"
    )
    event = AuditEvent.objects.get(event_type="office.create", object_id=str(office.pk))
    assert event.actor == cast.admin
    assert event.office == office
    assert event.after["division_code"] == "320682"


def test_a_clerk_cannot_open_an_office_and_nothing_is_written(cast) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.office_create(
            actor=cast.clerk_a, code="rugao", name="如皋", division_code="320682"
        )
    assert not Office.objects.filter(code="rugao").exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("code", ["32068", "032068", "3206AB", ""])
def test_a_malformed_division_code_is_refused(cast, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.office_create(actor=cast.admin, code="x1", name="X", division_code=code)
    assert "division_code" in error.value.message_dict
    assert not Office.objects.filter(code="x1").exists()


def test_updating_an_office_records_only_what_changed(cast) -> None:
    office = cast.office_a
    services.office_update(
        actor=cast.admin, office=office, data={"name": "海门区登记中心", "is_active": True}
    )
    event = AuditEvent.objects.filter(event_type="office.update").get()
    assert event.before == {"name": "南通市海门区不动产登记中心"}
    assert event.after == {"name": "海门区登记中心"}


def test_an_update_with_no_change_writes_no_event(cast) -> None:
    services.office_update(
        actor=cast.admin, office=cast.office_a, data={"name": cast.office_a.name}
    )
    assert not AuditEvent.objects.filter(event_type="office.update").exists()


def test_fields_outside_the_editable_set_are_refused(cast) -> None:
    with pytest.raises(ValidationError):
        services.office_update(actor=cast.admin, office=cast.office_a, data={"code": "other"})
    cast.office_a.refresh_from_db()
    assert cast.office_a.code == "haimen"


def test_a_window_needs_a_service_type_and_a_free_number(cast) -> None:
    general = ServiceType.objects.filter(code="general")
    with pytest.raises(ValidationError):
        services.window_create(actor=cast.admin, office=cast.office_a, number=9, service_types=[])
    with pytest.raises(ValidationError):
        services.window_create(
            actor=cast.admin, office=cast.office_a, number=1, service_types=general
        )
    assert Window.objects.filter(office=cast.office_a).count() == 5


def test_changing_what_a_window_handles_is_audited_with_both_lists(cast) -> None:
    window = Window.objects.get(office=cast.office_a, number=1)
    services.window_update(
        actor=cast.admin,
        window=window,
        data={},
        service_types=ServiceType.objects.filter(code__in=["general", "query"]),
    )
    event = AuditEvent.objects.get(event_type="window.update")
    assert event.before == {"service_types": ["general"]}
    assert event.after == {"service_types": ["general", "query"]}


def test_a_ticket_prefix_is_one_capital_letter(cast) -> None:
    with pytest.raises(ValidationError):
        services.service_type_create(actor=cast.admin, code="x", name="X", ticket_prefix="a")
    created = services.service_type_create(actor=cast.admin, code="x", name="X", ticket_prefix="Q")
    assert created.ticket_prefix == "Q"
