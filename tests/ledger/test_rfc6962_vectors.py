"""Every RFC 6962 test vector (transparency-dev/merkle testdata, see COMMIT there).

The verifier must accept exactly the cases with ``wantErr: false``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.conftest import TEST_DATA
from truce.errors import VerificationError
from truce.ledger.verify import verify_consistency, verify_inclusion

DATA = TEST_DATA / "rfc6962"  # vendored with its LICENSE and COMMIT


def _cases(kind: str) -> list[Any]:
    files = sorted((DATA / kind).rglob("*.json"))
    if not files:
        raise FileNotFoundError(f"no RFC 6962 test vectors in {DATA / kind}")
    return [pytest.param(json.loads(f.read_text()), id=str(f.relative_to(DATA))) for f in files]


def _b(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def _proof(value: list[str] | None) -> list[bytes]:
    return [_b(p) for p in value or []]


def test_vectors_present() -> None:
    assert len(_cases("inclusion")) > 50
    assert len(_cases("consistency")) > 50


@pytest.mark.parametrize("case", _cases("inclusion"))
def test_inclusion_vector(case: dict[str, Any]) -> None:
    def run() -> None:
        verify_inclusion(
            leaf_hash=_b(case["leafHash"]),
            index=case["leafIdx"],
            size=case["treeSize"],
            root=_b(case["root"]),
            proof=_proof(case["proof"]),
        )

    if case["wantErr"]:
        with pytest.raises(VerificationError):
            run()
    else:
        run()


@pytest.mark.parametrize("case", _cases("consistency"))
def test_consistency_vector(case: dict[str, Any]) -> None:
    def run() -> None:
        verify_consistency(
            size1=case["size1"],
            size2=case["size2"],
            root1=_b(case["root1"]),
            root2=_b(case["root2"]),
            proof=_proof(case["proof"]),
        )

    if case["wantErr"]:
        with pytest.raises(VerificationError):
            run()
    else:
        run()
