"""C2SP signed-note checkpoints, cosignatures and key encodings."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest

from truce.errors import Conflict, InvalidInput, VerificationError
from truce.ledger.checkpoint import (
    Checkpoint,
    cosign,
    parse_note,
    sign_checkpoint,
    verify_checkpoint,
)
from truce.ledger.keys import (
    generate,
    key_id,
    load_signer,
    load_verifier,
    parse_signer,
    parse_verifier,
    write_key_pair,
)

ROOT = bytes(range(32))
CP = Checkpoint("truce.example/m1", 42, ROOT)


def test_body_format() -> None:
    assert CP.body() == f"truce.example/m1\n42\n{base64.b64encode(ROOT).decode()}\n"
    assert Checkpoint.parse(CP.body()) == CP


def test_c2sp_example_parses() -> None:
    note = (
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
        "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4U"
        "RYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
        "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dl"
        "rDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
    )
    parsed = parse_note(note)
    assert Checkpoint.parse(parsed.text).size == 20852163
    assert [s.name for s in parsed.signatures] == [
        "example.com/behind-the-sofa",
        "witness.example.com/w1",
    ]
    assert len(parsed.signatures[1].signature) == 72  # u64 timestamp + Ed25519


def test_key_id_and_encodings() -> None:
    signer = generate("truce.example/m1")
    vkey = signer.verifier
    assert vkey.note_key_id() == key_id("truce.example/m1", 1, vkey.public)
    text = vkey.encode()
    name, hex_id, material = text.split("+", 2)  # base64 may hold "+"
    assert (name, hex_id) == ("truce.example/m1", vkey.note_key_id().hex())
    assert base64.b64decode(material)[0] == 1
    assert parse_verifier(text) == vkey
    assert parse_signer(signer.encode()) == signer
    assert "seed" not in repr(signer)
    with pytest.raises(InvalidInput):
        parse_verifier(text.replace(hex_id, "00000000"))
    with pytest.raises(InvalidInput):
        generate("bad name")


def test_sign_verify_cosign_threshold() -> None:
    log, a, b, c = (generate(n) for n in ("truce.example/m1", "party-a", "party-b", "w.example"))
    note = sign_checkpoint(CP, log)
    assert verify_checkpoint(note, keys=[log.verifier]) == CP
    note2 = cosign(cosign(note, a, timestamp=1_700_000_000), b, timestamp=1_700_000_001)
    keys = [log.verifier, a.verifier, b.verifier, c.verifier]
    assert verify_checkpoint(note2, keys=keys, threshold=3) == CP
    with pytest.raises(VerificationError, match="unsigned by: w.example"):
        verify_checkpoint(note2, keys=keys)
    with pytest.raises(VerificationError, match="needs 2"):
        verify_checkpoint(note, keys=[log.verifier, a.verifier], threshold=2)
    with pytest.raises(VerificationError, match="origin mismatch"):
        verify_checkpoint(note, keys=[log.verifier], origin="other")
    with pytest.raises(InvalidInput):
        verify_checkpoint(note, keys=keys, threshold=5)


def test_tampering_is_caught() -> None:
    log, a = generate("truce.example/m1"), generate("party-a")
    note = cosign(sign_checkpoint(CP, log), a, timestamp=1)
    tampered = note.replace("\n42\n", "\n43\n")
    with pytest.raises(VerificationError, match="does not verify"):
        verify_checkpoint(tampered, keys=[log.verifier])
    with pytest.raises(VerificationError, match="does not verify"):
        verify_checkpoint(tampered, keys=[a.verifier])
    impostor = generate("truce.example/m1")  # same name, other key
    with pytest.raises(VerificationError, match="found 0"):
        verify_checkpoint(note, keys=[impostor.verifier])
    with pytest.raises(VerificationError):
        verify_checkpoint(CP.body(), keys=[log.verifier])  # unsigned


def test_key_files(tmp_path: Path) -> None:
    signer = generate("party-a.example/liaison")
    path = write_key_pair(tmp_path, signer)
    assert path.name == "party-a.example_liaison.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_signer(path) == signer
    assert load_verifier(str(path.with_suffix(".pub"))) == signer.verifier
    assert load_verifier(signer.verifier.encode()) == signer.verifier
    with pytest.raises(Conflict):
        write_key_pair(tmp_path, signer)
