"""A rewritten log is caught: by the full-log check, and by a witness."""

import json

import pytest
from django.db import connection, transaction

from yichuang.ledger import services
from yichuang.ledger.checkpoint import NoteVerifier
from yichuang.ledger.models import Log
from yichuang.ledger.triggers import drop_append_only_triggers, install_append_only_triggers
from yichuang.ledger.verify import (
    ForkError,
    InconsistentHistoryError,
    ProofError,
    check_log,
    load_state,
    proof_from_json,
    witness_step,
)

ORIGIN = "test.local/office/register/2026"
OWNER = "test.local/office"
LEAVES = [f"entry {n}".encode() for n in range(20)]


def _append(leaves) -> Log:
    with transaction.atomic():
        services.leaves_append(origin=ORIGIN, owner=OWNER, leaves=leaves)
    return Log.objects.get(origin=ORIGIN)


def _raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _export_leaves(client, path) -> None:
    body = client.get("/api/ledger/leaves", {"origin": ORIGIN}).json()
    path.write_text("".join(line + "\n" for line in body["leaves"]))


@pytest.fixture
def verifier(client, db) -> NoteVerifier:
    _append(LEAVES)
    return NoteVerifier.from_string(
        client.get("/api/ledger/key", {"origin": ORIGIN}).content.decode()
    )


def test_the_full_log_check_passes_on_an_honest_log(client, verifier, tmp_path) -> None:
    note = client.get("/api/ledger/checkpoint", {"origin": ORIGIN}).content
    _export_leaves(client, tmp_path / "leaves.txt")
    verdict = check_log(verifier=verifier, checkpoint_note=note, leaves=tmp_path / "leaves.txt")
    assert verdict.startswith("valid: the 20 leaves")


def test_a_leaf_rewritten_in_sql_is_caught_by_the_full_log_check(
    client, verifier, tmp_path
) -> None:
    note = client.get("/api/ledger/checkpoint", {"origin": ORIGIN}).content
    drop_append_only_triggers()
    log = Log.objects.get(origin=ORIGIN)
    _raw(
        'UPDATE ledger_leaf SET data = %s WHERE log_id = %s AND "index" = 3',
        [b"entry forged", log.pk],
    )
    install_append_only_triggers()
    _export_leaves(client, tmp_path / "leaves.txt")
    with pytest.raises(ProofError, match="the 20 leaves give root"):
        check_log(verifier=verifier, checkpoint_note=note, leaves=tmp_path / "leaves.txt")


def _rewrite_history(forged: list[bytes]) -> Log:
    """What an insider with SQL access would do: drop the guard, rebuild the log."""
    drop_append_only_triggers()
    log = Log.objects.get(origin=ORIGIN)
    for table in ("ledger_checkpoint", "ledger_node", "ledger_leaf"):
        _raw(f"DELETE FROM {table} WHERE log_id = %s", [log.pk])
    _raw("DELETE FROM ledger_log WHERE id = %s", [log.pk])
    install_append_only_triggers()
    return _append(forged)


def test_a_witness_refuses_a_rebuilt_log_of_the_same_size(client, verifier, tmp_path) -> None:
    seen = client.get("/api/ledger/checkpoint", {"origin": ORIGIN}).content
    state, verdict = witness_step(
        verifier=verifier,
        state=load_state(tmp_path / "state.json"),
        checkpoint_note=seen,
        proof=None,
    )
    assert "first sight" in verdict
    forged = list(LEAVES)
    forged[3] = b"entry forged"
    log = _rewrite_history(forged)
    fork = services.checkpoint_sign(log=log).note.encode()
    with pytest.raises(ForkError):
        witness_step(verifier=verifier, state=state, checkpoint_note=fork, proof=None)


def test_a_witness_refuses_a_rewritten_log_that_grew(client, verifier, tmp_path) -> None:
    seen = client.get("/api/ledger/checkpoint", {"origin": ORIGIN}).content
    state, _ = witness_step(
        verifier=verifier,
        state=load_state(tmp_path / "state.json"),
        checkpoint_note=seen,
        proof=None,
    )
    forged = list(LEAVES)
    forged[3] = b"entry forged"
    log = _rewrite_history([*forged, b"entry 20"])
    grown = services.checkpoint_sign(log=log).note.encode()
    proof = client.get(
        "/api/ledger/proof/consistency", {"origin": ORIGIN, "old_size": 20, "tree_size": 21}
    ).json()
    with pytest.raises(InconsistentHistoryError):
        witness_step(
            verifier=verifier, state=state, checkpoint_note=grown, proof=proof_from_json(proof)
        )


def test_a_witness_accepts_an_honest_log_that_grew(client, verifier, tmp_path) -> None:
    seen = client.get("/api/ledger/checkpoint", {"origin": ORIGIN}).content
    state, _ = witness_step(
        verifier=verifier,
        state=load_state(tmp_path / "state.json"),
        checkpoint_note=seen,
        proof=None,
    )
    log = _append([b"entry 20", b"entry 21"])
    grown = services.checkpoint_sign(log=log).note.encode()
    proof = client.get(
        "/api/ledger/proof/consistency", {"origin": ORIGIN, "old_size": 20, "tree_size": 22}
    ).json()
    new_state, verdict = witness_step(
        verifier=verifier, state=state, checkpoint_note=grown, proof=proof_from_json(proof)
    )
    assert "grew consistently from tree size 20 to 22" in verdict
    assert json.loads(json.dumps(new_state))["logs"][ORIGIN]["tree_size"] == 22
