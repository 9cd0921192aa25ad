/*
 * Truce: verification of ledger records in the browser, with WebCrypto only.
 *
 * - RFC 6962 §2.1 hashing (= RFC 9162 §2.1.1): leaf hash SHA-256(0x00 ‖ entry),
 *   node hash SHA-256(0x01 ‖ left ‖ right).
 * - Inclusion proof verification: RFC 9162 §2.1.3.2 ("Verifying an Inclusion Proof").
 * - Checkpoints: c2sp.org/tlog-checkpoint bodies ("<origin>\n<size>\n<base64 root>\n…") in
 *   c2sp.org/signed-note notes, whose Ed25519 signature lines are
 *   "— <name> base64(key ID ‖ signature)" with key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4].
 *
 * Every check throws a ProofError naming what was expected and what was found; nothing
 * returns false. The page turns the outcome into data-proof="verified" | "failed".
 */
(function (global) {
  "use strict";

  const subtle = global.crypto && global.crypto.subtle;
  const encoder = new TextEncoder();

  class ProofError extends Error {
    constructor(message) {
      super(message);
      this.name = "ProofError";
    }
  }

  function concat(...parts) {
    const total = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  function toHex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function fromBase64(text) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
      throw new ProofError("not base64: " + text.slice(0, 20));
    }
    const bin = atob(text);
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  }

  /** A hash given as hex (64 digits) or base64; anything else is a ProofError. */
  function decodeHash(text, what) {
    if (text instanceof Uint8Array) return checkLength(text, what);
    if (typeof text !== "string") throw new ProofError(what + " is missing");
    let bytes;
    if (/^[0-9a-fA-F]{64}$/.test(text)) {
      bytes = Uint8Array.from(text.match(/../g), (h) => parseInt(h, 16));
    } else {
      bytes = fromBase64(text);
    }
    return checkLength(bytes, what);
  }

  function checkLength(bytes, what) {
    if (bytes.length !== 32) {
      throw new ProofError(what + " must be a 32-byte SHA-256 hash, got " + bytes.length + " bytes");
    }
    return bytes;
  }

  function requireCrypto() {
    if (!subtle) {
      throw new ProofError("this browser offers no WebCrypto here (a secure context is needed)");
    }
  }

  async function sha256(bytes) {
    requireCrypto();
    return new Uint8Array(await subtle.digest("SHA-256", bytes));
  }

  /** RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 ‖ d(0)). */
  function leafHash(entry) {
    const bytes = typeof entry === "string" ? encoder.encode(entry) : entry;
    return sha256(concat(Uint8Array.of(0), bytes));
  }

  /** RFC 6962 §2.1: SHA-256(0x01 ‖ left ‖ right). */
  function nodeHash(left, right) {
    return sha256(concat(Uint8Array.of(1), left, right));
  }

  function sameBytes(a, b) {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }

  /**
   * RFC 9162 §2.1.3.2 steps 1-5: the root that `proof` implies for leaf `index` of a tree
   * of `size` leaves. Indexes are JS numbers (exact below 2^53).
   */
  async function rootFromInclusionProof(index, size, leaf, proof) {
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
      throw new ProofError("leaf index " + index + " is outside a tree of size " + size);
    }
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0) throw new ProofError("inclusion proof too long");
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    if (sn !== 0) throw new ProofError("inclusion proof too short");
    return r;
  }

  /** Throws unless `leaf` is leaf `index` of the tree of `size` leaves with `root`. */
  async function verifyInclusion({ index, size, leafHash: leaf, proof, root }) {
    const leafBytes = decodeHash(leaf, "leaf hash");
    const rootBytes = decodeHash(root, "root");
    const path = (proof || []).map((h, i) => decodeHash(h, "proof hash " + i));
    const got = await rootFromInclusionProof(index, size, leafBytes, path);
    if (!sameBytes(got, rootBytes)) {
      throw new ProofError("root mismatch: expected " + toHex(rootBytes) + ", proof gives " + toHex(got));
    }
  }

  /** c2sp.org/signed-note: split a note into its text and its signature lines. */
  function parseNote(note) {
    const cut = note.lastIndexOf("\n\n");
    if (cut < 0 || !note.endsWith("\n")) {
      throw new ProofError("not a signed note: no empty line before the signature lines");
    }
    const text = note.slice(0, cut + 1);
    const signatures = note
      .slice(cut + 2, -1)
      .split("\n")
      .map((line) => {
        const m = /^\u2014 (\S+) (\S+)$/.exec(line);
        if (!m) throw new ProofError("malformed signature line: " + line.slice(0, 60));
        const raw = fromBase64(m[2]);
        if (raw.length < 5) throw new ProofError("signature by " + m[1] + " is too short");
        return { name: m[1], keyId: raw.slice(0, 4), signature: raw.slice(4) };
      });
    return { text, signatures };
  }

  /** c2sp.org/tlog-checkpoint body: origin, decimal size, base64 root, extension lines. */
  function parseCheckpoint(body) {
    const lines = body.split("\n");
    if (lines.length < 4 || lines[lines.length - 1] !== "") {
      throw new ProofError("checkpoint body must have origin, size and root lines");
    }
    const [origin, sizeText, rootText] = lines;
    if (!origin) throw new ProofError("checkpoint origin line is empty");
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) {
      throw new ProofError("checkpoint size is not a decimal number: " + sizeText);
    }
    const size = Number(sizeText);
    if (!Number.isSafeInteger(size)) throw new ProofError("checkpoint size too large: " + sizeText);
    return { origin, size, root: decodeHash(fromBase64(rootText), "checkpoint root") };
  }

  /** A signed-note verifier key "name+hex key ID+base64(0x01 ‖ 32-byte Ed25519 key)". */
  async function parseVerifierKey(vkey) {
    // name+id+material: the name holds no "+", the base64 material may.
    const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey.trim());
    if (!m) throw new ProofError("malformed verifier key");
    const [, name, idHex, material] = m;
    const raw = fromBase64(material);
    if (raw.length !== 33 || raw[0] !== 1) {
      throw new ProofError("verifier key is not an Ed25519 signed-note key");
    }
    const publicKey = raw.slice(1);
    const keyId = (await sha256(concat(encoder.encode(name), Uint8Array.of(0x0a, 0x01), publicKey))).slice(0, 4);
    if (toHex(keyId) !== idHex) {
      throw new ProofError("verifier key ID " + idHex + " does not match its key (" + toHex(keyId) + ")");
    }
    return { name, keyId, publicKey };
  }

  /**
   * Verify the Ed25519 note signature of `vkey` on the signed checkpoint `note` and return
   * the parsed checkpoint. Throws when the key did not sign it or the signature fails.
   */
  async function verifyCheckpoint(note, vkey, origin) {
    requireCrypto();
    const key = await parseVerifierKey(vkey);
    const parsed = parseNote(note);
    const line = parsed.signatures.find((s) => s.name === key.name && sameBytes(s.keyId, key.keyId));
    if (!line) throw new ProofError("checkpoint is not signed by " + key.name);
    const cryptoKey = await subtle.importKey("raw", key.publicKey, { name: "Ed25519" }, false, ["verify"]);
    const ok = await subtle.verify({ name: "Ed25519" }, cryptoKey, line.signature, encoder.encode(parsed.text));
    if (!ok) throw new ProofError("signature by " + key.name + " (key ID " + toHex(key.keyId) + ") does not verify");
    const checkpoint = parseCheckpoint(parsed.text);
    if (origin !== undefined && origin !== null && checkpoint.origin !== origin) {
      throw new ProofError("checkpoint origin mismatch: expected " + origin + ", got " + checkpoint.origin);
    }
    return checkpoint;
  }

  /**
   * A record against a signed checkpoint: the checkpoint's signature, then each proof
   * ({index, size, leaf_hash, proof}) against its root. When a proof carries the record's
   * `entry` bytes (canonical JSON), its leaf hash is recomputed from them too.
   * Resolves to {checkpoint, count}; throws a ProofError on the first failure.
   */
  async function verifyRecords({ note, vkey, origin, proofs }) {
    const checkpoint = await verifyCheckpoint(note, vkey, origin);
    if (!proofs || proofs.length === 0) throw new ProofError("no inclusion proof to check");
    for (const p of proofs) {
      if (p.size !== checkpoint.size) {
        throw new ProofError("proof is for a tree of " + p.size + " leaves, the checkpoint has " + checkpoint.size);
      }
      if (typeof p.entry === "string") {
        const recomputed = await leafHash(p.entry);
        if (!sameBytes(recomputed, decodeHash(p.leaf_hash, "leaf hash"))) {
          throw new ProofError("record " + (p.record_id || p.index) + " does not hash to its leaf");
        }
      }
      await verifyInclusion({ index: p.index, size: p.size, leafHash: p.leaf_hash, proof: p.proof, root: checkpoint.root });
    }
    return { checkpoint, count: proofs.length };
  }

  const documents = new Map(); // proofs document by address: fetched once for every element

  function proofDocument(src) {
    if (!documents.has(src)) {
      documents.set(src, fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } }).then((res) => {
        if (!res.ok) throw new ProofError("proofs could not be fetched (HTTP " + res.status + ")");
        return res.json();
      }));
    }
    return documents.get(src);
  }

  /** The proofs an element checks: the leaf named by data-proof-leaf (a decision's or a
   * response's) from the document's `records`, else the document's `proofs`. */
  function proofsFor(el, doc) {
    const leaf = el.dataset.proofLeaf;
    if (leaf === undefined) return doc.proofs;
    const proof = doc.records && doc.records[leaf];
    if (!proof || proof.index !== Number(leaf)) throw new ProofError("no inclusion proof of leaf " + leaf);
    return [proof];
  }

  /**
   * Check the element `el` whose data-proof-src names a JSON document
   * {checkpoint, vkey, origin, proofs, records}; set data-proof to "verified" or "failed" and
   * write a sentence into its [data-proof-text] child (texts from data-text-verified /
   * -failed). With data-proof-leaf it checks that one leaf's proof from `records`.
   */
  async function checkElement(el) {
    const sentence = el.querySelector("[data-proof-text]") || el;
    let outcome = "failed";
    let detail = "";
    try {
      const doc = await proofDocument(el.dataset.proofSrc);
      const result = await verifyRecords({ note: doc.checkpoint, vkey: doc.vkey, origin: doc.origin, proofs: proofsFor(el, doc) });
      outcome = "verified";
      detail = el.dataset.proofLeaf === undefined ? String(result.count) : el.dataset.proofLeaf;
      el.dataset.proofSize = String(result.checkpoint.size);
    } catch (err) {
      detail = err && err.message ? err.message : String(err);
    }
    const template = outcome === "verified" ? el.dataset.textVerified : el.dataset.textFailed;
    sentence.textContent = (template || outcome).replace("{n}", outcome === "verified" ? detail : "").replace("{reason}", detail);
    el.dataset.proof = outcome;
    return outcome;
  }

  global.TruceProof = {
    ProofError,
    leafHash,
    nodeHash,
    toHex,
    decodeHash,
    rootFromInclusionProof,
    verifyInclusion,
    parseNote,
    parseCheckpoint,
    parseVerifierKey,
    verifyCheckpoint,
    verifyRecords,
    checkElement,
  };

  if (global.document) {
    const run = () => document.querySelectorAll("[data-proof-src]").forEach((el) => checkElement(el));
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }
})(typeof window !== "undefined" ? window : self);
