"""The standalone verifier and witness: every verdict, its exit status and its message."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from yichuang.ledger import merkle
from yichuang.ledger.checkpoint import Checkpoint, NoteSigner, sign_checkpoint, sign_note
from yichuang.ledger.commitment import leaf_data
from yichuang.ledger.verify import Proof, main

ORIGIN = "yichuang.example/ledger/test"
SIGNER = NoteSigner(
    ORIGIN,
    hashlib.sha256(
        b"yichuang/ledger/tests: example log key, public, never for production"
    ).digest(),
)
VKEY = str(SIGNER.verifier())
RECORDS = [{"unit": f"110101001001GB{n:05d}", "owner": "张三", "floor": n} for n in range(11)]
SALTS = [hashlib.sha256(bytes([n])).digest() for n in range(11)]
LEAVES = [
    leaf_data(kind="register-entry", record=record, salt=salt)
    for record, salt in zip(RECORDS, SALTS, strict=True)
]
# The same log with entry 2 quietly rewritten after the fact.
REWRITTEN = [
    *LEAVES[:2],
    leaf_data(kind="register-entry", record={"x": 1}, salt=SALTS[2]),
    *LEAVES[3:],
]
REPO = Path(__file__).resolve().parents[3]


class Files:
    """Writes the inputs a user would hand to the verifier."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.directory / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    def checkpoint(self, size: int, *, leaves: list[bytes] = LEAVES, name: str = "") -> Path:
        note = sign_checkpoint(Checkpoint(ORIGIN, size, merkle.root(leaves[:size])), SIGNER)
        return self.write(name or f"checkpoint-{size}.txt", note)

    def proof(self, proof: Proof, name: str = "proof.json") -> Path:
        return self.write(name, json.dumps(proof.to_json()))

    def inclusion_proof(self, index: int, size: int, **changes: object) -> Path:
        hashes = tuple(merkle.inclusion_proof(LEAVES[:size], index))
        fields: dict = {"log": ORIGIN, "tree_size": size, "leaf_index": index, "hashes": hashes}
        return self.proof(Proof(**{**fields, **changes}))

    def consistency_proof(self, old: int, new: int, *, leaves: list[bytes] = LEAVES) -> Path:
        hashes = tuple(merkle.consistency_proof(leaves[:new], old))
        return self.proof(Proof(log=ORIGIN, tree_size=new, old_size=old, hashes=hashes))

    def record(self, index: int, record: dict | None = None) -> Path:
        content = json.dumps(RECORDS[index] if record is None else record, ensure_ascii=False)
        return self.write(f"record-{index}.json", content)


