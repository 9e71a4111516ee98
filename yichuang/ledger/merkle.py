"""RFC 6962 / RFC 9162 Merkle tree hashing, proofs and proof verification.

This module is the arithmetic of Yichuang's append-only ledger. It is pure
Python with no dependency beyond :mod:`hashlib`, so that an independent auditor
can read it, run it, or reimplement it from the RFC alone.

The tree (RFC 9162 §2.1.1), with SHA-256 as the hash::

    MTH({})       = SHA-256()                                   (empty tree)
    MTH({d(0)})   = SHA-256(0x00 || d(0))                       (leaf hash)
    MTH(D[n])     = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
                    where k is the largest power of two strictly below n

Leaf indices are 0-based. A *subtree* ``[start, end)`` is the tree over the
leaves ``start .. end-1``. A *perfect* subtree has ``end - start`` a power of
two and ``start`` a multiple of it; those are exactly the subtrees whose hash
never changes once the log has grown past ``end``, which is why a database
can store them and answer every proof from O(log n) of them (see
:func:`inclusion_proof_from`, :func:`consistency_proof_from`, :func:`root_from`).

Proof generation raises :class:`ValueError` for impossible arguments: that is
a bug in the caller. Proof *verification* never raises: anything wrong,
including nonsense arguments, is simply ``False``, because a verifier is fed
untrusted input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
"""Size in bytes of every hash in the tree (SHA-256)."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""Root hash of the tree with no leaves (RFC 9162 §2.1.1)."""

SubtreeFetcher = Callable[[int, int], bytes]
"""``fetch(start, end)`` returns the hash of the perfect subtree ``[start, end)``."""

_RangeHasher = Callable[[int, int], bytes]

# Roots are computed in aligned blocks of this many leaves. An aligned block of
# 2**k leaves is a perfect subtree, so hashing block by block gives the same
# tree; it keeps the working lists small enough to stay in the CPU cache, which
# in CPython is worth about 10% over reducing one list of a million hashes per level.
_BLOCK = 4096
BLOCK_LEAVES = _BLOCK
"""Leaves per block of :class:`RootAccumulator`: parts of a log that start at a
multiple of it can be accumulated separately and joined (see ``resume``)."""


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def leaf_hashes(leaves: Iterable[bytes]) -> list[bytes]:
    """The leaf hash of every entry, in order."""
    sha256 = hashlib.sha256
    return [sha256(b"\x00" + data).digest() for data in leaves]


def _fold(level: Sequence[bytes]) -> bytes:
    """Reduce a non-empty list of sibling hashes to the root of the tree over them.

    Pairing neighbours level by level and carrying an unpaired last node up
    unchanged builds exactly the RFC tree (its left subtrees are always
    perfect), with one list comprehension per level and no recursion.
    """
    sha256 = hashlib.sha256
    nodes = level
    while len(nodes) > 1:
        carry = nodes[-1] if len(nodes) & 1 else None
        pairs = iter(nodes)
        parents = [
            sha256(b"\x01" + left + right).digest()
            for left, right in zip(pairs, pairs, strict=False)
        ]
        if carry is not None:
            parents.append(carry)
        nodes = parents
    return nodes[0]


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """The root of the tree whose leaf hashes are ``hashes``."""
    if not hashes:
        return EMPTY_ROOT
    return _fold([_fold(hashes[i : i + _BLOCK]) for i in range(0, len(hashes), _BLOCK)])


def root(leaves: Sequence[bytes]) -> bytes:
    """The root of the tree over the raw entries ``leaves`` (MTH(D[n]))."""
    if not leaves:
        return EMPTY_ROOT
    sha256 = hashlib.sha256
    tops = [
        _fold([sha256(b"\x00" + data).digest() for data in leaves[i : i + _BLOCK]])
        for i in range(0, len(leaves), _BLOCK)
    ]
    return _fold(tops)


class RootAccumulator:
    """Computes a root from leaf hashes that arrive in pieces (a file, a cursor).

    It holds at most one block of pending hashes plus one hash per finished
    block, so a log of any length can be checked in bounded memory.
    """

    def __init__(self) -> None:
        """Start with the empty tree."""
        self._pending: list[bytes] = []
        self._tops: list[bytes] = []
        self._size = 0

    @property
    def size(self) -> int:
        """How many leaves have been added."""
        return self._size

    def add_leaf_hashes(self, hashes: Sequence[bytes]) -> None:
        """Append leaves given by their leaf hashes."""
        pending = self._pending
        pending += hashes
        self._size += len(hashes)
        full = len(pending) - len(pending) % _BLOCK
        if full:
            self._tops += [_fold(pending[i : i + _BLOCK]) for i in range(0, full, _BLOCK)]
            del pending[:full]

    def add_leaves(self, leaves: Iterable[bytes]) -> None:
        """Append raw entries."""
        self.add_leaf_hashes(leaf_hashes(leaves))

    def export(self) -> tuple[int, list[bytes], list[bytes]]:
        """The accumulator's state (size, finished block roots, pending leaf hashes)."""
        return self._size, list(self._tops), list(self._pending)

    @classmethod
    def resume(cls, size: int, tops: list[bytes], pending: list[bytes]) -> RootAccumulator:
        """An accumulator carrying on from :meth:`export`'s state."""
        if size != len(tops) * _BLOCK + len(pending) or len(pending) >= _BLOCK:
            raise ValueError("not a state exported by RootAccumulator")
        accumulator = cls()
        accumulator._size, accumulator._tops, accumulator._pending = size, tops, pending
        return accumulator

    def root(self) -> bytes:
        """The root of the tree over every leaf added so far."""
        tops = self._tops + ([_fold(self._pending)] if self._pending else [])
        return _fold(tops) if tops else EMPTY_ROOT


