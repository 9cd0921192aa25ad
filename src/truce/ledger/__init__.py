"""The evidence ledger: RFC 6962 Merkle maths, canonical entries, checkpoints, verification."""
