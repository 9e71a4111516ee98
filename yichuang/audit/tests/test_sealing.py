"""Every audit event is a leaf of its office's audit log, provable by whoever holds it."""

import json

import pytest
from django.db import DatabaseError, connection, transaction

from yichuang.audit.models import AuditEvent
from yichuang.audit.services import LEAF_KIND, audit_record
from yichuang.ledger import merkle
from yichuang.ledger.checkpoint import NoteVerifier
from yichuang.ledger.commitment import leaf_data
from yichuang.ledger.models import Log
from yichuang.ledger.verify import check_inclusion, proof_from_json, record_leaf_hash


def test_each_office_has_its_own_audit_log_for_the_year(cast) -> None:
    origins = set(Log.objects.values_list("origin", flat=True))
    year = AuditEvent.objects.first().occurred_at.year
    assert {
        f"yichuang.local/haimen/audit/{year}",
        f"yichuang.local/chongchuan/audit/{year}",
        f"yichuang.local/platform/audit/{year}",
    } == origins
    for log in Log.objects.all():
        assert AuditEvent.objects.filter(ledger_origin=log.origin).count() == log.tree_size


def test_an_event_and_its_salt_prove_its_inclusion(client, cast, tmp_path) -> None:
    event = AuditEvent.objects.filter(office=cast.office_a).order_by("ledger_index").last()
    record_file = tmp_path / "record.json"
    record_file.write_text(json.dumps(event.ledger_record(), ensure_ascii=False))
    leaf_hash = record_leaf_hash(record_file, bytes(event.salt).hex(), LEAF_KIND)
    expected = merkle.leaf_hash(
        leaf_data(kind=LEAF_KIND, record=event.ledger_record(), salt=bytes(event.salt))
    )
    assert leaf_hash == expected
    origin = event.ledger_origin
    note = client.get("/api/ledger/checkpoint", {"origin": origin}).content
    proof = client.get(
        "/api/ledger/proof/inclusion", {"origin": origin, "leaf_hash": leaf_hash.hex()}
    ).json()
    assert proof["leaf_index"] == event.ledger_index
    verifier = NoteVerifier.from_string(
        client.get("/api/ledger/key", {"origin": origin}).content.decode()
    )
    verdict = check_inclusion(
        verifier=verifier, checkpoint_note=note, leaf_hash=leaf_hash, proof=proof_from_json(proof)
    )
    assert verdict.startswith("valid")


def test_the_leaf_holds_no_personal_data(cast) -> None:
    with transaction.atomic():
        event = audit_record(
            actor=cast.admin,
            event_type="party.create",
            office=cast.office_a,
            after={"id_number": "11010519491231002X"},
        )
    log = Log.objects.get(origin=event.ledger_origin)
    from yichuang.ledger.selectors import leaves_range

    data = leaves_range(log=log, start=event.ledger_index, end=event.ledger_index + 1)[0]
    assert data.startswith(b"yichuang/leaf/v1\naudit-event\n")
    assert b"1101" not in data and b"002X" not in data


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditevent SET event_type = 'nothing'", "DELETE FROM audit_auditevent"],
)
def test_the_audit_trail_cannot_be_edited_in_sql(cast, statement: str) -> None:
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.count() == count
    assert not AuditEvent.objects.filter(event_type="nothing").exists()


def test_a_change_that_fails_after_its_audit_leaves_no_leaf_behind(cast) -> None:
    sizes = dict(Log.objects.values_list("origin", "tree_size"))
    events = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=cast.admin, event_type="office.update", office=cast.office_a)
        raise RuntimeError("the change itself failed")
    assert dict(Log.objects.values_list("origin", "tree_size")) == sizes
    assert AuditEvent.objects.count() == events
