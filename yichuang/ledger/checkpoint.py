"""Signed notes (c2sp.org/signed-note) and log checkpoints (c2sp.org/tlog-checkpoint).

A checkpoint is the log's signed statement "my tree has N leaves and this
root". Its bytes are fixed by the C2SP specifications, so any independent
tool (the Go ``golang.org/x/mod/sumdb/note`` package, transparency-dev
witnesses) can check ours and we can check theirs. Only Ed25519 signatures
(signature type 0x01) are implemented.

A signed note::

    <text: one or more lines, each ending in U+000A>
    <an empty line>
    — <key name> <base64(key ID || signature)>     (one line per signature)

* The note is valid UTF-8 with no control character below U+0020 except
  U+000A; the text is everything up to and including the newline before the
  *last* empty line; every signature line ends with U+000A.
* A key name is non-empty, has no Unicode White_Space and no ``+`` (and, here,
  no control character).
* key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4].
* The Ed25519 signature (RFC 8032, 64 bytes) covers the text bytes.
* Signatures from keys we do not know are ignored (witness cosignatures,
  rotated keys); a signature from the trusted key must verify; a note with no
  signature from the trusted key is rejected.

Key strings are those of the Go ``note`` package: a verifier key is
``<name>+<8 lowercase hex key ID>+<base64(0x01 || public key)>`` and a signer
key is ``PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 || 32-byte seed)>``.

A checkpoint's text is ``<origin>\\n<tree size>\\n<base64 root hash>\\n``
followed by optional non-empty extension lines. The tree size is ASCII
decimal without leading zeros; the root hash is the base64 of 32 bytes.

Base64 is RFC 4648 §4 with padding. We accept only the canonical encoding
(what encoding the decoded bytes gives back), so one value has one spelling.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = 0x01
"""Signature type byte of Ed25519 in c2sp.org/signed-note."""

KEY_ID_SIZE = 4
MAX_SIGNATURES = 100
"""Notes with more signatures are refused (the spec requires accepting 16)."""

MAX_TREE_SIZE = 2**63 - 1
"""Largest tree size accepted: what a signed 64-bit integer holds, as in Go."""

_SIGNATURE_PREFIX = "— "  # em dash U+2014, space
_ROOT_HASH_SIZE = 32
_TREE_SIZE = re.compile(r"0|[1-9][0-9]*")
_KEY_ID_HEX = re.compile(r"[0-9a-f]{8}")

# Unicode White_Space (PropList.txt); Go's unicode.IsSpace is this same set.
_WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


class LedgerVerificationError(Exception):
    """Something the ledger published does not check out. Subclasses say what."""


class MalformedNoteError(LedgerVerificationError):
    """The bytes are not a signed note as c2sp.org/signed-note defines one."""


class MalformedCheckpointError(LedgerVerificationError):
    """A correctly signed note whose text is not a checkpoint."""


class UnknownKeyError(LedgerVerificationError):
    """The note carries no signature from the trusted key."""


class BadSignatureError(LedgerVerificationError):
    """The trusted key's signature line is present but does not verify."""


class WrongOriginError(LedgerVerificationError):
    """The checkpoint is for another log than the one expected."""


class KeyFormatError(ValueError):
    """A verifier or signer key string is not well formed."""


# --- Keys --------------------------------------------------------------------


def check_key_name(name: str) -> str:
    """Return ``name`` if it is a valid key name, else raise KeyFormatError."""
    if not isinstance(name, str) or not name:
        raise KeyFormatError("a key name must not be empty")
    for char in name:
        if char in _WHITE_SPACE or char == "+" or char < " ":
            raise KeyFormatError(f"key name {name!r} contains {char!r}")
    return name


def key_id(name: str, public_key: bytes) -> bytes:
    """SHA-256(name || 0x0A || 0x01 || public_key)[:4], the Ed25519 key ID."""
    material = name.encode("utf-8") + b"\n" + bytes([ED25519]) + public_key
    return hashlib.sha256(material).digest()[:KEY_ID_SIZE]


def encode_base64(data: bytes) -> str:
    """Standard base64 (RFC 4648 §4) with padding, as every line of a note uses."""
    return base64.b64encode(data).decode("ascii")


