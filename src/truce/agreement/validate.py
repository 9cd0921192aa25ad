"""Validating an agreement folder: every problem, each with its file and JSON path.

Checks, per version folder: YAML/JSON syntax; the JSON Schema of each file
(:mod:`truce.agreement.schema`); geometry validity (the reason from shapely's
``explain_validity``); references to unknown parties, regions, zones, holding areas and sites;
missing translations (every text in every language listed in ``languages``); the contact line
on the boundary of every party's controlled area (within :data:`LINE_TOLERANCE_M`); overlapping
controlled areas and overlapping holding areas; holding areas outside their party's area or
closer to the line than the withdrawal distance of what they hold (a warning). Across versions:
one agreement id, distinct version numbers, effective times increasing with the version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jsonschema
import yaml
from pydantic import ValidationError

from truce.agreement._geometry_checks import geometry_problems
from truce.agreement.loader import DOC_FILE, parse_version, read_json, read_yaml, version_folders
from truce.agreement.models import Agreement, NamedFeature
from truce.agreement.schema import LAYERS, file_schema

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in an agreement folder: ``file`` (relative), JSON ``path``, message."""

    file: str
    path: str
    message: str
    severity: Severity = "error"

    @property
    def location(self) -> str:
        return f"{self.file}: {self.path}" if self.path else self.file

    def __str__(self) -> str:
        return f"{self.severity}: {self.location}: {self.message}"


def json_path(parts: Iterable[Any]) -> str:
    """``$.clauses[2].parameters.zones[0]`` style path."""
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def validate_folder(path: Path) -> list[Problem]:
    """Every problem of the agreement folder at ``path`` (empty list: valid).

    Raises :class:`~truce.errors.NotFound` if ``path`` has no ``agreement.yaml``.
    """
    problems: list[Problem] = []
    loaded: list[tuple[str, Agreement]] = []
    for folder in version_folders(path):
        rel = "" if folder == path else f"{folder.relative_to(path).as_posix()}/"
        found = list(_check_files(folder, rel))
        problems += found
        if any(p.severity == "error" for p in found):
            continue
        try:
            agreement = parse_version(folder)
        except ValidationError as exc:  # the schema should have caught it; report anyway
            problems += [
                Problem(f"{rel}{DOC_FILE}", json_path(e["loc"]), e["msg"]) for e in exc.errors()
            ]
            continue
        problems += _check_references(agreement, rel)
        problems += _check_translations(agreement, rel)
        problems += geometry_problems(agreement, rel)
        loaded.append((rel, agreement))
    problems += _check_versions(loaded)
    return problems


def _check_files(folder: Path, rel: str) -> Iterator[Problem]:
    doc_name = f"{rel}{DOC_FILE}"
    try:
        doc = read_yaml(folder / DOC_FILE)
    except yaml.YAMLError as exc:
        yield Problem(doc_name, "", f"not valid YAML: {exc}")
        return
    yield from _schema_problems(doc, "agreement.yaml", doc_name)
    layers = doc.get("layers") if isinstance(doc, dict) else None
    names: dict[str, Any] = {
        "contact_line": "contact_line.geojson",
        "controlled_areas": "controlled_areas.geojson",
        "regions": "regions.geojson",
        "zones": "zones.geojson",
        "holding_areas": "holding_areas.geojson",
        "sites": "sites.geojson",
        **(layers if isinstance(layers, dict) else {}),
    }
    for role in LAYERS:
        name = names.get(role)
        if not isinstance(name, str):
            continue
        file = folder / name
        if not file.is_file():
            yield Problem(doc_name, f"$.layers.{role}", f"layer file {name} does not exist")
            continue
        try:
            data = read_json(file)
        except ValueError as exc:
            yield Problem(f"{rel}{name}", "", f"not valid JSON: {exc}")
            continue
        yield from _schema_problems(data, role, f"{rel}{name}")


def _schema_problems(data: Any, role: str, file: str) -> Iterator[Problem]:
    validator = jsonschema.Draft202012Validator(file_schema(role))
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        yield Problem(file, json_path(err.absolute_path), _short(err))


