"""RFC 6962 / RFC 9162 Merkle trees: published vectors, then properties on random trees."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.ledger import merkle

VECTORS = json.loads(
    (Path(__file__).parent / "data" / "rfc6962-vectors.json").read_text(encoding="utf-8")
)
VECTOR_LEAVES = [bytes.fromhex(leaf) for leaf in VECTORS["leaves_hex"]]

# Distinct leaves: with duplicates, a leaf really is at several indices.
leaf_lists = st.lists(st.binary(max_size=12), min_size=1, max_size=40, unique=True)


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH exactly as RFC 9162 §2.1.1 words it, recursively: the yardstick."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(
        b"\x01" + reference_root(leaves[:k]) + reference_root(leaves[k:])
    ).digest()


def path_to_leaf(index: int, tree_size: int) -> list[str]:
    """Left/right turns from the root down to a leaf: the shape a proof encodes."""
    turns, low, high = [], 0, tree_size
    while high - low > 1:
        k = 1 << ((high - low - 1).bit_length() - 1)
        if index < low + k:
            turns.append("left")
            high = low + k
        else:
            turns.append("right")
            low += k
    return turns


def flip_bit(proof: list[bytes], position: int, bit: int) -> list[bytes]:
    node = bytearray(proof[position])
    node[bit // 8] ^= 1 << (bit % 8)
    return [*proof[:position], bytes(node), *proof[position + 1 :]]


# --- Published vectors --------------------------------------------------------


def test_the_empty_tree_root_is_the_hash_of_nothing() -> None:
    assert merkle.root([]).hex() == VECTORS["empty_tree_root"]
    assert merkle.root_from_leaf_hashes([]) == merkle.EMPTY_ROOT


@pytest.mark.parametrize("size", sorted(VECTORS["roots_by_tree_size"], key=int))
def test_every_published_root_is_reproduced(size: str) -> None:
    assert merkle.root(VECTOR_LEAVES[: int(size)]).hex() == VECTORS["roots_by_tree_size"][size]


@pytest.mark.parametrize("vector", VECTORS["hash_vectors"], ids=lambda v: v["note"])
def test_published_leaf_and_node_hashes_are_reproduced(vector: dict[str, str]) -> None:
    if vector["kind"] == "leaf":
        computed = merkle.leaf_hash(bytes.fromhex(vector["input_hex"]))
    else:
        left, right = bytes.fromhex(vector["left_hex"]), bytes.fromhex(vector["right_hex"])
        computed = merkle.hash_children(left, right)
    assert computed.hex() == vector["expected"]


@pytest.mark.parametrize(
    "vector", VECTORS["inclusion_proofs"], ids=lambda v: f"{v['leaf_index']}-of-{v['tree_size']}"
)
def test_every_published_inclusion_proof_is_generated_and_verifies(vector: dict) -> None:
    index, size = vector["leaf_index"], vector["tree_size"]
    leaves = VECTOR_LEAVES[:size]
    proof = merkle.inclusion_proof(leaves, index)
    assert [node.hex() for node in proof] == vector["path"]
    assert merkle.verify_inclusion(
        leaf_hash=merkle.leaf_hash(leaves[index]),
        index=index,
        tree_size=size,
        proof=[bytes.fromhex(node) for node in vector["path"]],
        root=bytes.fromhex(VECTORS["roots_by_tree_size"][str(size)]),
    )


@pytest.mark.parametrize(
    "vector", VECTORS["consistency_proofs"], ids=lambda v: f"{v['size1']}-to-{v['size2']}"
)
def test_every_published_consistency_proof_is_generated_and_verifies(vector: dict) -> None:
    size1, size2 = vector["size1"], vector["size2"]
    proof = merkle.consistency_proof(VECTOR_LEAVES[:size2], size1)
    assert [node.hex() for node in proof] == vector["proof"]
    assert merkle.verify_consistency(
        size1=size1,
        size2=size2,
        proof=[bytes.fromhex(node) for node in vector["proof"]],
        root1=bytes.fromhex(VECTORS["roots_by_tree_size"][str(size1)]),
        root2=bytes.fromhex(VECTORS["roots_by_tree_size"][str(size2)]),
    )


# --- Roots --------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 5, 4095, 4096, 4097, 8191, 8193, 3 * 4096 + 5])
def test_root_follows_the_recursive_definition_across_block_boundaries(size: int) -> None:
    leaves = [n.to_bytes(3, "big") for n in range(size)]
    expected = reference_root(leaves)
    assert merkle.root(leaves) == expected
    assert merkle.root_from_leaf_hashes(merkle.leaf_hashes(leaves)) == expected


@given(leaves=st.lists(st.binary(max_size=4), max_size=60), cuts=st.lists(st.integers(0, 60)))
def test_the_accumulator_gives_the_same_root_however_the_leaves_arrive(
    leaves: list[bytes], cuts: list[int]
) -> None:
    accumulator = merkle.RootAccumulator()
    start = 0
    for cut in sorted({min(cut, len(leaves)) for cut in cuts} | {len(leaves)}):
        accumulator.add_leaves(leaves[start:cut])
        start = cut
    assert accumulator.size == len(leaves)
    assert accumulator.root() == reference_root(leaves)


def test_the_accumulator_spans_many_blocks() -> None:
    leaves = [n.to_bytes(3, "big") for n in range(2 * 4096 + 77)]
    accumulator = merkle.RootAccumulator()
    for start in range(0, len(leaves), 1000):
        accumulator.add_leaf_hashes(merkle.leaf_hashes(leaves[start : start + 1000]))
    assert accumulator.root() == reference_root(leaves)


# --- Proofs on random trees ---------------------------------------------------


@given(leaves=leaf_lists)
def test_every_inclusion_proof_verifies(leaves: list[bytes]) -> None:
    root = merkle.root(leaves)
    for index, leaf in enumerate(leaves):
        proof = merkle.inclusion_proof(leaves, index)
        assert len(proof) == merkle.inclusion_proof_size(index, len(leaves))
        assert merkle.verify_inclusion(
            leaf_hash=merkle.leaf_hash(leaf),
            index=index,
            tree_size=len(leaves),
            proof=proof,
            root=root,
        )


@given(leaves=leaf_lists, data=st.data())
def test_flipping_any_bit_of_an_inclusion_proof_fails(
    leaves: list[bytes], data: st.DataObject
) -> None:
    root, size = merkle.root(leaves), len(leaves)
    for index, leaf in enumerate(leaves):
        proof = merkle.inclusion_proof(leaves, index)
        for position in range(len(proof)):
            bit = data.draw(st.integers(0, 255))
            forged = flip_bit(proof, position, bit)
            assert not merkle.verify_inclusion(
                leaf_hash=merkle.leaf_hash(leaf),
                index=index,
                tree_size=size,
                proof=forged,
                root=root,
            )


@given(leaves=leaf_lists)
def test_an_inclusion_proof_with_the_wrong_index_fails(leaves: list[bytes]) -> None:
    root, size = merkle.root(leaves), len(leaves)
    for index, leaf in enumerate(leaves):
        proof = merkle.inclusion_proof(leaves, index)
        for other in {-1, *range(size + 2)} - {index}:
            assert not merkle.verify_inclusion(
                leaf_hash=merkle.leaf_hash(leaf),
                index=other,
                tree_size=size,
                proof=proof,
                root=root,
            )


@given(leaves=leaf_lists)
def test_an_inclusion_proof_fails_at_another_tree_size_unless_the_leaf_has_the_same_path(
    leaves: list[bytes],
) -> None:
    # A proof encodes only the path to the leaf: trees of 3 and 4 leaves put
    # leaf 0 at the same path, so the size must come from a signed checkpoint.
    root, size = merkle.root(leaves), len(leaves)
    for index, leaf in enumerate(leaves):
        proof = merkle.inclusion_proof(leaves, index)
        for other in set(range(2 * size + 2)) - {size}:
            same_path = other > index and path_to_leaf(index, other) == path_to_leaf(index, size)
            assert same_path == merkle.verify_inclusion(
                leaf_hash=merkle.leaf_hash(leaf),
                index=index,
                tree_size=other,
                proof=proof,
                root=root,
            )


@given(leaves=leaf_lists)
def test_a_truncated_or_padded_inclusion_proof_fails(leaves: list[bytes]) -> None:
    root, size = merkle.root(leaves), len(leaves)
    for index, leaf in enumerate(leaves):
        proof = merkle.inclusion_proof(leaves, index)
        variants = [[*proof, root], [root, *proof]] + ([proof[:-1], proof[1:]] if proof else [])
        for variant in variants:
            assert not merkle.verify_inclusion(
                leaf_hash=merkle.leaf_hash(leaf),
                index=index,
                tree_size=size,
                proof=variant,
                root=root,
            )


@given(leaves=leaf_lists)
def test_every_consistency_proof_verifies(leaves: list[bytes]) -> None:
    root2 = merkle.root(leaves)
    for size1 in range(len(leaves) + 1):
        proof = merkle.consistency_proof(leaves, size1)
        assert len(proof) == merkle.consistency_proof_size(size1, len(leaves))
        assert merkle.verify_consistency(
            size1=size1,
            size2=len(leaves),
            proof=proof,
            root1=merkle.root(leaves[:size1]),
            root2=root2,
        )


@given(leaves=leaf_lists, data=st.data())
def test_flipping_any_bit_of_a_consistency_proof_or_root_fails(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size2, root2 = len(leaves), merkle.root(leaves)
    for size1 in range(1, size2):
        proof, root1 = merkle.consistency_proof(leaves, size1), merkle.root(leaves[:size1])
        for position in range(len(proof)):
            forged = flip_bit(proof, position, data.draw(st.integers(0, 255)))
            assert not merkle.verify_consistency(
                size1=size1, size2=size2, proof=forged, root1=root1, root2=root2
            )
        bad_root = flip_bit([root1], 0, data.draw(st.integers(0, 255)))[0]
        assert not merkle.verify_consistency(
            size1=size1, size2=size2, proof=proof, root1=bad_root, root2=root2
        )
        assert not merkle.verify_consistency(
            size1=size1, size2=size2, proof=proof, root1=root1, root2=bad_root
        )


@given(leaves=leaf_lists)
def test_a_consistency_proof_with_the_wrong_old_size_fails(leaves: list[bytes]) -> None:
    size2, root2 = len(leaves), merkle.root(leaves)
    for size1 in range(1, size2):
        proof, root1 = merkle.consistency_proof(leaves, size1), merkle.root(leaves[:size1])
        for other in set(range(-1, size2 + 2)) - {size1}:
            assert not merkle.verify_consistency(
                size1=other, size2=size2, proof=proof, root1=root1, root2=root2
            )


@given(leaves=leaf_lists)
def test_a_consistency_proof_fails_at_another_new_size_unless_the_old_edge_has_the_same_path(
    leaves: list[bytes],
) -> None:
    # As for inclusion: the proof follows the old tree's last leaf, so the
    # sizes themselves must be signed.
    size2, root2 = len(leaves), merkle.root(leaves)
    for size1 in range(1, size2):
        proof, root1 = merkle.consistency_proof(leaves, size1), merkle.root(leaves[:size1])
        for other in set(range(size1 - 1, 2 * size2 + 2)) - {size2}:
            same_path = other > size1 and (
                path_to_leaf(size1 - 1, other) == path_to_leaf(size1 - 1, size2)
            )
            assert same_path == merkle.verify_consistency(
                size1=size1, size2=other, proof=proof, root1=root1, root2=root2
            )


@given(leaves=leaf_lists)
def test_a_truncated_or_padded_consistency_proof_fails(leaves: list[bytes]) -> None:
    size2, root2 = len(leaves), merkle.root(leaves)
    for size1 in range(1, size2):
        proof, root1 = merkle.consistency_proof(leaves, size1), merkle.root(leaves[:size1])
        for variant in (proof[:-1], proof[1:], [*proof, root2], [root1, *proof]):
            assert not merkle.verify_consistency(
                size1=size1, size2=size2, proof=variant, root1=root1, root2=root2
            )


# --- Proofs from a store of perfect subtrees ----------------------------------


class SubtreeStore:
    """A fetch callback over in-memory leaves that records what it was asked for."""

    def __init__(self, leaves: list[bytes]) -> None:
        self.hashes = merkle.leaf_hashes(leaves)
        self.reads: list[tuple[int, int]] = []

    def __call__(self, start: int, end: int) -> bytes:
        width = end - start
        assert width > 0 and width & (width - 1) == 0, "not a power of two"
        assert start % width == 0, "not aligned"
        assert end <= len(self.hashes)
        self.reads.append((start, end))
        return reference_root_of_hashes(self.hashes[start:end])


def reference_root_of_hashes(hashes: list[bytes]) -> bytes:
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return merkle.hash_children(
        reference_root_of_hashes(hashes[:k]), reference_root_of_hashes(hashes[k:])
    )


def read_budget(tree_size: int) -> int:
    """O(log n): one subtree per level, plus the ragged right edge's pieces."""
    return 2 * tree_size.bit_length() + 1