@pytest.fixture
def files(tmp_path: Path) -> Files:
    return Files(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return status, captured.out.strip(), captured.err.strip()


def flipped(node: bytes) -> bytes:
    return bytes([node[0] ^ 1]) + node[1:]


# --- inclusion ------------------------------------------------------------------


def inclusion_args(files: Files, index: int = 5, size: int = 11) -> list[object]:
    return [
        "inclusion", "--key", VKEY, "--checkpoint", files.checkpoint(size),
        "--record", files.record(index), "--salt", SALTS[index].hex(),
        "--kind", "register-entry", "--index", index,
    ]  # fmt: skip


def test_inclusion_of_a_record_with_its_salt_is_valid(files: Files, capsys) -> None:
    args = [*inclusion_args(files), "--proof", files.inclusion_proof(5, 11)]
    status, out, err = run(capsys, *args)
    assert (status, err) == (0, "")
    assert out.startswith(f"valid: leaf 5 (hash {merkle.leaf_hash(LEAVES[5]).hex()}) is in log ")


def test_inclusion_by_leaf_hash_with_the_key_in_a_file_is_valid(files: Files, capsys) -> None:
    status, out, _ = run(
        capsys, "inclusion", "--key", files.write("log.pub", VKEY + "\n"),
        "--checkpoint", files.checkpoint(11), "--leaf-hash", merkle.leaf_hash(LEAVES[0]).hex(),
        "--proof", files.inclusion_proof(0, 11),
    )  # fmt: skip
    assert status == 0
    assert out.startswith("valid: leaf 0")


def test_inclusion_refuses_a_forged_proof(files: Files, capsys) -> None:
    hashes = merkle.inclusion_proof(LEAVES, 5)
    forged = files.inclusion_proof(5, 11, hashes=(hashes[0], flipped(hashes[1]), *hashes[2:]))
    status, out, err = run(capsys, *inclusion_args(files), "--proof", forged)
    assert (status, out) == (1, "")
    assert err.startswith("invalid: leaf 5 is not in the tree: the proof leads to root ")
    assert "but the checkpoint's root is" in err


def test_inclusion_refuses_a_truncated_proof(files: Files, capsys) -> None:
    truncated = files.inclusion_proof(5, 11, hashes=tuple(merkle.inclusion_proof(LEAVES, 5)[:-1]))
    status, _, err = run(capsys, *inclusion_args(files), "--proof", truncated)
    assert status == 1
    assert err == "invalid: inclusion proof has 3 hashes; leaf 5 in a tree of 11 needs 4"


def test_inclusion_refuses_an_altered_record(files: Files, capsys) -> None:
    args = inclusion_args(files)
    args[args.index("--record") + 1] = files.record(5, {**RECORDS[5], "owner": "李四"})
    status, _, err = run(capsys, *args, "--proof", files.inclusion_proof(5, 11))
    assert status == 1
    assert err.startswith("invalid: leaf 5 is not in the tree")


def test_inclusion_refuses_the_wrong_salt(files: Files, capsys) -> None:
    args = inclusion_args(files)
    args[args.index("--salt") + 1] = SALTS[4].hex()
    status, _, err = run(capsys, *args, "--proof", files.inclusion_proof(5, 11))
    assert status == 1
    assert err.startswith("invalid: leaf 5 is not in the tree")


def test_inclusion_refuses_a_proof_for_another_index(files: Files, capsys) -> None:
    status, _, err = run(capsys, *inclusion_args(files), "--proof", files.inclusion_proof(4, 11))
    assert status == 1
    assert err == "invalid: proof is for leaf index 4, not 5"


def test_inclusion_refuses_a_checkpoint_with_a_bad_signature(files: Files, capsys) -> None:
    args = inclusion_args(files)
    checkpoint = Path(str(args[args.index("--checkpoint") + 1]))
    text = checkpoint.read_text(encoding="utf-8").replace("\n11\n", "\n12\n")
    checkpoint.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, *args, "--proof", files.inclusion_proof(5, 11))
    assert status == 1
    assert (
        err == f"invalid: checkpoint: signature by {ORIGIN}+{SIGNER.key_id.hex()} does not verify"
    )


def test_inclusion_refuses_a_checkpoint_of_another_log(files: Files, capsys) -> None:
    args = [*inclusion_args(files), "--proof", files.inclusion_proof(5, 11)]
    status, _, err = run(capsys, *args, "--origin", "elsewhere.example/ledger")
    assert status == 1
    assert (
        err
        == f"invalid: checkpoint: checkpoint is for log '{ORIGIN}', not 'elsewhere.example/ledger'"
    )


def test_inclusion_refuses_a_checkpoint_signed_by_another_key(files: Files, capsys) -> None:
    other = NoteSigner(ORIGIN, bytes(32))
    note = sign_checkpoint(Checkpoint(ORIGIN, 11, merkle.root(LEAVES)), other)
    args = inclusion_args(files)
    args[args.index("--checkpoint") + 1] = files.write("other.txt", note)
    status, _, err = run(capsys, *args, "--proof", files.inclusion_proof(5, 11))
    assert status == 1
    assert err.startswith(f"invalid: checkpoint: note is not signed by {ORIGIN}+")


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"log": "elsewhere.example"}, f"proof is for log 'elsewhere.example', not '{ORIGIN}'"),
        ({"tree_size": 10}, "proof is for tree size 10, but the checkpoint is for size 11"),
    ],
)
def test_inclusion_refuses_a_proof_for_another_log_or_tree(
    files: Files, capsys, changes: dict, complaint: str
) -> None:
    status, _, err = run(
        capsys, *inclusion_args(files), "--proof", files.inclusion_proof(5, 11, **changes)
    )
    assert (status, err) == (1, f"invalid: {complaint}")


