"""The public status of an inquiry (咨询查询): the applicant opens it with the reference."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from yichuang.frontdesk import inquiry_selectors

RATE = "30/m"


def inquiry_status(request: HttpRequest, reference: str) -> HttpResponse:
    """Subject, channel, dates, state and the answer; never a name, a phone or who owns it."""
    if is_ratelimited(request, group="portal.inquiry", key="ip", rate=RATE, increment=True):
        return render(request, "portal/too_many.html", status=429)
    try:
        status = inquiry_selectors.inquiry_public_status(reference=reference)
    except Http404:
        return render(
            request,
            "portal/inquiry_status.html",
            {"status": None, "reference": reference[:20]},
            status=404,
        )
    return render(request, "portal/inquiry_status.html", {"status": status})
