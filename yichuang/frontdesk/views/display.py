"""The call screen (叫号屏) of an office's hall, at /display/<office>/: public, no personal data.

The page polls two small partials: the calls every two seconds (one query,
the office being cached) and the waiting counts less often.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from yichuang.accounts.models import Office
from yichuang.accounts.selectors import offices_public
from yichuang.frontdesk import selectors
from yichuang.frontdesk.models import CallEvent

CALLS_SHOWN = 6
# Each screen polls every 2 s (30 a minute); several screens may share one address.
DISPLAY_RATE = "300/m"
OFFICE_CACHE_SECONDS = 300


def _office(code: str) -> Office:
    """The open office by code, from the cache when the screen has asked before."""
    key = f"frontdesk:display-office:{code}"
    office = cache.get(key)
    if office is None:
        office = offices_public().filter(code=code).first()
        if office is None:
            raise Http404(code)
        cache.set(key, office, OFFICE_CACHE_SECONDS)
    assert isinstance(office, Office)
    return office


def _limited(request: HttpRequest) -> bool:
    return bool(
        is_ratelimited(
            request, group="frontdesk.display", key="ip", rate=DISPLAY_RATE, increment=True
        )
    )


def _too_many() -> HttpResponse:
    return HttpResponse(status=429)


def _calls(office: Office) -> list[CallEvent]:
    return selectors.recent_calls(office=office, day=timezone.localdate(), limit=CALLS_SHOWN)


def _waiting(office: Office) -> list[Mapping[str, object]]:
    return list(
        selectors.tickets_waiting(office=office, day=timezone.localdate())
        .order_by()
        .values("service_type__ticket_prefix", "service_type__name")
        .annotate(count=Count("pk"))
        .order_by("service_type__ticket_prefix")
    )


@require_GET
def display(request: HttpRequest, office_code: str) -> HttpResponse:
    if _limited(request):
        return _too_many()
    office = _office(office_code)
    calls = _calls(office)
    context = {
        "office": office,
        "latest": calls[0] if calls else None,
        "earlier": calls[1:],
        "waiting": _waiting(office),
    }
    return render(request, "frontdesk/display.html", context)


@require_GET
def display_calls(request: HttpRequest, office_code: str) -> HttpResponse:
    """The calls alone, polled by the screen: the office from the cache and one query."""
    if _limited(request):
        return _too_many()
    office = _office(office_code)
    calls = _calls(office)
    context = {"office": office, "latest": calls[0] if calls else None, "earlier": calls[1:]}
    return render(request, "frontdesk/display_calls.html", context)


@require_GET
def display_waiting(request: HttpRequest, office_code: str) -> HttpResponse:
    if _limited(request):
        return _too_many()
    office = _office(office_code)
    return render(
        request, "frontdesk/display_waiting.html", {"office": office, "waiting": _waiting(office)}
    )
