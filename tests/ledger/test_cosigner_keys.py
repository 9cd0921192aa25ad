"""Cosigner verifier keys in the C2SP tlog-cosignature form (issue #11 item 10).

c2sp.org/tlog-cosignature: the key ID of an Ed25519 cosignature is
SHA-256(<name> || "\\n" || 0x04 || public key)[:4], and "Ed25519 public keys MAY be encoded as
vkeys with signature type 0x04". The spec's example checkpoint and signed message are checked
byte for byte; the published ``.pub`` must carry the key ID of the lines the key writes.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from truce.errors import InvalidInput, VerificationError
from truce.ledger.checkpoint import (
    Checkpoint,
    _cosigned_message,
    cosign,
    parse_note,
    sign_checkpoint,
    verify_checkpoint,
)
from truce.ledger.keys import generate, load_verifier, parse_verifier, write_key_pair

#: The example of c2sp.org/tlog-cosignature ("Below is an example of a checkpoint that
#: contains a cosignature") and its Ed25519 signed message.
SPEC_NOTE = (
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
    "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5"
    "/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dl"
    "rDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)
SPEC_MESSAGE = (
    "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
)


def test_the_spec_example_parses_to_its_signed_message() -> None:
    note = parse_note(SPEC_NOTE)
    cp = Checkpoint.parse(note.text)
    assert (cp.origin, cp.size) == ("example.com/behind-the-sofa", 20852163)
    witness = note.signatures[1]
    assert witness.name == "witness.example.com/w1" and len(witness.signature) == 8 + 64
    stamp = int.from_bytes(witness.signature[:8], "big")
    assert _cosigned_message(note.text, stamp).decode() == SPEC_MESSAGE


def test_published_cosigner_key_has_the_key_id_of_its_lines(tmp_path: Path) -> None:
    signer = generate("witness.example.com/w1")
    private = write_key_pair(tmp_path, signer, cosigner=True)
    vkey = private.with_suffix(".pub").read_text().strip()
    name, hex_id, b64 = vkey.split("+", 2)
    material = base64.b64decode(b64)
    assert name == signer.name and material[0] == 0x04 and len(material) == 33
    expect = hashlib.sha256(name.encode() + b"\n" + b"\x04" + material[1:]).digest()[:4]
    assert bytes.fromhex(hex_id) == expect  # the spec's formula, computed here
    log = generate("example.com/behind-the-sofa")
    note = sign_checkpoint(Checkpoint(log.name, 5, bytes(32)), log)
    cosigned = cosign(note, signer, timestamp=1679315147)
    line = parse_note(cosigned).signatures[-1]
    assert line.key_id == expect  # the .pub and the line agree (they did not: issue #11)
    key = load_verifier(str(private.with_suffix(".pub")))
    assert key.cosigner_only and parse_verifier(vkey) == key
    verify_checkpoint(cosigned, keys=[log.verifier, key])
    with pytest.raises(VerificationError, match="found 0"):
        verify_checkpoint(note, keys=[key])  # no cosignature yet


def test_a_cosigner_key_does_not_accept_a_note_signature() -> None:
    """Type 0x04 binds the key to cosignatures: a plain note signature by the same key pair
    (key ID type 0x01) does not count for it."""
    signer = generate("witness.example.com/w2")
    note = sign_checkpoint(Checkpoint("witness.example.com/w2", 1, bytes(32)), signer)
    with pytest.raises(VerificationError, match="found 0"):
        verify_checkpoint(note, keys=[signer.verifier.as_cosigner()])
    verify_checkpoint(note, keys=[signer.verifier])


def test_a_vkey_with_a_wrong_key_id_or_type_is_refused() -> None:
    key = generate("w.example/x").verifier.as_cosigner()
    name, hex_id, b64 = key.encode().split("+", 2)
    with pytest.raises(InvalidInput, match="does not match"):
        parse_verifier(f"{name}+{bytes(4).hex()}+{b64}")
    other = base64.b64encode(b"\x02" + key.public).decode()
    with pytest.raises(InvalidInput, match="not an Ed25519"):
        parse_verifier(f"{name}+{hex_id}+{other}")
