import pytest
from django.db import transaction

from yichuang.audit.models import AuditEvent
from yichuang.audit.services import AuditOutsideTransactionError, audit_record


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused() -> None:
    with pytest.raises(AuditOutsideTransactionError):
        audit_record(actor=None, event_type="x.y")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_personal_data_is_masked_and_secrets_dropped() -> None:
    with transaction.atomic():
        event = audit_record(
            actor=None,
            event_type="party.create",
            after={
                "id_number": "11010519491231002X",
                "phone": "13812345678",
                "salt": "00ff",
                "note": "申请人 360426199101010071 来电",
            },
        )
    assert event.after == {
        "id_number": "110105********002X",
        "phone": "138****5678",
        "note": "申请人 360426********0071 来电",
    }
    assert event.actor_label == "system"


def test_the_request_id_is_recorded(client_for, cast) -> None:
    from yichuang.accounts.models import Window

    window = Window.objects.get(office=cast.office_a, number=1)
    types = list(window.service_types.values_list("pk", flat=True))
    client_for(cast.admin).post(
        f"/admin/accounts/window/{window.pk}/change/",
        {"number": 1, "name": "一号窗", "service_types": types, "is_active": "on"},
        HTTP_X_REQUEST_ID="req-0123456789",
    )
    assert AuditEvent.objects.get(event_type="window.update").request_id == "req-0123456789"