def decode_base64(text: str) -> bytes | None:
    """Strict, canonical base64; None when ``text`` is anything else."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        return None
    return data if encode_base64(data) == text else None


def _decode_key_material(id_hex: str, material64: str, what: str) -> tuple[bytes, bytes]:
    """Check the ``<hex ID>+<base64(0x01 || 32 bytes)>`` tail of a key string."""
    if _KEY_ID_HEX.fullmatch(id_hex) is None:
        raise KeyFormatError(f"{what} key ID {id_hex!r} is not 8 lowercase hex digits")
    material = decode_base64(material64)
    if material is None:
        raise KeyFormatError(f"{what} key data is not canonical base64")
    if not material or material[0] != ED25519:
        raise KeyFormatError(f"{what} key is not an Ed25519 (type 0x01) key")
    if len(material) != 33:
        raise KeyFormatError(f"{what} key data is {len(material) - 1} bytes, not 32")
    return bytes.fromhex(id_hex), material[1:]


@dataclass(frozen=True)
class NoteVerifier:
    """A trusted public key: the name and key ID it signs under, and its Ed25519 key."""

    name: str
    key_id: bytes
    public_key: bytes

    @classmethod
    def from_public_key(cls, name: str, public_key: bytes) -> NoteVerifier:
        """The verifier for an Ed25519 public key used under ``name``."""
        check_key_name(name)
        if len(public_key) != 32:
            raise KeyFormatError("an Ed25519 public key is 32 bytes")
        return cls(name, key_id(name, public_key), public_key)

    @classmethod
    def from_string(cls, vkey: str) -> NoteVerifier:
        """Parse ``<name>+<hex key ID>+<base64(0x01 || public key)>``."""
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3:
            raise KeyFormatError("a verifier key is <name>+<key ID>+<key data>")
        name, id_hex, material64 = parts
        check_key_name(name)
        claimed_id, public_key = _decode_key_material(id_hex, material64, "verifier")
        verifier = cls.from_public_key(name, public_key)
        if verifier.key_id != claimed_id:
            raise KeyFormatError(f"verifier key ID {id_hex} does not match its name and key")
        return verifier

    def __str__(self) -> str:
        """The verifier key string, as the Go note package writes it."""
        material = encode_base64(bytes([ED25519]) + self.public_key)
        return f"{self.name}+{self.key_id.hex()}+{material}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``message``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class NoteSigner:
    """A private signing key. Its ``repr`` hides the seed; keep it out of logs."""

    name: str
    seed: bytes = field(repr=False)

    def __post_init__(self) -> None:
        """Refuse a bad name or seed at once rather than at the first signature."""
        check_key_name(self.name)
        if not isinstance(self.seed, bytes) or len(self.seed) != 32:
            raise KeyFormatError("an Ed25519 private key seed is 32 bytes")

    @classmethod
    def from_string(cls, skey: str) -> NoteSigner:
        """Parse ``PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>``."""
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise KeyFormatError("a signer key is PRIVATE+KEY+<name>+<key ID>+<key data>")
        check_key_name(parts[2])
        claimed_id, seed = _decode_key_material(parts[3], parts[4], "signer")
        signer = cls(parts[2], seed)
        # The ID names the *public* key, so it can only be checked once derived.
        if signer.key_id != claimed_id:
            raise KeyFormatError(f"signer key ID {parts[3]} does not match its name and key")
        return signer

    def private_key_string(self) -> str:
        """The secret signer key string, as the Go note package writes it."""
        material = encode_base64(bytes([ED25519]) + self.seed)
        return f"PRIVATE+KEY+{self.name}+{self.key_id.hex()}+{material}"

    def verifier(self) -> NoteVerifier:
        """The public half, to hand to whoever checks this signer's notes."""
        private = Ed25519PrivateKey.from_private_bytes(self.seed)
        return NoteVerifier.from_public_key(self.name, private.public_key().public_bytes_raw())

    @property
    def key_id(self) -> bytes:
        """The 4-byte key ID of the public key, under this name."""
        return self.verifier().key_id

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message`` (deterministic, RFC 8032)."""
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)


def generate_signer(name: str) -> tuple[str, str]:
    """A fresh key pair for ``name``: (secret signer key string, verifier key string)."""
    private = Ed25519PrivateKey.generate()
    signer = NoteSigner(name, private.private_bytes_raw())
    return signer.private_key_string(), str(signer.verifier())


def load_signer(skey: str) -> NoteSigner:
    """The signer for a ``PRIVATE+KEY+...`` string."""
    return NoteSigner.from_string(skey)


def load_verifier(vkey: str) -> NoteVerifier:
    """The verifier for a ``<name>+<key ID>+<key data>`` string."""
    return NoteVerifier.from_string(vkey)


# --- Signed notes ------------------------------------------------------------


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: who signed (name and key ID) and the signature bytes."""

    name: str
    key_id: bytes
    signature: bytes

    @property
    def key(self) -> str:
        """``name+keyid`` as the Go note package names keys in its messages."""
        return f"{self.name}+{self.key_id.hex()}"

    def line(self) -> str:
        """The signature line, newline included."""
        return f"{_SIGNATURE_PREFIX}{self.name} {encode_base64(self.key_id + self.signature)}\n"


