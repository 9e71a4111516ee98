"""Signed notes and checkpoints, checked against the Go note package's published vectors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from yichuang.ledger import merkle
from yichuang.ledger.checkpoint import (
    BadSignatureError,
    Checkpoint,
    KeyFormatError,
    LedgerVerificationError,
    MalformedCheckpointError,
    MalformedNoteError,
    NoteSigner,
    NoteVerifier,
    UnknownKeyError,
    WrongOriginError,
    check_key_name,
    generate_signer,
    key_id,
    load_signer,
    load_verifier,
    open_checkpoint,
    open_note,
    parse_note,
    sign_checkpoint,
    sign_note,
)

# golang.org/x/mod/sumdb/note, note_test.go and the package documentation.
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvq"
    "fqdngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOT"
    "GwnWLox33WWd1RvMc+QQ=\n"
)
# cmd/go's test sum database key pair (its ID was ground to start with zeros).
SUMDB_SKEY = (
    "PRIVATE+KEY+localhost.localdev/sumdb+00000c67+AXu6+oaVaOYuQOFrf1V59JK1owcFlJcHwwXHDfDGxSPk"
)
SUMDB_VKEY = "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6"

# Our committed example: a checkpoint of the RFC 6962 vector tree of 8 leaves,
# signed by a key derived from a published seed (a test key, never a real one).
EXAMPLE_PATH = Path(__file__).parent / "data" / "example-checkpoint.txt"
EXAMPLE_ORIGIN = "yichuang.example/ledger/test"
EXAMPLE_SEED = hashlib.sha256(
    b"yichuang/ledger/tests: example log key, public, never for production"
).digest()
EXAMPLE_ROOT_HEX = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
EXAMPLE_SIGNER = NoteSigner(EXAMPLE_ORIGIN, EXAMPLE_SEED)
EXAMPLE_VKEY = str(EXAMPLE_SIGNER.verifier())


# --- The Go note package's vectors ---------------------------------------------


def test_signing_reproduces_the_go_note_vector_byte_for_byte() -> None:
    assert sign_note(GO_TEXT, load_signer(PETER_SKEY)) == GO_TEXT + "\n" + PETER_SIG


def test_key_strings_derive_as_in_go() -> None:
    assert str(load_signer(PETER_SKEY).verifier()) == PETER_VKEY
    assert str(load_signer(SUMDB_SKEY).verifier()) == SUMDB_VKEY
    assert load_signer(SUMDB_SKEY).private_key_string() == SUMDB_SKEY
    assert str(load_verifier(PETER_VKEY)) == PETER_VKEY


def test_the_key_id_is_the_truncated_hash_of_name_type_and_key() -> None:
    verifier = load_verifier(PETER_VKEY)
    assert key_id(verifier.name, verifier.public_key).hex() == "c74f20a3"
    material = b"PeterNeumann\n\x01" + verifier.public_key
    assert verifier.key_id == hashlib.sha256(material).digest()[:4]


def test_go_signed_notes_open_and_unknown_signatures_are_ignored() -> None:
    message = GO_TEXT + "\n" + PETER_SIG + ENOCH_SIG
    note = open_note(message, [load_verifier(PETER_VKEY)])
    assert note.text == GO_TEXT
    assert [s.key for s in note.signatures] == ["PeterNeumann+c74f20a3"]
    both = open_note(message.encode(), [load_verifier(PETER_VKEY), load_verifier(ENOCH_VKEY)])
    assert [s.key for s in both.signatures] == ["PeterNeumann+c74f20a3", "EnochRoot+af0cfe78"]


def test_a_note_without_a_trusted_signature_is_refused() -> None:
    with pytest.raises(UnknownKeyError, match=r"not signed by PeterNeumann\+c74f20a3"):
        open_note(GO_TEXT + "\n" + ENOCH_SIG, [load_verifier(PETER_VKEY)])


def test_a_corrupted_signature_from_a_trusted_key_is_refused() -> None:
    corrupted = PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(BadSignatureError, match=r"PeterNeumann\+c74f20a3 does not verify"):
        open_note(GO_TEXT + "\n" + corrupted, [load_verifier(PETER_VKEY)])


@pytest.mark.parametrize(
    "message",
    [
        GO_TEXT,
        GO_TEXT + "\n",
        GO_TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + GO_TEXT + "\n" + PETER_SIG,
        GO_TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2",
        GO_TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        GO_TEXT + "\n" + PETER_SIG.replace("—", "-"),
        GO_TEXT.replace("\n", "\r\n") + "\n" + PETER_SIG,
        GO_TEXT.replace(" ", "\t") + "\n" + PETER_SIG,
        GO_TEXT + "\n" + PETER_SIG * 101,
        GO_TEXT + "\n" + "— PeterNeumann \n",
        GO_TEXT + "\n" + "— PeterNeumann x08g\n",
        GO_TEXT + "\n" + "— a+b x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2\n",
    ],
)
def test_malformed_notes_are_refused_as_go_refuses_them(message: str) -> None:
    with pytest.raises(MalformedNoteError):
        open_note(message, [load_verifier(PETER_VKEY)])


def test_a_note_that_is_not_utf8_is_refused() -> None:
    message = b"\xff" + (GO_TEXT + "\n" + PETER_SIG).encode()
    with pytest.raises(MalformedNoteError, match="not valid UTF-8"):
        open_note(message, [load_verifier(PETER_VKEY)])


def test_non_canonical_base64_is_refused() -> None:
    # "…nAM=" and "…nAN=" decode to the same bytes; only the first is canonical.
    assert PETER_SIG.endswith("nAM=\n")
    with pytest.raises(MalformedNoteError, match="base64"):
        open_note(GO_TEXT + "\n" + PETER_SIG.replace("nAM=", "nAN="), [load_verifier(PETER_VKEY)])


def test_at_least_sixteen_signatures_are_accepted() -> None:
    witnesses = [NoteSigner(f"witness{n}.example", bytes([n]) * 32) for n in range(16)]
    message = sign_note(GO_TEXT, load_signer(PETER_SKEY), *witnesses)
    assert len(parse_note(message).signatures) == 17
    assert open_note(message, [load_verifier(PETER_VKEY)]).text == GO_TEXT


def _mangled(key: str) -> list[str]:
    """Every proper substring and every one-character change, as the Go test tries."""
    pieces = [key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1)]
    bumped = [key[:i] + chr(ord(key[i]) + 1) + key[i + 1 :] for i in range(len(key))]
    return [piece for piece in pieces + bumped if piece != key]


def test_every_mangling_of_a_verifier_key_is_refused() -> None:
    for mangled in _mangled(PETER_VKEY):
        with pytest.raises(KeyFormatError):
            load_verifier(mangled)


def test_every_mangling_of_a_signer_key_is_refused() -> None:
    for mangled in _mangled(PETER_SKEY):
        with pytest.raises(KeyFormatError):
            load_signer(mangled)


@pytest.mark.parametrize(
    ("key", "complaint"),
    [
        ("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", "base64"),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q=", "31 bytes, not 32"),
        ("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "Ed25519"),
        ("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "lowercase"),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not match"),
    ],
)
def test_verifier_keys_of_the_wrong_shape_are_refused(key: str, complaint: str) -> None:
    with pytest.raises(KeyFormatError, match=complaint):
        load_verifier(key)


@pytest.mark.parametrize("name", ["", "a b", "a+b", "a\u3000b", "a\u00a0b", "a\x01b", "a\nb"])
def test_key_names_without_spaces_pluses_or_controls(name: str) -> None:
    with pytest.raises(KeyFormatError):
        check_key_name(name)


@pytest.mark.parametrize("name", ["example.com/log", "不动产登记.example/账本", "a-b_c.d/e:f"])
def test_key_names_may_be_any_other_text(name: str) -> None:
    assert check_key_name(name) == name


# --- Our example checkpoint ----------------------------------------------------


def test_the_example_checkpoint_is_recreated_byte_for_byte() -> None:
    checkpoint = Checkpoint(EXAMPLE_ORIGIN, 8, bytes.fromhex(EXAMPLE_ROOT_HEX))
    assert sign_checkpoint(checkpoint, EXAMPLE_SIGNER).encode() == EXAMPLE_PATH.read_bytes()


def test_the_example_checkpoint_opens_to_the_rfc_vector_tree() -> None:
    checkpoint = open_checkpoint(EXAMPLE_PATH.read_bytes(), EXAMPLE_VKEY)
    assert checkpoint == Checkpoint(EXAMPLE_ORIGIN, 8, bytes.fromhex(EXAMPLE_ROOT_HEX))
    leaves = [
        bytes.fromhex(leaf)
        for leaf in [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
    ]
    assert merkle.root(leaves) == checkpoint.root_hash


def _tamperings(message: str) -> list[str]:
    """For each line: changed, lengthened, removed, and (in the text) doubled."""
    lines = message.splitlines(keepends=True)
    variants = []
    for n, line in enumerate(lines):
        before, after = lines[:n], lines[n + 1 :]
        changed = ("X" + line[1:]) if line.strip() else "X\n"
        replacements = [[changed], [line[:-1] + "X\n"], []]
        if not line.startswith("—"):
            replacements.append([line, line])
        variants += ["".join(before + replacement + after) for replacement in replacements]
    return variants


def test_tampering_with_any_line_of_the_example_checkpoint_fails() -> None:
    original = EXAMPLE_PATH.read_text(encoding="utf-8")
    for tampered in _tamperings(original):
        if tampered == original:
            continue
        with pytest.raises(LedgerVerificationError):
            open_checkpoint(tampered, EXAMPLE_VKEY)


def test_a_repeated_signature_line_changes_nothing() -> None:
    # Go's note.Open drops repeats too: the same signature twice is still one.
    text = EXAMPLE_PATH.read_text(encoding="utf-8")
    signature_line = text.split("\n\n")[1]
    assert open_checkpoint(text + signature_line, EXAMPLE_VKEY).tree_size == 8


def test_a_checkpoint_for_another_origin_is_refused() -> None:
    note = sign_note("other.example/log\n8\n" + "A" * 43 + "=\n", EXAMPLE_SIGNER)
    with pytest.raises(WrongOriginError, match=r"'other\.example/log', not"):
        open_checkpoint(note, EXAMPLE_VKEY)
    with pytest.raises(WrongOriginError, match="not 'elsewhere'"):
        open_checkpoint(EXAMPLE_PATH.read_bytes(), EXAMPLE_VKEY, origin="elsewhere")


def test_a_checkpoint_signed_by_another_key_of_the_same_name_is_refused() -> None:
    impostor = NoteSigner(EXAMPLE_ORIGIN, bytes(32))
    note = sign_checkpoint(Checkpoint(EXAMPLE_ORIGIN, 8, bytes(32)), impostor)
    with pytest.raises(UnknownKeyError, match="not signed by"):
        open_checkpoint(note, EXAMPLE_VKEY)


def test_a_witness_cosignature_does_not_get_in_the_way() -> None:
    text = EXAMPLE_PATH.read_text(encoding="utf-8")
    witness = NoteSigner("witness.example", bytes(32))
    body = text.split("\n\n")[0] + "\n"
    cosigned = text + sign_note(body, witness).split("\n\n")[1]
    assert open_checkpoint(cosigned, EXAMPLE_VKEY).tree_size == 8


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("007\n", "leading zeros"),
        ("-1\n", "not a decimal"),
        ("+8\n", "not a decimal"),
        ("8 \n", "not a decimal"),
        ("\uff18\n", "not a decimal"),
        (f"{2**63}\n", "larger than"),
        ("eight\n", "not a decimal"),
    ],
)
def test_a_signed_checkpoint_with_a_bad_tree_size_is_refused(body: str, complaint: str) -> None:
    note = sign_note(EXAMPLE_ORIGIN + "\n" + body + "A" * 43 + "=\n", EXAMPLE_SIGNER)
    with pytest.raises(MalformedCheckpointError, match=complaint):
        open_checkpoint(note, EXAMPLE_VKEY)


@pytest.mark.parametrize(
    ("root_line", "complaint"),
    [
        ("A" * 42 + "==", "31 bytes"),
        ("A" * 44, "33 bytes"),
        ("A" * 43, "not canonical base64"),
        ("A" * 42 + "B=", "not canonical base64"),
        ("*" * 43 + "=", "not canonical base64"),
        (EXAMPLE_ROOT_HEX, "48 bytes"),
    ],
)
def test_a_signed_checkpoint_with_a_bad_root_is_refused(root_line: str, complaint: str) -> None:
    note = sign_note(f"{EXAMPLE_ORIGIN}\n8\n{root_line}\n", EXAMPLE_SIGNER)
    with pytest.raises(MalformedCheckpointError, match=complaint):
        open_checkpoint(note, EXAMPLE_VKEY)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (f"{EXAMPLE_ORIGIN}\n8\n", "not at least 3"),
        (f"{EXAMPLE_ORIGIN}\n8\n{'A' * 43}=\n\nextension\n", "line 4 is empty"),
    ],
)
def test_a_signed_note_that_is_not_a_checkpoint_is_refused(text: str, complaint: str) -> None:
    with pytest.raises(MalformedCheckpointError, match=complaint):
        open_checkpoint(sign_note(text, EXAMPLE_SIGNER), EXAMPLE_VKEY)


def test_extension_lines_round_trip() -> None:
    checkpoint = Checkpoint(EXAMPLE_ORIGIN, 0, merkle.EMPTY_ROOT, ("ext one", "ext two"))
    assert checkpoint.body().endswith("\next one\next two\n")
    assert open_checkpoint(sign_checkpoint(checkpoint, EXAMPLE_SIGNER), EXAMPLE_VKEY) == checkpoint


def test_a_log_key_signs_only_its_own_origin() -> None:
    with pytest.raises(ValueError, match="may not sign"):
        sign_checkpoint(Checkpoint("other.example", 1, bytes(32)), EXAMPLE_SIGNER)


@pytest.mark.parametrize(
    "fields",
    [("", 1, bytes(32)), ("o\nx", 1, bytes(32)), ("o", -1, bytes(32)), ("o", 1, bytes(31))],
)
def test_checkpoints_that_cannot_be_written_are_refused(fields: tuple) -> None:
    with pytest.raises(ValueError, match=r"non-empty single lines|out of range|32 bytes"):
        Checkpoint(*fields)


def test_generated_keys_sign_and_verify_and_hide_the_seed() -> None:
    skey, vkey = generate_signer("fresh.example/log")
    signer, verifier = load_signer(skey), load_verifier(vkey)
    assert signer.verifier() == verifier
    assert skey.startswith("PRIVATE+KEY+fresh.example/log+")
    assert signer.seed.hex() not in repr(signer)
    checkpoint = Checkpoint("fresh.example/log", 3, bytes(range(32)))
    assert open_checkpoint(sign_checkpoint(checkpoint, signer), verifier) == checkpoint
    assert isinstance(NoteVerifier.from_string(vkey + "\n"), NoteVerifier)
