"""``truce keys``, ``truce ledger`` and ``truce verify``: the evidence ledger's commands.

``truce verify …`` exits 0 when verified and 1 with a one-line reason otherwise; the
``inclusion``, ``consistency`` and ``checkpoint`` checks need no database.
"""

from __future__ import annotations

import base64
import binascii
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from truce.cli import app
from truce.cli._common import DataOption, open_mission
from truce.errors import InvalidInput, NotFound, VerificationError
from truce.services import ledger as ledger_service

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


def _echo_json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2))


# --- keys ---------------------------------------------------------------------------------


@keys_app.command("generate")
def keys_generate(
    name: Annotated[str, typer.Argument(help="Key name, e.g. party-a.example/liaison.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", "--out", help="Folder for the key files (default DATA/keys)."
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Write a new cosigner key pair: NAME.key (private, mode 0600) and NAME.pub.

    The .pub is the C2SP tlog-cosignature verifier key (vkey type 0x04): its key ID is the
    one on the cosignature lines `truce ledger cosign` writes with this key.
    """
    pair = ledger_service.generate_key(name=name, out_dir=out, data_dir=data)
    typer.echo(f"private key: {pair.private_path}")
    typer.echo(f"public key:  {pair.public_path}")
    typer.echo(pair.verifier)


# --- ledger -------------------------------------------------------------------------------


@ledger_app.command("checkpoint")
def ledger_checkpoint(
    origin: Annotated[
        str | None,
        typer.Option(
            "--origin",
            envvar="TRUCE_LEDGER_ORIGIN",
            help="Origin line; fixed when the mission key is created "
            "(default truce.example/<data folder name>-<random mission id>).",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write here.")] = None,
    data: DataOption = None,
) -> None:
    """Sign the current tree (C2SP checkpoint), store it and print it."""
    with open_mission(data) as mission:
        note = ledger_service.checkpoint(mission=mission, origin=origin)
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
    cosigned = ledger_service.cosign(note=note, key_file=key)
    if output is not None:
        output.write_text(cosigned)
    else:
        typer.echo(cosigned, nl=False)


def _read(path: Path, *, what: str = "checkpoint file") -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise NotFound(f"{what} {path} does not exist") from exc


@prove_app.command("inclusion")
def prove_inclusion(
    index: Annotated[int, typer.Option("--index", help="Leaf index (0-based).")],
    size: Annotated[
        int | None, typer.Option("--size", help="Tree size (default: current).")
    ] = None,
    data: DataOption = None,
) -> None:
    """Inclusion proof of leaf I in the tree of size N, as JSON."""
    with open_mission(data) as mission:
        proof = ledger_service.inclusion_proof(mission=mission, index=index, size=size)
    _echo_json(proof.as_dict())


@prove_app.command("consistency")
def prove_consistency(
    size1: Annotated[int, typer.Option("--from", help="Older tree size M.")],
    size2: Annotated[int, typer.Option("--to", help="Newer tree size N.")],
    data: DataOption = None,
) -> None:
    """Consistency proof from tree size M to N, as JSON."""
    with open_mission(data) as mission:
        proof = ledger_service.consistency_proof(mission=mission, size1=size1, size2=size2)
    _echo_json(proof.as_dict())


# --- verify -------------------------------------------------------------------------------


ProofFile = Annotated[
    str | None,
    typer.Argument(
        help="JSON of truce ledger prove (a file, or - for stdin); options override its fields.",
        show_default=False,
    ),
]


def _proof_json(source: str | None) -> dict[str, Any]:
    """The fields of a ``truce ledger prove`` JSON (empty without ``source``)."""
    if source is None:
        return {}
    text = sys.stdin.read() if source == "-" else _read(Path(source), what="proof file")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"proof: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(value, dict):
        raise InvalidInput("proof: expected the JSON object truce ledger prove prints")
    return value


def _field(given: Any, proof: dict[str, Any], key: str, option: str) -> Any:
    value = given if given is not None else proof.get(key)
    if value is None:
        raise InvalidInput(f"{option}: missing (give it, or a proof JSON holding {key!r})")
    return value


def _int(value: Any, option: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput(f"{option}: not an integer: {value!r}")
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"{option}: not an integer: {value!r}") from None


def _path(given: str | None, proof: dict[str, Any]) -> list[bytes]:
    if given is not None:
        return _proof(given)
    hashes = proof.get("proof", [])
    if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
        raise InvalidInput("proof: 'proof' must be a list of hex hashes")
    return [_hash(h, f"proof hash {n}") for n, h in enumerate(hashes)]


@verify_app.command("inclusion")
def verify_inclusion_cmd(
    proof_file: ProofFile = None,
    leaf_hash: Annotated[
        str | None, typer.Option("--leaf-hash", help="Leaf hash, hex or base64.")
    ] = None,
    index: Annotated[int | None, typer.Option("--index", help="Leaf index (0-based).")] = None,
    size: Annotated[int | None, typer.Option("--size", help="Tree size of the proof.")] = None,
    root: Annotated[
        str | None, typer.Option("--root", help="Root hash, hex or base64 (a checkpoint's).")
    ] = None,
    proof: Annotated[
        str | None, typer.Option("--proof", help="Audit path H1,H2,… hex or base64.")
    ] = None,
) -> None:  # fmt: skip
    """Verify an RFC 6962 inclusion proof (RFC 9162 §2.1.3.2); no database needed.

    Give the fields as options, or the JSON of ``truce ledger prove inclusion`` as PROOF_FILE
    (``truce ledger prove inclusion --index 5 | truce verify inclusion - --root R``).
    """
    doc = _proof_json(proof_file)
    i = _int(_field(index, doc, "index", "--index"), "--index")
    n = _int(_field(size, doc, "size", "--size"), "--size")
    ledger_service.verify_inclusion(
        leaf_hash=_hash(str(_field(leaf_hash, doc, "leaf_hash", "--leaf-hash")), "leaf hash"),
        index=i,
        size=n,
        root=_hash(str(_field(root, doc, "root", "--root")), "root"),
        proof=_path(proof, doc),
    )
    typer.echo(f"verified: leaf {i} is in the tree of size {n}")


@verify_app.command("consistency")
def verify_consistency_cmd(
    proof_file: ProofFile = None,
    size1: Annotated[
        int | None, typer.Option("--from", "--size1", help="Older tree size M.")
    ] = None,
    size2: Annotated[int | None, typer.Option("--to", "--size2", help="Newer tree size N.")] = None,
    root1: Annotated[
        str | None, typer.Option("--root1", help="Root of the older tree, hex or base64.")
    ] = None,
    root2: Annotated[
        str | None, typer.Option("--root2", help="Root of the newer tree, hex or base64.")
    ] = None,
    proof: Annotated[
        str | None, typer.Option("--proof", help="Consistency path H1,H2,… hex or base64.")
    ] = None,
) -> None:
    """Verify an RFC 6962 consistency proof (RFC 9162 §2.1.4.2); no database needed.

    Give the fields as options (``--from/--to`` as in ``truce ledger prove consistency``;
    ``--size1/--size2`` are accepted too), or the JSON of ``truce ledger prove consistency``
    as PROOF_FILE (a file, or - for stdin).
    """
    doc = _proof_json(proof_file)
    m = _int(_field(size1, doc, "size1", "--from"), "--from")
    n = _int(_field(size2, doc, "size2", "--to"), "--to")
    ledger_service.verify_consistency(
        size1=m,
        size2=n,
        root1=_hash(str(_field(root1, doc, "root1", "--root1")), "root1"),
        root2=_hash(str(_field(root2, doc, "root2", "--root2")), "root2"),
        proof=_path(proof, doc),
    )
    typer.echo(f"verified: the tree of size {n} extends the tree of size {m}")


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
    keys = ledger_service.load_keys(key)
    cp = ledger_service.verify_checkpoint(note, keys=keys, threshold=threshold, origin=origin)
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
    threshold: Annotated[
        int | None, typer.Option("--threshold", help="Signatures needed (default: all keys).")
    ] = None,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            help="A signed checkpoint held outside the database (a party's or witness's "
            "cosigned copy): the database must still have its tree; repeatable.",
        ),
    ] = None,
    derived: Annotated[
        bool,
        typer.Option(
            "--derived/--no-derived",
            help="Also recompute incidents and violations (a fuse and a check) and compare.",
        ),
    ] = True,
    data: DataOption = None,
) -> None:
    """Recompute every leaf, column, tile and checkpoint from the records; name what differs."""
    with open_mission(data) as mission:
        result = ledger_service.audit(
            mission=mission,
            keys=key or [],
            threshold=threshold,
            checkpoints=checkpoint or [],
            derived=derived,
        )
    report = result.audit
    cp = report.checkpoint
    against = f"checkpoint of size {cp.size} verified" if cp else "no signed checkpoint yet"
    outside = "".join(f"; outside checkpoint of size {o.size} consistent" for o in report.outside)
    d = result.derived
    recomputed = f"; {d.incidents} incidents, {d.violations} violations recomputed" if d else ""
    typer.echo(
        f"verified: {report.head.size} leaves, root {report.head.root.hex()}; {against}"
        f"{outside}{recomputed}"
    )
    for code, params in d.warnings if d else ():
        if code == "not_fused":
            typer.echo(
                f"warning: no incident is stored, the observations give {params['incidents']}: "
                "not fused yet, or every incident was deleted (truce fuse)",
                err=True,
            )
        elif code == "not_checked":
            typer.echo(
                f"warning: no violation is stored, the check gives {params['violations']}: "
                "not checked yet, or every violation was deleted (truce check)",
                err=True,
            )
    for code, params in report.warnings:
        if code == "unsigned_leaves":
            typer.echo(
                f"warning: leaves {params['first']}..{params['last']} are past the latest signed "
                f"checkpoint (size {params['signed']}): nothing outside the database vouches "
                "for them yet (truce ledger checkpoint)",
                err=True,
            )