# --- Proof generation --------------------------------------------------------


def _split(size: int) -> int:
    """The largest power of two strictly below ``size`` (``size`` >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def _inclusion_path(index: int, tree_size: int, subtree: _RangeHasher) -> list[bytes]:
    """PATH(index, D[tree_size]) of RFC 9162 §2.1.3.1, unrolled into a loop.

    The recursion appends each sibling *after* the deeper part of the path, so
    walking from the top down collects the siblings in reverse.
    """
    siblings: list[bytes] = []
    low, high = 0, tree_size
    while high - low > 1:
        middle = low + _split(high - low)
        if index < middle:
            siblings.append(subtree(middle, high))
            high = middle
        else:
            siblings.append(subtree(low, middle))
            low = middle
    siblings.reverse()
    return siblings


def _consistency_path(size1: int, size2: int, subtree: _RangeHasher) -> list[bytes]:
    """PROOF(size1, D[size2]) = SUBPROOF(size1, D[size2], true), RFC 9162 §2.1.4.1."""
    nodes: list[bytes] = []
    low, high = 0, size2
    old_is_a_whole_subtree = True  # the flag b of SUBPROOF
    while high != size1:
        middle = low + _split(high - low)
        if size1 <= middle:
            nodes.append(subtree(middle, high))
            high = middle
        else:
            nodes.append(subtree(low, middle))
            low = middle
            old_is_a_whole_subtree = False
    if not old_is_a_whole_subtree:
        nodes.append(subtree(low, high))
    nodes.reverse()
    return nodes


def _list_hasher(leaves: Sequence[bytes]) -> _RangeHasher:
    """A subtree hasher over an in-memory list of raw entries."""
    hashes = leaf_hashes(leaves)
    return lambda start, end: root_from_leaf_hashes(hashes[start:end])


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path proving ``leaves[index]`` is in the tree over all ``leaves``."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf index {index} is outside a tree of {len(leaves)} leaves")
    return _inclusion_path(index, len(leaves), _list_hasher(leaves))


def consistency_proof(leaves: Sequence[bytes], size1: int) -> list[bytes]:
    """The proof that the tree over ``leaves[:size1]`` is a prefix of the tree over ``leaves``.

    Empty when ``size1`` is 0 or ``len(leaves)``: nothing needs proving then.
    """
    if not 0 <= size1 <= len(leaves):
        raise ValueError(f"old size {size1} is outside 0..{len(leaves)}")
    if size1 in (0, len(leaves)):
        return []
    return _consistency_path(size1, len(leaves), _list_hasher(leaves))


def _perfect_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """Split ``[start, end)`` into perfect subtrees, largest first.

    Only called on ranges the RFC tree actually contains (``start`` is a
    multiple of a power of two at least ``end - start``), so every piece is
    aligned.
    """
    pieces = []
    while start < end:
        size = 1 << ((end - start).bit_length() - 1)
        pieces.append((start, start + size))
        start += size
    return pieces


def _fetching_hasher(fetch: SubtreeFetcher) -> _RangeHasher:
    """A subtree hasher that asks ``fetch`` only for perfect subtrees."""

    def subtree(start: int, end: int) -> bytes:
        """The hash of ``[start, end)`` from the perfect subtrees that tile it."""
        pieces = [_checked_fetch(fetch, s, e) for s, e in _perfect_subtrees(start, end)]
        node = pieces.pop()
        while pieces:  # the RFC tree nests a ragged right edge rightmost-first
            node = hash_children(pieces.pop(), node)
        return node

    return subtree


def _checked_fetch(fetch: SubtreeFetcher, start: int, end: int) -> bytes:
    node = fetch(start, end)
    if not isinstance(node, bytes) or len(node) != HASH_SIZE:
        raise ValueError(f"fetch({start}, {end}) did not return a {HASH_SIZE}-byte hash")
    return node


def root_from(fetch: SubtreeFetcher, tree_size: int) -> bytes:
    """The root of a tree of ``tree_size`` leaves from at most log2(n)+1 stored subtrees."""
    if tree_size < 0:
        raise ValueError(f"tree size {tree_size} is negative")
    return _fetching_hasher(fetch)(0, tree_size) if tree_size else EMPTY_ROOT


def inclusion_proof_from(fetch: SubtreeFetcher, index: int, tree_size: int) -> list[bytes]:
    """Same as :func:`inclusion_proof`, reading O(log n) perfect subtree hashes."""
    if not 0 <= index < tree_size:
        raise ValueError(f"leaf index {index} is outside a tree of {tree_size} leaves")
    return _inclusion_path(index, tree_size, _fetching_hasher(fetch))


def consistency_proof_from(fetch: SubtreeFetcher, size1: int, size2: int) -> list[bytes]:
    """Same as :func:`consistency_proof`, reading O(log n) perfect subtree hashes."""
    if not 0 <= size1 <= size2:
        raise ValueError(f"old size {size1} is outside 0..{size2}")
    if size1 in (0, size2):
        return []
    return _consistency_path(size1, size2, _fetching_hasher(fetch))


# --- Proof verification (RFC 9162 §2.1.3.2 and §2.1.4.2) --------------------


def inclusion_proof_size(index: int, tree_size: int) -> int:
    """How many hashes an inclusion proof for ``index`` in ``tree_size`` leaves has.

    The path climbs through every level where ``index`` and the last leaf
    differ (``inner``), then through one left sibling per set bit above them
    on the tree's ragged right edge (``border``).
    """
    if not 0 <= index < tree_size:
        raise ValueError(f"leaf index {index} is outside a tree of {tree_size} leaves")
    inner = (index ^ (tree_size - 1)).bit_length()
    return inner + (index >> inner).bit_count()


def consistency_proof_size(size1: int, size2: int) -> int:
    """How many hashes a consistency proof from ``size1`` to ``size2`` leaves has."""
    if not 0 <= size1 <= size2:
        raise ValueError(f"old size {size1} is outside 0..{size2}")
    if size1 in (0, size2):
        return 0
    # Like the inclusion path of the old tree's last leaf, minus the levels
    # inside the old tree's rightmost perfect subtree, which the proof names
    # as one node; that node is left out when it is the whole old tree.
    shift = (size1 & -size1).bit_length() - 1
    inner = ((size1 - 1) ^ (size2 - 1)).bit_length()
    border = ((size1 - 1) >> inner).bit_count()
    seed = 0 if size1 == 1 << shift else 1
    return seed + inner - shift + border


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _is_proof(value: object) -> bool:
    return isinstance(value, Sequence) and all(_is_hash(node) for node in value)


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def root_from_inclusion_proof(
    *, leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes]
) -> bytes | None:
    """The root that ``proof`` leads to from ``leaf_hash``, or None if it cannot apply.

    This is the RFC 9162 §2.1.3.2 algorithm without its final comparison, so
    that a verifier can say *which* root the proof leads to.
    """
    if not (_is_size(index) and _is_size(tree_size) and index < tree_size):
        return None
    if not _is_hash(leaf_hash) or not _is_proof(proof):
        return None
    if len(proof) != inclusion_proof_size(index, tree_size):
        return None
    fn, sn, node = index, tree_size - 1, leaf_hash
    for sibling in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            node = hash_children(sibling, node)
            # Skip the levels where this node has no right sibling (the tree's
            # right edge): there the node is carried up unchanged.
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            node = hash_children(node, sibling)
        fn >>= 1
        sn >>= 1
    return node if sn == 0 else None


def verify_inclusion(
    *, leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows the leaf ``leaf_hash`` at ``index`` in the tree with ``root``."""
    computed = root_from_inclusion_proof(
        leaf_hash=leaf_hash, index=index, tree_size=tree_size, proof=proof
    )
    return computed is not None and _is_hash(root) and computed == root