@given(leaves=st.lists(st.binary(max_size=6), min_size=1, max_size=80))
def test_proofs_from_stored_subtrees_match_proofs_from_the_leaf_list(leaves: list[bytes]) -> None:
    size = len(leaves)
    for index in range(size):
        store = SubtreeStore(leaves)
        assert merkle.inclusion_proof_from(store, index, size) == merkle.inclusion_proof(
            leaves, index
        )
        assert len(store.reads) <= read_budget(size)
    for size1 in range(size + 1):
        store = SubtreeStore(leaves)
        assert merkle.consistency_proof_from(store, size1, size) == merkle.consistency_proof(
            leaves, size1
        )
        assert len(store.reads) <= read_budget(size)


@given(leaves=st.lists(st.binary(max_size=6), max_size=80))
def test_the_root_from_stored_subtrees_reads_one_per_set_bit_of_the_size(
    leaves: list[bytes],
) -> None:
    store = SubtreeStore(leaves)
    assert merkle.root_from(store, len(leaves)) == merkle.root(leaves)
    assert len(store.reads) == len(leaves).bit_count()


def test_a_fetch_that_returns_no_hash_is_refused() -> None:
    with pytest.raises(ValueError, match="32-byte hash"):
        merkle.inclusion_proof_from(lambda start, end: b"short", 0, 5)


