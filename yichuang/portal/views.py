"""Public pages anyone may open without signing in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yichuang.accounts import selectors as account_selectors


def index(request: HttpRequest) -> HttpResponse:
    """The portal's front page: every open registration office and how to reach it."""
    offices = account_selectors.offices_public()
    return render(request, "portal/index.html", {"offices": offices})
