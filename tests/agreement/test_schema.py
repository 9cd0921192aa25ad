"""The shipped JSON Schema is the one the models generate, and it validates the demo."""

from __future__ import annotations

import json

import jsonschema
import yaml

from truce.agreement import demo_agreement_dir
from truce.agreement.schema import LAYERS, build_schema, file_schema, shipped_schema


def test_shipped_schema_is_up_to_date() -> None:
    # Regenerate with: python -m truce.agreement.schema
    assert shipped_schema() == json.loads(json.dumps(build_schema()))


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(shipped_schema())


def test_demo_files_validate() -> None:
    folder = demo_agreement_dir()
    doc = yaml.safe_load((folder / "agreement.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(doc, file_schema("agreement.yaml"))
    for role in LAYERS:
        fc = json.loads((folder / f"{role}.geojson").read_text(encoding="utf-8"))
        jsonschema.validate(fc, file_schema(role))
