"""The periodic-job runner runs every configured job, and a failing one does not stop the rest."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_job_runs_once(settings: Any) -> None:
    out = StringIO()
    call_command("periodic", "--once", stdout=out)
    text = out.getvalue()
    for expected in ("inquiries escalated", "tickets closed"):
        assert expected in text


@pytest.mark.django_db
def test_a_failing_job_is_reported_and_the_others_run(settings: Any) -> None:
    settings.PERIODIC_JOBS = (("no_such_command", 60), ("tickets_close_day", 60))
    out, err = StringIO(), StringIO()
    call_command("periodic", "--once", stdout=out, stderr=err)
    assert "no_such_command failed" in err.getvalue()
    assert "tickets closed" in out.getvalue()
