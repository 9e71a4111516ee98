from yichuang.accounts.models import Office, User, Window
from yichuang.audit.models import AuditEvent


def test_an_office_created_in_the_admin_is_audited(client_for, cast) -> None:
    client = client_for(cast.admin)
    response = client.post(
        "/admin/accounts/office/add/",
        {
            "code": "rugao",
            "name": "如皋市不动产登记中心",
            "division_code": "320682",
            "address": "",
            "public_phone": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    office = Office.objects.get(code="rugao")
    assert AuditEvent.objects.filter(event_type="office.create", object_id=str(office.pk)).exists()


def test_a_bad_division_code_in_the_admin_is_a_form_error(client_for, cast) -> None:
    response = client_for(cast.admin).post(
        "/admin/accounts/office/add/",
        {
            "code": "rugao",
            "name": "如皋",
            "division_code": "3206",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "行政区划代码" in response.content.decode()
    assert not Office.objects.filter(code="rugao").exists()


def test_staff_created_in_the_admin_get_their_roles_through_the_service(client_for, cast) -> None:
    response = client_for(cast.admin).post(
        "/admin/accounts/user/add/",
        {
            "username": "reviewer_b",
            "full_name": "钱程",
            "email": "",
            "office": cast.office_b.pk,
            "jurisdiction_code": "",
            "roles": ["reviewer"],
            "usable_password": "true",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="reviewer_b")
    assert user.roles == {"reviewer"}
    assert AuditEvent.objects.filter(event_type="staff.create", object_id=str(user.pk)).exists()


def test_a_window_edited_in_the_admin_is_audited(client_for, cast) -> None:
    window = Window.objects.get(office=cast.office_b, number=2)
    types = list(window.service_types.values_list("pk", flat=True))
    response = client_for(cast.admin).post(
        f"/admin/accounts/window/{window.pk}/change/",
        {
            "number": 2,
            "name": "查询发证窗口",
            "service_types": types,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(event_type="window.update")
    assert event.after == {"name": "查询发证窗口"}


def test_offices_cannot_be_deleted_in_the_admin(client_for, cast) -> None:
    response = client_for(cast.admin).post(
        f"/admin/accounts/office/{cast.office_a.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Office.objects.filter(pk=cast.office_a.pk).exists()


def test_non_administrators_cannot_open_the_admin(client_for, cast) -> None:
    response = client_for(cast.head_a).get("/admin/")
    assert response.status_code == 302
