"""Reading logs: roots, proofs and leaves, from O(log n) stored rows.

A proof is computed twice over the same small function: once to learn which
perfect subtrees it needs, then, after one query per table fetches exactly
those rows, to build the proof itself.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection

from yichuang.ledger import merkle
from yichuang.ledger.models import Checkpoint, Leaf, Log, Node

_PLACEHOLDER = b"\x00" * merkle.HASH_SIZE


class UnknownLeafError(LookupError):
    """No leaf with that index or hash in the log."""


def log_get(*, origin: str) -> Log:
    """The log named ``origin`` (Log.DoesNotExist otherwise)."""
    return Log.objects.get(origin=origin)


def log_list() -> list[Log]:
    return list(Log.objects.order_by("origin"))


def _needed(compute: Callable[[merkle.SubtreeFetcher], object]) -> set[tuple[int, int]]:
    wanted: set[tuple[int, int]] = set()

    def record(start: int, end: int) -> bytes:
        level = (end - start).bit_length() - 1
        wanted.add((level, start >> level))
        return _PLACEHOLDER

    compute(record)
    return wanted


def _fetch_subtrees(log: Log, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Exactly the wanted subtree hashes, in one query (leaves are level 0)."""
    leaves = [index for level, index in wanted if level == 0]
    nodes = [(level, index) for level, index in wanted if level > 0]
    parts, params = [], []
    if leaves:
        marks = ", ".join(["%s"] * len(leaves))
        parts.append(
            f'SELECT 0, "index", leaf_hash FROM {Leaf._meta.db_table} '
            f'WHERE log_id = %s AND "index" IN ({marks})'
        )
        params += [log.pk, *leaves]
    if nodes:
        pairs = " OR ".join(['(level = %s AND "index" = %s)'] * len(nodes))
        parts.append(
            f'SELECT level, "index", hash FROM {Node._meta.db_table} '
            f"WHERE log_id = %s AND ({pairs})"
        )
        params += [log.pk, *(value for pair in nodes for value in pair)]
    found: dict[tuple[int, int], bytes] = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            found = {(level, index): bytes(node) for level, index, node in cursor.fetchall()}
    missing = wanted - found.keys()
    if missing:
        raise LookupError(f"log {log.origin} lacks stored subtrees {sorted(missing)[:5]}")
    return found


def _with_stored(log: Log, compute: Callable[[merkle.SubtreeFetcher], list[bytes]]) -> list[bytes]:
    found = _fetch_subtrees(log, _needed(compute))

    def fetch(start: int, end: int) -> bytes:
        level = (end - start).bit_length() - 1
        return found[(level, start >> level)]

    return compute(fetch)


def root_at(*, log: Log, tree_size: int) -> bytes:
    """The root of the log's first ``tree_size`` leaves."""
    if not 0 <= tree_size <= log.tree_size:
        raise ValueError(f"tree size {tree_size} is outside 0..{log.tree_size}")
    return _with_stored(log, lambda fetch: [merkle.root_from(fetch, tree_size)])[0]


def inclusion_proof(*, log: Log, index: int, tree_size: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``tree_size`` leaves."""
    if not 0 <= index < tree_size <= log.tree_size:
        raise ValueError(f"leaf {index} is not in a tree of {tree_size} of {log.tree_size}")
    return _with_stored(log, lambda fetch: merkle.inclusion_proof_from(fetch, index, tree_size))


def consistency_proof(*, log: Log, size1: int, size2: int) -> list[bytes]:
    """The proof that the tree of ``size1`` leaves is a prefix of that of ``size2``."""
    if not 0 <= size1 <= size2 <= log.tree_size:
        raise ValueError(f"sizes {size1}..{size2} are outside 0..{log.tree_size}")
    return _with_stored(log, lambda fetch: merkle.consistency_proof_from(fetch, size1, size2))


def leaf_index_by_hash(*, log: Log, leaf_hash: bytes) -> int:
    """The index of the first leaf with this hash."""
    index = (
        Leaf.objects.filter(log=log, leaf_hash=leaf_hash)
        .order_by("index")
        .values_list("index", flat=True)
        .first()
    )
    if index is None:
        raise UnknownLeafError(leaf_hash.hex())
    return index


def leaves_range(*, log: Log, start: int, end: int) -> list[bytes]:
    """The raw leaf data of leaves [start, end), in order."""
    rows = Leaf.objects.filter(log=log, index__gte=start, index__lt=end).order_by("index")
    return [bytes(data) for data in rows.values_list("data", flat=True)]


def checkpoint_at(*, log: Log, tree_size: int) -> Checkpoint:
    """The checkpoint signed at exactly ``tree_size`` (Checkpoint.DoesNotExist otherwise)."""
    return Checkpoint.objects.get(log=log, tree_size=tree_size)
