"""``truce keys``, ``truce ledger`` and ``truce verify``: the evidence ledger's commands.

``truce verify …`` exits 0 when verified and 1 with a one-line reason otherwise; the
``inclusion``, ``consistency`` and ``checkpoint`` checks need no database.
"""

from __future__ import annotations

import base64
import binascii
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from truce.cli import app
from truce.cli._common import DataOption
from truce.errors import InvalidInput, NotFound, VerificationError
from truce.ledger.checkpoint import cosign, verify_checkpoint
from truce.ledger.keys import VerifierKey, generate, load_signer, load_verifier, write_key_pair
from truce.ledger.mission import keys_dir, mission_signer, mission_verifier
from truce.ledger.verify import verify_consistency, verify_inclusion
from truce.settings import data_dir as resolve_data_dir
from truce.store import ledger as store_ledger
from truce.store import open_store
from truce.store.ledger_audit import audit_database

keys_app = typer.Typer(help="Signing keys (Ed25519, C2SP signed-note encodings).")
ledger_app = typer.Typer(help="The evidence ledger: checkpoints, cosignatures, proofs.")
prove_app = typer.Typer(help="Inclusion and consistency proofs as JSON (hex hashes).")
verify_app = typer.Typer(help="Verify proofs, checkpoints and the database (exit 0 or 1).")
ledger_app.add_typer(prove_app, name="prove")
app.add_typer(keys_app, name="keys")
app.add_typer(ledger_app, name="ledger")
app.add_typer(verify_app, name="verify")

KeyList = Annotated[
    list[str],
    typer.Option(
        "--key", help="Public key: signed-note vkey or .pub file; repeat or comma-separate."
    ),
]


def _hash(text: str, what: str) -> bytes:
    """A hash given as hex or base64 (empty allowed); undecodable input fails verification."""
    text = text.strip()
    try:
        if len(text) == 64 and all(c in "0123456789abcdefABCDEF" for c in text):
            return bytes.fromhex(text)
        return base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise VerificationError(f"{what} is neither hex nor base64: {text[:20]!r}") from exc


def _proof(text: str) -> list[bytes]:
    return [_hash(p, f"proof hash {n}") for n, p in enumerate(text.split(",")) if p.strip()]


def _keys(specs: list[str]) -> list[VerifierKey]:
    return [load_verifier(s.strip()) for spec in specs for s in spec.split(",") if s.strip()]


def _echo_json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2))


# --- keys ---------------------------------------------------------------------------------


@keys_app.command("generate")
def keys_generate(
    name: Annotated[str, typer.Argument(help="Key name, e.g. party-a.example/liaison.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for the key files (default DATA/keys).")
    ] = None,
    data: DataOption = None,
) -> None:
    """Write a new Ed25519 key pair: NAME.key (private, mode 0600) and NAME.pub."""
    signer = generate(name)
    path = write_key_pair(out or keys_dir(resolve_data_dir(data)), signer)
    typer.echo(f"private key: {path}")
    typer.echo(f"public key:  {path.with_suffix('.pub')}")
    typer.echo(signer.verifier.encode())


# --- ledger -------------------------------------------------------------------------------


