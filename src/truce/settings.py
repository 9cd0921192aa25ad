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
        "mission key is created (truce init); default truce.example/<data folder name>-<random "
        "mission id>.",
    ),
    Setting(
        "timezone",
        "TRUCE_TIMEZONE",
        "Europe/Kyiv",
        "IANA time zone of the mission's reports (narrative times, reporting periods).",
    ),
    Setting(
        "publication_delay",
        "TRUCE_PUBLICATION_DELAY",
        "24",
        "Hours before an incident reaches the public view (a party's and the public's).",
    ),
    Setting(
        "coordinate_rounding",
        "TRUCE_COORDINATE_ROUNDING",
        "0.01",
        "Degrees to which coordinates are rounded in the public and party views.",
    ),
    Setting(
        "body_limit",
        "TRUCE_BODY_LIMIT",
        "10485760",
        "Largest request body the API accepts, in bytes (larger: 413).",
    ),
    Setting(
        "rate_limit",
        "TRUCE_RATE_LIMIT",
        "50",
        "Requests per second per token (per client address without one), over all the "
        "server's processes, with bursts of twice that; 0 turns the limit off (larger: 429).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> str | None:
    """The value of the named setting (environment, else default)."""
    return _BY_NAME[name].read()


def number(name: str) -> float:
    """A numeric setting; raises :class:`~truce.errors.ConfigurationError` naming its variable."""
    from truce.errors import ConfigurationError

    spec = _BY_NAME[name]
    raw = spec.read()
    try:
        value = float(raw if raw is not None else "")
    except ValueError:
        raise ConfigurationError(f"{spec.env} must be a number, got {raw!r}") from None
    if value < 0 or value != value:
        raise ConfigurationError(f"{spec.env} must not be negative, got {raw!r}")
    return value


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
