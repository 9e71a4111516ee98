"""Appending to a log and signing its checkpoints.

Appending is the seal of another service's write, not an audited action of
its own: it runs inside the caller's transaction, so a record and its leaf
commit together or not at all. The log row is locked for the append, so each
log has one writer at a time on both engines.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from yichuang.ledger import keys, merkle
from yichuang.ledger.checkpoint import Checkpoint as CheckpointBody
from yichuang.ledger.checkpoint import sign_checkpoint
from yichuang.ledger.models import Checkpoint, Leaf, Log, Node

HASH_SIZE = merkle.HASH_SIZE


class LedgerOutsideTransactionError(RuntimeError):
    """A leaf must be appended inside the transaction of the record it seals."""


@dataclass(frozen=True)
class LeafReceipt:
    """Where a leaf went: its log, its 0-based index and its leaf hash."""

    origin: str
    index: int
    leaf_hash: bytes


def _split_frontier(frontier: bytes) -> list[bytes]:
    return [frontier[i : i + HASH_SIZE] for i in range(0, len(frontier), HASH_SIZE)]


def frontier_root(frontier: bytes) -> bytes:
    """The root of the tree whose perfect subtrees, largest first, are ``frontier``."""
    parts = _split_frontier(frontier)
    if not parts:
        return merkle.EMPTY_ROOT
    node = parts.pop()
    while parts:
        node = merkle.hash_children(parts.pop(), node)
    return node


def _locked_log(*, origin: str, owner: str) -> tuple[int, int, bytes]:
    """Lock the log row (creating the log on first use): its id, size and frontier."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    query = f"SELECT id, owner, tree_size, frontier FROM {Log._meta.db_table} WHERE origin = %s"
    with connection.cursor() as cursor:
        cursor.execute(query + lock, [origin])
        row = cursor.fetchone()
        if row is None:
            Log.objects.get_or_create(origin=origin, defaults={"owner": owner})
            cursor.execute(query + lock, [origin])
            row = cursor.fetchone()
    log_id, log_owner, size, frontier = row
    if log_owner != owner:
        raise ValueError(f"log {origin!r} belongs to {log_owner!r}, not {owner!r}")
    return log_id, size, bytes(frontier)


@dataclass
class _Growth:
    leaves: list[tuple[int, bytes, bytes]]  # index, leaf hash, data
    nodes: list[tuple[int, int, bytes]]  # level, index, hash
    size: int
    frontier: bytes


def _grow(size: int, frontier_bytes: bytes, leaves: Sequence[bytes]) -> _Growth:
    """Extend a tree of ``size`` leaves by ``leaves``: the rows to insert and the new frontier."""
    frontier = _split_frontier(frontier_bytes)
    new_leaves, new_nodes = [], []
    for data in leaves:
        node = merkle.leaf_hash(data)
        new_leaves.append((size, node, data))
        level = 0
        # Each trailing 1 bit of the old size is a perfect subtree the new leaf completes.
        while (size >> level) & 1:
            node = merkle.hash_children(frontier.pop(), node)
            level += 1
            new_nodes.append((level, size >> level, node))
        frontier.append(node)
        size += 1
    return _Growth(new_leaves, new_nodes, size, b"".join(frontier))


LeafRow = tuple[int, int, bytes, bytes, dt.datetime]
NodeRow = tuple[int, int, int, bytes]


def _rows(log_id: int, growth: _Growth) -> tuple[list[LeafRow], list[NodeRow]]:
    now = timezone.now()
    leaf_rows = [(log_id, index, node, data, now) for index, node, data in growth.leaves]
    node_rows = [(log_id, level, index, node) for level, index, node in growth.nodes]
    return leaf_rows, node_rows


_LEAF_COLUMNS = f'{Leaf._meta.db_table} (log_id, "index", leaf_hash, data, appended_at)'
_NODE_COLUMNS = f'{Node._meta.db_table} (log_id, level, "index", hash)'