def _short(err: jsonschema.ValidationError) -> str:
    if err.validator == "oneOf" and err.context:
        best = min(err.context, key=lambda e: len(list(e.absolute_path)))
        return f"does not match any allowed shape ({best.message})"
    return err.message


def _named_layers(a: Agreement) -> list[tuple[str, tuple[NamedFeature, ...]]]:
    return [("zones", a.zones), ("holding_areas", a.holding_areas), ("sites", a.sites)]


def _check_references(a: Agreement, rel: str) -> Iterator[Problem]:
    doc_file = f"{rel}{DOC_FILE}"
    parties = set(a.party_ids)
    layers = a.doc.layers
    seen: set[str] = set()
    for i, area in enumerate(a.controlled_areas):
        seen.add(area.party)
        if area.party not in parties:
            yield Problem(
                f"{rel}{layers.controlled_areas}",
                f"$.features[{i}].properties.party",
                f"unknown party {area.party!r}",
            )
    for pid in sorted(parties - seen):
        yield Problem(
            f"{rel}{layers.controlled_areas}", "$.features", f"party {pid!r} has no controlled area"
        )
    regions = {r.id for r in a.doc.regions}
    for i, reg in enumerate(a.regions):
        if reg.region not in regions:
            yield Problem(
                f"{rel}{layers.regions}",
                f"$.features[{i}].properties.region",
                f"unknown region {reg.region!r}",
            )
    for i, ha in enumerate(a.holding_areas):
        if ha.party not in parties:
            yield Problem(
                f"{rel}{layers.holding_areas}",
                f"$.features[{i}].properties.party",
                f"unknown party {ha.party!r}",
            )
    ids: dict[str, str] = {}
    for role, items in _named_layers(a):
        for i, item in enumerate(items):
            if item.id in ids:
                yield Problem(
                    f"{rel}{getattr(layers, role)}",
                    f"$.features[{i}].properties.id",
                    f"duplicate id {item.id!r} (also in {ids[item.id]})",
                )
            ids[item.id] = role
    yield from _clause_references(a, doc_file, ids)


def _clause_references(a: Agreement, doc_file: str, ids: dict[str, str]) -> Iterator[Problem]:
    clause_ids: set[str] = set()
    for i, clause in enumerate(a.doc.clauses):
        if clause.id in clause_ids:
            yield Problem(doc_file, f"$.clauses[{i}].id", f"duplicate clause id {clause.id!r}")
        clause_ids.add(clause.id)
        params = getattr(clause, "parameters", None)
        wanted = {"zones": "zones", "sites": "sites", "holding_areas": "holding_areas"}
        for attr, role in wanted.items():
            for j, ref in enumerate(getattr(params, attr, ()) or ()):
                if ids.get(ref) != role:
                    kind = role.rstrip("s").replace("_", " ")
                    yield Problem(
                        doc_file,
                        f"$.clauses[{i}].parameters.{attr}[{j}]",
                        f"unknown {kind} {ref!r}",
                    )


def _texts(a: Agreement) -> Iterator[tuple[str, str, dict[str, str]]]:
    doc_file = DOC_FILE
    layers = a.doc.layers
    yield doc_file, "$.title", a.doc.title
    for i, p in enumerate(a.doc.parties):
        yield doc_file, f"$.parties[{i}].name", p.name
    for i, r in enumerate(a.doc.regions):
        yield doc_file, f"$.regions[{i}].name", r.name
    for i, c in enumerate(a.doc.clauses):
        yield doc_file, f"$.clauses[{i}].text", c.text
    for role, items in _named_layers(a):
        for i, item in enumerate(items):
            yield str(getattr(layers, role)), f"$.features[{i}].properties.name", item.name


def _check_translations(a: Agreement, rel: str) -> Iterator[Problem]:
    for file, path, text in _texts(a):
        missing = [lang for lang in a.doc.languages if lang not in text]
        if missing:
            yield Problem(f"{rel}{file}", path, f"missing translation(s): {', '.join(missing)}")


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
