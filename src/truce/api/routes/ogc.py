"""OGC API - Features - Part 1: Core (OGC 17-069r4) at ``/ogc``, GeoJSON encoding.

Landing page (§7.2), conformance (§7.4), collections (§7.13-7.14) and items (§7.15-7.16)
with ``bbox``, ``datetime``, ``limit`` and ``next`` links, so QGIS and GDAL
(``ogrinfo OAPIF:http://HOST/ogc``) add the mission's incidents, violations and observations
as layers. Every record goes through the same view per role as the rest of the API.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from truce.api.auth import CurrentPrincipal
from truce.api.deps import mission_of
from truce.api.params import parse_bbox, parse_datetime_interval
from truce.domain import geojson
from truce.domain.filters import IncidentFilter, ObservationFilter, ViolationFilter
from truce.domain.page import Page
from truce.services import views

router = APIRouter(prefix="/ogc", tags=["ogc-api-features"])

_CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"
CONFORMANCE = [_CORE + "core", _CORE + "geojson", _CORE + "oas30"]
_GEOJSON = "application/geo+json"
_CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


class CollectionId(StrEnum):
    INCIDENTS = "incidents"
    VIOLATIONS = "violations"
    OBSERVATIONS = "observations"


_TITLES = {
    CollectionId.INCIDENTS: "Incidents fused from observations (95 % ellipse, counts)",
    CollectionId.VIOLATIONS: "Violations of the agreement's clauses, with their review status",
    CollectionId.OBSERVATIONS: "Observations as reported (wire format v1)",
}


def _json(body: dict[str, Any], media_type: str = "application/json") -> JSONResponse:
    return JSONResponse(body, media_type=media_type)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/ogc"


@router.get("", summary="OGC API landing page")
def landing(request: Request) -> JSONResponse:
    base = _base(request)
    root = str(request.base_url).rstrip("/")
    links = [
        {"href": base, "rel": "self", "type": "application/json", "title": "this document"},
        {
            "href": f"{root}/openapi.json",
            "rel": "service-desc",
            "type": "application/vnd.oai.openapi+json;version=3.0",
            "title": "the API definition",
        },
        {"href": f"{root}/docs", "rel": "service-doc", "type": "text/html"},
        {"href": f"{base}/conformance", "rel": "conformance", "type": "application/json"},
        {"href": f"{base}/collections", "rel": "data", "type": "application/json"},
    ]
    return _json(
        {
            "title": "Truce monitoring mission",
            "description": "Incidents, violations and observations of the ceasefire mission.",
            "links": links,
        }
    )


@router.get("/conformance", summary="Conformance classes implemented")
def conformance() -> JSONResponse:
    return _json({"conformsTo": CONFORMANCE})


def _collection(request: Request, cid: CollectionId) -> dict[str, Any]:
    href = f"{_base(request)}/collections/{cid.value}"
    return {
        "id": cid.value,
        "title": _TITLES[cid],
        "itemType": "feature",
        "crs": [_CRS84],
        "extent": {"spatial": {"bbox": [[-180.0, -90.0, 180.0, 90.0]], "crs": _CRS84}},
        "links": [
            {"href": href, "rel": "self", "type": "application/json"},
            {"href": f"{href}/items", "rel": "items", "type": _GEOJSON},
        ],
    }


@router.get("/collections", summary="The feature collections")
def collections(request: Request) -> JSONResponse:
    self_link = {"href": f"{_base(request)}/collections", "rel": "self", "type": "application/json"}
    return _json(
        {"links": [self_link], "collections": [_collection(request, c) for c in CollectionId]}
    )


@router.get("/collections/{collection_id}", summary="One feature collection")
def collection(request: Request, collection_id: CollectionId) -> JSONResponse:
    return _json(_collection(request, collection_id))


#: The Feature of each collection's records: the functions the CLI's GeoJSON exports use too
#: (flat, typed properties beside the nested ones; coordinates rounded to 7 decimals).
_FEATURE = {
    CollectionId.INCIDENTS: geojson.incident_feature,
    CollectionId.VIOLATIONS: geojson.violation_feature,
    CollectionId.OBSERVATIONS: geojson.observation_feature,
}


def feature(cid: CollectionId, record: dict[str, Any]) -> dict[str, Any]:
    """A record in the caller's view as a GeoJSON Feature (Point in WGS84 lon/lat, or none),
    built from that view only (a field it leaves out has no flat copy either)."""
    return _FEATURE[cid](record)


Limit = Annotated[int, Query(ge=1, le=10000, description="Features per page (default 10).")]


@router.get("/collections/{collection_id}/items", summary="Features of a collection")
def items(
    request: Request,
    principal: CurrentPrincipal,
    collection_id: CollectionId,
    bbox: Annotated[str | None, Query(description="WEST,SOUTH,EAST,NORTH (CRS84).")] = None,
    datetime_: Annotated[
        str | None,
        Query(alias="datetime", description="An instant or an interval (RFC 3339, '..' open)."),
    ] = None,
    limit: Limit = 10,
    cursor: Annotated[str | None, Query(description="From a next link.")] = None,
) -> JSONResponse:
    since, until = parse_datetime_interval(datetime_, name="datetime")
    box = parse_bbox(bbox, name="bbox")
    page = _page(request, principal, collection_id, since, until, box, limit, cursor)
    features = [feature(collection_id, r) for r in page.items]
    base = f"{_base(request)}/collections/{collection_id.value}/items"
    links = [{"href": str(request.url), "rel": "self", "type": _GEOJSON}]
    if page.next_cursor is not None:
        nxt = request.url.include_query_params(cursor=page.next_cursor, limit=limit)
        links.append({"href": str(nxt), "rel": "next", "type": _GEOJSON})
    links.append({"href": base.rsplit("/items", 1)[0], "rel": "collection"})
    body = {
        "type": "FeatureCollection",
        "timeStamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "numberReturned": len(features),
        "features": features,
        "links": links,
    }
    return _json(body, _GEOJSON)


def _page(
    request: Request,
    principal: Any,
    cid: CollectionId,
    since: datetime | None,
    until: datetime | None,
    box: tuple[float, float, float, float] | None,
    limit: int,
    cursor: str | None,
) -> Page[dict[str, Any]]:
    mission = mission_of(request)
    common: dict[str, Any] = {"mission": mission, "principal": principal}
    common |= {"limit": limit, "cursor": cursor}
    if cid is CollectionId.INCIDENTS:
        f = IncidentFilter(since=since, until=until, bbox=box)
        return views.incidents(filter=f, **common)
    if cid is CollectionId.VIOLATIONS:
        return views.violations(
            filter=ViolationFilter(since=since, until=until, bbox=box), **common
        )
    f2 = ObservationFilter(since=since, until=until, bbox=box)
    return views.observations_page(filter=f2, **common)


@router.get("/collections/{collection_id}/items/{feature_id}", summary="One feature")
def item(
    request: Request, principal: CurrentPrincipal, collection_id: CollectionId, feature_id: str
) -> JSONResponse:
    mission = mission_of(request)
    if collection_id is CollectionId.INCIDENTS:
        record = views.incident(mission=mission, principal=principal, incident_id=feature_id)
    elif collection_id is CollectionId.VIOLATIONS:
        record = views.violation(mission=mission, principal=principal, violation_id=feature_id)
    else:
        record = views.observation(mission=mission, principal=principal, observation_id=feature_id)
    out = feature(collection_id, record)
    out["links"] = [{"href": str(request.url), "rel": "self", "type": _GEOJSON}]
    return _json(out, _GEOJSON)
