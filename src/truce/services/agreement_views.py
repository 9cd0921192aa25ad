"""The agreement as the API serves it: versions, documents, clauses, layers as GeoJSON.

Everything is public (the terms of a ceasefire are published) except the parties'
registered holding areas and their inventories, which the mission and the parties read.
"""

from __future__ import annotations

from typing import Any

from truce.agreement.versions import version_hash
from truce.domain.principal import Principal, Role
from truce.errors import ErrorDetail, Forbidden, InvalidInput, NotFound, Unauthenticated
from truce.geo.geojson import oriented
from truce.services.mission import Mission

__all__ = ["LAYERS", "clauses", "document", "layer", "versions"]

#: Layer name -> whether the public may read it.
LAYERS: dict[str, bool] = {
    "contact_line": True,
    "controlled_areas": True,
    "regions": True,
    "zones": True,
    "holding_areas": False,
    "sites": True,
}


def versions(*, mission: Mission) -> list[dict[str, Any]]:
    return [
        {
            "version": a.version,
            "effective": a.effective.isoformat(),
            "title": a.doc.title.model_dump(mode="json")
            if hasattr(a.doc.title, "model_dump")
            else a.doc.title,
            "sha256": version_hash(a),
        }
        for a in mission.agreement
    ]


def _version(mission: Mission, version: int | None) -> Any:
    history = mission.agreement
    if version is None:
        return history.latest
    for a in history:
        if a.version == version:
            return a
    raise NotFound(f"the agreement has no version {version}")


def document(*, mission: Mission, version: int) -> dict[str, Any]:
    return dict(_version(mission, version).doc.model_dump(mode="json"))


def clauses(*, mission: Mission, version: int | None = None) -> list[dict[str, Any]]:
    doc = _version(mission, version).doc.model_dump(mode="json")
    return list(doc["clauses"])


def layer(
    *, mission: Mission, principal: Principal, layer: str, version: int | None = None
) -> dict[str, Any]:
    if layer not in LAYERS:
        valid = ", ".join(LAYERS)
        raise InvalidInput(
            f"layer: {layer!r} is not one of: {valid}",
            details=[ErrorDetail(("layer",), f"one of: {valid}")],
        )
    if not LAYERS[layer] and principal.role not in (Role.ANALYST, Role.ADMIN, Role.PARTY):
        if principal.is_public:
            raise Unauthenticated(f"the {layer} layer needs a token")
        raise Forbidden(f"role {principal.role.value} may not read the {layer} layer")
    features = []
    for item in getattr(_version(mission, version), layer):
        props = item.model_dump(mode="json")
        geometry = oriented(props.pop("geometry"))  # RFC 7946 §3.1.6, whatever the folder has
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "name": layer, "features": features}