@dataclass(frozen=True)
class Note:
    """A note's text and its signatures (after :func:`open_note`, the verified ones)."""

    text: str
    signatures: tuple[NoteSignature, ...]


def _check_note_characters(text: str, what: str) -> None:
    """UTF-8 encodable, and no control character but newline (signed-note §Format)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedNoteError(f"{what} is not valid Unicode") from None
    for position, char in enumerate(text):
        if char < " " and char != "\n":
            line = text.count("\n", 0, position) + 1
            raise MalformedNoteError(
                f"{what} contains control character U+{ord(char):04X} on line {line}"
            )


def _decode_message(message: bytes | str) -> str:
    if isinstance(message, bytes):
        try:
            message = message.decode("utf-8")
        except UnicodeDecodeError as error:
            raise MalformedNoteError(f"note is not valid UTF-8 (byte {error.start})") from None
    _check_note_characters(message, "note")
    return message


def _parse_signature_line(line: str, number: int) -> NoteSignature:
    if not line.startswith(_SIGNATURE_PREFIX):
        raise MalformedNoteError(f"signature line {number} does not start with '— '")
    name, _, encoded = line[len(_SIGNATURE_PREFIX) :].partition(" ")
    try:
        check_key_name(name)
    except KeyFormatError as error:
        raise MalformedNoteError(f"signature line {number}: {error}") from None
    raw = decode_base64(encoded)
    if raw is None or len(raw) <= KEY_ID_SIZE:
        raise MalformedNoteError(
            f"signature line {number} ({name}) does not hold a base64 key ID and signature"
        )
    return NoteSignature(name, raw[:KEY_ID_SIZE], raw[KEY_ID_SIZE:])


def parse_note(message: bytes | str) -> Note:
    """Split a signed note into text and signatures, checking syntax only."""
    message = _decode_message(message)
    split = message.rfind("\n\n")
    if split < 0:
        raise MalformedNoteError("note has no empty line before its signatures")
    text, block = message[: split + 1], message[split + 2 :]
    if not block:
        raise MalformedNoteError("note has no signature lines")
    if not block.endswith("\n"):
        raise MalformedNoteError("note's last line does not end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNoteError(f"note has more than {MAX_SIGNATURES} signatures")
    signatures = tuple(_parse_signature_line(line, n) for n, line in enumerate(lines, 1))
    return Note(text, signatures)


def sign_note(text: str, *signers: NoteSigner) -> str:
    """The signed note of ``text`` (which must end in a newline) by ``signers``."""
    if not signers:
        raise ValueError("a signed note needs at least one signer")
    if not text.endswith("\n"):
        raise MalformedNoteError("note text must end with a newline")
    _check_note_characters(text, "note text")
    message = text.encode("utf-8")
    lines = [NoteSignature(s.name, s.key_id, s.sign(message)).line() for s in signers]
    return text + "\n" + "".join(lines)


def open_note(message: bytes | str, verifiers: Sequence[NoteVerifier]) -> Note:
    """Parse and verify a note; return it with the signatures that verified.

    Raises :class:`BadSignatureError` if a known key's signature fails and
    :class:`UnknownKeyError` if no known key signed.
    """
    note = parse_note(message)
    known = {(v.name, v.key_id): v for v in verifiers}
    signed = note.text.encode("utf-8")
    verified = []
    for signature in note.signatures:
        verifier = known.get((signature.name, signature.key_id))
        if verifier is None:
            continue  # a witness or a rotated key: not ours to judge (signed-note spec)
        if not verifier.verify(signed, signature.signature):
            raise BadSignatureError(f"signature by {signature.key} does not verify")
        verified.append(signature)
    if not verified:
        found = ", ".join(s.key for s in note.signatures)
        wanted = ", ".join(f"{n}+{i.hex()}" for n, i in known)
        raise UnknownKeyError(
            f"note is not signed by {wanted or 'a trusted key'} (signed by {found})"
        )
    return Note(note.text, tuple(verified))


# --- Checkpoints -------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: origin, tree size, root hash, optional extension lines."""

    origin: str
    tree_size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Refuse a checkpoint that could not be written as the spec's text."""
        for line in (self.origin, *self.extensions):
            if not line or "\n" in line:
                raise ValueError(f"checkpoint lines must be non-empty single lines: {line!r}")
        if not 0 <= self.tree_size <= MAX_TREE_SIZE or isinstance(self.tree_size, bool):
            raise ValueError(f"tree size {self.tree_size} is out of range")
        if len(self.root_hash) != _ROOT_HASH_SIZE:
            raise ValueError(f"a root hash is {_ROOT_HASH_SIZE} bytes")

    def body(self) -> str:
        """The note text: origin, size, base64 root, extensions, each ending in a newline."""
        lines = (self.origin, str(self.tree_size), encode_base64(self.root_hash), *self.extensions)
        return "".join(line + "\n" for line in lines)


