"""Public pages anyone may open without signing in."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from yichuang.accounts import selectors as account_selectors
from yichuang.cases import selectors as case_selectors
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


def verify_case_document(request: HttpRequest, code: str) -> HttpResponse:
    """The page a case document's QR code leads to: is it genuine, and where is the case now?

    Shows the document's number, kind, office and date, and the case's state
    and due date; no name and no identity number, since anyone holding the
    paper (or a photo of it) can open this page.
    """
    if is_ratelimited(request, group="portal.verify", key="ip", rate="30/m", increment=True):
        return render(request, "portal/too_many.html", status=429)
    document = case_selectors.document_by_code(code)
    if document is None:
        raise Http404(code)
    return render(
        request, "portal/verify_case_document.html", {"d": document, "case": document.case}
    )
