"""The mission's own signing key in the data folder, and the checkpoint origin.

Layout: ``<data>/keys/mission.key`` (signer key, mode 0600) and ``<data>/keys/mission.pub``
(signed-note verifier key). The key's name is the checkpoint origin line, by default
``truce.example/<name of the data folder>``; choose another with ``--origin`` or
``TRUCE_LEDGER_ORIGIN`` when the key is first created (``truce ledger checkpoint`` creates
it when missing). Party and witness keys made with ``truce keys generate NAME`` go to
``<data>/keys/<NAME>.key`` / ``.pub`` (``/`` and ``:`` in NAME become ``_``).
"""

from __future__ import annotations

from pathlib import Path

from truce.errors import ConfigurationError, NotFound
from truce.ledger.keys import Signer, VerifierKey, generate, load_signer, load_verifier
from truce.ledger.keys import write_key_pair as _write

__all__ = ["MISSION_KEY_STEM", "default_origin", "keys_dir", "mission_signer", "mission_verifier"]

MISSION_KEY_STEM = "mission"


def keys_dir(data_dir: Path) -> Path:
    return data_dir / "keys"


def default_origin(data_dir: Path) -> str:
    return f"truce.example/{data_dir.resolve().name or 'mission'}"


def mission_signer(data_dir: Path, *, origin: str | None = None, create: bool = True) -> Signer:
    """The mission's signing key, created (named ``origin``) when missing and ``create``.

    Raises :class:`~truce.errors.ConfigurationError` when ``origin`` differs from the name of
    the existing key (the origin of a log never changes).
    """
    path = keys_dir(data_dir) / f"{MISSION_KEY_STEM}.key"
    if not path.exists():
        if not create:
            raise NotFound(f"no mission key at {path}", hint="run `truce ledger checkpoint`")
        _write(keys_dir(data_dir), generate(origin or default_origin(data_dir)), stem="mission")
    signer = load_signer(path)
    if origin is not None and origin != signer.name:
        raise ConfigurationError(
            f"origin {origin!r} differs from the mission key's name {signer.name!r}",
            hint="the origin is fixed when the mission key is created",
        )
    return signer


def mission_verifier(data_dir: Path) -> VerifierKey | None:
    """The mission's public key from ``<data>/keys/mission.pub``, or ``None`` if absent."""
    path = keys_dir(data_dir) / f"{MISSION_KEY_STEM}.pub"
    return load_verifier(str(path)) if path.is_file() else None
