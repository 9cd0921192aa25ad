"""The agreement: versions, clauses (texts in every language), layers as GeoJSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from truce.api.auth import CurrentPrincipal
from truce.api.deps import mission_of
from truce.services import agreement_views

router = APIRouter(prefix="/agreement", tags=["agreement"])


@router.get("/versions")
def versions(request: Request) -> dict[str, Any]:
    """Every version: number, effective time, title, SHA-256 of its document."""
    return {"items": agreement_views.versions(mission=mission_of(request))}


@router.get("/versions/{version}")
def version(request: Request, version: int) -> dict[str, Any]:
    """One version's document: parties, regions, reporting period, clauses."""
    return agreement_views.document(mission=mission_of(request), version=version)


@router.get("/clauses")
def clauses(request: Request, version: int | None = None) -> dict[str, Any]:
    """The clauses of a version (default: the latest), each text in every language."""
    return {"items": agreement_views.clauses(mission=mission_of(request), version=version)}


@router.get("/layers/{layer}")
def layer(
    request: Request, principal: CurrentPrincipal, layer: str, version: int | None = None
) -> dict[str, Any]:
    """A layer (contact_line, controlled_areas, regions, zones, holding_areas, sites) as a
    GeoJSON FeatureCollection."""
    return agreement_views.layer(
        mission=mission_of(request), principal=principal, layer=layer, version=version
    )
