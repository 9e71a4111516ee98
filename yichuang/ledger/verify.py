"""Standalone verifier and witness for a Yichuang ledger (needs no Django).

Anyone holding the log's public key can check what the registration office
publishes, without trusting the office's software::

    python -m yichuang.ledger.verify inclusion --key KEY --checkpoint CP \\
        (--record RECORD.json --salt HEX --kind KIND | --leaf-hash HEX) \\
        --proof PROOF.json [--index N] [--origin ORIGIN]
    python -m yichuang.ledger.verify consistency --key KEY --old CP --new CP \\
        [--proof PROOF.json] [--origin ORIGIN]
    python -m yichuang.ledger.verify witness --key KEY --state STATE.json \\
        --checkpoint CP [--proof PROOF.json] [--origin ORIGIN]
    python -m yichuang.ledger.verify log --key KEY --checkpoint CP \\
        --leaves LEAVES [--origin ORIGIN]

``KEY`` is a verifier key string (``<name>+<key ID>+<key data>``) or a file
holding one. ``--origin`` is the log expected; by default the key's name.

Exit status: 0 and a line ``valid: …`` on standard output when everything
checks out; 1 and a line ``invalid: …`` on standard error naming what does not
(bad signature, wrong log, forged or truncated proof, rollback, fork…); 2 and
``error: …`` when an input cannot be used at all (missing or unreadable file,
not JSON, bad hex, malformed key string).

Proof files (JSON, UTF-8) — one format for both kinds of proof, and every
proof names the log and the tree it belongs to::

    {"log": "<origin>", "tree_size": 8, "leaf_index": 5,
     "hashes": ["<base64 of 32 bytes>", ...]}          an inclusion proof
    {"log": "<origin>", "tree_size": 8, "old_size": 6,
     "hashes": ["<base64 of 32 bytes>", ...]}          a consistency proof

``tree_size`` is the size of the (newer) checkpoint the proof is against.
``hashes`` are in RFC 9162 order (the audit path bottom-up; the consistency
proof as SUBPROOF lists it). No other keys are allowed.

Witness state (JSON): ``{"format": "yichuang/witness-state/v1", "logs":
{"<origin>": {"tree_size": N, "root_hash": "<base64>", "checkpoint": "<the
signed note>"}}}``. A missing state file means no log has been seen yet.

Leaves file for ``log``: every leaf's raw bytes (see
:mod:`yichuang.ledger.commitment`) in hexadecimal, one leaf per line, each
line ending in a newline (an empty line is an empty leaf); or a JSON array of
such hex strings. It must hold exactly the checkpoint's number of leaves.
"""

from __future__ import annotations

import argparse
import binascii
import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from yichuang.ledger import merkle
from yichuang.ledger.checkpoint import (
    Checkpoint,
    KeyFormatError,
    LedgerVerificationError,
    NoteVerifier,
    decode_base64,
    encode_base64,
    open_checkpoint,
)
from yichuang.ledger.commitment import UncommittableRecordError, check_kind, leaf_data

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2

STATE_FORMAT = "yichuang/witness-state/v1"
_READ_BLOCK = 1 << 18  # bytes of the leaves file read at a time
# Below this a second process costs more than it saves.
_PARALLEL_MIN_BYTES = 64 << 20


class InputError(Exception):
    """An input cannot be used at all (exit status 2)."""


class ProofError(LedgerVerificationError):
    """A proof does not prove what it is presented as proving."""


class RollbackError(LedgerVerificationError):
    """A log presents a smaller tree than one it signed before."""


class ForkError(LedgerVerificationError):
    """A log signed two different trees of the same size."""


class InconsistentHistoryError(LedgerVerificationError):
    """A newer tree does not extend an older one: the log rewrote its history."""


# --- Proof files -------------------------------------------------------------


