"""Daily and spot reports: the services behind ``truce report`` (and the API and dashboard).

* :func:`build_daily` reads what a period's report rests on and computes it (pure part in
  :mod:`truce.reports`); :func:`render` writes it in a language and format.
* :func:`publish` signs a checkpoint over the current tree, writes the report in every
  language and format to ``DATA/reports/<date>/``, and appends a ``report`` ledger record
  holding the figures and the SHA-256 of each file; the period is then published.
* :func:`verify` (in :mod:`truce.services.report_verify`) recomputes a report's figures
  from the ledger records it names.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from truce.errors import InvalidInput, NotFound
from truce.ledger.canonical import canonical_json
from truce.reports import period as periods
from truce.reports.model import DailyReport, build_daily_report
from truce.reports.render import ReportFormat, report_format
from truce.reports.render import render as render_report
from truce.reports.text import LANGUAGES, check_language
from truce.services._report_inputs import choose_period, gather, reporting
from truce.services.mission import Mission
from truce.services.report_verify import VerifyResult
from truce.services.report_verify import verify as _verify
from truce.store.coverage_tables import insert_published, published_rows
from truce.store.ledger import append_entries, sign_current_tree

#: The ledger kind of published reports.
KIND = "report"
#: Folder (under the data folder) of published reports.
REPORTS_DIR = "reports"

__all__ = [
    "KIND",
    "DailyReport",
    "Published",
    "VerifyResult",
    "build_daily",
    "build_spot",
    "get_published",
    "list_published",
    "publish",
    "render",
    "verify",
]


def build_daily(
    *,
    mission: Mission,
    date: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> DailyReport:
    """The report of the period ending on ``date`` (or between the evenings of ``start`` and
    ``end``; default: the latest period holding observations)."""
    p = choose_period(mission, date=date, start=start, end=end)
    report = build_daily_report(gather(mission, p))
    report.figures["fusion"] = fusion_parameters(mission)
    return report


def fusion_parameters(mission: Mission) -> dict[str, Any]:
    """The fusion algorithm and plane the stored incidents were computed with (verify fuses
    the named observations again with the same)."""
    from truce.domain.incident import FUSION_ALGORITHM_VERSION as ALGORITHM_VERSION
    from truce.services.fusion import plane_of

    with mission.store.connect() as conn:
        plane = plane_of(conn)
    return {"algorithm": ALGORITHM_VERSION, "plane": [plane.lon0, plane.lat0]}


def render(*, report: DailyReport, lang: str, fmt: str | ReportFormat) -> bytes:
    """``report`` in ``lang`` (en, de, uk, ru) and ``fmt`` (html, pdf, md, json)."""
    return render_report(report, lang=lang, fmt=fmt)


@dataclass(frozen=True)
class Published:
    """A published period: its name (the date it ends on), files and ledger leaf."""

    date: str
    period_start: datetime
    period_end: datetime
    published_at: datetime
    files: dict[str, str]  # file name -> SHA-256 hex
    leaf_index: int
    figures: dict[str, Any]


def _file_name(day: str, lang: str, fmt: ReportFormat) -> str:
    return f"daily-{day}.{lang}.{fmt.value}"


def publish(
    *, mission: Mission, date: date | None = None, principal: str | None = None
) -> Published:
    """Publish the daily report of ``date`` (default: the latest period holding observations)."""
    from truce.ledger.mission import mission_signer

    signer = mission_signer(mission.data_dir)
    with mission.store.begin() as conn:
        sign_current_tree(conn, signer=signer)
    report = build_daily(mission=mission, date=date)
    rp = reporting(mission.agreement)
    day = periods.ended_on(report.period, rp).isoformat()
    folder = mission.data_dir / REPORTS_DIR / day
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    for lang in LANGUAGES:
        for fmt in ReportFormat:
            data = render_report(report, lang=lang, fmt=fmt)
            name = _file_name(day, lang, fmt)
            (folder / name).write_bytes(data)
            files[name] = hashlib.sha256(data).hexdigest()
    now = datetime.now(UTC)
    record = {
        "record": "report",
        "kind": "daily",
        "date": day,
        "period": report.figures["period"],
        "published_at": now.isoformat(),
        "published_by": principal or "mission",
        "files": files,
        "figures": report.figures,
    }
    entry = canonical_json(record)
    rid = f"daily:{day}:{now.strftime('%Y%m%dT%H%M%S%f')}"
    with mission.store.begin() as conn:
        (leaf,) = append_entries(conn, kind=KIND, records=[(rid, entry)])
        insert_published(
            conn, id=rid, start=report.period.start.timestamp(), end=report.period.end.timestamp(),
            published=now.timestamp(), record=entry.decode("utf-8"), leaf_index=leaf,
        )  # fmt: skip
    return Published(day, report.period.start, report.period.end, now, files, leaf, report.figures)


def list_published(*, mission: Mission) -> list[Published]:
    """Every published period, oldest first (a period published again: the latest record)."""
    latest: dict[str, Published] = {}
    with mission.store.connect() as conn:
        rows = published_rows(conn)
    for _rid, start, end, ts, record, leaf in rows:
        doc = json.loads(record)
        latest[doc["date"]] = Published(
            doc["date"], datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC),
            datetime.fromtimestamp(ts, UTC), doc["files"], leaf, doc["figures"],
        )  # fmt: skip
    return sorted(latest.values(), key=lambda p: p.period_end)


def published_periods(*, mission: Mission) -> list[tuple[datetime, datetime]]:
    """The ``[start, end)`` of every published reporting period: what the public may see
    (read by :mod:`truce.services.views`)."""
    return [(p.period_start, p.period_end) for p in list_published(mission=mission)]


def get_published(*, mission: Mission, date: date | str, lang: str, fmt: str) -> bytes:
    """The bytes of a published file. Raises NotFound when the period was not published and
    VerificationError when the file no longer hashes to the SHA-256 in its ledger record."""
    check_language(lang)
    kind = report_format(fmt)
    day = date if isinstance(date, str) else date.isoformat()
    found = next((p for p in list_published(mission=mission) if p.date == day), None)
    if found is None:
        raise NotFound(f"no report was published for {day}", hint="run: truce report publish")
    name = _file_name(day, lang, kind)
    data = (mission.data_dir / REPORTS_DIR / day / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != found.files.get(name):
        from truce.errors import VerificationError

        raise VerificationError(f"{name} no longer matches the SHA-256 in its ledger record")
    return data


def verify(*, mission: Mission, figures_json: dict[str, Any] | str | bytes) -> VerifyResult:
    """Recompute the figures from the ledger records they name; raises VerificationError
    naming the first figure that differs."""
    try:
        doc = json.loads(figures_json) if isinstance(figures_json, str | bytes) else figures_json
    except ValueError as exc:
        raise InvalidInput(f"not a report's JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise InvalidInput("not a report's JSON: expected an object with 'figures'")
    return _verify(mission=mission, figures=doc.get("figures", doc))


def build_spot(*, mission: Mission, incident_id: str) -> Any:
    """A spot report of one incident (see :mod:`truce.services.report_spot`)."""
    from truce.services.report_spot import build_spot as _build

    return _build(mission=mission, incident_id=incident_id)


def render_spot(*, report: Any, lang: str, fmt: str) -> bytes:
    """A spot report in ``lang`` and ``fmt``."""
    from truce.reports.spot import render_spot as _render

    return _render(report, lang=lang, fmt=fmt)


def report_folder(mission: Mission, day: str) -> Path:
    """Where the published files of the period ``day`` are."""
    return mission.data_dir / REPORTS_DIR / day
