"""Why a clause found what it found: a code with parameters, never a sentence.

Violation facts carry a :class:`Reason` and its ``reason_params``; the sentence is rendered at
the edge: :func:`render_reason` gives the English one (CLI, API), the reports render their
languages through Babel from the same code and parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

#: A reason's parameters: names to plain JSON values.
ReasonParams = dict[str, str | int | float]


class Reason(StrEnum):
    LOCATION_UNKNOWN = "location_unknown"
    FIRE_IN_AREA = "fire_in_area"
    FIRE_PARTLY_IN_AREA = "fire_partly_in_area"
    FIRE_OUTSIDE_AREA = "fire_outside_area"
    #: ``where``: ``in``, ``partly in``, ``outside`` or ``near`` the agreement area.
    MOVEMENT_RESTRICTED = "movement_restricted"
    UAV_INTERFERED = "uav_interfered"
    OUTSIDE_AREA = "outside_area"
    #: ``weapon``, ``distance_km``, ``limit_km``
    WEAPON_WITHIN_LIMIT = "weapon_within_limit"
    #: ``weapon``, ``limit_km``
    WEAPON_CALIBRE_UNKNOWN = "weapon_calibre_unknown"
    WEAPON_STRADDLES_LIMIT = "weapon_straddles_limit"
    #: ``weapon``
    WEAPON_BEYOND_LIMIT = "weapon_beyond_limit"
    #: ``area``
    IN_HOLDING_AREA = "in_holding_area"
    PARTLY_IN_HOLDING_AREA = "partly_in_holding_area"
    OVERLAPS_HOLDING_AREA = "overlaps_holding_area"
    ONE_COUNT_SEVERAL_CATEGORIES = "one_count_several_categories"
    #: ``missing``, ``registered``
    REGISTERED_MISSING = "registered_missing"
    ALL_REGISTERED_PRESENT = "all_registered_present"
    AT_LEAST_REGISTERED_PRESENT = "at_least_registered_present"
    #: ``qualifier``, ``registered``
    COUNT_NOT_COMPARABLE = "count_not_comparable"
    #: ``kind``, ``zone``
    INSIDE_ZONE = "inside_zone"
    POSSIBLY_INSIDE_ZONE = "possibly_inside_zone"
    OUTSIDE_ZONES = "outside_zones"
    #: ``site``
    AT_SITE_OUTSIDE_WINDOWS = "at_site_outside_windows"
    FIRE_AT_SITE_IN_WINDOW = "fire_at_site_in_window"
    FIRE_POSSIBLY_AT_SITE_IN_WINDOW = "fire_possibly_at_site_in_window"
    AWAY_FROM_SITES = "away_from_sites"


#: The English sentence of each reason (``str.format`` fields are the parameters).
ENGLISH: dict[Reason, str] = {
    Reason.LOCATION_UNKNOWN: "the location is unknown",
    Reason.FIRE_IN_AREA: "fire observed in the agreement area",
    Reason.FIRE_PARTLY_IN_AREA: "fire observed partly inside the agreement area",
    Reason.FIRE_OUTSIDE_AREA: "fire observed outside the agreement area",
    Reason.MOVEMENT_RESTRICTED: "movement restricted {where} the agreement area",
    Reason.UAV_INTERFERED: "UAV interfered with {where} the agreement area",
    Reason.OUTSIDE_AREA: "outside the agreement area",
    Reason.WEAPON_WITHIN_LIMIT: (
        "{weapon} {distance_km:.1f} km from the line, limit {limit_km:g} km"
    ),
    Reason.WEAPON_CALIBRE_UNKNOWN: "{weapon} within the {limit_km:g} km limit? (calibre unknown)",
    Reason.WEAPON_STRADDLES_LIMIT: (
        "{weapon} within the {limit_km:g} km limit? (location straddles the limit)"
    ),
    Reason.WEAPON_BEYOND_LIMIT: "{weapon} beyond the withdrawal distance",
    Reason.IN_HOLDING_AREA: "inside registered holding area {area}",
    Reason.PARTLY_IN_HOLDING_AREA: "partly inside a holding area",
    Reason.OVERLAPS_HOLDING_AREA: "location only overlaps {area}",
    Reason.ONE_COUNT_SEVERAL_CATEGORIES: "one count for several weapon categories",
    Reason.REGISTERED_MISSING: "{missing} of {registered} registered missing",
    Reason.ALL_REGISTERED_PRESENT: "all registered weapons present",
    Reason.AT_LEAST_REGISTERED_PRESENT: "at least the registered number present",
    Reason.COUNT_NOT_COMPARABLE: (
        "count is {qualifier}; cannot compare with {registered} registered"
    ),
    Reason.INSIDE_ZONE: "{kind} inside {zone}",
    Reason.POSSIBLY_INSIDE_ZONE: "{kind} possibly inside {zone}",
    Reason.OUTSIDE_ZONES: "outside every excluded zone",
    Reason.AT_SITE_OUTSIDE_WINDOWS: "at {site} outside its windows",
    Reason.FIRE_AT_SITE_IN_WINDOW: "fire at {site} during its local ceasefire",
    Reason.FIRE_POSSIBLY_AT_SITE_IN_WINDOW: "fire possibly at {site} during its local ceasefire",
    Reason.AWAY_FROM_SITES: "away from every site",
}


def render_reason(
    reason: Reason,
    params: Mapping[str, str | int | float] | None = None,
    *,
    templates: Mapping[Reason, str] = ENGLISH,
) -> str:
    """The sentence of ``reason`` with its parameters (English by default)."""
    return templates[reason].format(**(params or {}))
