"""The log in the database: appends, stored subtrees, proofs, triggers, checkpoints."""

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from yichuang.ledger import keys, merkle, selectors, services
from yichuang.ledger.checkpoint import open_checkpoint
from yichuang.ledger.models import Checkpoint, Leaf, Log, Node
from yichuang.ledger.triggers import drop_append_only_triggers

ORIGIN = "test.local/office/register/2026"
OWNER = "test.local/office"


def _append(leaves: list[bytes]) -> Log:
    with transaction.atomic():
        services.leaves_append(origin=ORIGIN, owner=OWNER, leaves=leaves)
    return selectors.log_get(origin=ORIGIN)


def _data(count: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(rng.randint(0, 40)) for _ in range(count)]


@pytest.mark.django_db
def test_stored_roots_and_proofs_match_the_rfc_tree_at_every_size() -> None:
    data = _data(33)
    with transaction.atomic():
        for item in data[:10]:
            services.leaf_append(origin=ORIGIN, owner=OWNER, data=item)
    log = _append(data[10:])
    assert log.tree_size == 33
    assert services.frontier_root(bytes(log.frontier)) == merkle.root(data)
    for size in range(1, 34):
        prefix = data[:size]
        assert selectors.root_at(log=log, tree_size=size) == merkle.root(prefix)
        for index in range(size):
            assert selectors.inclusion_proof(log=log, index=index, tree_size=size) == (
                merkle.inclusion_proof(prefix, index)
            )
        for old in range(size + 1):
            assert selectors.consistency_proof(log=log, size1=old, size2=size) == (
                merkle.consistency_proof(prefix, old)
            )


@pytest.mark.django_db
def test_each_leaf_stores_about_one_interior_node() -> None:
    _append(_data(64))
    assert Leaf.objects.count() == 64
    assert Node.objects.count() == 63  # a perfect tree of 64 leaves has 63 interior nodes


@pytest.mark.django_db
def test_a_leaf_cannot_be_appended_outside_a_transaction() -> None:
    # pytest-django wraps this test in a transaction; leave it to see the guard.
    with pytest.raises(services.LedgerOutsideTransactionError):
        transaction.get_connection().in_atomic_block = False
        try:
            services.leaf_append(origin=ORIGIN, owner=OWNER, data=b"x")
        finally:
            transaction.get_connection().in_atomic_block = True
    assert not Leaf.objects.exists()


@pytest.mark.django_db
def test_one_origin_cannot_be_taken_by_another_owner() -> None:
    _append([b"a"])
    with pytest.raises(ValueError, match="belongs to"), transaction.atomic():
        services.leaf_append(origin=ORIGIN, owner="someone.else/office", data=b"b")
    assert selectors.log_get(origin=ORIGIN).tree_size == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_leaf SET data = data",
        "DELETE FROM ledger_leaf",
        "UPDATE ledger_node SET hash = hash",
        "DELETE FROM ledger_node",
        "UPDATE ledger_checkpoint SET note = 'forged'",
        "DELETE FROM ledger_checkpoint",
    ],
)
def test_raw_sql_cannot_change_or_remove_rows(statement: str) -> None:
    log = _append(_data(4))
    services.checkpoint_sign(log=log)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert Leaf.objects.count() == 4
    assert Node.objects.count() == 3
    assert Checkpoint.objects.get().note.startswith(ORIGIN)


@pytest.mark.django_db
def test_the_triggers_come_back_after_migrate_rebuilds_tables() -> None:
    _append(_data(2))
    drop_append_only_triggers()
    call_command("migrate", verbosity=0)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM ledger_leaf")
    assert Leaf.objects.count() == 2


@pytest.mark.django_db
def test_a_checkpoint_is_signed_only_when_the_latest_is_stale() -> None:
    log = _append(_data(3))
    now = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    age, leaves = dt.timedelta(seconds=60), 5
    first = services.checkpoint_latest(log=log, max_age=age, max_leaves=leaves, now=now)
    assert first is not None and first.tree_size == 3
    log = _append(_data(2, seed=8))
    fresh = services.checkpoint_latest(log=log, max_age=age, max_leaves=leaves, now=first.signed_at)
    assert fresh == first  # 2 leaves behind and young: still good
    later = first.signed_at + dt.timedelta(seconds=61)
    aged = services.checkpoint_latest(log=log, max_age=age, max_leaves=leaves, now=later)
    assert aged is not None and aged.tree_size == 5
    log = _append(_data(5, seed=9))
    many = services.checkpoint_latest(log=log, max_age=age, max_leaves=leaves, now=aged.signed_at)
    assert many is not None and many.tree_size == 10


@pytest.mark.django_db
def test_an_empty_log_has_no_checkpoint() -> None:
    with transaction.atomic():
        services.leaves_append(origin=ORIGIN, owner=OWNER, leaves=[])
    assert not Log.objects.exists()


@pytest.mark.django_db
def test_checkpoints_verify_with_the_logs_public_key_and_name_the_log() -> None:
    log = _append(_data(6))
    checkpoint = services.checkpoint_sign(log=log)
    verifier = keys.log_verifier(owner=OWNER, origin=ORIGIN)
    opened = open_checkpoint(checkpoint.note, verifier)
    assert (opened.origin, opened.tree_size) == (ORIGIN, 6)
    assert opened.root_hash == merkle.root(_data(6))
    assert services.checkpoint_sign(log=log) == checkpoint  # one per size


@pytest.mark.django_db
def test_a_configured_key_is_used_instead_of_a_generated_one(settings) -> None:
    from yichuang.ledger.checkpoint import generate_signer

    secret, public = generate_signer(OWNER)
    settings.LEDGER_SIGNER_KEYS = [secret]
    keys._configured.cache_clear()
    try:
        signer = keys.owner_signer(OWNER)
        assert str(signer.verifier()) == public
    finally:
        settings.LEDGER_SIGNER_KEYS = []
        keys._configured.cache_clear()


@pytest.mark.django_db
def test_production_refuses_to_invent_a_missing_key(settings, tmp_path) -> None:
    settings.LEDGER_GENERATE_KEYS = False
    settings.LEDGER_KEY_DIR = tmp_path
    with pytest.raises(keys.MissingKeyError):
        keys.owner_signer("nobody.local/office")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_proof_in_a_tree_of_2_20_leaves_reads_log_n_rows(django_assert_num_queries) -> None:
    """Store only the subtrees a proof needs: if it read more, it would fail."""
    size = 1 << 20
    leaves = [index.to_bytes(4, "big") for index in range(size)]
    hashes = merkle.leaf_hashes(leaves)
    index = 777_777
    log = Log.objects.create(origin=ORIGIN, owner=OWNER, tree_size=size)
    wanted = selectors._needed(lambda fetch: merkle.inclusion_proof_from(fetch, index, size))
    assert len(wanted) <= 20
    for level, position in wanted:
        start, end = position << level, (position + 1) << level
        node = merkle.root_from_leaf_hashes(hashes[start:end])
        if level == 0:
            Leaf.objects.create(log=log, index=position, leaf_hash=node, data=leaves[position])
        else:
            Node.objects.create(log=log, level=level, index=position, hash=node)
    with django_assert_num_queries(1):
        proof = selectors.inclusion_proof(log=log, index=index, tree_size=size)
    assert merkle.verify_inclusion(
        leaf_hash=hashes[index],
        index=index,
        tree_size=size,
        proof=proof,
        root=merkle.root_from_leaf_hashes(hashes),
    )