def roots_from_consistency_proof(
    *, size1: int, size2: int, proof: Sequence[bytes], root1: bytes
) -> tuple[bytes, bytes] | None:
    """The (old, new) roots ``proof`` leads to, or None if it cannot apply.

    RFC 9162 §2.1.4.2 without its final comparison; needs 0 < size1 < size2.
    """
    if not (_is_size(size1) and _is_size(size2) and 0 < size1 < size2):
        return None
    if not _is_hash(root1) or not _is_proof(proof):
        return None
    if len(proof) != consistency_proof_size(size1, size2):
        return None
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # the old tree is one perfect subtree
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    old = new = path[0]
    for node in path[1:]:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            old = hash_children(node, old)
            new = hash_children(node, new)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            new = hash_children(new, node)
        fn >>= 1
        sn >>= 1
    return (old, new) if sn == 0 else None


def verify_consistency(
    *, size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> bool:
    """Whether ``proof`` shows the tree (size1, root1) is a prefix of (size2, root2)."""
    if not (_is_size(size1) and _is_size(size2) and size1 <= size2):
        return False
    if not (_is_hash(root1) and _is_hash(root2)):
        return False
    if not _is_proof(proof):
        return False
    if size1 == size2:
        return len(proof) == 0 and root1 == root2
    if size1 == 0:
        # Every tree extends the empty one, but only if that really is empty.
        return len(proof) == 0 and root1 == EMPTY_ROOT
    return roots_from_consistency_proof(size1=size1, size2=size2, proof=proof, root1=root1) == (
        root1,
        root2,
    )