@pytest.mark.parametrize(
    ("replace", "value", "complaint"),
    [
        ("--checkpoint", "missing.txt", "cannot read checkpoint"),
        ("--proof", "not json", "is not JSON"),
        (
            "--proof",
            '{"log": "x", "tree_size": 1, "leaf_index": 0, "hashes": [], "extra": 1}',
            "['extra'] are missing or not allowed",
        ),
        (
            "--proof",
            '{"log": "x", "tree_size": 1, "leaf_index": 0, "hashes": ["AAAA"]}',
            "proof hash 0 is not the base64 of 32 bytes",
        ),
        (
            "--proof",
            '{"log": "x", "tree_size": -1, "leaf_index": 0, "hashes": []}',
            '"tree_size" is not a non-negative integer',
        ),
        ("--key", "not a key", "--key: a verifier key is"),
        ("--salt", "abcd", "--salt must be 64 hexadecimal digits"),
        ("--kind", "Register", "--kind: record kind 'Register'"),
        ("--record", '{"floor": 1.5}', "floats are not allowed"),
        ("--record", '{"a": 1, "a": 2}', "duplicate key"),
        ("--record", "[1]", "is not a JSON object"),
    ],
)
def test_unusable_inputs_exit_with_status_2(
    files: Files, capsys, replace: str, value: str, complaint: str
) -> None:
    args = [*inclusion_args(files), "--proof", files.inclusion_proof(5, 11)]
    position = args.index(replace) + 1
    is_file = replace in ("--checkpoint", "--proof", "--record")
    args[position] = (
        files.directory / value
        if value.endswith(".txt")
        else (files.write("input.json", value) if is_file else value)
    )
    status, out, err = run(capsys, *args)
    assert (status, out) == (2, "")
    assert err.startswith("error: ")
    assert complaint in err


def test_a_record_and_a_leaf_hash_together_are_refused(files: Files, capsys) -> None:
    args = [*inclusion_args(files), "--proof", files.inclusion_proof(5, 11)]
    status, _, err = run(capsys, *args, "--leaf-hash", "00" * 32)
    assert (status, err) == (
        2,
        "error: give either --leaf-hash, or all of --record, --salt and --kind",
    )


# --- consistency ----------------------------------------------------------------


def consistency_args(files: Files, old: int, new: int, **kinds: list[bytes]) -> list[object]:
    return [
        "consistency", "--key", VKEY,
        "--old", files.checkpoint(old, leaves=kinds.get("old_leaves", LEAVES), name="old.txt"),
        "--new", files.checkpoint(new, leaves=kinds.get("new_leaves", LEAVES), name="new.txt"),
    ]  # fmt: skip


def test_consistency_of_a_grown_log_is_valid(files: Files, capsys) -> None:
    status, out, _ = run(
        capsys, *consistency_args(files, 6, 11), "--proof", files.consistency_proof(6, 11)
    )
    assert (status, out) == (0, f"valid: log {ORIGIN} at tree size 11 extends its tree at size 6")


def test_consistency_of_the_same_tree_needs_no_proof(files: Files, capsys) -> None:
    status, out, _ = run(capsys, *consistency_args(files, 11, 11))
    assert (status, out) == (0, f"valid: both checkpoints are log {ORIGIN}'s same tree of size 11")


def test_consistency_refuses_a_rewritten_history(files: Files, capsys) -> None:
    args = consistency_args(files, 6, 11, new_leaves=REWRITTEN)
    status, _, err = run(capsys, *args, "--proof", files.consistency_proof(6, 11, leaves=REWRITTEN))
    assert status == 1
    assert err.startswith(f"invalid: INCONSISTENT: log {ORIGIN} at size 11 does not extend")


def test_consistency_refuses_a_forged_proof(files: Files, capsys) -> None:
    hashes = merkle.consistency_proof(LEAVES, 6)
    forged = Proof(log=ORIGIN, tree_size=11, old_size=6, hashes=(flipped(hashes[0]), *hashes[1:]))
    status, _, err = run(capsys, *consistency_args(files, 6, 11), "--proof", files.proof(forged))
    assert status == 1
    assert "INCONSISTENT" in err


def test_consistency_refuses_a_truncated_proof(files: Files, capsys) -> None:
    hashes = tuple(merkle.consistency_proof(LEAVES, 6)[:-1])
    short = files.proof(Proof(log=ORIGIN, tree_size=11, old_size=6, hashes=hashes))
    status, _, err = run(capsys, *consistency_args(files, 6, 11), "--proof", short)
    assert (status, err) == (
        1,
        "invalid: consistency proof has 3 hashes; from size 6 to 11 it needs 4",
    )


