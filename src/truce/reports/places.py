"""Where most was recorded, named the way the SMM did: "in areas 2-4km south-east of Zolote".

Each counted incident is given its nearest gazetteer place (plane distance in a local
azimuthal equidistant plane); per region the places are ranked by the ceasefire violations
near them. A place is described by the range of the incidents' distances from it (whole km,
floor of the nearest to ceiling of the farthest) and the 8-point compass direction of their
count-weighted mean bearing from it; under 1 km the incidents are "in" the place.

Place names in the report's language come from GeoNames' alternate names, which carry no
language tag in the offline data: Ukrainian is told from Russian by the letters only one of
them has (і ї є ґ against ы э ъ ё) and by adjective endings (-ська, -ське against -ская, -ское).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from truce.domain.incident import Incident
from truce.geo.projection import LocalPlane

#: 8-point compass codes, clockwise from north; the text renders them per language.
COMPASS8 = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
_UK_ONLY = set("іїєґІЇЄҐ")
_RU_ONLY = set("ыэъёЫЭЪЁ")
_CYRILLIC = range(0x0400, 0x0500)
_UK_ENDINGS = ("ська", "цька", "ське", "цьке", "ський", "цький", "ськ")
_RU_ENDINGS = ("ская", "цкая", "ское", "цкое", "ский", "цкий", "ое", "ая", "ый")


@dataclass(frozen=True, slots=True)
class NamedPlace:
    """A gazetteer place: its stored name, lon/lat, and names by language where known."""

    name: str
    lon: float
    lat: float
    names: tuple[tuple[str, str], ...] = ()

    def in_lang(self, lang: str) -> str:
        return dict(self.names).get(lang, self.name)


@dataclass(frozen=True, slots=True)
class PlaceFigure:
    """Violations near one place: counts, distance range (km) and direction code."""

    place: NamedPlace
    ceasefire_violations: int
    explosions: int
    km_min: int
    km_max: int
    direction: str | None  # a COMPASS8 code, None when "in" the place

    def as_json(self) -> dict[str, object]:
        return {
            "place": self.place.name,
            "ceasefire_violations": self.ceasefire_violations,
            "explosions": self.explosions,
            "km": [self.km_min, self.km_max],
            "direction": self.direction,
        }


def language_names(name: str, alternates: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``(lang, name)`` for uk and ru from a place's alternate names (see module docstring)."""
    cyr = [a for a in alternates if a and all(ord(c) in _CYRILLIC or not c.isalpha() for c in a)]
    uk = sorted(cyr, key=lambda a: -_ukrainian(a))
    ru = sorted(cyr, key=_ukrainian)
    uk = [a for a in uk if _ukrainian(a) >= 0]
    ru = [a for a in ru if _ukrainian(a) <= 0]
    out = [("en", name), ("de", name)]
    if uk:
        out.append(("uk", uk[0]))
    if ru:
        out.append(("ru", ru[0]))
    return tuple(out)


def _ukrainian(name: str) -> int:
    """> 0 when the spelling looks Ukrainian, < 0 when Russian (letters and adjective endings)."""
    score = len(set(name) & _UK_ONLY) - len(set(name) & _RU_ONLY)
    words = name.lower().replace("-", " ").split()
    score += sum(w.endswith(_UK_ENDINGS) for w in words) - sum(
        w.endswith(_RU_ENDINGS) for w in words
    )
    score += sum(w.endswith(("ця", "ія")) for w in words) - sum(
        w.endswith(("ца", "ия")) for w in words
    )
    return score


class PlaceIndex:
    """Nearest-place lookup over the given places (a KD-tree in a local plane)."""

    def __init__(self, places: Sequence[NamedPlace], plane: LocalPlane) -> None:
        self.places = list(places)
        self.plane = plane
        x, y = plane.forward([p.lon for p in places], [p.lat for p in places])
        self._xy = np.column_stack([x, y]) if places else np.zeros((0, 2))
        self._tree = cKDTree(self._xy) if places else None

    def nearest(self, lon: Sequence[float], lat: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """(place index, distance m) of each point; index -1 when there are no places."""
        if self._tree is None or not len(lon):
            n = len(lon)
            return np.full(n, -1), np.full(n, np.inf)
        x, y = self.plane.forward(lon, lat)
        d, k = self._tree.query(np.column_stack([x, y]))
        return np.asarray(k), np.asarray(d)

    def bearing_deg(self, k: int, lon: float, lat: float) -> float:
        x, y = self.plane.forward([lon], [lat])
        dx, dy = float(x[0] - self._xy[k, 0]), float(y[0] - self._xy[k, 1])
        return math.degrees(math.atan2(dx, dy)) % 360.0


def compass8(bearing: float) -> str:
    return COMPASS8[int(((bearing % 360.0) + 22.5) // 45.0) % 8]


def most_violations(
    incidents: Sequence[Incident], index: PlaceIndex, *, top: int = 3
) -> list[PlaceFigure]:
    """The ``top`` places with most ceasefire violations near them (ties: name order)."""
    if not incidents or not index.places:
        return []
    k, d = index.nearest([i.lon for i in incidents], [i.lat for i in incidents])
    groups: dict[int, list[tuple[Incident, float]]] = {}
    for inc, kk, dd in zip(incidents, k.tolist(), d.tolist(), strict=True):
        groups.setdefault(int(kk), []).append((inc, float(dd)))
    figures = [_describe(index, kk, members) for kk, members in groups.items()]
    figures.sort(key=lambda f: (-f.ceasefire_violations, f.place.name))
    return figures[:top]


def _describe(index: PlaceIndex, k: int, members: list[tuple[Incident, float]]) -> PlaceFigure:
    cv = sum(i.counts.total for i, _ in members)
    ex = sum(i.counts.total for i, _ in members if i.kind.value == "explosion")
    dists = [d / 1000.0 for _, d in members]
    lo, hi = math.floor(min(dists)), max(math.ceil(max(dists)), 1)
    direction = None
    if max(dists) >= 1.0:
        sx = sy = 0.0
        for inc, _ in members:
            b = math.radians(index.bearing_deg(k, inc.lon, inc.lat))
            w = max(inc.counts.total, 1)
            sx, sy = sx + w * math.sin(b), sy + w * math.cos(b)
        direction = compass8(math.degrees(math.atan2(sx, sy)))
    if hi == lo:
        hi = lo + 1
    return PlaceFigure(index.places[k], cv, ex, lo, hi, direction)


def from_gazetteer(
    places: Iterable[tuple[str, float, float]],
    alternates: Mapping[str, Sequence[str]],
    *,
    bounds: tuple[float, float, float, float],
) -> list[NamedPlace]:
    """NamedPlaces within ``bounds`` (W, S, E, N), with their uk/ru names where known."""
    w, s, e, n = bounds
    return [
        NamedPlace(name, lon, lat, language_names(name, alternates.get(name, ())))
        for name, lon, lat in places
        if w <= lon <= e and s <= lat <= n
    ]
