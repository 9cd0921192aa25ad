"""The index cache written at installation (issue 17, item 1): a command answers from it
without parsing the GeoJSON, with exactly the answers of an index built from the GeoJSON; a
changed or stale cache is refused with a message naming it; an installation from before the
cache still works and gains one when installed again."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from truce.agreement import (
    AgreementHistory,
    SpatialIndex,
    demo_agreement_dir,
    load_agreement,
    load_installed,
    loader,
)
from truce.agreement.install import MANIFEST, install_agreement
from truce.errors import VerificationError
from truce.services import agreement as agreement_service

REAL_LINE = Path(__file__).resolve().parents[1] / "data" / "real-line" / "agreement"
FOLDERS = {"demo": demo_agreement_dir(), "real-line": REAL_LINE}


def _points(history: AgreementHistory, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random points over the agreement's extent and beyond it, plus every vertex of the
    contact line and of the controlled areas (on the line and on the areas' edges: the points
    the cache hands to GEOS)."""
    a = history.latest
    geoms = [shape(f.geometry) for f in (*a.controlled_areas, *a.regions, *a.contact_line)]
    w, s, e, nn = shapely.total_bounds(geoms)
    rng = np.random.default_rng(seed)
    lon = rng.uniform(w - 0.5, e + 0.5, n)
    lat = rng.uniform(s - 0.5, nn + 0.5, n)
    edges = shapely.get_coordinates([shape(f.geometry) for f in (*a.contact_line, *a.zones)])
    pick = edges[rng.choice(len(edges), size=min(40, len(edges)), replace=False)]
    return np.r_[lon, pick[:, 0]], np.r_[lat, pick[:, 1]]


def _same(cached: SpatialIndex, built: SpatialIndex, lon: np.ndarray, lat: np.ndarray) -> None:
    a, b = cached.locate(lon, lat), built.locate(lon, lat)
    assert (a.side, a.region, a.zones) == (b.side, b.region, b.zones)
    np.testing.assert_array_equal(a.distance_m, b.distance_m)
    np.testing.assert_array_equal(cached.side_index(lon, lat), built.side_index(lon, lat))
    np.testing.assert_array_equal(cached.region_index(lon, lat), built.region_index(lon, lat))
    for zone in built.zones.names:
        np.testing.assert_array_equal(
            cached.zone_mask(zone, lon, lat), built.zone_mask(zone, lon, lat)
        )
    # plane distances (bulk checks): two segments as near to the last bit may be picked
    fast = cached.distance_m(lon, lat, exact=False)
    np.testing.assert_allclose(fast, built.distance_m(lon, lat, exact=False), rtol=0, atol=1e-6)


@pytest.fixture(scope="module", params=sorted(FOLDERS))
def installed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp(f"installed-{request.param}")
    return install_agreement(FOLDERS[request.param], data)


def _source(installed: Path) -> Path:
    return next(p for p in FOLDERS.values() if (p / "agreement.yaml").read_bytes() == (
        installed / "agreement.yaml"
    ).read_bytes())  # fmt: skip


@pytest.mark.parametrize("n", [200, 21_000], ids=["small-batch", "large-batch"])
def test_the_cache_gives_the_answers_of_the_geojson(installed: Path, n: int) -> None:
    source = load_agreement(_source(installed))
    history = load_installed(installed)
    lon, lat = _points(source, n, seed=n)
    for version in source:
        built = SpatialIndex(version)
        cached = history.index(version.version)
        assert cached is not built and not hasattr(built, "_cache") and hasattr(cached, "_cache")
        _same(cached, built, lon, lat)
        # SpatialIndex(agreement) of an installed version uses the cache too (compliance)
        again = SpatialIndex(history.version(version.version))
        assert hasattr(again, "_cache")
        _same(again, built, lon, lat)
        area = shapely.Point(float(lon[0]), float(lat[0])).buffer(0.05)
        assert cached.describe_area(area) == built.describe_area(area)