def test_consistency_refuses_a_smaller_new_tree(files: Files, capsys) -> None:
    status, _, err = run(
        capsys, *consistency_args(files, 11, 6), "--proof", files.consistency_proof(6, 11)
    )
    assert status == 1
    assert err == (
        f"invalid: ROLLBACK: log {ORIGIN} presents tree size 6, "
        "smaller than size 11 it signed before"
    )


def test_consistency_refuses_a_fork_of_the_same_size(files: Files, capsys) -> None:
    status, _, err = run(capsys, *consistency_args(files, 11, 11, new_leaves=REWRITTEN))
    assert status == 1
    assert err.startswith(
        f"invalid: FORK: log {ORIGIN} signed two different trees of size 11: root "
    )


def test_consistency_without_a_needed_proof_is_unusable(files: Files, capsys) -> None:
    status, _, err = run(capsys, *consistency_args(files, 6, 11))
    assert (status, err) == (2, "error: a consistency proof (--proof) is needed from size 6 to 11")


def test_consistency_refuses_an_inclusion_proof(files: Files, capsys) -> None:
    status, _, err = run(
        capsys, *consistency_args(files, 6, 11), "--proof", files.inclusion_proof(5, 11)
    )
    assert (status, err) == (2, "error: the proof is an inclusion proof, not a consistency proof")


# --- witness --------------------------------------------------------------------


def witness(files: Files, capsys, checkpoint: Path, *extra: object) -> tuple[int, str, str]:
    state = files.directory / "state.json"
    return run(
        capsys, "witness", "--key", VKEY, "--state", state, "--checkpoint", checkpoint, *extra
    )


def seen_state(files: Files, capsys, size: int = 11) -> bytes:
    """A witness that has already accepted the log at ``size``; its state file's bytes."""
    assert witness(files, capsys, files.checkpoint(size))[0] == 0
    return (files.directory / "state.json").read_bytes()


def test_witness_trusts_a_new_log_on_first_use_and_says_so(files: Files, capsys) -> None:
    status, out, _ = witness(files, capsys, files.checkpoint(6))
    assert status == 0
    assert out.startswith(f"valid: first sight of log {ORIGIN}: trusting tree size 6, root ")
    assert "(trust on first use); recorded in" in out
    state = json.loads((files.directory / "state.json").read_text(encoding="utf-8"))
    assert state["format"] == "yichuang/witness-state/v1"
    assert state["logs"][ORIGIN]["tree_size"] == 6
    assert state["logs"][ORIGIN]["checkpoint"] == files.checkpoint(6).read_text(encoding="utf-8")


def test_witness_accepts_consistent_growth_and_remembers_it(files: Files, capsys) -> None:
    seen_state(files, capsys, 6)
    status, out, _ = witness(
        files, capsys, files.checkpoint(11), "--proof", files.consistency_proof(6, 11)
    )
    assert status == 0
    assert out.startswith(f"valid: log {ORIGIN} grew consistently from tree size 6 to 11")
    state = json.loads((files.directory / "state.json").read_text(encoding="utf-8"))
    assert state["logs"][ORIGIN]["tree_size"] == 11


def test_witness_leaves_its_state_alone_when_nothing_changed(files: Files, capsys) -> None:
    before = seen_state(files, capsys)
    status, out, _ = witness(files, capsys, files.checkpoint(11))
    assert (status, out) == (0, f"valid: log {ORIGIN} is unchanged at tree size 11")
    assert (files.directory / "state.json").read_bytes() == before


def test_witness_refuses_a_smaller_tree_than_seen(files: Files, capsys) -> None:
    before = seen_state(files, capsys)
    status, _, err = witness(files, capsys, files.checkpoint(6))
    assert status == 1
    assert err.startswith(
        f"invalid: ROLLBACK: log {ORIGIN} presents tree size 6, smaller than size 11"
    )
    assert (files.directory / "state.json").read_bytes() == before


def test_witness_refuses_a_fork_of_the_same_size(files: Files, capsys) -> None:
    before = seen_state(files, capsys)
    status, _, err = witness(files, capsys, files.checkpoint(11, leaves=REWRITTEN, name="fork.txt"))
    assert status == 1
    assert err.startswith(f"invalid: FORK: log {ORIGIN} signed two different trees of size 11")
    assert (files.directory / "state.json").read_bytes() == before


