"""Storing observations on both backends: formats, idempotency, conflicts, atomicity."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.factories import new_id, wire
from truce.domain.intake import IngestReport
from truce.intake.export import CSV_COLUMNS, flatten, iter_csv
from truce.intake.normalise import GazetteerSpec
from truce.intake.readers import InputFormat, read_records
from truce.services import intake as service
from truce.services.intake import store_records as ingest
from truce.store import ObservationQuery, Store
from truce.store.ledger import current_tree, leaf_index_of
from truce.store.ledger_audit import audit_database

gazetteer = GazetteerSpec(country="UA")


def _jsonl(*records: dict[str, object]) -> io.BytesIO:
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    return io.BytesIO(text.encode("utf-8"))


def _ingest(
    store: Store, data: io.BytesIO, fmt: InputFormat = InputFormat.JSONL, **kw: bool
) -> IngestReport:
    return ingest(store=store, records=read_records(data, fmt), gazetteer=gazetteer, **kw)


def _ledger_size(store: Store) -> int:
    with store.connect() as conn:
        return current_tree(conn).size


def test_jsonl_records_are_stored_with_a_leaf_each(store: Store) -> None:
    records = [wire(id=new_id()) for _ in range(3)]
    report = _ingest(store, _jsonl(*records))
    assert report.ok and len(report.accepted) == 3
    stored = list(store.iter_observations())
    assert [str(o.id) for o in stored] == [r["id"] for r in records]
    assert _ledger_size(store) == 3


def test_csv_with_flat_columns_is_read(store: Store) -> None:
    header = (
        "id,source.type,source.id,observed.start,observed.end,position.lat,position.lon,"
        "event.kind,event.count.value,direction.bearings,distance_km.min,distance_km.max"
    )
    row = (
        f"{new_id()},post,OP-12,2025-03-12T18:00:00+02:00,2025-03-12T18:30:00+02:00,"
        "48.1,37.8,fire,60,SE;S,2,4"
    )
    report = _ingest(store, io.BytesIO(f"{header}\n{row}\n".encode()), InputFormat.CSV)
    assert report.ok, report.rejected
    (obs,) = store.iter_observations()
    assert obs.direction is not None and [b.value for b in obs.direction.bearings] == ["SE", "S"]
    assert obs.event.count.value == 60 and obs.position.lat == 48.1


def test_same_id_same_content_is_a_duplicate_and_changes_nothing(store: Store) -> None:
    record = wire(id=new_id())
    assert _ingest(store, _jsonl(record)).ok
    again = _ingest(store, _jsonl(record))
    assert again.ok and again.accepted == [] and again.duplicates == [(1, record["id"])]
    assert store.count_observations() == 1 and _ledger_size(store) == 1


def test_same_id_different_content_is_a_conflict_and_nothing_is_overwritten(store: Store) -> None:
    record = wire(id=new_id())
    assert _ingest(store, _jsonl(record)).ok
    changed = wire(id=record["id"], event__count={"value": 99, "qualifier": "exact"})
    report = _ingest(store, _jsonl(changed), skip_invalid=True)
    assert report.conflicts == [(1, record["id"])] and not report.ok
    (obs,) = store.iter_observations()
    assert obs.event.count.value == 14 and _ledger_size(store) == 1


def test_duplicate_inside_one_file_is_stored_once(store: Store) -> None:
    record = wire(id=new_id())
    report = _ingest(store, _jsonl(record, record))
    assert len(report.accepted) == 1 and report.duplicates == [(2, record["id"])]


@pytest.mark.parametrize("fmt", [InputFormat.JSONL, InputFormat.CSV])
@pytest.mark.parametrize("skip_invalid", [False, True])
@pytest.mark.parametrize("first", [1, 3], ids=["later-block", "same-block"])
def test_a_conflict_inside_one_file_names_both_lines(
    store: Store, monkeypatch: pytest.MonkeyPatch, fmt: InputFormat, skip_invalid: bool, first: int
) -> None:
    monkeypatch.setattr(service, "CHUNK", 2)  # lines 3-4 are one block, 1 and 6 are not
    monkeypatch.setattr(service, "BYTES_PER_RECORD", 40)
    before = wire(id=new_id())
    assert _ingest(store, _jsonl(before)).ok
    records = [wire(id=new_id()) for _ in range(4)]
    again = wire(id=records[1]["id"])  # line 5: a repeat, same content
    changed = wire(id=records[first - 1]["id"], event__count__value=77)  # line 6
    rows = [*records, again, changed, before]
    data = _jsonl(*rows) if fmt is InputFormat.JSONL else _csv(*rows)
    s = 0 if fmt is InputFormat.JSONL else 1  # the CSV header is line 1
    report = _ingest(store, data, fmt, skip_invalid=skip_invalid)
    assert report.conflicts == [(6 + s, changed["id"])] and not report.ok
    # Atomic or not, every duplicate is named in the first run (issue 11.8), also after the
    # conflict that rolls an atomic import back.
    assert report.duplicates == [(5 + s, again["id"]), (7 + s, before["id"])]
    # Each repeat names its earlier line; the record stored before the import does not.
    assert report.earlier_lines == {5 + s: 2 + s, 6 + s: first + s}
    assert report.as_dict()["conflicts"] == [
        {"line": 6 + s, "id": changed["id"], "earlier_line": first + s}
    ]
    results = [(r.line, r.status.value, r.earlier_line) for r in report.results()]
    assert [r for r in results if r[2] is not None] == [
        (5 + s, "duplicate", 2 + s),
        (6 + s, "conflict", first + s),
    ]
    stored = list(store.iter_observations())
    if skip_invalid:  # the first of each id is stored, never the conflicting content
        assert [str(o.id) for o in stored] == [before["id"]] + [r["id"] for r in records]
        kept = records[first - 1]["event"]
        assert stored[first].event.count.value == kept["count"]["value"]  # type: ignore[index]
    else:
        assert report.rolled_back and [str(o.id) for o in stored] == [before["id"]]
        assert _ledger_size(store) == 1


def _csv(*records: dict[str, object]) -> io.BytesIO:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flatten(r) for r in records)
    return io.BytesIO(buf.getvalue().encode("utf-8"))


def test_an_invalid_line_stores_nothing_by_default(store: Store) -> None:
    good, bad = wire(id=new_id()), wire(id=new_id(), position__lat=123)
    report = _ingest(store, _jsonl(good, bad, wire(id=new_id())))
    assert report.rolled_back and report.accepted == []
    assert [str(d) for d in report.rejected] == ["line 2: position.lat: must be between -90 and 90"]
    assert store.count_observations() == 0 and _ledger_size(store) == 0


def test_an_atomic_run_names_its_conflicts_in_the_first_run(store: Store) -> None:
    """Issue 11.8: a rejected record must not hide the conflicts after it (against stored
    records and inside the file) until the rerun."""
    stored = wire(id=new_id())
    assert _ingest(store, _jsonl(stored)).ok
    changed = wire(id=stored["id"], event__count={"value": 99, "qualifier": "exact"})
    twice = wire(id=new_id())
    twice_changed = wire(id=twice["id"], distance_km={"min": 5, "max": 9})
    records = [wire(id=new_id(), position__lat=123), changed, stored, twice, twice, twice_changed]
    report = _ingest(store, _jsonl(*records))
    assert report.rolled_back and report.rejected_records == 1
    assert report.conflicts == [(2, stored["id"]), (6, twice["id"])]
    assert report.duplicates == [(3, stored["id"]), (5, twice["id"])]
    assert report.earlier_lines == {5: 4, 6: 4}
    assert store.count_observations() == 1 and _ledger_size(store) == 1


def test_conflicts_after_a_rejection_in_a_later_block_are_named(store: Store) -> None:
    stored = wire(id=new_id())
    assert _ingest(store, _jsonl(stored)).ok
    changed = wire(id=stored["id"], event__count={"value": 99, "qualifier": "exact"})
    filler = [wire(id=new_id()) for _ in range(service.CHUNK + 5)]
    report = _ingest(store, _jsonl(wire(id=new_id(), observed__start="noon"), *filler, changed))
    assert report.rolled_back
    assert report.conflicts == [(service.CHUNK + 7, stored["id"])]
    assert store.count_observations() == 1


def test_skip_invalid_stores_the_valid_ones_and_reports_the_rest(store: Store) -> None:
    records = [wire(id=new_id()), wire(id=new_id(), observed__start="noon"), wire(id=new_id())]
    report = _ingest(store, _jsonl(*records), skip_invalid=True)
    assert len(report.accepted) == 2 and len(report.rejected) == 1
    assert report.rejected[0].where == "line 2: observed.start"
    assert store.count_observations() == 2 and _ledger_size(store) == 2


def test_non_ascii_text_round_trips(store: Store) -> None:
    text = "Під час перебування в Золотому СММ чула 3 вибухи — «невизначені»"
    record = wire(id=new_id(), source__id="група-Д07", narrative={"text": text, "lang": "uk"})
    assert _ingest(store, _jsonl(record)).ok
    (obs,) = store.iter_observations()
    assert obs.narrative is not None and obs.narrative.text == text
    assert obs.source.id == "група-Д07"


def test_place_only_position_is_resolved_and_kept(store: Store) -> None:
    record = wire(id=new_id())
    record["position"] = {"place": "Avdiyivka"}
    assert _ingest(store, _jsonl(record)).ok
    (obs,) = store.iter_observations()
    assert obs.position.place == "Avdiyivka"
    assert obs.position.lon == pytest.approx(37.75, abs=0.01)


def test_unknown_place_is_rejected_with_the_closest_names(store: Store) -> None:
    record = wire(id=new_id())
    record["position"] = {"place": "Avdivkaa"}
    report = _ingest(store, _jsonl(record))
    assert report.rejected[0].where == "line 1: position.place"
    assert "closest names: Avdiyivka" in report.rejected[0].msg


def test_filters_select_by_time_kind_source_and_bbox(store: Store) -> None:
    a = wire(id=new_id(), source__id="A", position__lon=37.0)
    b = wire(id=new_id(), source__id="B", event__kind="flare", event__subtype=None)
    b["observed"] = {"start": "2025-03-13T10:00:00+00:00", "end": "2025-03-13T10:05:00+00:00"}
    assert _ingest(store, _jsonl(a, b)).ok
    ids = lambda q: [str(o.id) for o in store.iter_observations(q)]  # noqa: E731
    from datetime import datetime

    assert ids(ObservationQuery(kinds=("flare",))) == [b["id"]]
    assert ids(ObservationQuery(source_ids=("A",))) == [a["id"]]
    assert ids(ObservationQuery(bbox=(36.5, 48.0, 37.5, 49.0))) == [a["id"]]
    since = datetime.fromisoformat("2025-03-13T00:00:00+00:00")
    assert ids(ObservationQuery(since=since)) == [b["id"]]
    assert ids(ObservationQuery(until=since)) == [a["id"]]


def test_csv_export_reads_back_identically(store: Store) -> None:
    records = [
        wire(id=new_id(), narrative={"text": 'héard, "quoted"\nnext line', "lang": "en"}),
        wire(
            id=new_id(),
            direction={"bearing_deg": [12.5, 300], "sigma_deg": 7, "from": "W", "to": "E"},
        ),
    ]
    assert _ingest(store, _jsonl(*records)).ok
    exported = "".join(iter_csv(store.iter_observations())).encode("utf-8")
    first = list(store.iter_observations())
    assert flatten(first[0].wire())["narrative.text"].startswith("héard")
    # Re-importing the export is a pure duplicate: same ids, same canonical content.
    report = _ingest(store, io.BytesIO(exported), InputFormat.CSV)
    assert report.ok and report.accepted == [] and len(report.duplicates) == 2


def test_parallel_preparation_keeps_input_order_and_reports_lines(store: Store) -> None:
    records = [wire(id=new_id()) for _ in range(2500)]
    records[2100]["position"]["lon"] = 500
    data = _jsonl(*records)
    report = ingest(
        store=store,
        records=read_records(data, InputFormat.JSONL),
        gazetteer=gazetteer,
        workers=2,
        skip_invalid=True,
    )
    assert [str(d) for d in report.rejected] == [
        "line 2101: position.lon: must be between -180 and 180"
    ]
    expected = [r["id"] for n, r in enumerate(records) if n != 2100]
    assert report.accepted == expected
    assert [str(o.id) for o in store.iter_observations()] == expected


@pytest.mark.parametrize("workers", [0, 2])
def test_blocks_with_stored_records_fall_back_to_checking_each(
    store: Store, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New records are written block by block without a lookup; a block holding a stored
    record (duplicate or conflict) is rolled back to its savepoint and checked record by
    record. Ledger order stays input order, line numbers stay right across blocks."""
    monkeypatch.setattr(service, "CHUNK", 7)  # blocks of about 7 lines
    monkeypatch.setattr(service, "BYTES_PER_RECORD", 40)
    first = [wire(id=new_id(), event__count__value=k + 1) for k in range(20)]
    assert _ingest(store, _jsonl(*first[:10])).ok
    new = [wire(id=new_id()) for _ in range(20)]
    changed = wire(id=first[7]["id"], event__count__value=999)
    # The file: blank lines and CRLF line ends count as lines.
    lines = ["", json.dumps(first[5]), "  ", *map(json.dumps, first[10:20]), *map(json.dumps, new)]
    lines += [json.dumps(changed), json.dumps(first[15]), json.dumps(first[6]) + "\r"]
    data = io.BytesIO(("\n".join(lines) + "\n").encode())
    report = ingest(
        store=store,
        records=read_records(data, InputFormat.JSONL),
        gazetteer=gazetteer,
        workers=workers,
        skip_invalid=True,
    )
    n = len(lines)
    assert report.duplicates == [(2, first[5]["id"]), (n - 1, first[15]["id"]), (n, first[6]["id"])]
    assert report.conflicts == [(n - 2, first[7]["id"])]
    expected = [r["id"] for r in first[10:20] + new]
    assert report.accepted == expected and report.read == n - 2
    stored = [str(o.id) for o in store.iter_observations()]
    assert stored == [r["id"] for r in first[:10]] + expected
    with store.connect() as conn:
        assert current_tree(conn).size == len(stored)
        for index, ident in enumerate(stored):
            assert leaf_index_of(conn, kind="observation", record_id=ident) == index
        assert leaf_index_of(conn, kind="observation", record_id=new_id()) is None
        audit_database(conn)


def test_reimporting_a_file_stores_nothing_and_reports_every_duplicate(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CHUNK", 4)
    monkeypatch.setattr(service, "BYTES_PER_RECORD", 40)
    records = [wire(id=new_id()) for _ in range(25)]
    assert _ingest(store, _jsonl(*records)).ok
    changed = wire(id=records[0]["id"], event__count__value=77)
    again = _ingest(store, _jsonl(*records, changed), skip_invalid=True)
    assert again.accepted == [] and len(again.duplicates) == 25
    assert again.conflicts == [(26, records[0]["id"])]
    assert store.count_observations() == 25 and _ledger_size(store) == 25
