"""The public ledger endpoints, checked with the standalone verifier's own functions."""

import base64

import pytest
from django.db import transaction

from yichuang.ledger import merkle, services
from yichuang.ledger.checkpoint import NoteVerifier
from yichuang.ledger.verify import check_consistency, check_inclusion, proof_from_json

ORIGIN = "test.local/office/register/2026"
OWNER = "test.local/office"
LEAVES = [f"leaf {n}".encode() for n in range(12)]


@pytest.fixture
def log(db) -> None:
    with transaction.atomic():
        services.leaves_append(origin=ORIGIN, owner=OWNER, leaves=LEAVES)


def _verifier(client) -> NoteVerifier:
    response = client.get("/api/ledger/key", {"origin": ORIGIN})
    assert response.status_code == 200
    return NoteVerifier.from_string(response.content.decode())


def test_anyone_can_fetch_a_signed_checkpoint(client, log) -> None:
    response = client.get("/api/ledger/checkpoint", {"origin": ORIGIN})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    root = base64.b64encode(merkle.root(LEAVES)).decode()
    assert body.startswith(f"{ORIGIN}\n12\n{root}\n\n— {ORIGIN} ")


def test_an_inclusion_proof_by_index_verifies(client, log) -> None:
    note = client.get("/api/ledger/checkpoint", {"origin": ORIGIN}).content
    proof = client.get("/api/ledger/proof/inclusion", {"origin": ORIGIN, "index": 5}).json()
    assert proof["log"] == ORIGIN and proof["tree_size"] == 12 and proof["leaf_index"] == 5
    verdict = check_inclusion(
        verifier=_verifier(client),
        checkpoint_note=note,
        leaf_hash=merkle.leaf_hash(LEAVES[5]),
        proof=proof_from_json(proof),
    )
    assert verdict.startswith("valid")


def test_an_inclusion_proof_by_leaf_hash_finds_the_leaf(client, log) -> None:
    leaf_hash = merkle.leaf_hash(LEAVES[9]).hex()
    proof = client.get(
        "/api/ledger/proof/inclusion", {"origin": ORIGIN, "leaf_hash": leaf_hash}
    ).json()
    assert proof["leaf_index"] == 9


def test_a_consistency_proof_links_two_checkpoints(client, db) -> None:
    with transaction.atomic():
        services.leaves_append(origin=ORIGIN, owner=OWNER, leaves=LEAVES[:7])
    old = client.get("/api/ledger/checkpoint", {"origin": ORIGIN}).content
    with transaction.atomic():
        services.leaves_append(origin=ORIGIN, owner=OWNER, leaves=LEAVES[7:])
    log = services.Log.objects.get(origin=ORIGIN)
    new = services.checkpoint_sign(log=log).note.encode()
    proof = client.get(
        "/api/ledger/proof/consistency", {"origin": ORIGIN, "old_size": 7, "tree_size": 12}
    ).json()
    verdict = check_consistency(
        verifier=_verifier(client), old_note=old, new_note=new, proof=proof_from_json(proof)
    )
    assert verdict == f"valid: log {ORIGIN} at tree size 12 extends its tree at size 7"


def test_leaves_are_served_in_pages_of_hex(client, log) -> None:
    body = client.get("/api/ledger/leaves", {"origin": ORIGIN, "start": 10}).json()
    assert body == {"log": ORIGIN, "start": 10, "leaves": [LEAVES[10].hex(), LEAVES[11].hex()]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"leaf_hash": "zz"}, "leaf_hash"),
        ({"leaf_hash": "ab" * 31}, "leaf_hash"),
        ({"index": -1}, "index"),
        ({"index": 12}, "index"),
        ({}, "index"),
        ({"index": 1, "tree_size": 99}, "tree_size"),
    ],
)
def test_malformed_proof_requests_get_422_naming_the_field(client, log, params, field) -> None:
    response = client.get("/api/ledger/proof/inclusion", {"origin": ORIGIN, **params})
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]


def test_an_unknown_log_or_leaf_is_404(client, log) -> None:
    assert client.get("/api/ledger/checkpoint", {"origin": "nope"}).status_code == 404
    missing = client.get("/api/ledger/proof/inclusion", {"origin": ORIGIN, "leaf_hash": "00" * 32})
    assert missing.status_code == 404


def test_the_log_list_names_each_log_and_its_size(client, log) -> None:
    assert client.get("/api/ledger/logs").json() == [{"origin": ORIGIN, "tree_size": 12}]
