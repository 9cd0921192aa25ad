"""Ed25519 keys in the C2SP signed-note encodings (c2sp.org/signed-note).

* verifier key (vkey): ``<name>+<hex key ID>+<base64(0x01 ‖ 32-byte public key)>``;
* signer key (as Go's ``golang.org/x/mod/sumdb/note``):
  ``PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ 32-byte Ed25519 seed)>``.

The key ID of a note signature is SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key)[:4]; that of a
C2SP tlog-cosignature/v1 is the same with type byte 0x04. One Ed25519 key pair can serve as a
log's signing key and, under another name, as a cosigner's.

Files (see :func:`write_key_pair`): ``<dir>/<file stem>.key`` (mode 0600) and ``.pub``, where
the stem is the key name with ``/`` and ``:`` replaced by ``_``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from truce.errors import Conflict, InvalidInput, NotFound

__all__ = [
    "ALG_COSIGNATURE_V1",
    "ALG_ED25519",
    "Signer",
    "VerifierKey",
    "generate",
    "key_file_stem",
    "key_id",
    "load_signer",
    "load_verifier",
    "parse_signer",
    "parse_verifier",
    "write_key_pair",
]

#: signed-note signature type: Ed25519.
ALG_ED25519 = 0x01
#: tlog-cosignature/v1 (Ed25519, timestamped) key ID type byte.
ALG_COSIGNATURE_V1 = 0x04


def key_id(name: str, alg: int, public: bytes) -> bytes:
    """signed-note key ID: SHA-256(name ‖ "\\n" ‖ alg ‖ public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public).digest()[:4]


def check_name(name: str) -> str:
    """A valid key name: non-empty UTF-8 with no whitespace and no ``+`` (signed-note)."""
    if not name or "+" in name or any(c.isspace() for c in name):
        raise InvalidInput(f"invalid key name {name!r}: must be non-empty, no spaces, no '+'")
    return name


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A named Ed25519 public key."""

    name: str
    public: bytes

    def note_key_id(self) -> bytes:
        return key_id(self.name, ALG_ED25519, self.public)

    def cosignature_key_id(self) -> bytes:
        return key_id(self.name, ALG_COSIGNATURE_V1, self.public)

    def encode(self) -> str:
        """The signed-note vkey: ``name+hex(key ID)+base64(0x01 ‖ public key)``."""
        material = base64.b64encode(bytes([ALG_ED25519]) + self.public).decode()
        return f"{self.name}+{self.note_key_id().hex()}+{material}"

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except Exception:  # cryptography raises InvalidSignature; bad lengths raise others
            return False
        return True


@dataclass(frozen=True, slots=True)
class Signer:
    """A named Ed25519 private key (``seed`` is the 32-byte RFC 8032 private key)."""

    name: str
    seed: bytes

    def __repr__(self) -> str:  # never print the secret
        return f"Signer(name={self.name!r})"

    @property
    def verifier(self) -> VerifierKey:
        pub = Ed25519PrivateKey.from_private_bytes(self.seed).public_key()
        return VerifierKey(self.name, pub.public_bytes(Encoding.Raw, PublicFormat.Raw))

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)

    def encode(self) -> str:
        material = base64.b64encode(bytes([ALG_ED25519]) + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.note_key_id().hex()}+{material}"


def generate(name: str) -> Signer:
    """A new random Ed25519 key pair named ``name``."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return Signer(check_name(name), seed)


def _split_material(text: str, expect_len: int, what: str) -> tuple[str, bytes, bytes]:
    try:
        name, hex_id, b64 = text.split("+", 2)  # names have no "+"; base64 may
        key_hash = bytes.fromhex(hex_id)
        material = base64.b64decode(b64, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise InvalidInput(f"not a {what}: {text[:40]!r}") from exc
    if len(key_hash) != 4 or len(material) != expect_len + 1 or material[0] != ALG_ED25519:
        raise InvalidInput(f"not an Ed25519 {what}: {text[:40]!r}")
    return check_name(name), key_hash, material[1:]


def parse_verifier(text: str) -> VerifierKey:
    """Parse a signed-note vkey; raises InvalidInput when malformed or its key ID is wrong."""
    name, kid, public = _split_material(text.strip(), 32, "verifier key")
    key = VerifierKey(name, public)
    if key.note_key_id() != kid:
        raise InvalidInput(f"verifier key {name}: key ID {kid.hex()} does not match the key")
    return key


def parse_signer(text: str) -> Signer:
    """Parse a ``PRIVATE+KEY+…`` signer key."""
    text = text.strip()
    if not text.startswith("PRIVATE+KEY+"):
        raise InvalidInput("not a signer key: expected PRIVATE+KEY+<name>+<id>+<key>")
    name, kid, seed = _split_material(text.removeprefix("PRIVATE+KEY+"), 32, "signer key")
    signer = Signer(name, seed)
    if signer.verifier.note_key_id() != kid:
        raise InvalidInput(f"signer key {name}: key ID {kid.hex()} does not match the key")
    return signer


def key_file_stem(name: str) -> str:
    return check_name(name).replace("/", "_").replace(":", "_")


def write_key_pair(directory: Path, signer: Signer, *, stem: str | None = None) -> Path:
    """Write ``<stem>.key`` (mode 0600, never overwritten) and ``<stem>.pub``; return the .key."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = stem or key_file_stem(signer.name)
    private = directory / f"{stem}.key"
    try:
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise Conflict(f"key file {private} already exists; not overwriting it") from exc
    with os.fdopen(fd, "w") as fh:
        fh.write(signer.encode() + "\n")
    os.chmod(private, 0o600)  # in case the umask widened it
    (directory / f"{stem}.pub").write_text(signer.verifier.encode() + "\n")
    return private


def load_signer(path: Path) -> Signer:
    """Read a signer key file; raises NotFound or InvalidInput."""
    try:
        return parse_signer(path.read_text())
    except FileNotFoundError as exc:
        raise NotFound(f"key file {path} does not exist") from exc


def load_verifier(spec: str) -> VerifierKey:
    """A verifier key given inline (vkey) or as the path of a ``.pub`` (or ``.key``) file."""
    path = Path(spec)
    if "+" not in spec or path.is_file():
        try:
            text = path.read_text().strip()
        except OSError as exc:
            raise NotFound(f"public key {spec!r} is neither a verifier key nor a file") from exc
        if text.startswith("PRIVATE+KEY+"):
            return parse_signer(text).verifier
        return parse_verifier(text)
    return parse_verifier(spec)
