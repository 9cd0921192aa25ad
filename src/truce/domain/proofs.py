"""Ledger results as plain records: tree heads and proofs (hashes as bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """RFC 6962 §2.1.1 audit path of leaf ``index`` in the tree of ``size``."""

    index: int
    size: int
    kind: str
    record_id: str
    leaf_hash: bytes
    root: bytes
    proof: tuple[bytes, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON with hex hashes (``truce ledger prove inclusion``)."""
        return {
            "index": self.index,
            "size": self.size,
            "kind": self.kind,
            "record_id": self.record_id,
            "leaf_hash": self.leaf_hash.hex(),
            "root": self.root.hex(),
            "proof": [h.hex() for h in self.proof],
        }


@dataclass(frozen=True, slots=True)
class ConsistencyProof:
    """RFC 6962 §2.1.2 proof that the tree of ``size2`` extends the tree of ``size1``."""

    size1: int
    size2: int
    root1: bytes
    root2: bytes
    proof: tuple[bytes, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "size1": self.size1,
            "size2": self.size2,
            "root1": self.root1.hex(),
            "root2": self.root2.hex(),
            "proof": [h.hex() for h in self.proof],
        }


@dataclass(frozen=True, slots=True)
class TreeState:
    """The committed tree: size and RFC 6962 root."""

    size: int
    root: bytes


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A generated key pair: where the files are, and the verifier key (signed-note text)."""

    private_path: str
    public_path: str
    verifier: str
