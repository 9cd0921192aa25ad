"""Loading an agreement folder.

Layout: a folder with ``agreement.yaml`` and the GeoJSON layers it names is one version; its
amendments (or earlier versions) are further complete version folders under ``versions/<n>/``.
:func:`load_agreement` validates everything first (:func:`truce.agreement.validate.validate_folder`)
and raises :class:`~truce.errors.InvalidInput` listing every problem with its file and path.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from truce.agreement.models import (
    Agreement,
    AgreementDoc,
    ControlledArea,
    Feature,
    HoldingArea,
    LineFeature,
    RegionArea,
    Site,
    Zone,
)
from truce.agreement.versions import AgreementHistory
from truce.errors import ErrorDetail, InvalidInput, NotFound

DOC_FILE = "agreement.yaml"
VERSIONS_DIR = "versions"


def demo_agreement_dir() -> Path:
    """The demo agreement shipped with Truce."""
    return Path(str(resources.files("truce") / "data" / "agreements" / "demo"))


def default_agreement_dir(data_dir: Path | None) -> Path:
    """The mission's installed agreement (``<data>/agreement``) if there is one, else the demo."""
    if data_dir is not None and (data_dir / "agreement" / DOC_FILE).is_file():
        return data_dir / "agreement"
    return demo_agreement_dir()


def version_folders(path: Path) -> list[Path]:
    """The version folders of an agreement folder: itself and ``versions/*``."""
    if not (path / DOC_FILE).is_file():
        raise NotFound(f"no {DOC_FILE} in {path}", hint="give the folder of an agreement")
    extra = sorted(p for p in (path / VERSIONS_DIR).glob("*") if (p / DOC_FILE).is_file())
    return [path, *extra]


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _features(path: Path, model: type[Feature]) -> tuple[Any, ...]:
    fc = read_json(path)
    return tuple(
        model.model_validate({**(f.get("properties") or {}), "geometry": f["geometry"]})
        for f in fc["features"]
    )


def parse_version(folder: Path) -> Agreement:
    """One version folder as an :class:`Agreement` (no cross-file checks; see validate)."""
    doc = AgreementDoc.model_validate(read_yaml(folder / DOC_FILE))
    layers = doc.layers

    def optional(name: str | None, model: type[Feature]) -> tuple[Any, ...]:
        return _features(folder / name, model) if name else ()

    return Agreement(
        doc=doc,
        contact_line=_features(folder / layers.contact_line, LineFeature),
        controlled_areas=_features(folder / layers.controlled_areas, ControlledArea),
        regions=_features(folder / layers.regions, RegionArea),
        zones=optional(layers.zones, Zone),
        holding_areas=optional(layers.holding_areas, HoldingArea),
        sites=optional(layers.sites, Site),
    )


def load_agreement(path: Path) -> AgreementHistory:
    """Validate and load an agreement folder with all its versions.

    Raises :class:`~truce.errors.NotFound` if there is no ``agreement.yaml`` and
    :class:`~truce.errors.InvalidInput` (one detail per problem) if it does not validate.
    """
    from truce.agreement.validate import validate_folder

    problems = [p for p in validate_folder(path) if p.severity == "error"]
    if problems:
        raise InvalidInput(
            f"agreement folder {path} has {len(problems)} problem(s)",
            details=[ErrorDetail(loc=p.location, msg=p.message) for p in problems],
            hint=f"run: truce agreement validate {path}",
        )
    return AgreementHistory.of([parse_version(f) for f in version_folders(path)])
