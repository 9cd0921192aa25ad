"""The columnar check: many incidents against an agreement's history at once (issue 11.4).

The same results as :meth:`~truce.compliance.engine.ComplianceEngine.assess` of
:func:`~truce.compliance.subject.from_incidents` (tested incident by incident, clause by
clause), computed as array operations:

* facts (:func:`fact_columns`): every centre is located with the point machinery (distance
  to the line, side, region, zones); an ellipse whose centre is farther than its semi-major
  axis from every side's, region's and zone's boundary lies wholly where its centre lies,
  so its membership facts are its centre's; only the others are traced as polygons and tested
  (:mod:`truce.compliance._ellipses`), and those that may reach the line are measured against
  it as polygons, as one at a time;
* clauses: each clause module's ``check_batch`` decides every row (outcome, reason,
  attribution) with vectorised predicates over the fact columns;
* records: :meth:`ColumnResult.violations` builds the violation records of the breached and
  undetermined rows only, with the clause's per-subject check on that row's facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from truce.agreement.models import Agreement
from truce.agreement.spatial import SpatialIndex
from truce.compliance._areas import Memberships, as_geometries, describe_areas, memberships
from truce.compliance._ellipses import (
    clear_of_boundaries,
    distance_range,
    ellipse_polygons,
    may_reach_line,
)
from truce.compliance.columns import (
    IN_AREA_NAMES,
    NO,
    UNKNOWN,
    YES,
    ClauseColumns,
    Code,
    FactColumns,
    IncidentColumns,
    IntArray,
    epoch_us,
)
from truce.compliance.engine import CHECKS, CLAUSE_MODULES, ComplianceEngine, Progress
from truce.compliance.subject import ELLIPSE_VERTICES, Subject
from truce.domain.violation import Violation
from truce.geo.distance import LineDistances

#: Clause type -> the columnar form of its check.
BATCH_CHECKS: dict[str, Callable[..., ClauseColumns]] = {
    t: m.check_batch for t, m in CLAUSE_MODULES.items()
}

#: Rows measured together (bounds memory; progress is told after each chunk).
CHUNK = 100_000


def fact_columns(index: SpatialIndex, subjects: IncidentColumns) -> FactColumns:
    """The facts of every row (as :func:`~truce.compliance.facts.compute_facts` of its
    subject; see the module docstring)."""
    n = len(subjects)
    parties, regions, zones = index.sides.names, index.regions.names, index.zones.names
    out = FactColumns(
        parties=parties,
        regions=regions,
        zones=zones,
        distance_m=np.full(n, np.nan),
        min_distance_m=np.full(n, np.nan),
        max_distance_m=np.full(n, np.nan),
        side=np.full(n, -1, dtype=np.int64),
        wholly_on=np.full(n, -1, dtype=np.int64),
        region=np.full(n, -1, dtype=np.int64),
        sides=np.zeros((n, len(parties)), dtype=bool),
        zones_covering=np.zeros((n, len(zones)), dtype=bool),
        zones_intersecting=np.zeros((n, len(zones)), dtype=bool),
        in_area=np.full(n, UNKNOWN, dtype=np.int64),
    )
    rows = np.flatnonzero(subjects.located)
    if len(rows):
        line = _centres(index, subjects, rows, out)
        _ellipses(index, subjects, rows, out, line)
    return out


def _centres(
    index: SpatialIndex, subjects: IncidentColumns, rows: IntArray, out: FactColumns
) -> LineDistances:
    """Point facts of the located rows, every fact of a point or a clear ellipse; what the
    distance to the line found on the way (plane points, nearest segments), for the
    ellipses."""
    lon, lat = subjects.lon[rows], subjects.lat[rows]
    # As index.distance_m (exact), keeping the plane points and nearest segments.
    line = index.line.measure(lon, lat, exact=True)
    d = line.distance
    out.distance_m[rows] = out.min_distance_m[rows] = out.max_distance_m[rows] = d
    side = index.side_index(lon, lat)
    out.side[rows] = out.wholly_on[rows] = side
    on = side >= 0
    out.sides[rows[on], side[on]] = True
    region = index.region_index(lon, lat)
    out.region[rows] = region
    out.in_area[rows] = np.where(region >= 0, YES, NO)
    at, zone = index.zones.pairs(lon, lat)
    out.zones_covering[rows[at], zone] = out.zones_intersecting[rows[at], zone] = True
    return line


def _ellipses(
    index: SpatialIndex,
    subjects: IncidentColumns,
    rows: IntArray,
    out: FactColumns,
    line: LineDistances,
) -> None:
    """The facts an ellipse does not share with its centre: its distance range, and where it
    may cross a boundary, its memberships as a traced polygon (``line``: what
    :func:`_centres` measured for ``rows``)."""
    has = subjects.semi_major_m[rows] > 0
    rows = rows[has]
    if not len(rows):
        return
    a = subjects.semi_major_m[rows]
    x, y = line.x[has], line.y[has]
    near = may_reach_line(out.distance_m[rows], a)
    far = rows[~near]
    seg, t = line.nearest.segment[has][~near], line.nearest.t[has][~near]
    lo, hi = distance_range(
        index,
        lon=subjects.lon[far],
        lat=subjects.lat[far],
        distance_m=out.distance_m[far],
        semi_major_m=subjects.semi_major_m[far],
        semi_minor_m=subjects.semi_minor_m[far],
        orientation_deg=subjects.orientation_deg[far],
        plane_xy=(x[~near], y[~near]),
        nearest=(seg, t),
    )
    out.min_distance_m[far], out.max_distance_m[far] = lo, hi
    clear = clear_of_boundaries(
        index, lon=subjects.lon[rows], lat=subjects.lat[rows], semi_major_m=a, plane_xy=(x, y)
    )
    for traced, measured in ((rows[near], True), (rows[~near & ~clear], False)):
        if len(traced):
            _traced(index, subjects, traced, out, measured=measured)


def _traced(
    index: SpatialIndex,
    subjects: IncidentColumns,
    rows: IntArray,
    out: FactColumns,
    *,
    measured: bool,
) -> None:
    """Trace the rows' ellipses and take their memberships (and with ``measured`` their
    distance range) from the polygons, as one at a time."""
    polygons = ellipse_polygons(
        lon=subjects.lon[rows],
        lat=subjects.lat[rows],
        semi_major_m=subjects.semi_major_m[rows],
        semi_minor_m=subjects.semi_minor_m[rows],
        orientation_deg=subjects.orientation_deg[rows],
        n=ELLIPSE_VERTICES,
    )
    if measured:
        areas, in_area = describe_areas(index, list(polygons))
        out.min_distance_m[rows] = [x.min_distance_m for x in areas]
        out.max_distance_m[rows] = [x.max_distance_m for x in areas]
        m = Memberships(
            sides=[x.sides for x in areas],
            wholly_on=[x.wholly_on for x in areas],
            zones_intersecting=[x.zones_intersecting for x in areas],
            zones_covering=[x.zones_covering for x in areas],
            in_area=in_area,
        )
    else:
        m = memberships(index, as_geometries(list(polygons)))
    parties, zones = out.parties, out.zones
    out.sides[rows] = out.zones_covering[rows] = out.zones_intersecting[rows] = False
    for k, r in enumerate(rows.tolist()):
        out.sides[r, [parties.index(s) for s in m.sides[k]]] = True
        wholly = m.wholly_on[k]
        out.wholly_on[r] = -1 if wholly is None else parties.index(wholly)
        out.zones_covering[r, [zones.index(z) for z in m.zones_covering[k]]] = True
        out.zones_intersecting[r, [zones.index(z) for z in m.zones_intersecting[k]]] = True
        out.in_area[r] = IN_AREA_NAMES.index(m.in_area[k])


@dataclass(frozen=True)
class VersionColumns:
    """The rows checked under one agreement version: their facts and each clause's result
    (by clause id, in the agreement's order)."""

    agreement: Agreement
    rows: IntArray
    facts: FactColumns
    clauses: dict[str, ClauseColumns]


@dataclass
class ColumnResult:
    """The columnar check of :class:`IncidentColumns` (see :func:`assess_columns`)."""

    subjects: IncidentColumns
    engine: ComplianceEngine
    versions: list[VersionColumns] = field(default_factory=list)
    #: Rows earlier than the first version of the agreement.
    unchecked: int = 0
    #: The violation records, when built chunk by chunk (``assess_columns(records=True)``).
    records: list[Violation] | None = None

    def counts(self) -> dict[Code, int]:
        """How many (row, clause) findings of each outcome."""
        got: dict[Code, int] = dict.fromkeys(Code, 0)
        for v in self.versions:
            for c in v.clauses.values():
                for code, k in zip(*np.unique(c.outcome, return_counts=True), strict=True):
                    got[Code(int(code))] += int(k)
        return got

    def violations(self) -> list[Violation]:
        """The violation records (breached and undetermined findings), in the order
        :meth:`~truce.compliance.engine.ComplianceEngine.assess` gives them (those built
        during :func:`assess_columns` with ``records``, in the order they were built)."""
        if self.records is not None:
            return self.records
        return [x for v in self.versions for x in self.violations_of(v)]

    def violations_of(self, v: VersionColumns) -> Iterator[Violation]:
        """The violation records of one version's rows."""
        clauses = v.agreement.doc.clauses
        found = np.stack([v.clauses[c.id].outcome for c in clauses], axis=1)
        local, which = np.nonzero((found == Code.BREACHED) | (found == Code.UNDETERMINED))
        # Each row's subject and facts once, however many clauses it breaches.
        rows, first = np.unique(local, return_inverse=True)
        subjects = self.subjects.subjects(v.rows[rows])
        facts = v.facts.rows(rows)
        for j, c in zip(first.tolist(), which.tolist(), strict=True):
            clause = clauses[c]
            finding = CHECKS[clause.type](
                subject=subjects[j], facts=facts[j], clause=clause, agreement=v.agreement
            )
            assert finding is not None
            yield self.engine.violation(v.agreement, clause.id, clause.type, subjects[j], finding)


def assess_columns(
    engine: ComplianceEngine,
    subjects: IncidentColumns,
    *,
    progress: Progress | None = None,
    records: bool = False,
) -> ColumnResult:
    """Every row against every clause of the version in force at its start, as columns.

    With ``records``, each chunk's violation records are built with it (so that progress
    covers them). ``progress(done, total)`` is told after each chunk of :data:`CHUNK` rows."""
    history = engine.history
    versions = list(history)
    effective = np.array([epoch_us(a.effective) for a in versions], dtype=np.int64)
    which = np.searchsorted(effective, subjects.start_us, side="right") - 1
    result = ColumnResult(subjects, engine, unchecked=int(np.sum(which < 0)))
    if records:
        result.records = []
    total, done = len(subjects), result.unchecked
    for number in np.unique(which[which >= 0]).tolist():
        agreement = versions[number]
        index = engine.index(agreement)
        members = np.flatnonzero(which == number)
        for start in range(0, len(members), CHUNK):
            rows = members[start : start + CHUNK]
            checked = _assess(index, agreement, subjects.take(rows), rows)
            result.versions.append(checked)
            if result.records is not None:
                result.records.extend(result.violations_of(checked))
            done += len(rows)
            if progress is not None:
                progress(done, total)
    result.versions.sort(key=lambda v: v.agreement.version)
    return result


def _assess(
    index: SpatialIndex, agreement: Agreement, subjects: IncidentColumns, rows: IntArray
) -> VersionColumns:
    facts = fact_columns(index, subjects)
    clauses = {
        c.id: BATCH_CHECKS[c.type](subjects=subjects, facts=facts, clause=c, agreement=agreement)
        for c in agreement.doc.clauses
    }
    return VersionColumns(agreement, rows, facts, clauses)


@dataclass(frozen=True)
class Checked:
    """Violations of incidents (checked as columns) and of other subjects (one by one)."""

    violations: list[Violation]
    #: Incidents and subjects earlier than the first version of the agreement.
    unchecked: int


def check_incidents_and_subjects(
    *,
    engine: ComplianceEngine,
    incidents: IncidentColumns,
    subjects: Sequence[Subject] = (),
    progress: Progress | None = None,
) -> Checked:
    """Incidents through :func:`assess_columns` (their records built chunk by chunk), then the
    other subjects (observations no incident rests on) through :meth:`ComplianceEngine.assess`;
    ``progress(done, total)`` counts both."""
    total = len(incidents) + len(subjects)

    def tell_incidents(done: int, _: int) -> None:
        if progress is not None:
            progress(done, total)

    def tell_subjects(done: int, _: int) -> None:
        if progress is not None:
            progress(len(incidents) + done, total)

    columnar = assess_columns(engine, incidents, progress=tell_incidents, records=True)
    rest = engine.assess(subjects, progress=tell_subjects)
    return Checked(columnar.violations() + rest.violations, columnar.unchecked + rest.unchecked)
