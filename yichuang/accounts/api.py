"""JSON API for offices, windows and the signed-in user."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from yichuang.accounts import selectors

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    office: str | None
    roles: list[str]
    jurisdiction_code: str


class OfficeOut(Schema):
    code: str
    name: str
    division_code: str
    address: str
    public_phone: str
    is_active: bool


class WindowOut(Schema):
    number: int
    name: str
    is_active: bool
    service_types: list[str]


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> MeOut:
    user = selectors.signed_in_user(request)
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        office=user.office.code if user.office else None,
        roles=sorted(user.roles),
        jurisdiction_code=user.jurisdiction_code,
    )


@router.get("/offices", response=list[OfficeOut], summary="Offices visible to the user")
@paginate
def office_list(request: HttpRequest) -> object:
    return selectors.office_scope(user=selectors.signed_in_user(request)).order_by(
        "division_code", "code"
    )


@router.get("/offices/{code}", response=OfficeOut, summary="One office")
def office_detail(request: HttpRequest, code: str) -> object:
    return selectors.office_get_for(user=selectors.signed_in_user(request), code=code)


@router.get("/offices/{code}/windows", response=list[WindowOut], summary="The windows of an office")
def window_list(request: HttpRequest, code: str) -> list[WindowOut]:
    user = selectors.signed_in_user(request)
    office = selectors.office_get_for(user=user, code=code)
    windows = selectors.window_list_for(user=user, office=office)
    return [
        WindowOut(
            number=window.number,
            name=window.name,
            is_active=window.is_active,
            service_types=[t.code for t in window.service_types.all()],
        )
        for window in windows
    ]
