import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yichuang.accounts import services
from yichuang.accounts.models import User
from yichuang.accounts.roles import Role
from yichuang.audit.models import AuditEvent


def test_staff_are_created_with_their_roles_and_audited(cast) -> None:
    user = services.staff_create(
        actor=cast.admin,
        username="clerk_a2",
        full_name="何平",
        password="a-long-passphrase-1",
        roles=[Role.CLERK],
        office=cast.office_a,
    )
    assert user.roles == {Role.CLERK}
    assert user.check_password("a-long-passphrase-1")
    event = AuditEvent.objects.get(event_type="staff.create", object_id=str(user.pk))
    assert event.after["roles"] == ["clerk"]
    assert "password" not in event.after
    assert event.after["full_name"] == "何*"


def test_an_office_role_without_an_office_is_refused(cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.staff_create(
            actor=cast.admin,
            username="lost",
            full_name="X",
            password="a-long-passphrase-1",
            roles=[Role.REVIEWER],
        )
    assert "office" in error.value.message_dict
    assert not User.objects.filter(username="lost").exists()


def test_a_supervisor_needs_a_jurisdiction(cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.staff_update(actor=cast.admin, user=cast.citizen, data={}, roles=[Role.SUPERVISOR])
    assert "jurisdiction_code" in error.value.message_dict
    assert cast.citizen.roles == frozenset()


def test_a_weak_password_is_refused(cast) -> None:
    with pytest.raises(ValidationError):
        services.staff_create(
            actor=cast.admin,
            username="weak",
            full_name="X",
            password="12345678",
            roles=[Role.CLERK],
            office=cast.office_a,
        )
    assert not User.objects.filter(username="weak").exists()


def test_an_office_head_cannot_create_staff(cast) -> None:
    with pytest.raises(PermissionDenied):
        services.staff_create(
            actor=cast.head_a,
            username="n",
            full_name="X",
            password="a-long-passphrase-1",
            roles=[Role.CLERK],
            office=cast.office_a,
        )


def test_granting_the_administrator_role_grants_the_admin_site(cast) -> None:
    user = services.staff_update(
        actor=cast.admin, user=cast.head_a, data={}, roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR]
    )
    assert user.is_staff
    event = AuditEvent.objects.get(event_type="staff.update")
    assert event.before == {"roles": ["office_head"]}
    assert event.after == {"roles": ["administrator", "office_head"]}


def test_the_first_administrator_can_be_bootstrapped_only_once(cast) -> None:
    with pytest.raises(PermissionDenied):
        services.administrator_bootstrap(
            username="second", full_name="X", password="a-long-passphrase-1"
        )


def test_a_password_change_is_audited_without_the_password(cast) -> None:
    services.staff_set_password(actor=cast.clerk_a, user=cast.clerk_a, password="new-passphrase-77")
    event = AuditEvent.objects.get(event_type="staff.password_set")
    assert event.before is None and event.after is None
    with pytest.raises(PermissionDenied):
        services.staff_set_password(
            actor=cast.clerk_a, user=cast.clerk_b, password="x-passphrase-9"
        )
