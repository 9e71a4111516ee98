"""The JSON API: one django-ninja instance, documented at /api/docs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from yichuang.accounts.api import router as accounts_router
from yichuang.cases.api.cases import router as cases_router
from yichuang.cases.api.legacy import router as legacy_router
from yichuang.core.api import router as core_router
from yichuang.frontdesk.api import router as frontdesk_router
from yichuang.ledger.api import router as ledger_router
from yichuang.registry.api import router as registry_router

api = NinjaAPI(
    title="Yichuang API",
    version="1",
    description=(
        "The JSON API of Yichuang (一窗). Staff endpoints use the signed-in session "
        "(with the CSRF token for writes). Bad input answers 422 naming the field."
    ),
    auth=django_auth,
    urls_namespace="api",
    throttle=[
        AnonRateThrottle(settings.API_ANONYMOUS_RATE),
        AuthRateThrottle(settings.API_USER_RATE),
    ],
)
api.add_router("/", accounts_router)
api.add_router("/ledger", ledger_router)
api.add_router("/", core_router)
api.add_router("/registry", registry_router)
api.add_router("/frontdesk", frontdesk_router)
# The legacy register's paths come first: "/cases/legacy" is not a case number.
api.add_router("/cases", legacy_router)
api.add_router("/cases", cases_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "permission denied"}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = (
        [
            {"loc": [field], "msg": " ".join(str(m) for m in messages)}
            for field, messages in exc.message_dict.items()
        ]
        if hasattr(exc, "error_dict")
        else [{"loc": [], "msg": " ".join(str(m) for m in exc.messages)}]
    )
    return api.create_response(request, {"detail": detail}, status=422)
