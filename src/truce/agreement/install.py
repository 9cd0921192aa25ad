"""Installing an agreement folder into a mission's data folder (``<data>/agreement``).

A folder is validated once, when it is installed. The copy then gets a manifest,
``.truce-install.json``: the canonical hash of every version (what the ledger records) and the
SHA-256 of every file. Commands load the installed copy with
:func:`truce.agreement.loader.load_installed`, which checks the files against the manifest
(milliseconds) instead of validating again (seconds on a long line).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from truce.agreement import _cache as index_cache
from truce.agreement._read import DOC_FILE
from truce.agreement.spatial import SpatialIndex
from truce.agreement.validate import validate_and_parse
from truce.agreement.versions import AgreementHistory
from truce.errors import Conflict, ErrorDetail, InvalidInput, NotFound, VerificationError

INSTALLED = "agreement"
MANIFEST = ".truce-install.json"
MANIFEST_FORMAT = "truce-agreement-install/1"


def validated_history(source: Path) -> AgreementHistory:
    """Validate ``source`` once and return its versions; raises :class:`InvalidInput` listing
    every error."""
    problems, versions = validate_and_parse(source)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInput(
            f"agreement folder {source} has {len(errors)} error(s)",
            details=[ErrorDetail((p.location,), p.message) for p in errors],
            hint=f"run: truce agreement validate {source}",
        )
    return AgreementHistory.of(versions)


def _file_hashes(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The install manifest of ``folder`` (``None``: none); raises
    :class:`~truce.errors.VerificationError` when it is unreadable."""
    return _read_manifest(folder)