# --- Argument handling --------------------------------------------------------


def test_proof_sizes_match_generated_proofs_for_all_small_trees() -> None:
    for size in range(1, 66):
        leaves = [bytes([n]) for n in range(size)]
        for index in range(size):
            assert len(merkle.inclusion_proof(leaves, index)) == merkle.inclusion_proof_size(
                index, size
            )
        for size1 in range(size + 1):
            assert len(merkle.consistency_proof(leaves, size1)) == (
                merkle.consistency_proof_size(size1, size)
            )


@pytest.mark.parametrize(
    "arguments",
    [
        {"index": 3, "tree_size": 3},
        {"index": -1, "tree_size": 3},
        {"index": 0, "tree_size": 0},
        {"index": True, "tree_size": 3},
        {"index": 0, "tree_size": 3, "proof": [b"x" * 32]},
        {"index": 0, "tree_size": 3, "proof": [b"x" * 31, b"y" * 32]},
        {"index": 0, "tree_size": 3, "proof": None},
        {"index": 0, "tree_size": 3, "proof": ["not bytes", b"y" * 32]},
        {"index": 0, "tree_size": 3, "root": b"short"},
        {"index": 0, "tree_size": 3, "leaf_hash": b"short"},
    ],
)
def test_nonsense_inclusion_arguments_are_false_not_errors(arguments: dict) -> None:
    leaves = [b"a", b"b", b"c"]
    call = {
        "leaf_hash": merkle.leaf_hash(b"a"),
        "proof": merkle.inclusion_proof(leaves, 0),
        "root": merkle.root(leaves),
        **arguments,
    }
    assert merkle.verify_inclusion(**call) is False


