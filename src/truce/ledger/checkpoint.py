"""Signed checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes, and cosignatures.

* c2sp.org/tlog-checkpoint: the body is ``<origin>\\n<decimal tree size>\\n<base64 root>\\n``
  followed by optional extension lines;
* c2sp.org/signed-note: the note is the body, an empty line, then one line per signature,
  ``— <key name> base64(4-byte key ID ‖ signature)``; an Ed25519 note signature is over the
  body bytes;
* c2sp.org/tlog-cosignature (Ed25519, v1): key ID type 0x04, signature bytes
  ``u64 big-endian timestamp ‖ Ed25519 signature`` over ``cosignature/v1\\ntime <t>\\n<body>``.

Verification accepts a threshold of named keys: each key counts once when one of its
signature lines (note signature or cosignature) verifies; a line with a known name and key ID
that does not verify is an error.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from truce.errors import InvalidInput, VerificationError
from truce.ledger.keys import Signer, VerifierKey

__all__ = [
    "Checkpoint",
    "NoteSignature",
    "SignedNote",
    "cosign",
    "parse_note",
    "sign_checkpoint",
    "verify_checkpoint",
]

_DASH = "\u2014 "  # em dash and space open every signature line
_COSIGNATURE_HEADER = "cosignature/v1\n"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tree head as a C2SP tlog-checkpoint body."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        return "".join(f"{line}\n" for line in (*lines, *self.extensions))

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """Parse a checkpoint body; raises VerificationError when it is malformed."""
        lines = body.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise VerificationError("checkpoint body must have origin, size and root lines")
        origin, size_text, root_text, *ext = lines[:-1]
        if not origin:
            raise VerificationError("checkpoint origin line is empty")
        if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
            raise VerificationError(f"checkpoint size is not a decimal number: {size_text!r}")
        try:
            root = base64.b64decode(root_text, validate=True)
        except binascii.Error as exc:
            raise VerificationError(f"checkpoint root is not base64: {root_text!r}") from exc
        if len(root) != 32:
            raise VerificationError(f"checkpoint root must be 32 bytes, got {len(root)}")
        return cls(origin, int(size_text), root, tuple(ext))


@dataclass(frozen=True, slots=True)
class NoteSignature:
    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        return f"{_DASH}{self.name} {base64.b64encode(self.key_id + self.signature).decode()}\n"


@dataclass(frozen=True, slots=True)
class SignedNote:
    """A signed note: its text (ending in a newline) and its signature lines."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def encode(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)


def parse_note(note: str) -> SignedNote:
    """Parse a signed note; raises VerificationError when it is malformed."""
    text, sep, sigs = note.rpartition("\n\n")
    if not sep or not sigs.endswith("\n"):
        raise VerificationError("not a signed note: no empty line before the signature lines")
    signatures = []
    for line in sigs[:-1].split("\n"):
        if not line.startswith(_DASH) or line.count(" ") != 2:
            raise VerificationError(f"malformed signature line: {line[:60]!r}")
        name, b64 = line[len(_DASH) :].split(" ")
        try:
            raw = base64.b64decode(b64, validate=True)
        except binascii.Error as exc:
            raise VerificationError(f"signature by {name} is not base64") from exc
        if len(raw) < 5:
            raise VerificationError(f"signature by {name} is too short")
        signatures.append(NoteSignature(name, raw[:4], raw[4:]))
    return SignedNote(text + "\n", tuple(signatures))


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    """The checkpoint as a signed note with one Ed25519 note signature by ``signer``."""
    body = checkpoint.body()
    sig = NoteSignature(
        signer.name, signer.verifier.note_key_id(), signer.sign(body.encode("utf-8"))
    )
    return SignedNote(body, (sig,)).encode()


def _cosigned_message(body: str, timestamp: int) -> bytes:
    return f"{_COSIGNATURE_HEADER}time {timestamp}\n{body}".encode()


def cosign(note: str, signer: Signer, *, timestamp: int) -> str:
    """Add a tlog-cosignature/v1 line by ``signer`` at POSIX ``timestamp`` to a checkpoint."""
    parsed = parse_note(note)
    Checkpoint.parse(parsed.text)
    if not 0 <= timestamp < 2**63:
        raise InvalidInput(f"cosignature timestamp out of range: {timestamp}")
    stamp = timestamp.to_bytes(8, "big")
    sig = signer.sign(_cosigned_message(parsed.text, timestamp))
    line = NoteSignature(signer.name, signer.verifier.cosignature_key_id(), stamp + sig)
    return SignedNote(parsed.text, (*parsed.signatures, line)).encode()


def _signed_by(note: SignedNote, key: VerifierKey) -> bool:
    """Whether a signature line of ``key`` verifies; a known line that fails raises."""
    body = note.text.encode("utf-8")
    found = False
    for sig in note.signatures:
        if sig.name != key.name:
            continue
        if sig.key_id == key.note_key_id() and not key.cosigner_only:
            ok = key.verify(sig.signature, body)
        elif sig.key_id == key.cosignature_key_id() and len(sig.signature) == 72:
            stamp = int.from_bytes(sig.signature[:8], "big")
            ok = key.verify(sig.signature[8:], _cosigned_message(note.text, stamp))
        else:
            continue
        if not ok:
            raise VerificationError(
                f"signature by {key.name} (key ID {sig.key_id.hex()}) does not verify"
            )
        found = True
    return found


def verify_checkpoint(
    note: str,
    *,
    keys: Sequence[VerifierKey],
    threshold: int | None = None,
    origin: str | None = None,
) -> Checkpoint:
    """Verify a signed checkpoint against named keys; return the checkpoint.

    At least ``threshold`` (default: all) of ``keys`` must have a valid signature or
    cosignature. With ``origin``, the checkpoint's origin line must equal it. Raises
    :class:`~truce.errors.VerificationError` naming what was expected and what was found.
    """
    if not keys:
        raise InvalidInput("give at least one public key to verify a checkpoint with")
    need = len(keys) if threshold is None else threshold
    if not 1 <= need <= len(keys):
        raise InvalidInput(f"threshold must be between 1 and {len(keys)}, got {need}")
    parsed = parse_note(note)
    signed = [k.name for k in keys if _signed_by(parsed, k)]
    if len(signed) < need:
        missing = [k.name for k in keys if k.name not in signed]
        raise VerificationError(
            f"checkpoint needs {need} valid signatures of the given keys, found {len(signed)}"
            f"; unsigned by: {', '.join(missing)}"
        )
    checkpoint = Checkpoint.parse(parsed.text)
    if origin is not None and checkpoint.origin != origin:
        raise VerificationError(
            f"checkpoint origin mismatch: expected {origin!r}, got {checkpoint.origin!r}"
        )
    return checkpoint
