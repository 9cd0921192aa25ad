"""English vocabulary of the narrative grammar (OSCE SMM daily-report style, 2014-2022).

Choices for vague counts (README: no number given -> ``unstated``): "several", "some",
"multiple", "numerous", "a few", "many", "dozens of", "hundreds of" give no number
(``unstated``: the corpus convention of docs/narratives.md); "a dozen" is about 12;
"uncountable" and "countless" are ``uncountable``.
"""

from __future__ import annotations

from truce.intake.narrative.lexicon import Lexicon

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen".split()
_TEENS = "fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBERS = {w: i for i, w in enumerate(_UNITS)}
_NUMBERS.update({w: 14 + i for i, w in enumerate(_TEENS)})
_NUMBERS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_MAP = {m: i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_MAP.update({m[:3]: i + 1 for i, m in enumerate(_MONTHS) if m != "may"})
_MONTH_MAP["sept"] = 9

_POINTS = {
    "N": "north",
    "NNE": "north-north-east",
    "NE": "north-east",
    "ENE": "east-north-east",
    "E": "east",
    "ESE": "east-south-east",
    "SE": "south-east",
    "SSE": "south-south-east",
    "S": "south",
    "SSW": "south-south-west",
    "SW": "south-west",
    "WSW": "west-south-west",
    "W": "west",
    "WNW": "west-north-west",
    "NW": "north-west",
    "NNW": "north-north-west",
}
_COMPASS = {words: code for code, words in _POINTS.items()}
_COMPASS.update({words.replace("-", ""): code for code, words in _POINTS.items() if "-" in words})
# "south-southwest": the last two words of a three-word point written as one
for _code, _words in list(_POINTS.items()):
    if _words.count("-") == 2:
        _first, _, _rest = _words.partition("-")
        _COMPASS[f"{_first}-{_rest.replace('-', '')}"] = _code
_ADJ_ENDINGS = {"north": "northerly", "south": "southerly", "east": "easterly", "west": "westerly"}
_ADJ_ENDINGS_2 = {"north": "northern", "south": "southern", "east": "eastern", "west": "western"}
_COMPASS_ADJ: dict[str, str] = {}
for _code, _words in _POINTS.items():
    _head, _, _last = _words.rpartition("-")
    for _endings in (_ADJ_ENDINGS, _ADJ_ENDINGS_2):
        _adj = _endings[_last]
        _COMPASS_ADJ[f"{_head}-{_adj}" if _head else _adj] = _code


def _plural(*words: str) -> frozenset[str]:
    out: set[str] = set()
    for w in words:
        out.add(w)
        out.add(w + ("es" if w.endswith(("sh", "ch", "s")) else "s"))
    return frozenset(out)


def _weapons(table: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    out = dict(table)
    for phrase, codes in table.items():
        if not phrase.endswith("s") and " " not in phrase[-3:]:
            out.setdefault(phrase + "s", codes)
    return out


#: What a convoy's verbs follow ("this convoy consisted of four Grad MLRS").
_CONVOYS = ("convoy", "column")

_HEADS: dict[str, tuple[str, str | None]] = {}
for _p, _v in {
    "explosion": ("explosion", None),
    "blast": ("explosion", None),
    "bang": ("explosion", None),  # "three loud bangs"
    "boom": ("explosion", None),
    "detonation": ("explosion", None),
    "impact": ("explosion", "impact"),
    "hits": ("explosion", "impact"),  # "incoming artillery hits"
    "airburst": ("explosion", "airburst"),
    "air burst": ("explosion", "airburst"),
    "round": ("explosion", None),
    "shell": ("explosion", None),
    "salvo": ("explosion", None),  # "an outgoing salvo of a multiple launch rocket system"
    "volley": ("explosion", None),
    "projectile": ("projectile", None),
    "tracer": ("projectile", None),
    "tracer round": ("projectile", None),
    "rocket assisted projectile": ("projectile", None),
    "flare": ("flare", None),
    "illumination flare": ("flare", None),
    "muzzle flash": ("muzzle_flash", None),
    "flash": ("muzzle_flash", None),
    "shot": ("fire", None),
    "burst": ("fire", None),
    "bullet": ("fire", None),
    "crater": ("damage", None),
    "hole": ("damage", None),
    "impact site": ("damage", None),
    "mark": ("damage", None),  # "shrapnel marks on the wall"
    "weapon": ("weapon", None),  # "saw weapons in violation of withdrawal lines near X"
    # what is left of a munition (docs/narratives.md: unexploded ordnance is `other`);
    # "fragments of a mortar shell" is one `other` with the shell's weapons, no explosion
    "fragment": ("other", "remnant"),
    "remnant": ("other", "remnant"),
    "tail fin": ("other", "remnant"),
    "tail section": ("other", "remnant"),
    "tail": ("other", "remnant"),  # "the tail of a 122mm rocket"
    "tube": ("other", "remnant"),  # "a tube of a rocket-propelled grenade"
    "warhead": ("other", None),  # "rocket-propelled grenade warheads": munitions, no weapon
    "remains": ("other", "remnant"),
    "fin": ("other", "remnant"),
    "casing": ("other", "remnant"),
    "shard": ("other", "remnant"),
    "anti tank mine": ("other", None),
    "anti personnel mine": ("other", None),
    "unexploded ordnance": ("other", "remnant"),
    "uxo": ("other", "remnant"),
    "explosive device": ("other", None),  # "an improvised explosive device"
    "improvised explosive device": ("other", None),
    # a sign or marking records no event: read and dropped ("a mine hazard sign")
    "mine hazard sign": ("none", None),
    "hazard sign": ("none", None),
    "mine sign": ("none", None),
    "warning sign": ("none", None),
    # training told as such is no ceasefire violation ("assessed as live-fire training")
    "live fire training": ("none", None),
    "live fire exercise": ("none", None),
}.items():
    _HEADS[_p] = _v
    _HEADS[_p + ("es" if _p.endswith("sh") else "s")] = _v
_HEADS.update(
    {
        # "saw mines near X" (plural only: "a mine sweeper" is a vehicle's equipment)
        "mines": ("other", None),
        "shots and bursts": ("fire", None),
        "bursts and shots": ("fire", None),
        "bursts and single shots": ("fire", None),
        "fire": ("fire", None),
        "gunfire": ("fire", None),
        "shooting": ("fire", None),  # "heard shooting from small arms"
        "gunshot": ("fire", None),
        "gunshots": ("fire", None),
        "exchange of fire": ("fire", None),
        "use": ("fire", None),  # "heard the use of small arms"
        "exchanges of fire": ("fire", None),
        "damage": ("damage", None),
        "shelling": ("explosion", None),
        "duel": ("explosion", None),  # "heard artillery duels": explosions of both sides
        "duels": ("explosion", None),
        "ceasefire violation": ("summary", None),
        "ceasefire violations": ("summary", None),
    }
)

LEXICON = Lexicon(
    lang="en",
    numbers=_NUMBERS,
    scales={"hundred": 100, "thousand": 1000},
    number_joiners=frozenset({"and"}),
    one_words=frozenset({"a", "an", "single", "a single"}),
    vague_counts={
        "several": (None, "unstated"),
        "some": (None, "unstated"),
        "multiple": (None, "unstated"),
        "numerous": (None, "unstated"),
        "many": (None, "unstated"),
        "a few": (None, "unstated"),
        "a number of": (None, "unstated"),
        "a series of": (None, "unstated"),
        "various": (None, "unstated"),
        "sporadic": (None, "unstated"),
        "dozens of": (None, "unstated"),
        "tens of": (None, "unstated"),
        "hundreds of": (None, "unstated"),
        "several hundred": (None, "unstated"),
        "a dozen": (12, "about"),
        "about a dozen": (12, "about"),
    },
    qualifiers={
        "about": "about",
        "approximately": "about",
        "approx": "about",
        "around": "about",
        "roughly": "about",
        "some": "about",
        "an estimated": "about",
        "up to": "about",
        "nearly": "about",
        "almost": "about",
        "close to": "about",
        "at least": "at_least",
        "more than": "at_least",
        "over": "at_least",
        "in excess of": "at_least",
        "no fewer than": "at_least",
        "no less than": "at_least",
        "upwards of": "at_least",
        "not less than": "at_least",
    },
    uncountable=frozenset({"uncountable", "countless", "innumerable"}),
    negative_counts=frozenset({"no", "any"}),
    months=_MONTH_MAP,
    parts_of_day={
        "morning": "morning",
        "early morning": "morning",
        "early hours": "night",
        "afternoon": "afternoon",
        "day": "day",
        "daytime": "day",
        "evening": "evening",
        "night": "night",
        "overnight": "night",
        "night time": "night",
        "nighttime": "night",
    },
    time_glue=frozenset(
        "on during in at the a an of and between from to until till overnight throughout "
        "early late around about approximately shortly after before same over for "
        "within".split()
    ),
    range_to=frozenset({"to", "and", "until", "till"}),
    range_from=frozenset({"between", "from"}),
    clock_suffixes=frozenset({"hrs", "hr", "h", "hours"}),
    duration_units={"minute": 1, "minutes": 1, "min": 1, "mins": 1, "hour": 60, "hours": 60},
    duration_tails=frozenset({"period", "periods"}),
    compass=_COMPASS,
    compass_adjectives=_COMPASS_ADJ,
    direction_nouns=frozenset({"direction", "directions", "sector", "sectors"}),
    direction_preps=frozenset({"to", "in", "at", "from", "towards", "toward"}),
    direction_range="ranging from",
    articles=frozenset({"the", "a", "an"}),
    possessives=frozenset({"their", "its"}),
    units={
        "km": 1.0,
        "kms": 1.0,
        "kilometre": 1.0,
        "kilometres": 1.0,
        "kilometer": 1.0,
        "kilometers": 1.0,
        "m": 0.001,
        "metre": 0.001,
        "metres": 0.001,
        "meter": 0.001,
        "meters": 0.001,
    },
    distance_intros=frozenset(
        {
            "at a range of",
            "at ranges of",
            "at a distance of",
            "at distances of",
            "at an estimated distance of",
            "at a distance of about",
            "at a range of about",
            "between",
            "about",
            "approximately",
            "around",
            "roughly",
            "some",
            "an estimated",
            "up to",
            "within",
            "less than",
            "more than",
            "at least",
            "at about",
            "at approximately",
        }
    ),
    away=frozenset({"away"}),
    list_joiners=frozenset({"and", "or"}),
    shared=frozenset({"all", "both"}),
    own_position=frozenset(
        {
            "its position",
            "their position",
            "the smm position",
            "the SMM's position",
            "the SMM\u2019s position",
            "its positions",
        }
    ),
    of="of",
    place_links=frozenset({"of", "from"}),
    flight_from="from",
    flight_to="to",
    flight_fillers=frozenset(
        {
            "mostly",
            "most",
            "mainly",
            "predominantly",
            "primarily",
            "all",
            "flying",
            "moving",
            "travelling",
            "in flight",
            "fired",  # "projectiles fired from west to east"
        }
    ),
    verbs={
        "heard": "sound",
        "saw": "sight",
        "seen": "sight",
        "observed": "sight",
        "observe": "sight",
        # "..., observing weapons in violation of the withdrawal lines"
        "observing": "sight",
        "noting": "sight",
        "spotting": "sight",
        "spotted": "sight",
        "noted": "sight",
        "noticed": "sight",
        "witnessed": "sight",
        "recorded": "record",
        "detected": "record",
        "counted": "record",
        "filmed": "record",
        "registered": "record",
        "revealed": "sight",
        # "a convoy consisting of four howitzers and one truck": what the SMM saw in it (not
        # "a patrol consisting of six members")
        **{
            f"{noun} {verb}": "sight"
            for noun in _CONVOYS
            for verb in ("consisting of", "consisted of", "comprised of", "comprising")
        },
        "saw and heard": "record",
        "heard and saw": "record",
        "came under": "sound",
        "come under": "sound",
        "saw or heard": "record",
        "heard or saw": "record",
        "saw and or heard": "record",
        # a follow-up sees the damage done; the shelling reported to it is no observation
        "followed up on": "follow_up",
        "follow up on": "follow_up",
        # "confirmed civilian casualties in A": a follow-up, its places no observer's
        "confirmed": "follow_up",
        "corroborated": "follow_up",
    },
    passive_verbs=frozenset(
        {
            "occurred",
            "were heard",
            "was heard",
            "were recorded",
            "was recorded",
            "were seen",
            "was seen",
            "was observed",
            "were observed",
            "be heard",  # "exchanges of fire continued to be heard"
            # "Sporadic exchanges of small-arms fire were also heard."
            *(
                f"{be} also {seen}"
                for be in ("was", "were")
                for seen in ("heard", "recorded", "seen", "observed")
            ),
        }
    ),
    negators=frozenset(
        {"not", "never", "neither", "nor", "without", "didn't", "did't", "hadn't", "wasn't"}
    ),
    camera=frozenset({"camera", "cameras", "smm camera", "smm cameras"}),
    uav=frozenset(
        {
            "uav",
            "uavs",
            "mini uav",
            "miniuav",
            "mid range uav",
            "long range uav",
            "unmanned aerial vehicle",
            "mini unmanned aerial vehicle",
            "long range unmanned aerial vehicle",
            "mid range unmanned aerial vehicle",
            "drone",
            "unmanned aerial vehicles",
            "mini unmanned aerial vehicles",
            "long range unmanned aerial vehicles",
            "mid range unmanned aerial vehicles",
            "mini uavs",
            "drones",
        }
    ),
    patrol=frozenset({"patrol", "patrols", "monitors", "monitoring team", "team"}),
    mission_names=frozenset({"smm", "mission", "osce"}),
    pronouns=frozenset({"it", "its", "they", "the same camera", "the same patrol", "the same uav"}),
    place_preps=frozenset(
        {"in", "at", "near", "outside", "inside", "of", "on", "over", "above", "between"}
    ),
    near_heads=frozenset({"close", "next"}),
    near_link="to",
    copulas=frozenset({"was", "were", "been", "is", "are"}),
    street_words=frozenset(
        {"street", "avenue", "road", "lane", "boulevard", "square", "highway", "alley"}
    ),
    facility_words=frozenset({"mine", "plant", "factory"}),
    station_tails=(("central", "railway", "station"), ("railway", "station")),
    in_sequence=("in", "sequence"),
    place_aliases={"DFS": "Donetsk Filtration Station"},
    line_sites=frozenset(
        {"both sides of the contact line", "either side of the contact line", "the contact line"}
    ),
    control_marker="controlled",
    organisations=frozenset(
        {
            "joint centre for control and co ordination",
            "joint center for control and coordination",
            "joint centre for control and coordination",
            "state emergency service",
            "voda donbassa",
        }
    ),
    not_places=frozenset(
        {
            *_MONTHS,
            *(m.capitalize() for m in _MONTHS),
            "SMM",
            "OSCE",
            "Mission",
            "UAV",
            "JCCC",
            "The",
            "A",
            "An",
            "It",
            "In",
            "On",
            "At",
            "While",
            "Whilst",
            "During",
            "Positioned",
            "Ukrainian",
            "Armed",
            "Forces",
            "Government",
            "DPR",
            "LPR",
            "Russian",
            "Federation",
            # the documents of the agreement: "the implementation of the Addendum"
            "Addendum",
            "Memorandum",
            "Package",
        }
    ),
    region_words=frozenset({"region", "regions", "oblast"}),
    summary_heads=frozenset({"ceasefire violations", "ceasefire violation", "violations"}),
    summary_markers=frozenset(
        {
            "previous reporting period",
            "previous 24 hours",
            "reporting period",
            "previous day",
            # "The majority of ceasefire violations, including 600 explosions, were recorded
            # south of Popasna": a share of a regional total, told elsewhere
            "the majority of ceasefire violations",
            "the majority of the ceasefire violations",
            "most of the ceasefire violations",
            "most ceasefire violations",
            # "recorded a particularly high number of explosions in the greater X area": a
            # comparison of totals, not an observation
            "high number of",
            "higher number of",
            "highest number of",
            "lower number of",
            "similar number of",
            "increased number of",
            "greater number of",
            # "About 35 per cent of the ceasefire violations recorded, including about 20
            # explosions, were recorded after ...": a share of a total
            "per cent of",
            "percent of",
        }
    ),
    event_heads=_HEADS,
    uncounted_heads=frozenset(
        {"exchange of fire", "exchanges of fire", "fire", "gunfire", "shooting", "damage", "use"}
    ),
    subtypes={
        "undetermined": "undetermined",
        "unidentified": "undetermined",
        "unknown": "undetermined",
        "impacting": "impact",
        "outgoing": "outgoing",
        "incoming": "impact",
        "impact": "impact",
        "impacts": "impact",
        "airburst": "airburst",
        "airbursts": "airburst",
        "air burst": "airburst",
        "air bursts": "airburst",
    },
    projectile_adjectives=frozenset({"tracer", "tracers"}),
    flare_adjectives=frozenset({"illumination", "flare"}),
    in_flight=frozenset({"in flight", "in the air"}),
    fillers=frozenset(
        "additional more further other single separate loud distant possible probable likely "
        "individual sporadic intense heavy fresh recent new isolated consecutive further "
        "total large small also then later subsequently unexploded dud undetonated newly "
        "laid".split()
    ),
    weapons=_weapons(
        {
            "small arms": ("small_arms", "small_arms"),
            "small arm": ("small_arms", "small_arms"),
            "small arms weapon": ("small_arms", "small_arms"),
            "rifle": ("small_arms", "small_arms"),
            "assault rifle": ("small_arms", "small_arms"),
            "sniper": ("small_arms", "small_arms"),
            "sniper rifle": ("small_arms", "small_arms"),
            "light machine gun": ("small_arms", "small_arms"),
            # "small-arms and light-weapons (SALW) fire": the reports' term for rifles and
            # light machine guns together
            "small arms and light weapons": ("small_arms", "small_arms"),
            "light weapons": ("small_arms", "small_arms"),
            "salw": ("small_arms", "small_arms"),
            "heavy machine gun": ("heavy_machine_gun", "heavy_machine_gun"),
            "heavy machinegun": ("heavy_machine_gun", "heavy_machine_gun"),
            "heavy calibre machine gun": ("heavy_machine_gun", "heavy_machine_gun"),
            "large calibre machine gun": ("heavy_machine_gun", "heavy_machine_gun"),
            # "machine-gun fire" names no calibre: a machine gun, light or heavy, outside the
            # schema's terms (the corpus labels give it no weapon)
            "machine gun": ("machine_gun", "machine_gun"),
            "hmg": ("heavy_machine_gun", "heavy_machine_gun"),
            "anti aircraft gun": ("anti_aircraft_gun", "anti_aircraft_gun"),
            "anti aircraft cannon": ("anti_aircraft_gun", "anti_aircraft_gun"),
            "anti aircraft": ("anti_aircraft_gun", "anti_aircraft_gun"),
            "infantry fighting vehicle": ("ifv_cannon", "ifv"),
            "infantry fighting vehicle cannon": ("ifv_cannon", "ifv_cannon"),
            "ifv": ("ifv_cannon", "ifv"),
            "ifv cannon": ("ifv_cannon", "ifv_cannon"),
            "armoured personnel carrier": ("apc", "apc"),
            "armoured combat vehicle": ("apc", "apc"),
            "armoured personnel carrier cannon": ("ifv_cannon", "ifv_cannon"),
            "armored combat vehicle": ("apc", "apc"),
            "armoured reconnaissance vehicle": ("apc", "apc"),
            "armored reconnaissance vehicle": ("apc", "apc"),
            "anti aircraft system": ("air_defence", "air_defence"),
            "armored personnel carrier": ("apc", "apc"),
            "apc": ("apc", "apc"),
            "automatic grenade launcher": ("automatic_grenade_launcher",) * 2,
            "automatic grenade launcher fire": ("automatic_grenade_launcher",) * 2,
            "agl": ("automatic_grenade_launcher",) * 2,
            "grenade launcher": ("grenade_launcher", "grenade_launcher"),
            "under barrel grenade launcher": ("grenade_launcher", "grenade_launcher"),
            "rocket propelled grenade": ("grenade_launcher", "grenade_launcher"),
            "rocket propelled grenade launcher": ("grenade_launcher", "grenade_launcher"),
            "rpg": ("grenade_launcher", "grenade_launcher"),
            "anti tank weapon": ("anti_tank_weapon", "anti_tank_weapon"),
            "anti tank gun": ("anti_tank_weapon", "anti_tank_weapon"),
            "anti tank guided missile": ("anti_tank_weapon", "anti_tank_weapon"),
            "anti tank guided missile system": ("anti_tank_weapon", "anti_tank_weapon"),
            "anti tank missile": ("anti_tank_weapon", "anti_tank_weapon"),
            "anti tank missile system": ("anti_tank_weapon", "anti_tank_weapon"),
            "anti tank": ("anti_tank_weapon", "anti_tank_weapon"),
            "atgm": ("anti_tank_weapon", "anti_tank_weapon"),
            "recoilless gun": ("anti_tank_weapon", "anti_tank_weapon"),
            # the SPG-9 recoilless gun, which the reports also call a "self-propelled grenade
            # (launcher)" after its Russian name
            "self propelled grenade": ("anti_tank_weapon", "anti_tank_weapon"),
            "self propelled grenade launcher": ("anti_tank_weapon", "anti_tank_weapon"),
            "recoilless rifle": ("anti_tank_weapon", "anti_tank_weapon"),
            "mortar": ("mortar", "mortar"),
            "artillery": ("artillery", "artillery"),
            "artillery piece": ("artillery", "artillery"),
            "artillery gun": ("artillery", "artillery"),
            "field gun": ("artillery", "artillery"),
            "towed gun": ("artillery", "artillery"),
            "self propelled gun": ("artillery", "artillery"),
            "howitzer": ("howitzer", "howitzer"),
            "self propelled howitzer": ("howitzer", "howitzer"),
            "towed howitzer": ("howitzer", "howitzer"),
            "tank": ("tank", "tank"),
            "main battle tank": ("tank", "tank"),
            "mbt": ("tank", "tank"),
            "multiple launch rocket system": ("mlrs", "mlrs"),
            "multi launch rocket system": ("mlrs", "mlrs"),
            "multiple rocket launch system": ("mlrs", "mlrs"),
            "multiple rocket launcher": ("mlrs", "mlrs"),
            "multiple launch rocket": ("mlrs", "mlrs"),
            "rocket launcher": ("mlrs", "mlrs"),
            "mlrs": ("mlrs", "mlrs"),
            "surface to air missile system": ("air_defence", "air_defence"),
            "surface to air missile": ("air_defence", "air_defence"),
            "anti aircraft missile system": ("air_defence", "air_defence"),
            "air defence system": ("air_defence", "air_defence"),
            "sam": ("air_defence", "air_defence"),
        }
    ),
    designators={
        "bmp": ("ifv_cannon", "ifv"),
        "bmd": ("ifv_cannon", "ifv"),
        "btr": ("apc", "apc"),
        "brdm": ("apc", "apc"),
        "mt lb": ("apc", "apc"),
        "zu 23": ("anti_aircraft_gun", "anti_aircraft_gun"),
        "zu": ("anti_aircraft_gun", "anti_aircraft_gun"),
        "ags": ("automatic_grenade_launcher",) * 2,
        "spg 9": ("anti_tank_weapon", "anti_tank_weapon"),
        "spg": ("anti_tank_weapon", "anti_tank_weapon"),
        "mt 12": ("anti_tank_weapon", "anti_tank_weapon"),
        "rapira": ("anti_tank_weapon", "anti_tank_weapon"),
        "fagot": ("anti_tank_weapon", "anti_tank_weapon"),
        "konkurs": ("anti_tank_weapon", "anti_tank_weapon"),
        "kornet": ("anti_tank_weapon", "anti_tank_weapon"),
        "2b9": ("mortar", "mortar"),
        "vasilek": ("mortar", "mortar"),
        "2b11": ("mortar", "mortar"),
        "2b14": ("mortar", "mortar"),
        "podnos": ("mortar", "mortar"),
        "2s12": ("mortar", "mortar"),
        "sani": ("mortar", "mortar"),
        "2a65": ("howitzer", "howitzer"),
        "msta": ("howitzer", "howitzer"),
        "2s1": ("howitzer", "howitzer"),
        "gvozdika": ("howitzer", "howitzer"),
        "2s3": ("howitzer", "howitzer"),
        "akatsiya": ("howitzer", "howitzer"),
        "2s19": ("howitzer", "howitzer"),
        "d 30": ("howitzer", "howitzer"),
        "d 20": ("howitzer", "howitzer"),
        "2a18": ("howitzer", "howitzer"),
        "2a36": ("artillery", "artillery"),
        "giatsint": ("artillery", "artillery"),
        "t 64": ("tank", "tank"),
        "t 72": ("tank", "tank"),
        "t 80": ("tank", "tank"),
        "bm 21": ("mlrs", "mlrs"),
        "grad": ("mlrs", "mlrs"),
        "bm 27": ("heavy_mlrs", "heavy_mlrs"),
        "uragan": ("heavy_mlrs", "heavy_mlrs"),
        "bm 30": ("heavy_mlrs", "heavy_mlrs"),
        "smerch": ("heavy_mlrs", "heavy_mlrs"),
        "tornado": ("heavy_mlrs", "heavy_mlrs"),
        "tochka": ("missile_system", "missile_system"),
        "strela": ("air_defence", "air_defence"),
        "9k35": ("air_defence", "air_defence"),
        "osa": ("air_defence", "air_defence"),
        "buk": ("air_defence", "air_defence"),
        "kub": ("air_defence", "air_defence"),
        "igla": ("air_defence", "air_defence"),
        "zsu": ("anti_aircraft_gun", "anti_aircraft_gun"),
        "shilka": ("anti_aircraft_gun", "anti_aircraft_gun"),
        "2s9": ("mortar", "mortar"),
        "nona": ("mortar", "mortar"),
        "2s4": ("mortar", "mortar"),
        "tyulpan": ("mortar", "mortar"),
        "2s5": ("artillery", "artillery"),
        "2s7": ("artillery", "artillery"),
        "pion": ("artillery", "artillery"),
        "2a29": ("anti_tank_weapon", "anti_tank_weapon"),
        "9p148": ("anti_tank_weapon", "anti_tank_weapon"),
        "dshk": ("heavy_machine_gun", "heavy_machine_gun"),
        "utes": ("heavy_machine_gun", "heavy_machine_gun"),
        "kpvt": ("heavy_machine_gun", "heavy_machine_gun"),
    },
    calibre_units=frozenset({"mm", "millimetre", "calibre", "caliber"}),
    fire_nouns=frozenset(
        {"fire", "cannon", "cannon fire", "round", "rounds", "shot", "shots", "shell", "shells"}
    ),
    munitions=frozenset(
        "grenade grenades shell shells round rounds bomb bombs mine mines rocket rockets "
        "munition munitions projectile projectiles".split()
    ),
    weapon_intros=frozenset(
        {
            "fired from",
            "fired by",
            "from",
            "caused by",
            "by",
            "probably from",
            "likely from",
            "due to",
            "resulting from",
            "as a result of",
        }
    ),
    assess=frozenset(
        {
            "assessed as",
            "assessed to be",
            "assessed as being",
            "as",
            "caused by",
            "assessed as caused by",
            # "one explosion assessed as having been caused by an outgoing AGL round"
            "assessed as having been",
            "assessed as having been caused by",
            "assessed to have been",
            "assessed to have been caused by",
            "assessed to have been from",
            "assessed to be from",
            "appeared to be",
            "seemed to be",
            "consistent with",  # "41 explosions, consistent with mortar and artillery fire"
        }
    ),
    what_words=frozenset({"what"}),
    # "..., mostly assessed as outgoing rounds", "most of which were assessed as ...": the
    # share told assesses the events it follows (no further event)
    assess_intros=frozenset(
        {
            "it",
            "which",
            "that",  # "26 explosions that it assessed as tank rounds"
            "were",
            "was",
            "all",
            "each",
            "both",
            "the smm",
            "mostly",
            "mainly",
            "predominantly",
            "most of which",
            "most of them",
            "some of which",
            "some of them",
            "the majority of which",
            "the majority of them",
        }
    ),
    breakdown=frozenset(
        {"including", "of which", "among them", "among which", "comprising", "consisting of"}
    ),
    breakdown_glue=frozenset({"of which", "of them", "were", "was", "being", "are"}),
    remainder=frozenset(
        {"the remaining", "the rest", "the others", "the other", "remaining", "rest", "others"}
    ),
    clone_impacts=frozenset(
        {
            "their impacts",
            "its impact",
            "their impact",
            "the impacts",
            "their subsequent impacts",
            "its subsequent impact",
            "the subsequent impacts",
        }
    ),
    as_word="as",
    damage_heads=_plural("crater", "hole", "impact site"),
    damaged=frozenset(
        {
            "damaged",
            "destroyed",
            "burned",
            "burnt",
            "shattered",
            "collapsed",
            "broken",
            "hit",  # "a house hit by an artillery round": damage, the round its cause
            "struck",
        }
    ),
    damage_objects=_plural(
        "house",
        "farm",
        "apartment",
        "shop",
        "building",
        "roof",
        "window",
        "wall",
        "car",
        "vehicle",
        "school",
        "fence",
        "garage",
        "shed",
        "gate",
        "apartment",
        "balcony",
        "kindergarten",
        "pipe",
        "pipeline",
        "power line",
        "facade",
        "glass",
        "apartment block",
        "depot",
        "warehouse",
        "barn",
        "hospital",
        "church",
        "bridge",
        "substation",
        "truck",
        "bus",
        "tractor",
        "residence",
        "home",
        "property",
    )
    | {"properties"},
    damage_link=frozenset({"to", "on", "of", "in", "at"}),
    persons={
        "man": False,
        "men": True,
        "woman": False,
        "women": True,
        "boy": False,
        "boys": True,
        "girl": False,
        "girls": True,
        "child": False,
        "children": True,
        "civilian": False,
        "civilians": True,
        "person": False,
        "people": True,
        "persons": True,
        "resident": False,
        "residents": True,
        "teenager": False,
        "teenagers": True,
        "soldier": False,
        "soldiers": True,
        "serviceman": False,
        "servicemen": True,
    },
    person_adjectives=frozenset(
        "civilian young elderly old local adult teenage other non".split()  # "non-civilian"
    ),
    age_words=frozenset({"year", "years", "old", "month", "months"}),
    harm_verbs=frozenset(
        {
            "injured",
            "killed",
            "wounded",
            "died",
            "dead",
            "hospitalized",
            "hospitalised",
            "injuries",
            "injury",
            "wounds",
            "death",
        }
    ),
    restriction_triggers=frozenset(
        {
            "denied",
            "refused",
            "prevented",
            "blocked",
            "turned back",
            "not allowed",
            "did not allow",
            "delayed",
            "not permitted",
            "could not proceed",
            "could not pass",
            "could not access",
            "could not reach",
            "could not continue",
            "not able to proceed",
            "unable to proceed",
            "not able to pass",
            "unable to pass",
            "not able to access",
            "unable to access",
            "not able to reach",
            "unable to reach",
            "was restricted",
            "remained restricted",
            "continued to be restricted",
            "was also restricted",
            "restrictions of",
            "faced restrictions",
            "faced a restriction",
            "faced one restriction",
            "restricted its freedom",
            "were restricted",
            "stopped the smm",
            "was stopped",
            "were stopped",
            "deny",
            "denying",
            "restricted",  # "restricted the SMM's freedom", "was still restricted"
            "restricting",
            "restrictions",  # "encountered numerous freedom-of-movement restrictions"
            "impeded",
            "hindered",
            "lost spatial control",
            "lost control",
            "lost the signal",
            "jammed",
            "jamming",
            "signal interference",
        }
    ),
    occasions=frozenset({"occasions", "occasion", "times", "instances"}),
    distance_nouns=frozenset({"distance", "distances", "range", "ranges"}),
    motion_words=frozenset(
        {
            "moving",
            "heading",
            "travelling",
            "traveling",
            "driving",
            "going",
            "withdrawn",
            # "saw four IFVs drive east approximately 4km": where they went
            "move",
            "drive",
        }
    ),
    absent_words=frozenset({"missing", "absent", "unaccounted"}),
    more_words=frozenset({"more", "another", "further", "additional"}),
    observer_words=frozenset(
        {
            "positioned",
            "stationary",
            "arrived",
            "travelling",
            "traveling",
            "located",
            "travelled",
            "traveled",
            "went",
            "moved",
            "drove",
            "proceeded",
            "returned",
            "visited",
            "revisited",
            "entered",
            "reached",
        }
    ),
    movement_verbs=frozenset(
        {"travelled", "traveled", "went", "moved", "drove", "proceeded", "returned", "arrived"}
    ),
    arrival_verbs=frozenset({"visited", "revisited", "entered", "reached"}),
    size_words=frozenset("diameter wide deep long high across width depth length height".split()),
    impact_surfaces=frozenset(
        "road roads field fields ground asphalt yard yards garden gardens street".split()
    ),
    subject_pronouns=frozenset({"it", "they"}),
    convoy_nouns=frozenset(_CONVOYS),
    landmark_tails=frozenset({"bridge"}),
    observer_intros=frozenset({"while", "whilst", "positioned", "stationary"}),
    targeting=frozenset(
        {
            "directed at",
            "targeted by",
            "targeted with",
            "fired at",
            "fired upon",
            "shot at",
            "aimed at",
            "targeting",
        }
    ),
    device_uses=frozenset({"operating", "conducting", "flying", "launching"}),
    device_flights=frozenset({"flight", "flights"}),
    monitoring_words=frozenset({"monitoring", "monitored", "monitor"}),
    harm_nouns=frozenset({"injuries", "injury", "deaths", "death", "killing", "wounding"}),
    harm_links=frozenset({"to", "of"}),
    unnamed_sites=frozenset(
        {
            "all three disengagement areas",
            "all three areas",
            "the disengagement areas",
            "the three disengagement areas",
            "three disengagement areas",
            "a heavy weapons holding area",
            "heavy weapons holding areas",
            "a heavy weapons permanent storage site",
            "a permanent storage site",
            "there and elsewhere",
            "restricted there",
        }
    ),
    place_nouns=frozenset(
        {"disengagement area", "area", "district", "city", "city centre", "town", "village"}
    ),
    hearsay=frozenset({"told", "according", "said", "claimed", "alleged", "reportedly"}),
    reported_speech={
        "told": False,
        "informed": False,
        "according to": False,
        "reportedly": False,
        "heard about": False,  # not "heard about 30 explosions": a count follows
        "heard of": False,
        "learned": False,
        "learnt": False,
        "said": True,
        "claimed": True,
        "alleged": True,
        "stated": True,
        "reported": True,
        "explained": True,
        "mentioned": True,
        "added": True,
    },
    speech_links=frozenset({"were", "was", "had", "is", "are"}),
    speech_subjects=frozenset({"he", "she", "they", "we"}),
    count_alternatives=frozenset({"or"}),
    period_preps=frozenset({"during", "throughout", "over", "in", "for"}),
    comparatives=frozenset(
        {"fewer", "more", "less", "similar", "higher", "lower", "increased", "decreased"}
    ),
    uav_losses=frozenset({"lost spatial control", "lost control", "lost the signal"}),
    access_nouns=frozenset({"access", "passage", "entry"}),
    access_verbs=frozenset({"proceed", "continue", "travel", "go", "return"}),
    entry_verbs=frozenset({"entering", "enter", "visit", "visiting"}),
    hit_participles=frozenset(
        {"hit", "struck", "damaged", "destroyed", "pierced", "penetrated", "caused"}
    ),
    cause_links=frozenset({"by", "in"}),
    relatives=frozenset({"that", "which"}),
    auxiliaries=frozenset({"had", "has", "have"}),
    having=frozenset({"with"}),
    restriction_sites=frozenset(
        {"checkpoint", "checkpoints", "point", "points", "site", "sites", "compound"}
    ),
    firing_words=frozenset({"being fired", "firing", "fired", "being used"}),
    unexploded=frozenset({"unexploded", "dud", "undetonated"}),
    impact_marks=frozenset({"shrapnel", "bullet", "fragmentation"}),
    seen_marks=frozenset({"fresh", "recent", "new", "old", "shelling"}),
    weapon_carriers=frozenset({"with", "carrying", "holding", "armed"}),
    vehicle_nouns=frozenset(
        "truck trucks lorry lorries vehicle vehicles trailer trailers flatbed flatbeds bed "
        "beds car cars pick up ups jeep jeeps".split()
    ),
    weapon_sites=frozenset(
        {
            "position",
            "positions",
            "emplacement",
            "emplacements",
            "pit",
            "pits",
            # "at a heavy weapons holding area", "weapons storage sites": sites, no sighting
            "holding",
            "storage",
            "ammunition",  # "small-arms ammunition": munitions, no weapon seen
        }
    ),
    sequence_starts=frozenset({"beginning with", "starting with"}),
    sequence_next=frozenset({"followed by", "and followed by"}),
    casualty_nouns={
        "casualty": False,
        "casualties": True,
        "fatality": False,
        "fatalities": True,
        "death": False,
        "deaths": True,
        # "followed up on reports of injuries caused by an explosion in X"
        "injuries": True,
    },
)
