"""The mission: built once from the data folder and settings; every service takes it.

A :class:`Mission` holds the open store (private to :mod:`truce.services`: edges never touch
it), the installed agreement history, the gazetteer, the time zone and reporting period of
reports, and the ledger's signer and origin. It is safe to share across the threads of a web
server: the store is an SQLAlchemy engine with a connection pool, and the lazily read parts
(agreement, gazetteer) are read once under a lock. There are no module globals.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from types import TracebackType
from typing import Self
from zoneinfo import ZoneInfo

from truce.agreement.install import INSTALLED
from truce.agreement.loader import DOC_FILE, load_installed, read_yaml, version_folders
from truce.agreement.models import AgreementDoc
from truce.agreement.versions import AgreementHistory
from truce.errors import NoAgreement
from truce.intake.normalise import GazetteerSpec
from truce.ledger.keys import Signer, VerifierKey
from truce.ledger.mission import default_origin, mission_verifier
from truce.settings import data_dir as resolve_data_dir
from truce.settings import setting
from truce.store import Store, create_store, open_existing_store

_MISSION_GAZETTEERS = ("gazetteer.csv", "gazetteer.geojson")

#: The reporting period's end when no agreement says otherwise (local time).
DEFAULT_PERIOD_END = time(19, 30)


@dataclass(frozen=True, slots=True)
class ReportingPeriod:
    """A reporting period is the 24 hours ending at ``end`` local time in ``time_zone``."""

    end: time
    time_zone: ZoneInfo


class Mission:
    """One monitoring mission: its data folder, database, agreement and keys."""

    def __init__(self, *, data_dir: Path, store: Store) -> None:
        self.data_dir = data_dir
        self._store = store
        self._lock = threading.Lock()
        self._history: AgreementHistory | None = None
        self._doc: AgreementDoc | None = None
        self._doc_read = False

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, *, data_dir: Path | None = None, database_url: str | None = None) -> Mission:
        """The mission in ``data_dir`` (``--data``/``TRUCE_DATA``); creates nothing.

        Raises :class:`~truce.errors.NoMission` when the folder holds no mission.
        """
        folder = resolve_data_dir(data_dir)
        store = open_existing_store(folder, url=database_url or setting("database_url"))
        return cls(data_dir=folder, store=store)

    @classmethod
    def create(cls, *, data_dir: Path | None = None, database_url: str | None = None) -> Mission:
        """The mission in ``data_dir``, creating the folder and its database when missing."""
        folder = resolve_data_dir(data_dir)
        store = create_store(folder, url=database_url or setting("database_url"))
        return cls(data_dir=folder, store=store)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Mission({self.data_dir}, {self._store!r})"

    # --- the store (for truce.services only) -----------------------------------------------

    @property
    def store(self) -> Store:
        """The open store. For :mod:`truce.services` only: edges call services instead."""
        return self._store

    @property
    def database(self) -> str:
        """The database backend: ``sqlite`` or ``postgresql``."""
        return self._store.dialect

    # --- the agreement -------------------------------------------------------------------

    @property
    def agreement_dir(self) -> Path:
        """Where the mission's agreement is installed (``<data>/agreement``)."""
        return self.data_dir / INSTALLED

    @property
    def has_agreement(self) -> bool:
        return (self.agreement_dir / DOC_FILE).is_file()

    @property
    def agreement(self) -> AgreementHistory:
        """Every installed version of the agreement (validated when installed; its files are
        checked against the install manifest here, once, then cached).

        Raises :class:`~truce.errors.NoAgreement` when none is installed.
        """
        with self._lock:
            if self._history is None:
                if not self.has_agreement:
                    raise NoAgreement(
                        f"no agreement is installed in {self.data_dir}",
                        hint=f"run: truce init --data {self.data_dir} --agreement FOLDER",
                    )
                self._history = load_installed(self.agreement_dir)
            return self._history

    def use_agreement(self, history: AgreementHistory | None) -> None:
        """Set (after installing one) or drop the cached agreement."""
        with self._lock:
            self._history, self._doc, self._doc_read = history, None, False

    def _latest_doc(self) -> AgreementDoc | None:
        """The latest version's ``agreement.yaml`` (cheap: no layers, no validation)."""
        with self._lock:
            if not self._doc_read:
                self._doc_read = True
                if self.has_agreement:
                    docs = [
                        AgreementDoc.model_validate(read_yaml(f / DOC_FILE))
                        for f in version_folders(self.agreement_dir)
                    ]
                    self._doc = max(docs, key=lambda d: d.version)
            return self._doc

    # --- context of reports --------------------------------------------------------------

    @property
    def gazetteer(self) -> GazetteerSpec:
        """GeoNames for the agreement's country (else ``TRUCE_COUNTRY``) plus the mission's
        named positions in ``<data>/gazetteer.csv|.geojson`` if present."""
        own = next(
            (self.data_dir / n for n in _MISSION_GAZETTEERS if (self.data_dir / n).exists()), None
        )
        doc = self._latest_doc()
        country = doc.country if doc is not None else setting("country") or "UA"
        installed = self.agreement_dir if doc is not None else None
        return GazetteerSpec(country=country, mission_file=own, agreement=installed)

    @property
    def reporting_period(self) -> ReportingPeriod:
        """The agreement's reporting period (end time and time zone), else the settings'."""
        doc = self._latest_doc()
        if doc is None:
            zone = ZoneInfo(setting("timezone") or "Europe/Kyiv")
            return ReportingPeriod(end=DEFAULT_PERIOD_END, time_zone=zone)
        period = doc.reporting_period
        return ReportingPeriod(end=period.end, time_zone=ZoneInfo(period.time_zone))

    @property
    def time_zone(self) -> ZoneInfo:
        """The time zone of reports: the agreement's, else ``TRUCE_TIMEZONE``."""
        return self.reporting_period.time_zone

    # --- the ledger's keys ---------------------------------------------------------------

    def signer(self, *, origin: str | None = None) -> Signer:
        """The mission's signing key, created on first use (named ``origin``, else
        ``TRUCE_LEDGER_ORIGIN``, else ``truce.example/<data folder>-<random mission id>``) and
        pinned in the database; a folder whose key is not the pinned one refuses
        (:func:`truce.services.integrity.signing_key`)."""
        from truce.services.integrity import signing_key  # the identity check needs this

        return signing_key(mission=self, origin=origin or setting("ledger_origin"))

    @property
    def verifier(self) -> VerifierKey | None:
        """The mission's public key, or ``None`` before the first checkpoint."""
        return mission_verifier(self.data_dir)

    @property
    def origin(self) -> str:
        """The ledger's origin line: the mission key's name, or what it will be."""
        key = self.verifier
        return (
            key.name
            if key is not None
            else setting("ledger_origin") or default_origin(self.data_dir)
        )
