"""Validating an agreement folder: every problem, each with its file and JSON path.

Checks, per version folder: YAML/JSON syntax (strict: duplicate keys, nesting depth, layer
paths inside the folder; :mod:`truce.agreement._read`); the JSON Schema of each file
(:mod:`truce.agreement.schema`) for structure, and the coordinates as numbers with NumPy
(:mod:`truce.agreement._coords`: ranges, closed rings, projected CRS, inside the country);
clause types; geometry validity (shapely's reason, and what ``make_valid`` would make of it);
references to unknown parties, regions, zones, holding areas and sites; missing translations;
the topology of the contact line and the controlled areas within the version's tolerance width
(:mod:`truce.agreement._geometry_checks`); unknown feature properties (a warning). Across
versions: one agreement id, distinct version numbers, effective times increasing with the
version.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
from pydantic import ValidationError

from truce.agreement._coords import country_problem, layer_coordinate_problems
from truce.agreement._geometry_checks import geometry_problems
from truce.agreement._read import (
    DOC_FILE,
    LAYER_MODELS,
    RawVersion,
    known_properties,
    parse_version,
    read_version,
    version_folders,
)
from truce.agreement._references import check_references, check_translations
from truce.agreement.clauses import ClauseType
from truce.agreement.models import Agreement
from truce.agreement.problems import Problem, Severity, json_path, warning
from truce.agreement.schema import validator
from truce.geo.gazetteer import country_bounds

__all__ = ["Problem", "Severity", "json_path", "validate_folder", "validate_and_parse"]


def validate_folder(path: Path) -> list[Problem]:
    """Every problem of the agreement folder at ``path`` (empty list: valid).

    Raises :class:`~truce.errors.NotFound` if ``path`` has no ``agreement.yaml``.
    """
    return validate_and_parse(path)[0]


def validate_and_parse(path: Path) -> tuple[list[Problem], list[Agreement]]:
    """Every problem, and the versions that parsed (all of them when there is no error)."""
    problems: list[Problem] = []
    loaded: list[tuple[str, Agreement]] = []
    for folder in version_folders(path):
        rel = "" if folder == path else f"{folder.relative_to(path).as_posix()}/"
        raw, unreadable = read_version(folder, rel)
        problems += [Problem(p.file, p.path, p.message) for p in unreadable]
        if raw.doc is None:
            continue
        found = list(_check_data(raw))
        problems += found
        if unreadable or any(p.severity == "error" for p in found):
            continue
        try:
            agreement = parse_version(raw)
        except ValidationError as exc:  # the schema should have caught it; report anyway
            problems += [
                Problem(f"{rel}{DOC_FILE}", json_path(e["loc"]), e["msg"]) for e in exc.errors()
            ]
            continue
        version_problems = [
            *check_references(agreement, rel),
            *check_translations(agreement, rel),
            *geometry_problems(agreement, rel),
        ]
        problems += version_problems
        loaded.append((rel, agreement))
    problems += _check_versions(loaded)
    return problems, [a for _, a in loaded]


def _check_data(raw: RawVersion) -> Iterator[Problem]:
    doc_name = f"{raw.rel}{DOC_FILE}"
    yield from _clause_types(raw.doc, doc_name)
    yield from _schema_problems(raw.doc, "agreement.yaml", doc_name)
    positions: list[Any] = []
    for role, data in raw.layers.items():
        file = f"{raw.rel}{raw.files[role]}"
        found = list(_schema_problems(data, role, file))
        yield from found
        if found:
            continue
        coord_problems, good = layer_coordinate_problems(data, file)
        yield from coord_problems
        positions += good
        yield from _unknown_properties(data, role, file)
    country = raw.doc.get("country") if isinstance(raw.doc, dict) else None
    if positions and isinstance(country, str):
        xy = np.concatenate(positions)
        found_country = country_problem(xy, country, country_bounds(country), doc_name)
        if found_country is not None:
            yield Problem(found_country.file, "$.country", found_country.message)


def _clause_types(doc: Any, doc_name: str) -> Iterator[Problem]:
    """An unknown clause ``type`` named as such (the schema's oneOf would blame a field)."""
    clauses = doc.get("clauses") if isinstance(doc, dict) else None
    known = [t.value for t in ClauseType]
    for i, clause in enumerate(clauses if isinstance(clauses, list) else []):
        kind = clause.get("type") if isinstance(clause, dict) else None
        if kind is None:
            yield Problem(doc_name, f"$.clauses[{i}]", f"clause has no type ({', '.join(known)})")
        elif kind not in known:
            yield Problem(
                doc_name,
                f"$.clauses[{i}].type",
                f"unknown clause type {kind!r}; known types: {', '.join(known)}",
            )


def _schema_problems(data: Any, role: str, file: str) -> Iterator[Problem]:
    bad_clauses = _bad_clause_indexes(data) if role == "agreement.yaml" else set()
    errors = sorted(validator(role).iter_errors(data), key=lambda e: list(map(str, e.path)))
    for err in errors:
        path = list(err.absolute_path)
        if len(path) >= 2 and path[0] == "clauses" and path[1] in bad_clauses:
            continue  # reported by _clause_types
        yield Problem(file, json_path(path), _short(err))


def _bad_clause_indexes(doc: Any) -> set[Any]:
    clauses = doc.get("clauses") if isinstance(doc, dict) else None
    known = {t.value for t in ClauseType}
    return {
        i
        for i, c in enumerate(clauses if isinstance(clauses, list) else [])
        if not isinstance(c, dict) or c.get("type") not in known
    }


def _short(err: jsonschema.ValidationError) -> str:
    if err.validator == "oneOf" and err.context:
        best = min(err.context, key=lambda e: len(list(e.absolute_path)))
        return f"does not match any allowed shape ({best.message})"
    return err.message


def _unknown_properties(data: Any, role: str, file: str) -> Iterator[Problem]:
    """Feature properties the layer does not use: ignored, with one warning per layer."""
    keep = known_properties(LAYER_MODELS[role])
    unknown: dict[str, int] = {}
    for feature in data.get("features", []):
        for key in (feature.get("properties") or {}) if isinstance(feature, dict) else ():
            if key not in keep:
                unknown[key] = unknown.get(key, 0) + 1
    if unknown:
        names = ", ".join(sorted(unknown))
        yield warning(
            file,
            "$.features",
            f"unknown feature properties ignored: {names} (known: {', '.join(sorted(keep))})",
        )


def _check_versions(loaded: list[tuple[str, Agreement]]) -> Iterator[Problem]:
    if not loaded:
        return
    first_id = loaded[0][1].id
    numbers: dict[int, str] = {}
    for rel, a in loaded:
        if a.id != first_id:
            yield Problem(
                f"{rel}{DOC_FILE}", "$.id", f"agreement id {a.id!r} differs from {first_id!r}"
            )
        if a.version in numbers:
            yield Problem(
                f"{rel}{DOC_FILE}",
                "$.version",
                f"version {a.version} also in {numbers[a.version] or '.'}",
            )
        numbers[a.version] = rel
    ordered = sorted(loaded, key=lambda x: x[1].version)
    for (_, prev), (rel, cur) in zip(ordered, ordered[1:], strict=False):
        if cur.effective <= prev.effective:
            yield Problem(
                f"{rel}{DOC_FILE}",
                "$.effective",
                f"version {cur.version} must take effect after version {prev.version} "
                f"({prev.effective.isoformat()})",
            )