@dataclass(frozen=True)
class Proof:
    """An inclusion proof (``leaf_index`` set) or a consistency proof (``old_size`` set)."""

    log: str
    tree_size: int
    hashes: tuple[bytes, ...]
    leaf_index: int | None = None
    old_size: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The proof file's JSON object."""
        document: dict[str, Any] = {"log": self.log, "tree_size": self.tree_size}
        if self.leaf_index is not None:
            document["leaf_index"] = self.leaf_index
        if self.old_size is not None:
            document["old_size"] = self.old_size
        document["hashes"] = [encode_base64(node) for node in self.hashes]
        return document


def _count(document: Mapping[str, object], key: str) -> int:
    value = document[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f'proof "{key}" is not a non-negative integer')
    return value


def _proof_hashes(value: object) -> tuple[bytes, ...]:
    if not isinstance(value, list):
        raise InputError('proof "hashes" is not a list')
    hashes = []
    for position, item in enumerate(value):
        node = decode_base64(item) if isinstance(item, str) else None
        if node is None or len(node) != merkle.HASH_SIZE:
            raise InputError(f"proof hash {position} is not the base64 of 32 bytes")
        hashes.append(node)
    return tuple(hashes)


def proof_from_json(document: object) -> Proof:
    """Read a proof file's JSON object, refusing anything not in the format."""
    if not isinstance(document, dict):
        raise InputError("a proof is a JSON object")
    kinds = {"leaf_index", "old_size"} & document.keys()
    if len(kinds) != 1:
        raise InputError('a proof has exactly one of "leaf_index" and "old_size"')
    expected = {"log", "tree_size", "hashes", *kinds}
    if document.keys() != expected:
        odd = sorted(document.keys() ^ expected)
        raise InputError(f"proof keys {odd} are missing or not allowed")
    if not isinstance(document["log"], str) or not document["log"]:
        raise InputError('proof "log" is not a non-empty string')
    return Proof(
        log=document["log"],
        tree_size=_count(document, "tree_size"),
        hashes=_proof_hashes(document["hashes"]),
        leaf_index=_count(document, "leaf_index") if "leaf_index" in kinds else None,
        old_size=_count(document, "old_size") if "old_size" in kinds else None,
    )


# --- Reading inputs ----------------------------------------------------------


