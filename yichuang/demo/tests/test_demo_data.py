from django.core.management import call_command

from yichuang.accounts.models import Office, User, Window
from yichuang.audit.models import AuditEvent
from yichuang.cases.models import Case, LegacyCase
from yichuang.frontdesk.models import Kiosk, Ticket
from yichuang.frontdesk.services.kiosks import kiosk_token_hash
from yichuang.registry.models import Certificate, Entry, Unit
from yichuang.registry.selectors import projection_differences


def test_demo_data_is_idempotent(db, capsys) -> None:
    call_command("demo_data")
    counts = (
        Office.objects.count(),
        Window.objects.count(),
        User.objects.count(),
        Unit.objects.count(),
        Entry.objects.count(),
        Certificate.objects.count(),
    )
    events = AuditEvent.objects.count()
    call_command("demo_data")
    assert (
        Office.objects.count(),
        Window.objects.count(),
        User.objects.count(),
        Unit.objects.count(),
        Entry.objects.count(),
        Certificate.objects.count(),
    ) == counts
    assert counts == (2, 7, 11, 4, 5, 3)
    assert AuditEvent.objects.count() == events
    assert projection_differences() == (4, [])
    output = capsys.readouterr().out
    assert "clerk_a" in output
    # One live demo kiosk whose token is printed on every run, and the morning's tickets.
    kiosk = Kiosk.objects.get(revoked_at__isnull=True)
    token = output.rsplit("with the token ", 1)[1].split()[0]
    assert kiosk_token_hash(token) == kiosk.token_hash
    assert Ticket.objects.count() == 4
    # One demo case of each common registration, each waiting at a step of its path.
    assert dict(Case.objects.values_list("submission_key", "state")) == {
        "demo-sale": "intake",
        "demo-gift": "not_accepted_notice",
        "demo-mortgage": "accepted",
        "demo-seizure": "accepted",
        "demo-mortgage-cancellation": "approved",
        "demo-first": "accepted",
    }
    assert LegacyCase.objects.count() == 1