def _parse_tree_size(line: str) -> int:
    if _TREE_SIZE.fullmatch(line) is None:
        raise MalformedCheckpointError(
            f"tree size {line!r} is not a decimal number without leading zeros"
        )
    size = int(line)
    if size > MAX_TREE_SIZE:
        raise MalformedCheckpointError(f"tree size {line} is larger than 2**63 - 1")
    return size


def _parse_root_hash(line: str) -> bytes:
    root_hash = decode_base64(line)
    if root_hash is None:
        raise MalformedCheckpointError(f"root hash {line!r} is not canonical base64")
    if len(root_hash) != _ROOT_HASH_SIZE:
        raise MalformedCheckpointError(
            f"root hash is {len(root_hash)} bytes, not {_ROOT_HASH_SIZE}"
        )
    return root_hash


def parse_checkpoint_body(text: str) -> Checkpoint:
    """Read a checkpoint's note text (already verified: never trust it unsigned)."""
    if not text.endswith("\n"):
        raise MalformedCheckpointError("checkpoint text does not end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise MalformedCheckpointError(f"checkpoint has {len(lines)} lines, not at least 3")
    for number, line in enumerate(lines, 1):
        if not line:
            raise MalformedCheckpointError(f"checkpoint line {number} is empty")
    origin, size, root_hash, *extensions = lines
    return Checkpoint(
        origin, _parse_tree_size(size), _parse_root_hash(root_hash), tuple(extensions)
    )


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    """The signed checkpoint note. The key name must be the origin (tlog-checkpoint)."""
    if signer.name != checkpoint.origin:
        raise ValueError(f"key {signer.name!r} may not sign for origin {checkpoint.origin!r}")
    return sign_note(checkpoint.body(), signer)


def open_checkpoint(
    message: bytes | str, verifier_key: str | NoteVerifier, *, origin: str | None = None
) -> Checkpoint:
    """Verify a signed checkpoint and return it.

    ``origin`` is the log expected; by default the trusted key's name, since a
    log's key is named after its origin. The signature is checked before the
    text is even read, as the note spec requires.
    """
    verifier = (
        verifier_key
        if isinstance(verifier_key, NoteVerifier)
        else NoteVerifier.from_string(verifier_key)
    )
    note = open_note(message, [verifier])
    checkpoint = parse_checkpoint_body(note.text)
    expected = verifier.name if origin is None else origin
    if checkpoint.origin != expected:
        raise WrongOriginError(f"checkpoint is for log {checkpoint.origin!r}, not {expected!r}")
    return checkpoint
