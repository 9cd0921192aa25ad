"""One settings registry (datasette ``SETTINGS`` style): name, default, help, env var.

Every setting is read from its ``TRUCE_*`` environment variable unless a command-line option
overrides it. Secrets are hidden from ``repr``. ``tests/test_settings.py`` fails when a setting
is missing from the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: str | None
    help: str
    secret: bool = False

    def read(self) -> str | None:
        value = os.environ.get(self.env)
        return value if value not in (None, "") else self.default


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data",
        "TRUCE_DATA",
        "truce-data",
        "Folder of the mission's data (SQLite database, keys, agreement).",
    ),
    Setting(
        "database_url",
        "TRUCE_DATABASE_URL",
        None,
        "SQLAlchemy URL of the database; default: SQLite file truce.db in the data folder. "
        "PostgreSQL: postgresql+psycopg://user:password@host/dbname.",
        secret=True,
    ),
    Setting(
        "test_database_url",
        "TRUCE_TEST_DATABASE_URL",
        None,
        "PostgreSQL URL the test suite also runs against when set (CI sets it).",
        secret=True,
    ),
    Setting("country", "TRUCE_COUNTRY", "UA", "ISO 3166-1 alpha-2 country the gazetteer searches."),
    Setting(
        "ledger_origin",
        "TRUCE_LEDGER_ORIGIN",
        None,
        "Origin line of the ledger's checkpoints (the mission key's name), fixed when the "
        "mission key is created; default truce.example/<data folder name>.",
    ),
    Setting(
        "timezone",
        "TRUCE_TIMEZONE",
        "Europe/Kyiv",
        "IANA time zone of the mission's reports (narrative times, reporting periods).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> str | None:
    """The value of the named setting (environment, else default)."""
    return _BY_NAME[name].read()


def data_dir(override: Path | None = None) -> Path:
    """The data folder: ``--data DIR``, else ``TRUCE_DATA``, else ``./truce-data``."""
    if override is not None:
        return override
    return Path(setting("data") or "truce-data")


def redact_url(url: str) -> str:
    """A database URL with its password replaced by ``***`` (for logs and ``repr``)."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url