def _file_sizes(folder: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    todo = [(folder, "")]
    while todo:
        where, rel = todo.pop()
        with os.scandir(where) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append((Path(entry.path), f"{rel}{entry.name}/"))
                elif entry.name != MANIFEST or rel:
                    out[f"{rel}{entry.name}"] = entry.stat().st_size
    return dict(sorted(out.items()))


#: Files up to this size are hashed when a command loads the installed copy; larger ones
#: (long layers, index caches) when they are read (:func:`check_listing`).
EAGER_BYTES = 1 << 16


def check_listing(folder: Path, data: dict[str, Any], *, registered: dict[int, str] | None) -> None:
    """The quick check a command makes on loading an installed copy whose manifest records
    sizes: no file added, removed or resized, the small files' SHA-256 (yaml documents, short
    layers) and the versions against ``registered``. A larger file is checked when read
    (:func:`verify_files`, :class:`truce.agreement._cache.Cache`): nothing unchecked is used.
    Raises :class:`~truce.errors.VerificationError` naming the file."""
    want: dict[str, int] = data["sizes"]
    have = _file_sizes(folder)
    for name in sorted(set(want) | set(have)):
        if want.get(name) != have.get(name) or (
            have[name] <= EAGER_BYTES and _sha256(folder / name) != data["files"].get(name)
        ):
            _changed(name, want, have)
    _check_registered(data, registered)


def verify_files(folder: Path, data: dict[str, Any], names: list[str]) -> None:
    """Check files of the installed copy against the manifest's SHA-256 before they are read."""
    for name in names:
        if _sha256(folder / name) != data["files"].get(name):
            _changed(name, data["files"], {name: 0})


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _changed(name: str, want: dict[str, Any], have: dict[str, Any]) -> None:
    state = "added" if name not in want else "removed" if name not in have else "changed"
    raise VerificationError(
        f"installed agreement file {name} was {state} after installation", hint=_HINT
    )


def _check_registered(data: dict[str, Any], registered: dict[int, str] | None) -> None:
    for version, digest in (registered or {}).items():
        mine = data["versions"].get(str(version))
        if mine is not None and mine != digest:
            raise VerificationError(
                f"installed version {version} differs from the version in the ledger", hint=_HINT
            )


_HINT = "install the agreement again: truce init --agreement DIR --replace"


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VerificationError(f"install manifest {path} is unreadable: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise VerificationError(f"install manifest {path} has an unknown format")
    return data


def manifest_versions(folder: Path) -> dict[int, str] | None:
    """Version -> canonical hash recorded when ``folder`` was installed (``None``: no
    manifest, an installation older than manifests)."""
    data = _read_manifest(folder)
    if data is None:
        return None
    return {int(k): str(v) for k, v in data["versions"].items()}


def check_manifest(folder: Path, *, registered: dict[int, str] | None = None) -> bool:
    """Check the installed files against the manifest; ``False`` when there is none.

    Raises :class:`~truce.errors.NotFound` when nothing is installed in ``folder`` and
    :class:`~truce.errors.VerificationError` naming the first added, removed or changed file,
    or the version whose hash differs from ``registered`` (version -> hash in the ledger).
    """
    if not (folder / DOC_FILE).is_file():
        raise NotFound(f"no agreement is installed in {folder}", hint="truce init --agreement DIR")
    data = _read_manifest(folder)
    if data is None:
        return False
    hint = "install the agreement again: truce init --agreement DIR --replace"
    want: dict[str, str] = data["files"]
    have = _file_hashes(folder)
    for name in sorted(set(want) | set(have)):
        if want.get(name) != have.get(name):
            state = "added" if name not in want else "removed" if name not in have else "changed"
            raise VerificationError(
                f"installed agreement file {name} was {state} after installation", hint=hint
            )
    for version, digest in (registered or {}).items():
        mine = data["versions"].get(str(version))
        if mine is not None and mine != digest:
            raise VerificationError(
                f"installed version {version} differs from the version in the ledger", hint=hint
            )
    return True


def write_caches(folder: Path, history: AgreementHistory) -> dict[str, str]:
    """Write every version's index cache (:mod:`truce.agreement._cache`) into ``folder``;
    version -> file name."""
    names: dict[str, str] = {}
    for a in history:
        name = index_cache.folder_name(a.version)
        index_cache.write(folder / name, SpatialIndex(a), history.digest(a))
        names[str(a.version)] = name
    return names


def _write_manifest(folder: Path, history: AgreementHistory) -> None:
    """The manifest, with every version's index cache written first (so that the manifest's
    SHA-256 covers it) and effective time (so that a command can pick a version unparsed)."""
    for stale in folder.glob(".truce-index-v*"):
        shutil.rmtree(stale)
    indexes = write_caches(folder, history)
    manifest = {
        "format": MANIFEST_FORMAT,
        "agreement": history.id,
        "versions": {str(a.version): history.digest(a) for a in history},
        "effective": {str(a.version): a.effective.isoformat() for a in history},
        "indexes": indexes,
        "files": _file_hashes(folder),
        "sizes": _file_sizes(folder),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def install_agreement(source: Path, data_dir: Path, *, replace: bool = False) -> Path:
    """:func:`install` returning only the installed folder (the earlier interface)."""
    return install(source=source, data_dir=data_dir, replace=replace)[0]


def install(
    *,
    source: Path,
    data_dir: Path,
    replace: bool = False,
    history: AgreementHistory | None = None,
) -> tuple[Path, AgreementHistory]:
    """Validate ``source`` (once) and copy it to ``<data>/agreement`` with its manifest; return
    the installed folder and its versions (register those in the ledger; no need to load again).

    Raises :class:`InvalidInput` listing every error of the folder, and :class:`Conflict`
    when another agreement is installed and ``replace`` is false. Amendments are new version
    folders of the same agreement, so replacing is for a folder that gained versions.
    ``history`` is what :func:`validated_history` returned for ``source`` when the caller
    validated it already (``truce init`` does, before it creates anything).
    """
    if history is None:
        history = validated_history(source)
    hashes = {a.version: history.digest(a) for a in history}
    target = data_dir / INSTALLED
    if (target / DOC_FILE).is_file():
        installed = manifest_versions(target)
        if installed is None:  # installed before manifests existed
            old = validated_history(target)
            installed = {a.version: old.digest(a) for a in old}
        if installed == hashes:  # the same agreement, already installed
            manifest = _read_manifest(target)
            if not check_manifest(target) or "indexes" not in (manifest or {}):
                _write_manifest(target, history)  # an older installation: add what it lacks
            return target, history
        if not replace:
            raise Conflict(
                f"an agreement is already installed in {target}",
                hint="use --replace to install a folder with more versions of it",
            )
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".agreement-", dir=data_dir))
    try:
        copy = staging / INSTALLED
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns(MANIFEST))
        _write_manifest(copy, history)
        if target.exists():
            shutil.rmtree(target)
        copy.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target, history