def test_locate_parses_no_geojson(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parsing(*args: object) -> None:
        raise AssertionError("the installed GeoJSON was parsed")

    expected = agreement_service.locate(
        agreement=load_agreement(_source(installed)), lon=[38.0, 38.5], lat=[48.0, 48.3]
    )
    monkeypatch.setattr(loader, "read_version", no_parsing)
    history = load_installed(installed)
    got = agreement_service.locate(agreement=history, lon=[38.0, 38.5], lat=[48.0, 48.3])
    assert got == expected
    monkeypatch.undo()
    assert history.latest.version == history.number_in_force()  # parsed when asked for


def _rehash(folder: Path, name: str) -> None:
    """Record ``name``'s new content in the manifest (a cache the manifest covers)."""
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    data = (folder / name).read_bytes()
    manifest["files"][name] = hashlib.sha256(data).hexdigest()
    manifest["sizes"][name] = len(data)
    (folder / MANIFEST).write_text(json.dumps(manifest), "utf-8")


def _copy(installed: Path, tmp_path: Path) -> Path:
    target = tmp_path / "agreement"
    shutil.copytree(installed, target)
    return target


def test_a_changed_cache_file_is_refused_naming_it(installed: Path, tmp_path: Path) -> None:
    target = _copy(installed, tmp_path)
    latest = load_installed(target).number_in_force()
    name = f".truce-index-v{latest}/fine_xy.npy"
    data = bytearray((target / name).read_bytes())
    data[-1] ^= 1  # the same size, one bit of one coordinate changed
    (target / name).write_bytes(bytes(data))
    with pytest.raises(VerificationError) as caught:  # on loading if small, else when read
        load_installed(target).index(latest).locate([38.0], [48.0])
    assert f"{name} was changed after installation" in caught.value.message
    (target / name).write_bytes(bytes(data[:-8]))  # a different size: refused on loading
    with pytest.raises(VerificationError, match=f"{name} was changed"):
        load_installed(target)


def test_a_cache_of_another_version_is_refused(installed: Path, tmp_path: Path) -> None:
    target = _copy(installed, tmp_path)
    latest = load_installed(target).number_in_force()
    meta = target / f".truce-index-v{latest}" / "meta.json"
    text = json.loads(meta.read_text("utf-8"))
    text["sha256"] = "0" * 64
    meta.write_text(json.dumps(text), "utf-8")
    _rehash(target, meta.relative_to(target).as_posix())
    with pytest.raises(VerificationError, match="built for another version"):
        load_installed(target).index(latest)


def test_a_cache_of_another_format_is_rebuilt_from_the_geojson(
    installed: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    target = _copy(installed, tmp_path)
    latest = load_installed(target).number_in_force()
    meta = target / f".truce-index-v{latest}" / "meta.json"
    text = json.loads(meta.read_text("utf-8"))
    text["format"] = "truce-agreement-index/0"
    meta.write_text(json.dumps(text), "utf-8")
    _rehash(target, meta.relative_to(target).as_posix())
    with caplog.at_level(logging.WARNING):
        index = load_installed(target).index(latest)
    assert not hasattr(index, "_cache")
    assert "has format 'truce-agreement-index/0'" in caplog.text
    source = load_agreement(_source(installed))
    lon, lat = _points(source, 50, seed=3)
    _same(index, SpatialIndex(source.version(latest)), lon, lat)


def test_an_installation_without_cache_works_and_gains_one(installed: Path, tmp_path: Path) -> None:
    target = _copy(installed, tmp_path)
    for folder in target.glob(".truce-index-v*"):
        shutil.rmtree(folder)
    manifest = json.loads((target / MANIFEST).read_text("utf-8"))
    for key in ("indexes", "effective", "sizes"):
        del manifest[key]  # a manifest as installations before the cache wrote it
    manifest["files"] = {k: v for k, v in manifest["files"].items() if ".truce-index" not in k}
    (target / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    source = load_agreement(_source(installed))
    lon, lat = _points(source, 100, seed=5)
    old = load_installed(target)
    latest = old.number_in_force()
    assert not hasattr(old.index(latest), "_cache")
    _same(old.index(latest), SpatialIndex(source.version(latest)), lon, lat)
    install_agreement(_source(installed), tmp_path)  # the same agreement again: adds the cache
    assert (target / f".truce-index-v{latest}" / "meta.json").is_file()
    assert hasattr(load_installed(target).index(latest), "_cache")


def test_a_dense_line_from_the_cache_gives_its_levels_of_detail(
    demo_history: AgreementHistory, tmp_path: Path
) -> None:
    """A line of thousands of segments gets coarser levels of detail for large batches; from a
    cache they are built from the cached vertices, with the same answers."""
    from truce.agreement import _cache
    from truce.agreement.models import LineFeature

    latest = demo_history.latest
    line = shapely.segmentize(shape(latest.contact_line[0].geometry), 0.0005)
    xy = shapely.get_coordinates(line)
    xy[1:-1] += np.random.default_rng(7).normal(0.0, 2e-5, (len(xy) - 2, 2))  # ~2 m: kept
    dense = latest.model_copy(
        update={
            "contact_line": (
                LineFeature(geometry={"type": "LineString", "coordinates": xy.tolist()}),
            )
        }
    )
    built = SpatialIndex(dense)
    folder = tmp_path / "cache"
    _cache.write(folder, built, "0" * 64)
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    cache = _cache.Cache(folder, version=dense.version, digest="0" * 64, hashes=hashes)
    cached = SpatialIndex.from_cache(cache, lambda: dense)
    lon, lat = _points(demo_history, 21_000, seed=11)
    few_lon, few_lat = lon[:100], lat[:100]  # first a small batch: the chunks, no STRtree
    np.testing.assert_array_equal(
        cached.distance_m(few_lon, few_lat), built.distance_m(few_lon, few_lat)
    )
    assert "tree" not in cached.line.index.fine.__dict__
    np.testing.assert_allclose(
        cached.distance_m(lon, lat, exact=False), built.distance_m(lon, lat, exact=False),
        rtol=0, atol=1e-6,
    )  # fmt: skip
    assert len(cached.line.index.levels) == len(built.line.index.levels) > 1
    assert cached.agreement is dense


@pytest.fixture(scope="module")
def demo_history() -> AgreementHistory:
    return load_agreement(demo_agreement_dir())