@ledger_app.command("checkpoint")
def ledger_checkpoint(
    origin: Annotated[
        str | None,
        typer.Option(
            "--origin",
            envvar="TRUCE_LEDGER_ORIGIN",
            help="Origin line; fixed when the mission key is created "
            "(default truce.example/<data folder name>).",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write here.")] = None,
    data: DataOption = None,
) -> None:
    """Sign the current tree (C2SP checkpoint), store it and print it."""
    store = open_store(data)
    signer = mission_signer(store.data_dir, origin=origin)
    with store.begin() as conn:
        note = store_ledger.sign_current_tree(conn, signer=signer)
    if output is not None:
        output.write_text(note)
    typer.echo(note, nl=False)


@ledger_app.command("cosign")
def ledger_cosign(
    checkpoint: Annotated[str, typer.Argument(help="Signed checkpoint file, or - for stdin.")],
    key: Annotated[Path, typer.Option("--key", help="The cosigner's private key file.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default stdout).")
    ] = None,
) -> None:
    """Add a C2SP tlog-cosignature line to a checkpoint."""
    note = sys.stdin.read() if checkpoint == "-" else _read(Path(checkpoint))
    cosigned = cosign(note, load_signer(key), timestamp=int(time.time()))
    if output is not None:
        output.write_text(cosigned)
    else:
        typer.echo(cosigned, nl=False)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise NotFound(f"checkpoint file {path} does not exist") from exc


@prove_app.command("inclusion")
def prove_inclusion(
    index: Annotated[int, typer.Option("--index", help="Leaf index (0-based).")],
    size: Annotated[
        int | None, typer.Option("--size", help="Tree size (default: current).")
    ] = None,
    data: DataOption = None,
) -> None:
    """Inclusion proof of leaf I in the tree of size N, as JSON."""
    store = open_store(data)
    with store.connect() as conn:
        size = store_ledger.current_tree(conn).size if size is None else size
        proof = store_ledger.inclusion_proof(conn, index, size)
        leaf = store_ledger.leaf_at(conn, index)
        root = store_ledger.root_at(conn, size)
    _echo_json(
        {
            "index": index,
            "size": size,
            "kind": leaf.kind,
            "record_id": leaf.record_id,
            "leaf_hash": leaf.leaf_hash.hex(),
            "root": root.hex(),
            "proof": [h.hex() for h in proof],
        }
    )


@prove_app.command("consistency")
def prove_consistency(
    size1: Annotated[int, typer.Option("--from", help="Older tree size M.")],
    size2: Annotated[int, typer.Option("--to", help="Newer tree size N.")],
    data: DataOption = None,
) -> None:
    """Consistency proof from tree size M to N, as JSON."""
    store = open_store(data)
    with store.connect() as conn:
        proof = store_ledger.consistency_proof(conn, size1, size2)
        root1 = store_ledger.root_at(conn, size1)
        root2 = store_ledger.root_at(conn, size2)
    _echo_json(
        {
            "size1": size1,
            "size2": size2,
            "root1": root1.hex(),
            "root2": root2.hex(),
            "proof": [h.hex() for h in proof],
        }
    )


# --- verify -------------------------------------------------------------------------------


@verify_app.command("inclusion")
def verify_inclusion_cmd(
    leaf_hash: Annotated[str, typer.Option("--leaf-hash", help="Leaf hash, hex or base64.")],
    index: Annotated[int, typer.Option("--index")],
    size: Annotated[int, typer.Option("--size")],
    root: Annotated[str, typer.Option("--root", help="Root hash, hex or base64.")],
    proof: Annotated[str, typer.Option("--proof", help="H1,H2,… hex or base64.")] = "",
) -> None:
    """Verify an RFC 6962 inclusion proof (RFC 9162 §2.1.3.2); no database needed."""
    verify_inclusion(
        leaf_hash=_hash(leaf_hash, "leaf hash"),
        index=index,
        size=size,
        root=_hash(root, "root"),
        proof=_proof(proof),
    )
    typer.echo(f"verified: leaf {index} is in the tree of size {size}")


@verify_app.command("consistency")
def verify_consistency_cmd(
    size1: Annotated[int, typer.Option("--size1")],
    size2: Annotated[int, typer.Option("--size2")],
    root1: Annotated[str, typer.Option("--root1")],
    root2: Annotated[str, typer.Option("--root2")],
    proof: Annotated[str, typer.Option("--proof", help="H1,H2,… hex or base64.")] = "",
) -> None:
    """Verify an RFC 6962 consistency proof (RFC 9162 §2.1.4.2); no database needed."""
    verify_consistency(
        size1=size1,
        size2=size2,
        root1=_hash(root1, "root1"),
        root2=_hash(root2, "root2"),
        proof=_proof(proof),
    )
    typer.echo(f"verified: the tree of size {size2} extends the tree of size {size1}")


@verify_app.command("checkpoint")
def verify_checkpoint_cmd(
    file: Annotated[str, typer.Argument(help="Signed checkpoint file, or - for stdin.")],
    key: KeyList,
    threshold: Annotated[
        int | None, typer.Option("--threshold", help="Signatures needed (default: all keys).")
    ] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="Expected origin.")] = None,
) -> None:
    """Verify a checkpoint's signatures and cosignatures against named keys."""
    note = sys.stdin.read() if file == "-" else _read(Path(file))
    keys = _keys(key)
    cp = verify_checkpoint(note, keys=keys, threshold=threshold, origin=origin)
    typer.echo(
        f"verified: {cp.origin} size {cp.size} root {cp.root.hex()} "
        f"({threshold or len(keys)} of {len(keys)} keys)"
    )


@verify_app.command("database")
def verify_database_cmd(
    key: Annotated[
        list[str] | None,
        typer.Option("--key", help="Keys the checkpoint must be signed by (default: mission)."),
    ] = None,
    threshold: Annotated[int | None, typer.Option("--threshold")] = None,
    data: DataOption = None,
) -> None:
    """Recompute every leaf and the tree from the records; check the latest checkpoint."""
    store = open_store(data)
    keys = _keys(key or [])
    mission = mission_verifier(store.data_dir)
    if not keys and mission is not None:
        keys = [mission]
    with store.connect() as conn:
        has_checkpoint = store_ledger.latest_checkpoint(conn) is not None
        if has_checkpoint and not keys:
            raise InvalidInput("a checkpoint is stored but no key to verify it with: give --key")
        report = audit_database(conn, keys=keys, threshold=threshold)
    cp = report.checkpoint
    against = f"checkpoint of size {cp.size} verified" if cp else "no signed checkpoint yet"
    note = f"; not checked against records: {', '.join(report.unchecked_kinds)}"
    tail = note if report.unchecked_kinds else ""
    typer.echo(
        f"verified: {report.head.size} leaves, root {report.head.root.hex()}; {against}{tail}"
    )
