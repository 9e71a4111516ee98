from django.core.management import call_command

from yichuang.accounts.models import Office, User, Window
from yichuang.audit.models import AuditEvent


def test_demo_data_is_idempotent(db, capsys) -> None:
    call_command("demo_data")
    counts = (Office.objects.count(), Window.objects.count(), User.objects.count())
    events = AuditEvent.objects.count()
    call_command("demo_data")
    assert (Office.objects.count(), Window.objects.count(), User.objects.count()) == counts
    assert counts == (2, 7, 11)
    assert AuditEvent.objects.count() == events
    assert "clerk_a" in capsys.readouterr().out
