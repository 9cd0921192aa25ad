"""Every setting is documented in the README (name, environment variable)."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.settings import SETTINGS, Setting, redact_url

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.name for s in SETTINGS])
def test_setting_is_documented(setting: Setting) -> None:
    assert f"`{setting.env}`" in README, f"{setting.env} is missing from the README"
    assert setting.env.startswith("TRUCE_")


def test_database_passwords_are_redacted() -> None:
    url = "postgresql+psycopg://truce:s3cret@db.example/truce"
    assert redact_url(url) == "postgresql+psycopg://truce:***@db.example/truce"
    assert "s3cret" not in redact_url(url)
