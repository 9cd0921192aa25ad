"""The mission's agreement: validate, install, its versions, and locating points against it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from truce.agreement import (
    AgreementHistory,
    Problem,
    load_agreement,
    validate_folder,
)
from truce.agreement.install import install as install_folder
from truce.agreement.install import validated_history
from truce.agreement.loader import load_default
from truce.services.compliance import register_versions
from truce.services.mission import Mission
from truce.settings import data_dir as resolve_data_dir

__all__ = [
    "Installed",
    "Problem",
    "checked",
    "history",
    "install",
    "load",
    "locate",
    "validate",
]


@dataclass(frozen=True, slots=True)
class Installed:
    """An installed agreement: where, and the versions entered in the ledger now."""

    folder: Path
    agreement_id: str
    registered: tuple[int, ...]


def validate(*, folder: Path) -> list[Problem]:
    """Every problem of an agreement folder (errors and warnings), with file and path."""
    return validate_folder(folder)


def checked(*, folder: Path) -> AgreementHistory:
    """The versions of an agreement folder, validated; raises
    :class:`~truce.errors.InvalidInput` listing every error (nothing is written)."""
    return validated_history(folder)


def install(
    *,
    mission: Mission,
    source: Path,
    replace: bool = False,
    validated: AgreementHistory | None = None,
) -> Installed:
    """Validate ``source`` (unless ``validated`` is :func:`checked`'s result for it), install
    it in ``<data>/agreement`` and enter its versions in the ledger (kind
    ``agreement_version``)."""
    folder, hist = install_folder(
        source=source, data_dir=mission.data_dir, replace=replace, history=validated
    )
    mission.use_agreement(hist)
    new = register_versions(store=mission.store, history=hist)
    return Installed(folder=folder, agreement_id=hist.id, registered=new)


def history(*, mission: Mission) -> AgreementHistory:
    """Every installed version (raises :class:`~truce.errors.NoAgreement` when none is)."""
    return mission.agreement


def load(*, folder: Path | None = None, data_dir: Path | None = None) -> AgreementHistory:
    """An agreement folder's versions: ``folder`` (validated), else the data folder's installed
    agreement (checked against its manifest), else the demo agreement (``truce agreement
    locate`` needs no mission)."""
    if folder is not None:
        return load_agreement(folder)
    return load_default(resolve_data_dir(data_dir))


def locate(
    *,
    agreement: AgreementHistory,
    lon: Sequence[float],
    lat: Sequence[float],
    at: datetime | None = None,
) -> list[dict[str, Any]]:
    """Distance to the contact line (metres, geodesic), side, region and zones of each point,
    against the version in force at ``at`` (default: the latest). An installed agreement
    answers from its index cache, its GeoJSON left unparsed."""
    if not lon:
        return []
    index = agreement.index(agreement.number_in_force(at))
    return index.locate(list(lon), list(lat)).records()
