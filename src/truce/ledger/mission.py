"""The mission's own signing key in the data folder, and the checkpoint origin.

Layout: ``<data>/keys/mission.key`` (signer key, mode 0600) and ``<data>/keys/mission.pub``
(signed-note verifier key). The key's name is the checkpoint origin line, by default
``truce.example/<name of the data folder>-<random mission id>`` (:func:`new_origin`: two
missions in folders of the same name never share an origin); choose another with ``--origin``
or ``TRUCE_LEDGER_ORIGIN`` when the key is first created (``truce init``). A mission keeps
the origin of its key, whatever default later versions use. Party and witness keys made with
``truce keys generate NAME`` go to ``<data>/keys/<NAME>.key`` / ``.pub`` (``/`` and ``:`` in
NAME become ``_``).

The mission's identity (origin and verifier key) is pinned in its database when the mission
is created (:mod:`truce.store.identity_tables`): :func:`check_signer` refuses a folder whose
key is not the pinned one, so a second data folder on a shared PostgreSQL database can never
sign the mission's tree with a key of its own.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from truce.errors import ConfigurationError, NotFound
from truce.ledger.keys import Signer, VerifierKey, generate, load_signer, write_public
from truce.ledger.keys import write_key_pair as _write

__all__ = [
    "MISSION_KEY_STEM",
    "check_signer",
    "default_origin",
    "keys_dir",
    "mission_signer",
    "mission_verifier",
    "new_origin",
]

MISSION_KEY_STEM = "mission"


def keys_dir(data_dir: Path) -> Path:
    return data_dir / "keys"


def default_origin(data_dir: Path) -> str:
    """The folder's name under ``truce.example/``: what :attr:`Mission.origin` shows for a
    mission whose key is not made yet (the key itself is named by :func:`new_origin`)."""
    return f"truce.example/{data_dir.resolve().name or 'mission'}"


def new_origin(data_dir: Path) -> str:
    """The origin of a new mission key: ``truce.example/<folder name>-<mission id>``, the id
    48 random bits in hex (a C2SP checkpoint origin: no spaces, no ``+``; issue 11.11)."""
    return f"{default_origin(data_dir)}-{secrets.token_hex(6)}"


def _key_path(data_dir: Path) -> Path:
    return keys_dir(data_dir) / f"{MISSION_KEY_STEM}.key"


def mission_signer(data_dir: Path, *, origin: str | None = None, create: bool = True) -> Signer:
    """The mission's signing key, created (named ``origin``) when missing and ``create``.

    Raises :class:`~truce.errors.ConfigurationError` when ``origin`` differs from the name of
    the existing key (the origin of a log never changes).
    """
    path = _key_path(data_dir)
    if not path.exists():
        if not create:
            raise NotFound(f"no mission key at {path}", hint="run `truce init`")
        _write(keys_dir(data_dir), generate(origin or new_origin(data_dir)), stem="mission")
    signer = load_signer(path)
    if not path.with_suffix(".pub").is_file():  # a crash between the .key and the .pub
        write_public(path)
    if origin is not None and origin != signer.name:
        raise ConfigurationError(
            f"origin {origin!r} differs from the mission key's name {signer.name!r}",
            hint="the origin is fixed when the mission key is created",
        )
    return signer


def mission_verifier(data_dir: Path) -> VerifierKey | None:
    """The public key of the folder's mission key (from the ``.key``), or ``None`` if absent."""
    path = _key_path(data_dir)
    return load_signer(path).verifier if path.is_file() else None


def check_signer(signer: Signer, pinned: VerifierKey, data_dir: Path) -> None:
    """Refuse to sign for a mission whose pinned key is not ``signer``'s."""
    if signer.verifier.public != pinned.public or signer.name != pinned.name:
        raise ConfigurationError(
            f"the mission key in {keys_dir(data_dir)} ({signer.verifier.encode()}) is not this "
            f"mission's key ({pinned.encode()}, pinned in its database): refusing to sign",
            hint="sign from the data folder that holds the mission's key",
        )