@pytest.mark.parametrize(
    "arguments",
    [
        {"size1": 3, "size2": 2},
        {"size1": -1, "size2": 5},
        {"size1": 2, "size2": 5, "proof": []},
        {"size1": 2, "size2": 5, "proof": None},
        {"size1": 2, "size2": 5, "root1": b"short"},
        {"size1": 5, "size2": 5, "proof": [b"x" * 32]},
        {"size1": 0, "size2": 5, "root1": b"x" * 32},
        {"size1": 0, "size2": 5, "proof": [b"x" * 32]},
    ],
)
def test_nonsense_consistency_arguments_are_false_not_errors(arguments: dict) -> None:
    leaves = [b"a", b"b", b"c", b"d", b"e"]
    call = {
        "size1": 2,
        "size2": 5,
        "proof": merkle.consistency_proof(leaves, 2),
        "root1": merkle.root(leaves[:2]),
        "root2": merkle.root(leaves),
        **arguments,
    }
    if call["size1"] == 0 and "root1" not in arguments:
        call["root1"] = merkle.EMPTY_ROOT
    assert merkle.verify_consistency(**call) is False


def test_any_tree_extends_the_empty_tree_and_itself() -> None:
    leaves = [b"a", b"b", b"c"]
    root = merkle.root(leaves)
    assert merkle.verify_consistency(
        size1=0, size2=3, proof=[], root1=merkle.EMPTY_ROOT, root2=root
    )
    assert merkle.verify_consistency(size1=3, size2=3, proof=[], root1=root, root2=root)


def test_generating_an_impossible_proof_is_a_bug_in_the_caller() -> None:
    with pytest.raises(ValueError, match="outside"):
        merkle.inclusion_proof([b"a"], 1)
    with pytest.raises(ValueError, match="outside"):
        merkle.consistency_proof([b"a"], 2)
    with pytest.raises(ValueError, match="outside"):
        merkle.inclusion_proof_from(lambda s, e: b"x" * 32, 0, 0)
    with pytest.raises(ValueError, match="negative"):
        merkle.root_from(lambda s, e: b"x" * 32, -1)
