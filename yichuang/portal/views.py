"""Public pages anyone may open without signing in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from yichuang.accounts import selectors as account_selectors
from yichuang.registry import selectors as registry_selectors


def index(request: HttpRequest) -> HttpResponse:
    """The portal's front page: every open registration office and how to reach it."""
    offices = account_selectors.offices_public()
    return render(request, "portal/index.html", {"offices": offices})


def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """The page a certificate's QR code leads to: is this certificate genuine and current?"""
    if is_ratelimited(request, group="portal.verify", key="ip", rate="30/m", increment=True):
        return render(request, "portal/too_many.html", status=429)
    certificate = registry_selectors.certificate_by_verification_code(code=code)
    summary = registry_selectors.certificate_public_summary(certificate=certificate)
    return render(request, "portal/verify_certificate.html", {"c": summary})
