"""Fixtures shared by every test: the fixed cast of people and offices.

The cast is the same one the demo data loads (``yichuang.accounts.cast``), so
a test can check access *and* denial: the owner, a colleague at the same
office, and an outsider at another office.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

CAST_PASSWORD = "cast-password-for-tests"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Hashing at production cost would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None, _fast_password_hashing: None) -> Any:
    """The whole cast, created through the services (so audited, as in real use)."""
    from yichuang.accounts.cast import cast_create

    return cast_create(password=CAST_PASSWORD)


@pytest.fixture
def client_for(client: Any) -> Any:
    """``client_for(user)``: the test client signed in as ``user``."""

    def sign_in(user: Any) -> Any:
        client.force_login(user)
        return client

    return sign_in