def test_witness_refuses_an_inconsistent_history(files: Files, capsys) -> None:
    before = seen_state(files, capsys, 6)
    rewritten = files.checkpoint(11, leaves=REWRITTEN)
    status, _, err = witness(
        files, capsys, rewritten, "--proof", files.consistency_proof(6, 11, leaves=REWRITTEN)
    )
    assert status == 1
    assert err.startswith(
        f"invalid: INCONSISTENT: log {ORIGIN} at size 11 does not extend its tree at size 6"
    )
    assert (files.directory / "state.json").read_bytes() == before


def test_witness_refuses_a_bad_signature(files: Files, capsys) -> None:
    before = seen_state(files, capsys, 6)
    forged = files.checkpoint(11).read_text(encoding="utf-8").replace("\n11\n", "\n12\n")
    status, _, err = witness(files, capsys, files.write("forged.txt", forged))
    assert status == 1
    assert (
        err == f"invalid: checkpoint: signature by {ORIGIN}+{SIGNER.key_id.hex()} does not verify"
    )
    assert (files.directory / "state.json").read_bytes() == before


def test_witness_refuses_a_checkpoint_for_another_origin(files: Files, capsys) -> None:
    note = sign_note(f"elsewhere.example/log\n11\n{'A' * 43}=\n", SIGNER)
    status, _, err = witness(files, capsys, files.write("elsewhere.txt", note))
    assert status == 1
    assert (
        err == f"invalid: checkpoint: checkpoint is for log 'elsewhere.example/log', not '{ORIGIN}'"
    )
    assert not (files.directory / "state.json").exists()


def test_witness_needs_a_proof_to_accept_growth(files: Files, capsys) -> None:
    seen_state(files, capsys, 6)
    status, _, err = witness(files, capsys, files.checkpoint(11))
    assert (status, err) == (2, "error: a consistency proof (--proof) is needed from size 6 to 11")


def test_witness_refuses_a_state_file_it_did_not_write(files: Files, capsys) -> None:
    files.write("state.json", '{"logs": []}')
    status, _, err = witness(files, capsys, files.checkpoint(6))
    assert status == 2
    assert "is not a yichuang/witness-state/v1 document" in err


# --- log --------------------------------------------------------------------------


ROOT_11 = Checkpoint(ORIGIN, 11, merkle.root(LEAVES)).body().split()[2]  # base64


def hex_lines(leaves: list[bytes]) -> str:
    return "".join(leaf.hex() + "\n" for leaf in leaves)


def log_check(files: Files, capsys, leaves_file: Path, size: int = 11) -> tuple[int, str, str]:
    checkpoint = files.checkpoint(size)
    return run(capsys, "log", "--key", VKEY, "--checkpoint", checkpoint, "--leaves", leaves_file)


def test_the_full_log_check_recomputes_the_signed_root(files: Files, capsys) -> None:
    status, out, _ = log_check(files, capsys, files.write("leaves.hex", hex_lines(LEAVES)))
    assert status == 0
    assert out == (f"valid: the 11 leaves give root {ROOT_11}, as log {ORIGIN}'s checkpoint says")


def test_the_full_log_check_reads_a_json_list_too(files: Files, capsys) -> None:
    leaves = files.write("leaves.json", json.dumps([leaf.hex() for leaf in LEAVES]))
    assert log_check(files, capsys, leaves)[0] == 0


def test_the_full_log_check_handles_empty_leaves_and_the_empty_log(files: Files, capsys) -> None:
    vector = [b"", b"\x00", b"\x10"]
    note = sign_checkpoint(Checkpoint(ORIGIN, 3, merkle.root(vector)), SIGNER)
    args = ["log", "--key", VKEY, "--checkpoint", files.write("cp.txt", note)]
    assert run(capsys, *args, "--leaves", files.write("v.hex", "\n00\n10\n"))[0] == 0
    empty = sign_checkpoint(Checkpoint(ORIGIN, 0, merkle.EMPTY_ROOT), SIGNER)
    args = ["log", "--key", VKEY, "--checkpoint", files.write("cp0.txt", empty)]
    assert run(capsys, *args, "--leaves", files.write("none.hex", ""))[0] == 0


