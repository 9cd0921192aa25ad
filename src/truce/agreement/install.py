"""Installing an agreement folder into a mission's data folder (``<data>/agreement``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from truce.agreement.loader import DOC_FILE, load_agreement
from truce.agreement.validate import validate_folder
from truce.agreement.versions import version_hash
from truce.errors import Conflict, ErrorDetail, InvalidInput

INSTALLED = "agreement"


def _hashes(folder: Path) -> list[str]:
    return [version_hash(a) for a in load_agreement(folder)]


def install_agreement(source: Path, data_dir: Path, *, replace: bool = False) -> Path:
    """Validate ``source`` and copy it to ``<data>/agreement``; return the installed folder.

    Raises :class:`InvalidInput` listing every error of the folder, and :class:`Conflict`
    when another agreement is installed and ``replace`` is false. Amendments are new version
    folders of the same agreement, so replacing is for a folder that gained versions.
    """
    errors = [p for p in validate_folder(source) if p.severity == "error"]
    if errors:
        raise InvalidInput(
            f"agreement folder {source} has {len(errors)} error(s)",
            details=[ErrorDetail(p.location, p.message) for p in errors],
        )
    target = data_dir / INSTALLED
    if (target / DOC_FILE).is_file():
        if _hashes(source) == _hashes(target):
            return target  # the same agreement, already installed
        if not replace:
            raise Conflict(
                f"an agreement is already installed in {target}",
                hint="use --replace to install a folder with more versions of it",
            )
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return target
