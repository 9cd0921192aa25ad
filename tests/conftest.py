"""Shared fixtures: a real database per test, SQLite always and PostgreSQL when configured.

Set ``TRUCE_TEST_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST/DB`` to run every
``store`` test against PostgreSQL too (CI does). Each PostgreSQL test gets its own schema,
dropped afterwards, so tests never see each other's rows; PostGIS lives in ``public``.

A test skips when an outside tool it drives is missing (PostgreSQL, GDAL's ogrinfo, Go,
poppler). ``.ci/run`` sets ``TRUCE_TEST_STRICT=1``: there every skip is a failure, so a
missing install step cannot pass unseen.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.reports import TestReport
from sqlalchemy import create_engine, text

from truce.services.mission import Mission
from truce.store import Store, open_store

# Files the tests read are vendored in the repository (tests/data, the package data);
# a missing one is an error, never a skip.
TEST_DATA = Path(__file__).resolve().parent / "data"
DEMO_AREA = Path(__file__).resolve().parents[1] / "src" / "truce" / "data" / "demo-area"
PG_URL = os.environ.get("TRUCE_TEST_DATABASE_URL")
STRICT = os.environ.get("TRUCE_TEST_STRICT") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In strict mode (CI) a skipped test is reported as failed, with the skip's reason."""
    outcome = yield
    report: TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if STRICT and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped under TRUCE_TEST_STRICT=1 (CI): {report.longrepr}"


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema},public"


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search path is a fresh, empty schema."""
    if not PG_URL:
        pytest.skip("TRUCE_TEST_DATABASE_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_search_path(PG_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty, migrated store on each backend."""
    if backend == "postgres":
        url = request.getfixturevalue("pg_schema_url")
        opened = open_store(tmp_path / "data", url=url)
    else:
        opened = open_store(tmp_path / "data")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def mission(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Mission]:
    """A new mission (no agreement installed) on each backend."""
    url = request.getfixturevalue("pg_schema_url") if backend == "postgres" else None
    made = Mission.create(data_dir=tmp_path / "mission", database_url=url)
    try:
        yield made
    finally:
        made.close()