def test_the_full_log_check_refuses_an_altered_leaf(files: Files, capsys) -> None:
    status, _, err = log_check(files, capsys, files.write("leaves.hex", hex_lines(REWRITTEN)))
    assert status == 1
    assert err.startswith("invalid: the 11 leaves give root ")
    assert err.endswith(f"but the checkpoint's root is {ROOT_11}")


def test_the_full_log_check_refuses_a_missing_leaf(files: Files, capsys) -> None:
    status, _, err = log_check(files, capsys, files.write("leaves.hex", hex_lines(LEAVES[:10])))
    assert (status, err) == (
        1,
        "invalid: leaves file has 10 leaves, but the checkpoint's tree has 11",
    )


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (hex_lines(LEAVES[:2]) + "xyz\n" + hex_lines(LEAVES[3:]), "line 3 is not hexadecimal"),
        (hex_lines(LEAVES[:2]) + "abc\n", "line 3 is not hexadecimal"),
        (hex_lines(LEAVES)[:-1], "line 11 does not end with a newline"),
        ('["zz"]', "leaf 0 is not a hex string"),
        ("[1", "is not JSON"),
    ],
)
def test_the_full_log_check_names_the_unreadable_line(
    files: Files, capsys, content: str, complaint: str
) -> None:
    status, _, err = log_check(files, capsys, files.write("leaves.hex", content))
    assert status == 2
    assert complaint in err


# --- As a program, with Django out of reach ------------------------------------

BLOCK_DJANGO = (
    "import runpy, sys; sys.modules['django'] = None; "
    "runpy.run_module('yichuang.ledger.verify', run_name='__main__')"
)


def run_program(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_DJANGO, *map(str, args)],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip


def test_the_program_says_valid_and_exits_0(files: Files) -> None:
    result = run_program(*inclusion_args(files), "--proof", files.inclusion_proof(5, 11))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("valid: leaf 5")


def test_the_program_says_invalid_and_exits_1_for_a_forged_proof(files: Files) -> None:
    hashes = merkle.inclusion_proof(LEAVES, 5)
    forged = files.inclusion_proof(5, 11, hashes=(flipped(hashes[0]), *hashes[1:]))
    result = run_program(*inclusion_args(files), "--proof", forged)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("invalid: leaf 5 is not in the tree")


def test_the_program_exits_2_for_a_missing_file(files: Files) -> None:
    result = run_program(*inclusion_args(files), "--proof", files.directory / "nowhere.json")
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot read proof")


def test_the_program_witness_exits_1_for_a_fork(files: Files) -> None:
    state = files.directory / "state.json"
    assert (
        run_program(
            "witness", "--key", VKEY, "--state", state, "--checkpoint", files.checkpoint(11)
        ).returncode
        == 0
    )
    fork = files.checkpoint(11, leaves=REWRITTEN, name="fork.txt")
    result = run_program("witness", "--key", VKEY, "--state", state, "--checkpoint", fork)
    assert result.returncode == 1
    assert result.stderr.startswith("invalid: FORK:")


def test_the_program_exits_2_on_a_usage_error() -> None:
    result = run_program("inclusion", "--key")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_a_large_leaves_file_checked_in_two_processes_gives_the_same_root(
    tmp_path, monkeypatch
) -> None:
    import os as _os

    from yichuang.ledger import verify as verify_module

    leaves = [_os.urandom(30 + n % 50) for n in range(3 * merkle.BLOCK_LEAVES + 17)]
    path = tmp_path / "leaves.txt"
    path.write_bytes(b"".join(leaf.hex().encode() + b"\n" for leaf in leaves))
    monkeypatch.setattr(verify_module, "_PARALLEL_MIN_BYTES", 1)
    assert verify_module.root_of_leaves_file(path) == (len(leaves), merkle.root(leaves))


def test_a_bad_line_found_in_the_second_process_is_still_named_exactly(
    tmp_path, monkeypatch
) -> None:
    from yichuang.ledger import verify as verify_module

    lines = [f"{n:08x}" for n in range(3 * merkle.BLOCK_LEAVES)]
    lines[-5] = "not-hex"
    path = tmp_path / "leaves.txt"
    path.write_text("".join(line + "\n" for line in lines))
    monkeypatch.setattr(verify_module, "_PARALLEL_MIN_BYTES", 1)
    with pytest.raises(verify_module.InputError, match=f"line {len(lines) - 4} is not"):
        verify_module.root_of_leaves_file(path)
