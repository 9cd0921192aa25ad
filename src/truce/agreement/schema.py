"""JSON Schema (draft 2020-12) of the agreement folder.

The shipped file ``agreement-folder.schema.json`` is generated from the pydantic models
(``python -m truce.agreement.schema`` rewrites it; a test fails when it is stale). Its
``$defs`` hold one schema per file: ``agreement.yaml`` and each GeoJSON layer
(RFC 7946 FeatureCollections whose feature properties follow the layer's model).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema.protocols
from pydantic import BaseModel

from truce.agreement.models import (
    AgreementDoc,
    ControlledArea,
    HoldingArea,
    LineFeature,
    RegionArea,
    Site,
    Zone,
)

SCHEMA_FILE = "agreement-folder.schema.json"

#: Layer name -> (feature model, allowed geometry types).
LAYERS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "contact_line": (LineFeature, ("LineString", "MultiLineString")),
    "controlled_areas": (ControlledArea, ("Polygon", "MultiPolygon")),
    "regions": (RegionArea, ("Polygon", "MultiPolygon")),
    "zones": (Zone, ("Polygon", "MultiPolygon")),
    "holding_areas": (HoldingArea, ("Polygon", "MultiPolygon")),
    "sites": (Site, ("Polygon", "MultiPolygon")),
}

#: An RFC 7946 position: longitude, latitude (WGS84 degrees), optional height.
_POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},
        {"type": "number", "minimum": -90, "maximum": 90},
    ],
    "items": {"type": "number"},
}


def _nest(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = _POSITION
    for _ in range(depth):
        schema = {"type": "array", "items": schema}
    return schema


_COORDS = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def _geometry(types: tuple[str, ...]) -> dict[str, Any]:
    return {
        "oneOf": [
            {
                "type": "object",
                "required": ["type", "coordinates"],
                "properties": {"type": {"const": t}, "coordinates": _nest(_COORDS[t])},
            }
            for t in types
        ]
    }


def _layer(model: type[BaseModel], types: tuple[str, ...]) -> dict[str, Any]:
    props = model.model_json_schema(mode="validation")
    props["properties"].pop("geometry", None)
    props["required"] = [r for r in props.get("required", []) if r != "geometry"]
    # Unknown properties (a KML export's fill, stroke, styleUrl, ...) are allowed and ignored;
    # validation lists them as warnings.
    props.pop("additionalProperties", None)
    defs = props.pop("$defs", {})
    feature = {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"const": "Feature"},
            "geometry": _geometry(types),
            "properties": props,
        },
    }
    schema: dict[str, Any] = {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "features": {"type": "array", "minItems": 1, "items": feature},
        },
    }
    if defs:
        schema["$defs"] = defs
    return schema


def build_schema() -> dict[str, Any]:
    """The folder schema: ``$defs`` keyed by file role (``agreement.yaml`` and each layer)."""
    defs: dict[str, Any] = {"agreement.yaml": AgreementDoc.model_json_schema(mode="validation")}
    for name, (model, types) in LAYERS.items():
        defs[name] = _layer(model, types)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:truce:agreement-folder:1",
        "title": "Truce agreement folder (format truce-agreement/1)",
        "description": (
            "A version folder holds agreement.yaml ($defs/agreement.yaml) and the GeoJSON layers "
            "it names (one $defs entry per layer role). Amendments are further version folders "
            "under versions/<n>/."
        ),
        "$defs": defs,
    }


@cache
def shipped_schema() -> dict[str, Any]:
    """The schema file shipped with the package."""
    text = (resources.files("truce.agreement") / SCHEMA_FILE).read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def file_schema(role: str) -> dict[str, Any]:
    """The schema of one file role (``agreement.yaml`` or a layer name)."""
    schema: dict[str, Any] = shipped_schema()["$defs"][role]
    return schema


def _without_positions(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            k: {"type": "array", "minItems": 1} if k == "coordinates" else _without_positions(v)
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_without_positions(v) for v in schema]
    return schema


@cache
def validator(role: str) -> jsonschema.protocols.Validator:
    """A validator of one file role that checks structure but not each coordinate: positions
    are checked with NumPy (:mod:`truce.agreement._coords`), linear in their number."""
    schema = file_schema(role)
    light = _without_positions(schema) if role in LAYERS else schema
    return jsonschema.Draft202012Validator(light)


def main() -> None:
    path = Path(str(resources.files("truce.agreement"))) / SCHEMA_FILE
    path.write_text(
        json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
