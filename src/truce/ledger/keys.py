"""Ed25519 keys in the C2SP signed-note encodings (c2sp.org/signed-note).

* verifier key (vkey): ``<name>+<hex key ID>+<base64(type ‖ 32-byte public key)>``, type 0x01
  for a note signer (a log's key) and 0x04 for a cosigner (c2sp.org/tlog-cosignature: "Ed25519
  public keys MAY be encoded as vkeys with signature type 0x04");
* signer key (as Go's ``golang.org/x/mod/sumdb/note``):
  ``PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ 32-byte Ed25519 seed)>``.

The key ID of a note signature is SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key)[:4]; that of a
C2SP tlog-cosignature/v1 is the same with type byte 0x04. One Ed25519 key pair can serve as a
log's signing key and, under another name, as a cosigner's.

Files (see :func:`write_key_pair`): ``<dir>/<file stem>.key`` (mode 0600) and ``.pub``, where
the stem is the key name with ``/`` and ``:`` replaced by ``_``. The ``.key`` is written whole
(to a temporary file, synced, then linked into place: never an empty or half key file) and the
``.pub`` after it; the ``.pub`` is derived from the ``.key``, so a missing one is rewritten.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import shutil
import tempfile
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
    "write_public",
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
    """A named Ed25519 public key; ``alg`` is its vkey type (0x01 signer, 0x04 cosigner)."""

    name: str
    public: bytes
    alg: int = ALG_ED25519

    def note_key_id(self) -> bytes:
        return key_id(self.name, ALG_ED25519, self.public)

    def cosignature_key_id(self) -> bytes:
        return key_id(self.name, ALG_COSIGNATURE_V1, self.public)

    @property
    def cosigner_only(self) -> bool:
        """A tlog-cosignature key: only its cosignature lines count, not note signatures."""
        return self.alg == ALG_COSIGNATURE_V1

    def as_cosigner(self) -> VerifierKey:
        return VerifierKey(self.name, self.public, ALG_COSIGNATURE_V1)

    def encode(self) -> str:
        """The vkey: ``name+hex(key ID)+base64(type ‖ public key)``, key ID of that type."""
        material = base64.b64encode(bytes([self.alg]) + self.public).decode()
        return f"{self.name}+{key_id(self.name, self.alg, self.public).hex()}+{material}"

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


def _split_material(
    text: str, expect_len: int, what: str, algs: tuple[int, ...] = (ALG_ED25519,)
) -> tuple[str, bytes, bytes]:
    try:
        name, hex_id, b64 = text.split("+", 2)  # names have no "+"; base64 may
        key_hash = bytes.fromhex(hex_id)
        material = base64.b64decode(b64, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise InvalidInput(f"not a {what}: {text[:40]!r}") from exc
    if len(key_hash) != 4 or len(material) != expect_len + 1 or material[0] not in algs:
        raise InvalidInput(f"not an Ed25519 {what}: {text[:40]!r}")
    return check_name(name), key_hash, material


def parse_verifier(text: str) -> VerifierKey:
    """Parse a vkey (type 0x01, or 0x04 for a tlog-cosignature cosigner); raises InvalidInput
    when it is malformed or its key ID is not the one of its name, type and key."""
    algs = (ALG_ED25519, ALG_COSIGNATURE_V1)
    name, kid, material = _split_material(text.strip(), 32, "verifier key", algs)
    key = VerifierKey(name, material[1:], material[0])
    if key_id(name, key.alg, key.public) != kid:
        raise InvalidInput(f"verifier key {name}: key ID {kid.hex()} does not match the key")
    return key


def parse_signer(text: str) -> Signer:
    """Parse a ``PRIVATE+KEY+…`` signer key."""
    text = text.strip()
    if not text.startswith("PRIVATE+KEY+"):
        raise InvalidInput("not a signer key: expected PRIVATE+KEY+<name>+<id>+<key>")
    name, kid, material = _split_material(text.removeprefix("PRIVATE+KEY+"), 32, "signer key")
    signer = Signer(name, material[1:])
    if signer.verifier.note_key_id() != kid:
        raise InvalidInput(f"signer key {name}: key ID {kid.hex()} does not match the key")
    return signer


def key_file_stem(name: str) -> str:
    return check_name(name).replace("/", "_").replace(":", "_")


def write_key_pair(
    directory: Path, signer: Signer, *, stem: str | None = None, cosigner: bool = False
) -> Path:
    """Write ``<stem>.key`` (mode 0600, never overwritten) and ``<stem>.pub``; return the .key.

    Crash-safe: the key is written and synced in a temporary file, then linked into place
    (atomic, and failing if a key is there already), then the ``.pub``. With ``cosigner`` the
    ``.pub`` is the tlog-cosignature vkey (type 0x04), else the note-signer vkey (0x01).
    """
    directory.mkdir(parents=True, exist_ok=True)
    stem = stem or key_file_stem(signer.name)
    private = directory / f"{stem}.key"
    if private.exists():
        raise Conflict(f"key file {private} already exists; not overwriting it")
    tmp = Path(tempfile.mkdtemp(prefix=f".{stem}-", dir=directory))
    try:
        _write_synced(tmp / "key", signer.encode() + "\n", 0o600)
        try:
            os.link(tmp / "key", private)
        except FileExistsError as exc:
            raise Conflict(f"key file {private} already exists; not overwriting it") from exc
        _sync_dir(directory)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_public(private, cosigner=cosigner)
    return private


def write_public(private: Path, *, cosigner: bool = False) -> VerifierKey:
    """(Re)write the ``.pub`` beside a ``.key`` from the key itself; return the verifier key."""
    verifier = load_signer(private).verifier
    if cosigner:
        verifier = verifier.as_cosigner()
    pub = private.with_suffix(".pub")
    tmp = pub.with_name(f".{pub.name}.tmp")
    _write_synced(tmp, verifier.encode() + "\n", 0o644)
    os.replace(tmp, pub)
    _sync_dir(private.parent)
    return verifier


def _write_synced(path: Path, text: str, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, mode)  # in case the umask widened it


def _sync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
