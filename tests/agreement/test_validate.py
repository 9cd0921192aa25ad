"""``validate_folder``: every problem with its file and path, on broken copies of the demo."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from truce.agreement import demo_agreement_dir, load_agreement, validate_folder
from truce.errors import InvalidInput, NotFound


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    dest = tmp_path / "agreement"
    shutil.copytree(demo_agreement_dir(), dest)
    return dest


def _edit_yaml(path: Path, fn: Callable[[dict[str, Any]], None]) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def _edit_json(path: Path, fn: Callable[[dict[str, Any]], None]) -> None:
    fc = json.loads(path.read_text(encoding="utf-8"))
    fn(fc)
    path.write_text(json.dumps(fc), encoding="utf-8")


def _bowtie(fc: dict[str, Any]) -> None:
    fc["features"][0]["geometry"]["coordinates"] = [
        [[37, 48], [37.1, 48.1], [37.1, 48.0], [37.0, 48.1], [37, 48]]
    ]


def _shift_line(fc: dict[str, Any]) -> None:
    coords = fc["features"][0]["geometry"]["coordinates"]
    coords[60] = [coords[60][0] + 0.02, coords[60][1]]


def _overlap_holding(fc: dict[str, Any]) -> None:
    fc["features"][1]["geometry"] = fc["features"][0]["geometry"]
    fc["features"][1]["properties"]["party"] = fc["features"][0]["properties"]["party"]


def _drop_lang(doc: dict[str, Any]) -> None:
    del doc["clauses"][2]["text"]["uk"]


def _unknown_zone(doc: dict[str, Any]) -> None:
    doc["clauses"][2]["parameters"]["zones"].append("da-nowhere")


def _unknown_party(fc: dict[str, Any]) -> None:
    fc["features"][1]["properties"]["party"] = "side-c"


def _bad_clause_type(doc: dict[str, Any]) -> None:
    doc["clauses"][0]["type"] = "no_shouting"


def _early_amendment(doc: dict[str, Any]) -> None:
    doc["effective"] = "2014-01-01T00:00:00+02:00"


CASES = [
    (
        "zones.geojson",
        _bowtie,
        "zones.geojson",
        "$.features[0].geometry",
        "invalid geometry: Self-intersection",
    ),
    (
        "contact_line.geojson",
        _shift_line,
        "contact_line.geojson",
        "$.features",
        "contact line is not on the boundary of side-a",
    ),
    (
        "holding_areas.geojson",
        _overlap_holding,
        "holding_areas.geojson",
        "$.features[1].geometry",
        "overlaps ha-a-kramatorsk",
    ),
    (
        "agreement.yaml",
        _drop_lang,
        "agreement.yaml",
        "$.clauses[2].text",
        "missing translation(s): uk",
    ),
    (
        "agreement.yaml",
        _unknown_zone,
        "agreement.yaml",
        "$.clauses[2].parameters.zones[3]",
        "unknown zone 'da-nowhere'",
    ),
    (
        "controlled_areas.geojson",
        _unknown_party,
        "controlled_areas.geojson",
        "$.features[1].properties.party",
        "unknown party 'side-c'",
    ),
    (
        "agreement.yaml",
        _bad_clause_type,
        "agreement.yaml",
        "$.clauses[0].type",
        "unknown clause type 'no_shouting'; known types: no_fire,",
    ),
    (
        "agreement.yaml",
        _early_amendment,
        "agreement.yaml",
        "$.effective",
        "must take effect after version 1",
    ),
]


def test_demo_is_valid() -> None:
    assert validate_folder(demo_agreement_dir()) == []


@pytest.mark.parametrize(
    ("file", "edit", "where", "path", "message"),
    CASES,
    ids=[c[1].__name__.strip("_") for c in CASES],
)
def test_each_problem_names_file_path_and_reason(
    folder: Path,
    file: str,
    edit: Callable[[dict[str, Any]], None],
    where: str,
    path: str,
    message: str,
) -> None:
    target = folder / file
    (_edit_yaml if file.endswith(".yaml") else _edit_json)(target, edit)
    problems = [p for p in validate_folder(folder) if p.severity == "error"]
    assert any(p.file == where and p.path == path and message in p.message for p in problems), (
        problems
    )
    with pytest.raises(InvalidInput) as err:
        load_agreement(folder)
    assert any(message in d.msg for d in err.value.details)


def test_every_problem_is_reported_not_just_the_first(folder: Path) -> None:
    _edit_yaml(folder / "agreement.yaml", _drop_lang)
    _edit_yaml(folder / "agreement.yaml", _unknown_zone)
    _edit_json(folder / "holding_areas.geojson", _overlap_holding)
    assert len([p for p in validate_folder(folder) if p.severity == "error"]) >= 3


def test_problems_in_an_amendment_folder_carry_its_path(folder: Path) -> None:
    _edit_yaml(folder / "versions" / "1" / "agreement.yaml", lambda d: d["title"].pop("de"))
    (problem,) = validate_folder(folder)
    assert problem.file == "versions/1/agreement.yaml" and problem.path == "$.title"


def test_holding_area_inside_the_withdrawal_distance_is_a_warning(folder: Path) -> None:
    _edit_json(
        folder / "holding_areas.geojson",
        lambda fc: fc["features"][0]["properties"]["inventory"].update(heavy_mlrs=2),
    )
    (problem,) = validate_folder(folder)
    assert (
        problem.severity == "warning" and "inside the 70 km withdrawal distance" in problem.message
    )
    load_agreement(folder)  # warnings do not stop loading


def test_yaml_syntax_and_missing_layer(folder: Path) -> None:
    (folder / "zones.geojson").unlink()
    problems = validate_folder(folder)
    assert any(p.path == "$.layers.zones" and "does not exist" in p.message for p in problems)
    (folder / "agreement.yaml").write_text("id: [unclosed", encoding="utf-8")
    assert "not valid YAML" in validate_folder(folder)[0].message


def test_not_an_agreement_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        validate_folder(tmp_path)
