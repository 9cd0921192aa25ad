"""static/proof.js in Chromium: RFC 6962 vectors and checkpoints signed by truce.ledger.

The vectors (transparency-dev/merkle testdata) must be accepted exactly when
``wantErr`` is false; a checkpoint signed by :mod:`truce.ledger` must verify, and every
tampered copy (proof hash, root, signature, key, entry) must fail.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.web.browser import serve_static
from truce.ledger.canonical import leaf_hash
from truce.ledger.checkpoint import Checkpoint, sign_checkpoint
from truce.ledger.keys import generate
from truce.ledger.merkle import inclusion_proof, leaf_hashes_source, mth

VECTORS = Path(__file__).resolve().parents[1] / "data" / "rfc6962"  # vendored, see its COMMIT

PAGE = '<!doctype html><html lang="en"><title>t</title><script src="/static/proof.js"></script>'

RUN_VECTORS = """async (cases) => {
  const out = [];
  for (const c of cases) {
    try {
      await TruceProof.verifyInclusion({index: c.leafIdx, size: c.treeSize,
        leafHash: c.leafHash, proof: c.proof || [], root: c.root});
      out.push(true);
    } catch (e) {
      if (!(e instanceof TruceProof.ProofError)) throw e;
      out.push(false);
    }
  }
  return out;
}"""

RUN_RECORDS = """async (doc) => {
  try {
    const r = await TruceProof.verifyRecords(doc);
    return "verified " + r.checkpoint.size;
  } catch (e) {
    if (!(e instanceof TruceProof.ProofError)) throw e;
    return "failed: " + e.message;
  }
}"""


@pytest.fixture
def proof_page(page: Page) -> Page:
    serve_static(page, PAGE)
    page.wait_for_function("() => window.TruceProof !== undefined")
    return page


def test_inclusion_vectors(proof_page: Page) -> None:
    files = sorted((VECTORS / "inclusion").rglob("*.json"))
    assert len(files) > 50
    cases = [json.loads(f.read_text()) for f in files]
    for c in cases:  # the vectors' absent leafHash/root are empty byte strings
        c["leafHash"] = c.get("leafHash") or ""
        c["root"] = c.get("root") or ""
    results = proof_page.evaluate(RUN_VECTORS, cases)
    wrong = [
        str(f.relative_to(VECTORS))
        for f, c, ok in zip(files, cases, results, strict=True)
        if ok == c["wantErr"]
    ]
    assert wrong == []
    assert sum(results) >= 5  # the happy paths really verified


def test_leaf_and_node_hashes(proof_page: Page) -> None:
    got = proof_page.evaluate(
        """async () => {
          const leaf = await TruceProof.leafHash(new Uint8Array([]));
          const a = await TruceProof.leafHash("a"), b = await TruceProof.leafHash("b");
          return [TruceProof.toHex(leaf), TruceProof.toHex(await TruceProof.nodeHash(a, b))];
        }"""
    )
    from truce.ledger.merkle import node_hash

    assert got[0] == leaf_hash(b"").hex()
    # RFC 6962 §2.1: the empty-entry leaf hash
    assert got[0] == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert got[1] == node_hash(leaf_hash(b"a"), leaf_hash(b"b")).hex()


def _signed_doc(size: int = 13) -> dict[str, Any]:
    """A ledger of ``size`` entries, a checkpoint signed by truce.ledger, proofs of 3 leaves."""
    entries = [json.dumps({"n": i}, separators=(",", ":")).encode() for i in range(size)]
    leaves = [leaf_hash(e) for e in entries]
    source = leaf_hashes_source(leaves)
    signer = generate("truce.example/web-test")
    note = sign_checkpoint(Checkpoint("truce.example/web-test", size, mth(leaves)), signer)
    proofs = [
        {
            "record_id": f"r{i}",
            "index": i,
            "size": size,
            "leaf_hash": leaves[i].hex(),
            "proof": [h.hex() for h in inclusion_proof(i, size, source)],
            "entry": entries[i].decode(),
        }
        for i in sorted({0, size // 2, size - 1})
    ]
    return {
        "note": note,
        "vkey": signer.verifier.encode(),
        "origin": "truce.example/web-test",
        "proofs": proofs,
    }


def _flip_hex(h: str) -> str:
    return ("0" if h[0] != "0" else "1") + h[1:]


def _tamper_signature(note: str) -> str:
    text, sig_line = note.rsplit("\u2014 ", 1)
    name, b64 = sig_line.strip().split(" ")
    raw = bytearray(base64.b64decode(b64))
    raw[10] ^= 0x01
    return f"{text}\u2014 {name} {base64.b64encode(bytes(raw)).decode()}\n"


def _tamper_root(note: str) -> str:
    lines = note.split("\n")
    root = bytearray(base64.b64decode(lines[2]))
    root[0] ^= 0x80
    lines[2] = base64.b64encode(bytes(root)).decode()
    return "\n".join(lines)


def test_signed_checkpoint_verifies(proof_page: Page) -> None:
    doc = _signed_doc()
    assert proof_page.evaluate(RUN_RECORDS, doc) == "verified 13"


def test_single_leaf_tree(proof_page: Page) -> None:
    doc = _signed_doc(size=1)
    doc["proofs"] = doc["proofs"][:1]
    assert proof_page.evaluate(RUN_RECORDS, doc) == "verified 1"


def _tampered() -> list[Any]:
    cases: list[Any] = []
    doc = _signed_doc()
    d = json.loads(json.dumps(doc))
    d["proofs"][1]["proof"][0] = _flip_hex(d["proofs"][1]["proof"][0])
    cases.append(pytest.param(d, "root mismatch", id="proof-hash"))
    d = json.loads(json.dumps(doc))
    d["proofs"][1]["proof"].pop()
    cases.append(pytest.param(d, "too short", id="truncated-proof"))
    d = json.loads(json.dumps(doc))
    d["note"] = _tamper_signature(d["note"])
    cases.append(pytest.param(d, "does not verify", id="signature"))
    d = json.loads(json.dumps(doc))
    d["note"] = _tamper_root(d["note"])
    cases.append(pytest.param(d, "does not verify", id="root-in-signed-body"))
    d = json.loads(json.dumps(doc))
    d["vkey"] = generate("truce.example/web-test").verifier.encode()
    cases.append(pytest.param(d, "not signed by", id="other-key"))
    d = json.loads(json.dumps(doc))
    d["proofs"][0]["entry"] = '{"n":99}'
    cases.append(pytest.param(d, "does not hash to its leaf", id="entry"))
    d = json.loads(json.dumps(doc))
    d["proofs"][1]["index"] += 1
    cases.append(pytest.param(d, "root mismatch", id="index"))
    d = json.loads(json.dumps(doc))
    d["origin"] = "truce.example/elsewhere"
    cases.append(pytest.param(d, "origin mismatch", id="origin"))
    d = json.loads(json.dumps(doc))
    d["proofs"] = []
    cases.append(pytest.param(d, "no inclusion proof", id="no-proofs"))
    return cases


@pytest.mark.parametrize(("doc", "reason"), _tampered())
def test_tampered_fails(proof_page: Page, doc: dict[str, Any], reason: str) -> None:
    got = proof_page.evaluate(RUN_RECORDS, doc)
    assert got.startswith("failed: ")
    assert reason in got