def _insert(cursor: Any, columns: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows: COPY on PostgreSQL when there are many (a batch import's), else INSERTs."""
    if connection.vendor == "postgresql" and len(rows) > OPTIMISTIC_MAX_LEAVES:
        with cursor.cursor.copy(f"COPY {columns} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    elif rows:
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f"INSERT INTO {columns} VALUES ({marks})", rows)


def _store(log_id: int, growth: _Growth) -> None:
    """Write the new rows and the log's new head, the log row being locked."""
    leaf_rows, node_rows = _rows(log_id, growth)
    with connection.cursor() as cursor:
        _insert(cursor, _LEAF_COLUMNS, leaf_rows)
        _insert(cursor, _NODE_COLUMNS, node_rows)
        cursor.execute(
            f"UPDATE {Log._meta.db_table} SET tree_size = %s, frontier = %s WHERE id = %s",
            [growth.size, growth.frontier, log_id],
        )


def _store_if_unchanged(log_id: int, old_size: int, growth: _Growth) -> bool:
    """PostgreSQL, one statement: write only if the log is still at ``old_size``.

    The UPDATE takes the row lock and re-checks the size after any concurrent
    writer commits; when it matches nothing, the inserts, which read from it,
    insert nothing, and the caller falls back to the locking path.
    """
    leaf_rows, node_rows = _rows(log_id, growth)
    head = (
        f"UPDATE {Log._meta.db_table} SET tree_size = %s, frontier = %s "
        "WHERE id = %s AND tree_size = %s RETURNING id"
    )
    parts = [f"head AS ({head})"]
    params: list[Any] = [growth.size, growth.frontier, log_id, old_size]
    values = ", ".join(["(%s, %s, %s, %s::bytea, %s::timestamptz)"] * len(leaf_rows))
    parts.append(
        f"leaf AS (INSERT INTO {_LEAF_COLUMNS} SELECT v.* FROM (VALUES {values}) "
        "AS v(a, b, c, d, e), head)"
    )
    params += [value for row in leaf_rows for value in row]
    if node_rows:
        values = ", ".join(["(%s, %s, %s, %s::bytea)"] * len(node_rows))
        parts.append(
            f"node AS (INSERT INTO {_NODE_COLUMNS} SELECT v.* FROM (VALUES {values}) "
            "AS v(a, b, c, d), head)"
        )
        params += [value for row in node_rows for value in row]
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} SELECT count(*) FROM head", params)
        row = cursor.fetchone()
    return bool(row and row[0])


# Appends of more leaves take the locking path: one statement carrying every
# row would pass PostgreSQL's limit of 65,535 parameters.
OPTIMISTIC_MAX_LEAVES = 256

# The head of each log this process last saw committed, so the next append
# needs no separate locking read: a writer's only round trip besides the
# commit. Keyed by database too, since tests and benchmarks switch databases.
_heads: dict[tuple[str, str], tuple[int, int, bytes]] = {}
_heads_lock = threading.Lock()


def _head_key(origin: str) -> tuple[str, str]:
    return (str(connection.settings_dict["NAME"]), origin)


def _remember_head_on_commit(origin: str, log_id: int, growth: _Growth) -> None:
    key, head = _head_key(origin), (log_id, growth.size, growth.frontier)

    def remember() -> None:
        # Last committed wins. Should two threads' callbacks land out of order,
        # the next append finds the size moved on and takes the locking path,
        # which puts the true head back.
        with _heads_lock:
            _heads[key] = head

    transaction.on_commit(remember)


def leaves_append(*, origin: str, owner: str, leaves: Sequence[bytes]) -> list[LeafReceipt]:
    """Append raw leaf data to the log ``origin`` (created on first use) in the open transaction."""
    if not connection.in_atomic_block:
        raise LedgerOutsideTransactionError(origin)
    if not leaves:
        return []
    with _heads_lock:
        cached = _heads.get(_head_key(origin))
    growth = None
    if (
        cached is not None
        and connection.vendor == "postgresql"
        and len(leaves) <= OPTIMISTIC_MAX_LEAVES
    ):
        log_id, size, frontier = cached
        growth = _grow(size, frontier, leaves)
        if not _store_if_unchanged(log_id, size, growth):
            growth = None
    if growth is None:
        log_id, size, frontier = _locked_log(origin=origin, owner=owner)
        growth = _grow(size, frontier, leaves)
        _store(log_id, growth)
    _remember_head_on_commit(origin, log_id, growth)
    return [LeafReceipt(origin, index, node) for index, node, _data in growth.leaves]


def leaf_append(*, origin: str, owner: str, data: bytes) -> LeafReceipt:
    """Append one leaf; see :func:`leaves_append`."""
    return leaves_append(origin=origin, owner=owner, leaves=[data])[0]


def checkpoint_latest(
    *, log: Log, max_age: dt.timedelta, max_leaves: int, now: dt.datetime | None = None
) -> Checkpoint | None:
    """The newest checkpoint, first signing a new one if the newest is stale.

    Stale: older than ``max_age``, or ``max_leaves`` or more leaves behind the
    log. No process needs to run for checkpoints to appear: whoever asks for
    one causes it. None for a log with no leaves.
    """
    now = now or timezone.now()
    newest = Checkpoint.objects.filter(log=log).order_by("-tree_size").first()
    if newest is not None:
        behind = log.tree_size - newest.tree_size
        fresh = newest.signed_at > now - max_age and behind < max_leaves
        if fresh or behind == 0:
            return newest
    if log.tree_size == 0:
        return None
    return checkpoint_sign(log=log)


def checkpoint_sign(*, log: Log) -> Checkpoint:
    """Sign the log's current tree head (idempotent per tree size)."""
    with transaction.atomic():
        locked = Log.objects.select_for_update().get(pk=log.pk)
        existing = Checkpoint.objects.filter(log=locked, tree_size=locked.tree_size).first()
        if existing is not None:
            return existing
        root_hash = frontier_root(bytes(locked.frontier))
        body = CheckpointBody(locked.origin, locked.tree_size, root_hash)
        signer = keys.log_signer(owner=locked.owner, origin=locked.origin)
        return Checkpoint.objects.create(
            log=locked,
            tree_size=locked.tree_size,
            root_hash=root_hash,
            note=sign_checkpoint(body, signer),
        )


def ledger_statistics_refresh() -> None:
    """Refresh the planner's statistics of the leaves and nodes, after a bulk append."""
    with connection.cursor() as cursor:
        for table in (Leaf, Node):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table._meta.db_table)}")