def _read_bytes(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {what} {path}: {error.strerror}") from None


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise InputError("JSON object has a duplicate key")
    return document


def _refuse_constant(name: str) -> None:
    raise InputError(f"JSON holds {name}, which is not a number")


def read_json(path: Path, what: str) -> object:
    """A JSON file, strictly: UTF-8, no duplicate keys, no NaN or Infinity."""
    raw = _read_bytes(path, what)
    try:
        return json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_refuse_duplicates,
            parse_constant=_refuse_constant,
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{what} {path} is not JSON: {error}") from None
    except InputError as error:
        raise InputError(f"{what} {path}: {error}") from None


def load_proof(path: Path) -> Proof:
    """Read and check a proof file."""
    document = read_json(path, "proof")
    try:
        return proof_from_json(document)
    except InputError as error:
        raise InputError(f"proof {path}: {error}") from None


def load_verifier(value: str) -> NoteVerifier:
    """The trusted key, given as a key string or as a file holding one."""
    try:
        is_file = Path(value).is_file()
    except OSError:  # e.g. a key string longer than a file name may be
        is_file = False
    text = _read_bytes(Path(value), "key file").decode("utf-8", "replace") if is_file else value
    try:
        return NoteVerifier.from_string(text)
    except KeyFormatError as error:
        raise InputError(f"--key: {error}") from None


def _hex_argument(value: str, what: str, size: int) -> bytes:
    try:
        data = bytes.fromhex(value)
    except ValueError:
        data = b""
    if len(data) != size or len(value) != 2 * size:
        raise InputError(f"{what} must be {2 * size} hexadecimal digits")
    return data


def record_leaf_hash(record_path: Path, salt_hex: str, kind: str) -> bytes:
    """The leaf hash of a record as the office committed to it."""
    record = read_json(record_path, "record")
    if not isinstance(record, dict):
        raise InputError(f"record {record_path} is not a JSON object")
    salt = _hex_argument(salt_hex, "--salt", 32)
    try:
        return merkle.leaf_hash(leaf_data(kind=check_kind(kind), record=record, salt=salt))
    except UncommittableRecordError as error:
        raise InputError(f"record {record_path}: {error}") from None
    except ValueError as error:
        raise InputError(f"--kind: {error}") from None


# --- Checks ------------------------------------------------------------------


def _open(note: bytes, verifier: NoteVerifier, origin: str | None, what: str) -> Checkpoint:
    """Open a checkpoint, saying which one failed if it does."""
    try:
        return open_checkpoint(note, verifier, origin=origin)
    except LedgerVerificationError as error:
        raise type(error)(f"{what}: {error}") from None


def _require_proof_names(proof: Proof, checkpoint: Checkpoint) -> None:
    """A proof only counts for the log and tree size it was made for."""
    if proof.log != checkpoint.origin:
        raise ProofError(f"proof is for log {proof.log!r}, not {checkpoint.origin!r}")
    if proof.tree_size != checkpoint.tree_size:
        raise ProofError(
            f"proof is for tree size {proof.tree_size}, "
            f"but the checkpoint is for size {checkpoint.tree_size}"
        )


def check_inclusion(
    *,
    verifier: NoteVerifier,
    checkpoint_note: bytes,
    leaf_hash: bytes,
    proof: Proof,
    index: int | None = None,
    origin: str | None = None,
) -> str:
    """Check that a leaf is in the log at a signed checkpoint; return the verdict line."""
    checkpoint = _open(checkpoint_note, verifier, origin, "checkpoint")
    if proof.leaf_index is None:
        raise InputError("the proof is a consistency proof, not an inclusion proof")
    _require_proof_names(proof, checkpoint)
    if index is not None and proof.leaf_index != index:
        raise ProofError(f"proof is for leaf index {proof.leaf_index}, not {index}")
    index, size = proof.leaf_index, checkpoint.tree_size
    if index >= size:
        raise ProofError(f"leaf index {index} is outside a tree of {size} leaves")
    wanted = merkle.inclusion_proof_size(index, size)
    if len(proof.hashes) != wanted:
        raise ProofError(
            f"inclusion proof has {len(proof.hashes)} hashes; "
            f"leaf {index} in a tree of {size} needs {wanted}"
        )
    computed = merkle.root_from_inclusion_proof(
        leaf_hash=leaf_hash, index=index, tree_size=size, proof=proof.hashes
    )
    if computed != checkpoint.root_hash:
        reached = encode_base64(computed) if computed else "nothing"
        raise ProofError(
            f"leaf {index} is not in the tree: the proof leads to root {reached}, "
            f"but the checkpoint's root is {encode_base64(checkpoint.root_hash)}"
        )
    return (
        f"valid: leaf {index} (hash {leaf_hash.hex()}) is in log {checkpoint.origin} "
        f"at tree size {size}, root {encode_base64(checkpoint.root_hash)}"
    )


def _require_extension(old: Checkpoint, new: Checkpoint, proof: Proof | None) -> None:
    """Raise unless ``new`` is ``old`` or a tree that extends it."""
    if new.tree_size < old.tree_size:
        raise RollbackError(
            f"ROLLBACK: log {new.origin} presents tree size {new.tree_size}, "
            f"smaller than size {old.tree_size} it signed before"
        )
    if new.tree_size == old.tree_size and new.root_hash != old.root_hash:
        raise ForkError(
            f"FORK: log {new.origin} signed two different trees of size {new.tree_size}: "
            f"root {encode_base64(old.root_hash)} before, {encode_base64(new.root_hash)} now"
        )
    if new.tree_size == old.tree_size:
        return
    if proof is None:
        raise InputError(
            f"a consistency proof (--proof) is needed from size {old.tree_size} to {new.tree_size}"
        )
    _require_consistency_proof(old, new, proof)


def _require_consistency_proof(old: Checkpoint, new: Checkpoint, proof: Proof) -> None:
    if proof.old_size is None:
        raise InputError("the proof is an inclusion proof, not a consistency proof")
    _require_proof_names(proof, new)
    if proof.old_size != old.tree_size:
        raise ProofError(f"proof starts from size {proof.old_size}, not {old.tree_size}")
    wanted = merkle.consistency_proof_size(old.tree_size, new.tree_size)
    if len(proof.hashes) != wanted:
        raise InconsistentHistoryError(
            f"consistency proof has {len(proof.hashes)} hashes; "
            f"from size {old.tree_size} to {new.tree_size} it needs {wanted}"
        )
    if not merkle.verify_consistency(
        size1=old.tree_size,
        size2=new.tree_size,
        proof=proof.hashes,
        root1=old.root_hash,
        root2=new.root_hash,
    ):
        raise InconsistentHistoryError(
            f"INCONSISTENT: log {new.origin} at size {new.tree_size} "
            f"does not extend its tree at size {old.tree_size}: the proof does not "
            "connect the two roots"
        )


def check_consistency(
    *,
    verifier: NoteVerifier,
    old_note: bytes,
    new_note: bytes,
    proof: Proof | None,
    origin: str | None = None,
) -> str:
    """Check that the newer checkpoint's tree extends the older one's."""
    old = _open(old_note, verifier, origin, "old checkpoint")
    new = _open(new_note, verifier, origin, "new checkpoint")
    _require_extension(old, new, proof)
    if old.tree_size == new.tree_size:
        return f"valid: both checkpoints are log {new.origin}'s same tree of size {new.tree_size}"
    return (
        f"valid: log {new.origin} at tree size {new.tree_size} extends "
        f"its tree at size {old.tree_size}"
    )


# --- Witness -----------------------------------------------------------------


def load_state(path: Path) -> dict[str, Any]:
    """The witness's memory: the last checkpoint it accepted from each log."""
    if not path.exists():
        return {"format": STATE_FORMAT, "logs": {}}
    state = read_json(path, "witness state")
    if (
        not isinstance(state, dict)
        or state.get("format") != STATE_FORMAT
        or not isinstance(state.get("logs"), dict)
    ):
        raise InputError(f"witness state {path} is not a {STATE_FORMAT} document")
    return state


def save_state(path: Path, state: Mapping[str, Any]) -> None:
    """Replace the state file atomically: a crash leaves the old state or the new."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(state, indent=2, ensure_ascii=False) + "\n", "utf-8")
    os.replace(temporary, path)


def _remembered(entry: object, origin: str) -> Checkpoint:
    """The checkpoint a state entry records."""
    if isinstance(entry, dict):
        size, root_hash = entry.get("tree_size"), entry.get("root_hash")
        root = decode_base64(root_hash) if isinstance(root_hash, str) else None
        if isinstance(size, int) and not isinstance(size, bool) and root is not None:
            try:
                return Checkpoint(origin, size, root)
            except ValueError:
                pass
    raise InputError(f"witness state entry for {origin} is malformed")


def witness_step(
    *,
    verifier: NoteVerifier,
    state: Mapping[str, Any],
    checkpoint_note: bytes,
    proof: Proof | None,
    origin: str | None = None,
) -> tuple[dict[str, Any], str]:
    """Judge a new checkpoint against the state; return the new state and verdict.

    Raises (and so changes nothing) on a bad signature, a wrong log, a smaller
    tree, a fork or an inconsistent history.
    """
    new = _open(checkpoint_note, verifier, origin, "checkpoint")
    logs = dict(state["logs"])
    entry = {
        "tree_size": new.tree_size,
        "root_hash": encode_base64(new.root_hash),
        "checkpoint": checkpoint_note.decode("utf-8"),
    }
    updated = {**state, "logs": {**logs, new.origin: entry}}
    if new.origin not in logs:
        return updated, (
            f"valid: first sight of log {new.origin}: trusting tree size {new.tree_size}, "
            f"root {encode_base64(new.root_hash)} (trust on first use)"
        )
    old = _remembered(logs[new.origin], new.origin)
    _require_extension(old, new, proof)
    if old.tree_size == new.tree_size:
        return dict(state), f"valid: log {new.origin} is unchanged at tree size {new.tree_size}"
    return updated, (
        f"valid: log {new.origin} grew consistently from tree size {old.tree_size} "
        f"to {new.tree_size}"
    )


# --- Full log check ----------------------------------------------------------


def _first_bad_line(lines: Sequence[bytes], first_number: int) -> str:
    for offset, line in enumerate(lines):
        try:
            binascii.a2b_hex(line)
        except binascii.Error:
            return f"line {first_number + offset} is not hexadecimal leaf data"
    return f"line {first_number} is not hexadecimal leaf data"


def _leaf_hashes_from_hex_lines(stream: BinaryIO) -> Iterator[list[bytes]]:
    """Leaf hashes of a hex-lines leaves file, one read block at a time."""
    sha256, unhex = hashlib.sha256, binascii.a2b_hex
    carry, number = b"00", 1
    while block := stream.read(_READ_BLOCK):
        # "00" before every line is the hex of the leaf prefix 0x00: one
        # unhexlify then gives the leaf hash input directly, saving the
        # concatenation (an allocation and a copy) per leaf that
        # merkle.leaf_hash would make; this loop is most of the check's time.
        lines = block.replace(b"\n", b"\n00").split(b"\n")
        lines[0] = carry + lines[0]
        carry = lines.pop()
        try:
            hashes = [sha256(unhex(line)).digest() for line in lines]
        except binascii.Error:
            raise InputError(_first_bad_line([x[2:] for x in lines], number)) from None
        number += len(lines)
        yield hashes
    if carry != b"00":
        raise InputError(f"line {number} does not end with a newline")


def _leaf_hashes_from_json(raw: bytes) -> list[bytes]:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"leaves file is not JSON: {error}") from None
    if not isinstance(document, list):
        raise InputError("a JSON leaves file is an array of hex strings")
    hashes = []
    for position, item in enumerate(document):
        try:
            hashes.append(merkle.leaf_hash(bytes.fromhex(item)))
        except (TypeError, ValueError):
            raise InputError(f"leaf {position} is not a hex string") from None
    return hashes


class _Prefix:
    """The first ``limit`` bytes of a stream, read as if they were all of it."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self._stream, self._left = stream, limit

    def read(self, size: int) -> bytes:
        data = self._stream.read(min(size, self._left))
        self._left -= len(data)
        return data


def _fold_part(path: str, start: int, limit: int | None) -> tuple[int, list[bytes], list[bytes]]:
    """Hash and fold the lines from byte ``start`` (to ``limit`` bytes, or the end)."""
    accumulator = merkle.RootAccumulator()
    with open(path, "rb") as stream:
        stream.seek(start)
        source: Any = stream if limit is None else _Prefix(stream, limit)
        for hashes in _leaf_hashes_from_hex_lines(source):
            accumulator.add_leaf_hashes(hashes)
    return accumulator.export()


def _block_aligned_split(path: Path, size: int) -> int | None:
    """A byte offset near the middle where a line starts whose number is a multiple
    of the accumulator's block, or None when the file is too short for one."""
    with path.open("rb") as stream:
        head = stream.read(size // 2)
        lines = head.count(b"\n")
        offset = len(head)
        if head and not head.endswith(b"\n"):
            rest = stream.readline()
            offset, lines = offset + len(rest), lines + 1
        while lines % merkle.BLOCK_LEAVES:
            line = stream.readline()
            if not line.endswith(b"\n"):
                return None
            offset, lines = offset + len(line), lines + 1
    return offset if offset < size else None


def _root_in_two_processes(path: Path, size: int) -> tuple[int, bytes] | None:
    """Two cores: a worker takes the second half of the lines, this process the first.

    The halves meet at a leaf number that is a multiple of the accumulator's
    block, so each half folds into the tree's own perfect subtrees and the two
    states simply join.
    """
    split = _block_aligned_split(path, size)
    if split is None:
        return None
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        tail = pool.submit(_fold_part, str(path), split, None)
        head_size, head_tops, head_pending = _fold_part(str(path), 0, split)
        tail_size, tail_tops, tail_pending = tail.result()
    if head_pending:
        return None
    joined = merkle.RootAccumulator.resume(
        head_size + tail_size, head_tops + tail_tops, tail_pending
    )
    return joined.size, joined.root()


def _root_in_one_process(path: Path) -> tuple[int, bytes]:
    accumulator = merkle.RootAccumulator()
    with path.open("rb") as stream:
        start = stream.read(64).lstrip()
        stream.seek(0)
        if start.startswith(b"["):
            accumulator.add_leaf_hashes(_leaf_hashes_from_json(stream.read()))
        else:
            for hashes in _leaf_hashes_from_hex_lines(stream):
                accumulator.add_leaf_hashes(hashes)
    return accumulator.size, accumulator.root()


def _parallel_worth_it(path: Path, size: int) -> bool:
    if size < _PARALLEL_MIN_BYTES or (os.cpu_count() or 1) < 2:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    with path.open("rb") as stream:
        return not stream.read(64).lstrip().startswith(b"[")


def root_of_leaves_file(path: Path) -> tuple[int, bytes]:
    """(number of leaves, root) of a leaves file, in bounded memory for hex lines.

    A large hex-lines file is split between two processes where the machine has
    two cores; any fault found there is looked for again in one process, so the
    message names the exact line.
    """
    try:
        size = path.stat().st_size
        if _parallel_worth_it(path, size):
            try:
                result = _root_in_two_processes(path, size)
            except InputError:
                result = None
            if result is not None:
                return result
        return _root_in_one_process(path)
    except OSError as error:
        raise InputError(f"cannot read leaves file {path}: {error.strerror}") from None
    except InputError as error:
        raise InputError(f"leaves file {path}: {error}") from None


def check_log(
    *, verifier: NoteVerifier, checkpoint_note: bytes, leaves: Path, origin: str | None = None
) -> str:
    """Recompute the whole tree from every leaf and compare with the checkpoint."""
    checkpoint = _open(checkpoint_note, verifier, origin, "checkpoint")
    size, root = root_of_leaves_file(leaves)
    if size != checkpoint.tree_size:
        raise ProofError(
            f"leaves file has {size} leaves, but the checkpoint's tree has {checkpoint.tree_size}"
        )
    if root != checkpoint.root_hash:
        raise ProofError(
            f"the {size} leaves give root {encode_base64(root)}, "
            f"but the checkpoint's root is {encode_base64(checkpoint.root_hash)}"
        )
    return (
        f"valid: the {size} leaves give root {encode_base64(root)}, "
        f"as log {checkpoint.origin}'s checkpoint says"
    )


# --- Command line ------------------------------------------------------------


def _run_inclusion(args: argparse.Namespace) -> str:
    record_given = [args.record, args.salt, args.kind]
    if args.leaf_hash is not None and record_given == [None, None, None]:
        leaf = _hex_argument(args.leaf_hash, "--leaf-hash", merkle.HASH_SIZE)
    elif args.leaf_hash is None and None not in record_given:
        leaf = record_leaf_hash(args.record, args.salt, args.kind)
    else:
        raise InputError("give either --leaf-hash, or all of --record, --salt and --kind")
    return check_inclusion(
        verifier=load_verifier(args.key),
        checkpoint_note=_read_bytes(args.checkpoint, "checkpoint"),
        leaf_hash=leaf,
        proof=load_proof(args.proof),
        index=args.index,
        origin=args.origin,
    )


def _run_consistency(args: argparse.Namespace) -> str:
    return check_consistency(
        verifier=load_verifier(args.key),
        old_note=_read_bytes(args.old, "old checkpoint"),
        new_note=_read_bytes(args.new, "new checkpoint"),
        proof=load_proof(args.proof) if args.proof else None,
        origin=args.origin,
    )


def _run_witness(args: argparse.Namespace) -> str:
    known = load_state(args.state)
    state, verdict = witness_step(
        verifier=load_verifier(args.key),
        state=known,
        checkpoint_note=_read_bytes(args.checkpoint, "checkpoint"),
        proof=load_proof(args.proof) if args.proof else None,
        origin=args.origin,
    )
    if state != known:
        save_state(args.state, state)
        verdict += f"; recorded in {args.state}"
    return verdict


def _run_log(args: argparse.Namespace) -> str:
    return check_log(
        verifier=load_verifier(args.key),
        checkpoint_note=_read_bytes(args.checkpoint, "checkpoint"),
        leaves=args.leaves,
        origin=args.origin,
    )


def _command(subparsers: Any, name: str, summary: str) -> argparse.ArgumentParser:
    """A subcommand with the arguments every command shares."""
    command: argparse.ArgumentParser = subparsers.add_parser(name, help=summary)
    command.add_argument("--key", required=True, help="verifier key string, or a file holding it")
    command.add_argument("--origin", help="the log expected (default: the key's name)")
    return command


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m yichuang.ledger.verify`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="python -m yichuang.ledger.verify",
        description="Check a Yichuang ledger's checkpoints and proofs.",
        epilog="exit status: 0 valid, 1 invalid (the line says why), 2 unusable input",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    inclusion = _command(commands, "inclusion", "check that a record is in the log")
    inclusion.add_argument("--checkpoint", type=Path, required=True)
    inclusion.add_argument("--record", type=Path, help="the record, as a JSON object file")
    inclusion.add_argument("--salt", help="the record's salt, 64 hex digits")
    inclusion.add_argument("--kind", help="the record's kind, e.g. register-entry")
    inclusion.add_argument("--leaf-hash", help="the leaf hash, 64 hex digits, instead")
    inclusion.add_argument("--index", type=int, help="the leaf index the proof must be for")
    inclusion.add_argument("--proof", type=Path, required=True)
    consistency = _command(commands, "consistency", "check that a log only grew")
    consistency.add_argument("--old", type=Path, required=True, help="older checkpoint")
    consistency.add_argument("--new", type=Path, required=True, help="newer checkpoint")
    consistency.add_argument("--proof", type=Path, help="consistency proof (unless same size)")
    witness = _command(commands, "witness", "accept a checkpoint only if it extends the last")
    witness.add_argument("--state", type=Path, required=True, help="witness state JSON file")
    witness.add_argument("--checkpoint", type=Path, required=True, help="the new checkpoint")
    witness.add_argument("--proof", type=Path, help="consistency proof from the stored size")
    log = _command(commands, "log", "recompute the root from every leaf")
    log.add_argument("--checkpoint", type=Path, required=True)
    log.add_argument("--leaves", type=Path, required=True, help="hex lines or JSON hex list")
    return parser


_RUNNERS = {
    "inclusion": _run_inclusion,
    "consistency": _run_consistency,
    "witness": _run_witness,
    "log": _run_log,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; print its verdict; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        verdict = _RUNNERS[args.command](args)
    except LedgerVerificationError as error:
        print(f"invalid: {error}", file=sys.stderr)
        return EXIT_INVALID
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(verdict)
    return EXIT_VALID


if __name__ == "__main__":
    sys.exit(main())
