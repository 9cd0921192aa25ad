"""The mission's identity and the integrity check: the services behind ``truce init``'s key,
``truce ledger checkpoint``'s signer and ``truce verify database``.

The identity (origin and verifier key) is pinned in the database once, when the mission is
created; a data folder whose key is not the pinned one refuses to sign, and a folder without a
key never makes one for a mission that already has one (issue: a second folder on a shared
PostgreSQL database signed the real mission's tree with a key of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from truce.errors import ConfigurationError, InvalidInput, NotFound, VerificationError
from truce.ledger.keys import Signer, VerifierKey
from truce.ledger.mission import check_signer, keys_dir, mission_signer, mission_verifier
from truce.services.derived_check import DerivedReport, check_derived
from truce.services.mission import Mission
from truce.store import Store
from truce.store.identity_tables import lock_identity, pin_identity, read_identity
from truce.store.ledger_audit import AuditReport, OutsideCheckpoint, audit_database

__all__ = ["DatabaseReport", "pin_mission", "signing_key", "verify_database"]


def pin_mission(*, mission: Mission, origin: str | None = None) -> VerifierKey | None:
    """Create the mission key if needed and pin it in the database; return it when newly
    pinned (to print once), ``None`` when the database already had it."""
    return _pin(mission.store, origin)


def _pin(store: Store, origin: str | None) -> VerifierKey | None:
    with store.begin() as conn:
        lock_identity(conn)
        pinned = read_identity(conn)
        if pinned is not None:
            signer = _folder_signer(store, pinned)
            if signer is not None:
                check_signer(signer, pinned, store.data_dir)
            return None
        signer = mission_signer(store.data_dir, origin=origin)
        pin_identity(conn, signer.verifier)
    return signer.verifier


def _folder_signer(store: Store, pinned: VerifierKey) -> Signer | None:
    try:
        return mission_signer(store.data_dir, create=False)
    except NotFound:
        return None


def signing_key(*, mission: Mission, origin: str | None = None) -> Signer:
    """The folder's mission key, checked against the pinned identity (pinned now if none is).

    Raises :class:`~truce.errors.ConfigurationError` when the folder's key is not the
    mission's, or when the folder has none and the mission already has one.
    """
    store = mission.store
    with store.connect() as conn:
        pinned = read_identity(conn)
    if pinned is None:
        _pin(store, origin)
        return mission_signer(store.data_dir, origin=origin, create=False)
    signer = _folder_signer(store, pinned)
    if signer is None:
        raise ConfigurationError(
            f"no mission key in {keys_dir(store.data_dir)}; this mission's key is "
            f"{pinned.encode()} (pinned in its database): refusing to make another",
            hint="sign from the data folder that holds the mission's key",
        )
    check_signer(signer, pinned, store.data_dir)
    if origin is not None and origin != pinned.name:
        raise ConfigurationError(
            f"origin {origin!r} differs from the mission's {pinned.name!r}",
            hint="the origin is fixed when the mission is created",
        )
    return signer


@dataclass(frozen=True, slots=True)
class DatabaseReport:
    audit: AuditReport
    #: The key the stored checkpoints were checked against, if any.
    mission: VerifierKey | None
    #: The recomputed derived records (``None`` when not asked for).
    derived: DerivedReport | None = None


def _mission_key(store: Store, pinned: VerifierKey | None) -> VerifierKey | None:
    folder = mission_verifier(store.data_dir)
    if pinned is not None and folder is not None and folder.public != pinned.public:
        raise VerificationError(
            f"the mission identity in the database ({pinned.encode()}) is not the key in "
            f"{keys_dir(store.data_dir)} ({folder.encode()}): the database's identity was "
            "replaced, or this folder is another mission's"
        )
    return pinned or folder


def _read_note(path: Path) -> OutsideCheckpoint:
    try:
        return OutsideCheckpoint(str(path), path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound(f"checkpoint file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"checkpoint file {path} cannot be read: {exc}") from None


def verify_database(
    *,
    mission: Mission,
    keys: Sequence[VerifierKey] = (),
    threshold: int | None = None,
    checkpoints: Sequence[Path] = (),
    derived: bool = True,
) -> DatabaseReport:
    """Check every record, tile and checkpoint of the mission's database (one snapshot);
    with ``derived``, recompute incidents and violations from them and compare.

    ``keys`` (default: the mission's pinned key) must have signed the latest stored
    checkpoint and each outside one in ``checkpoints``. Raises
    :class:`~truce.errors.VerificationError` naming what was altered.
    """
    outside = [_read_note(p) for p in checkpoints]
    store = mission.store
    with store.connect() as conn:
        pinned = _mission_key(store, read_identity(conn))
        has_checkpoint = conn.exec_driver_sql("SELECT 1 FROM ledger_checkpoints LIMIT 1").first()
        if (has_checkpoint or outside) and not keys and pinned is None:
            raise InvalidInput("a checkpoint is stored but no key to verify it with: give --key")
        report = audit_database(
            conn,
            keys=list(keys) or ([pinned] if pinned else []),
            threshold=threshold,
            mission=pinned,
            outside=outside,
        )
    return DatabaseReport(report, pinned, check_derived(store=store) if derived else None)
