"""The event vocabulary of the Observation wire format v1 (DESIGN.md), as enums.

Values are the wire strings; an unknown value is rejected with the list of valid ones.
"""

from __future__ import annotations

from enum import StrEnum


class SourceType(StrEnum):
    PATROL = "patrol"
    POST = "post"
    CAMERA = "camera"
    UAV = "uav"
    SENSOR = "sensor"
    MEDIA = "media"
    PARTY = "party"


class EventKind(StrEnum):
    EXPLOSION = "explosion"
    PROJECTILE = "projectile"
    FLARE = "flare"
    MUZZLE_FLASH = "muzzle_flash"
    FIRE = "fire"
    WEAPON = "weapon"
    PRESENCE = "presence"
    RESTRICTION = "restriction"
    INTERFERENCE = "interference"
    DAMAGE = "damage"
    CASUALTY = "casualty"
    OTHER = "other"


#: The kinds counted as ceasefire violations, as in the OSCE SMM reports.
CEASEFIRE_VIOLATION_KINDS: frozenset[EventKind] = frozenset(
    {
        EventKind.EXPLOSION,
        EventKind.PROJECTILE,
        EventKind.FLARE,
        EventKind.MUZZLE_FLASH,
        EventKind.FIRE,
    }
)


class ExplosionSubtype(StrEnum):
    IMPACT = "impact"
    OUTGOING = "outgoing"
    UNDETERMINED = "undetermined"
    AIRBURST = "airburst"


class Weapon(StrEnum):
    """Weapon categories (the narrative grammar's terms plus the withdrawal categories)."""

    SMALL_ARMS = "small_arms"
    HEAVY_MACHINE_GUN = "heavy_machine_gun"
    ANTI_AIRCRAFT_GUN = "anti_aircraft_gun"
    IFV_CANNON = "ifv_cannon"
    AUTOMATIC_GRENADE_LAUNCHER = "automatic_grenade_launcher"
    GRENADE_LAUNCHER = "grenade_launcher"
    ANTI_TANK_WEAPON = "anti_tank_weapon"
    MORTAR = "mortar"
    ARTILLERY = "artillery"
    HOWITZER = "howitzer"
    TANK = "tank"
    MLRS = "mlrs"
    #: Tornado-S, Uragan, Smerch (heavy multiple-launch rocket systems).
    HEAVY_MLRS = "heavy_mlrs"
    #: Tactical missile systems such as Tochka-U.
    MISSILE_SYSTEM = "missile_system"
    AIR_DEFENCE = "air_defence"
    IFV = "ifv"
    APC = "apc"


class CountQualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    UNCOUNTABLE = "uncountable"
    UNSTATED = "unstated"


class Classification(StrEnum):
    PUBLIC = "public"
    MISSION = "mission"
    RESTRICTED = "restricted"


#: Half the width of one of the 16 compass words, in degrees (360 / 16 / 2).
COMPASS_HALF_WIDTH_DEG = 11.25


class Compass16(StrEnum):
    """The 16-point compass; the value's index times 22.5 is its bearing in degrees."""

    N = "N"
    NNE = "NNE"
    NE = "NE"
    ENE = "ENE"
    E = "E"
    ESE = "ESE"
    SE = "SE"
    SSE = "SSE"
    S = "S"
    SSW = "SSW"
    SW = "SW"
    WSW = "WSW"
    W = "W"
    WNW = "WNW"
    NW = "NW"
    NNW = "NNW"

    @property
    def degrees(self) -> float:
        """Clockwise from true north, in degrees (N = 0, E = 90)."""
        return _COMPASS_ORDER.index(self) * 22.5


_COMPASS_ORDER: tuple[Compass16, ...] = tuple(Compass16)
