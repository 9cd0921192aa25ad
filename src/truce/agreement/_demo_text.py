"""Texts of the demo agreement in en/de/uk/ru (paraphrases of the Minsk documents, not quotes).

A data module: its lines are translations and are kept whole for review.
"""
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

TITLE = {
    "en": "Demo: ceasefire in the Donetsk and Luhansk regions (after the Minsk agreements)",
    "de": "Demo: Waffenruhe in den Regionen Donezk und Luhansk (nach den Minsker Vereinbarungen)",
    "uk": "Демо: режим припинення вогню в Донецькій і Луганській областях (за Мінськими домовленостями)",
    "ru": "Демо: режим прекращения огня в Донецкой и Луганской областях (по Минским договорённостям)",
}

PARTIES: list[dict[str, Any]] = [
    {
        "id": "side-a",
        "name": {
            "en": "Armed Forces of Ukraine",
            "de": "Streitkräfte der Ukraine",
            "uk": "Збройні сили України",
            "ru": "Вооружённые силы Украины",
        },
    },
    {
        "id": "side-b",
        "name": {
            "en": "Armed formations in certain areas of the Donetsk and Luhansk regions",
            "de": "Bewaffnete Formationen in bestimmten Gebieten der Regionen Donezk und Luhansk",
            "uk": "Збройні формування окремих районів Донецької та Луганської областей",
            "ru": "Вооружённые формирования отдельных районов Донецкой и Луганской областей",
        },
    },
]

REGIONS: list[dict[str, Any]] = [
    {
        "id": "donetsk",
        "name": {
            "en": "Donetsk region",
            "de": "Region Donezk",
            "uk": "Донецька область",
            "ru": "Донецкая область",
        },
    },
    {
        "id": "luhansk",
        "name": {
            "en": "Luhansk region",
            "de": "Region Luhansk",
            "uk": "Луганська область",
            "ru": "Луганская область",
        },
    },
]

ZONE_NAMES = {
    "da-stanytsia-luhanska": {
        "en": "Disengagement area Stanytsia Luhanska",
        "de": "Entflechtungsgebiet Staniza Luhanska",
        "uk": "Ділянка розведення Станиця Луганська",
        "ru": "Участок разведения Станица Луганская",
    },
    "da-zolote": {
        "en": "Disengagement area Zolote",
        "de": "Entflechtungsgebiet Solote",
        "uk": "Ділянка розведення Золоте",
        "ru": "Участок разведения Золотое",
    },
    "da-petrivske": {
        "en": "Disengagement area Petrivske",
        "de": "Entflechtungsgebiet Petriwske",
        "uk": "Ділянка розведення Петрівське",
        "ru": "Участок разведения Петровское",
    },
}

_NO_FIRE = {
    "id": "c01-ceasefire",
    "type": "no_fire",
    "text": {
        "en": "An immediate and comprehensive ceasefire in the Donetsk and Luhansk regions.",
        "de": "Eine sofortige und umfassende Waffenruhe in den Regionen Donezk und Luhansk.",
        "uk": "Негайне і всеосяжне припинення вогню в Донецькій і Луганській областях.",
        "ru": "Немедленное и всеобъемлющее прекращение огня в Донецкой и Луганской областях.",
    },
}

_HEAVY = [
    {"weapons": ["artillery", "anti_tank_weapon"], "calibre_mm_min": 100, "distance_km": 25},
    {"weapons": ["howitzer"], "distance_km": 25},
    {"weapons": ["mlrs"], "distance_km": 35},
    {"weapons": ["heavy_mlrs", "missile_system"], "distance_km": 70},
]
_ADDENDUM = [
    {"weapons": ["tank"], "distance_km": 15},
    {"weapons": ["artillery", "anti_tank_weapon"], "calibre_mm_max": 100, "distance_km": 15},
    {"weapons": ["mortar"], "calibre_mm_max": 120.01, "distance_km": 15},
]


def _withdrawal(limits: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "c02-withdrawal",
        "type": "weapon_withdrawal",
        "text": {
            "en": "Heavy weapons are withdrawn from the contact line by each side: artillery of 100 mm and more 25 km, "
            "multiple-launch rocket systems 35 km, Tornado-S, Uragan, Smerch and Tochka-U 70 km"
            + (
                "; tanks, artillery under 100 mm and mortars up to 120 mm 15 km."
                if len(limits) > 4
                else "."
            ),
            "de": "Schwere Waffen werden von jeder Seite von der Kontaktlinie abgezogen: Artillerie ab 100 mm 25 km, "
            "Mehrfachraketenwerfer 35 km, Tornado-S, Uragan, Smertsch und Totschka-U 70 km"
            + (
                "; Panzer, Artillerie unter 100 mm und Mörser bis 120 mm 15 km."
                if len(limits) > 4
                else "."
            ),
            "uk": "Кожна сторона відводить важке озброєння від лінії зіткнення: артилерію калібру 100 мм і більше на 25 км, "
            "реактивні системи залпового вогню на 35 км, Торнадо-С, Ураган, Смерч і Точка-У на 70 км"
            + (
                "; танки, артилерію калібру до 100 мм і міномети до 120 мм на 15 км."
                if len(limits) > 4
                else "."
            ),
            "ru": "Каждая сторона отводит тяжёлое вооружение от линии соприкосновения: артиллерию калибра 100 мм и более на 25 км, "
            "реактивные системы залпового огня на 35 км, Торнадо-С, Ураган, Смерч и Точка-У на 70 км"
            + (
                "; танки, артиллерию калибра до 100 мм и минометы до 120 мм на 15 км."
                if len(limits) > 4
                else "."
            ),
        },
        "parameters": {"limits": limits, "exempt_holding_areas": True},
    }


CLAUSES_V1: list[dict[str, Any]] = [_NO_FIRE, _withdrawal(_HEAVY)]

CLAUSES_V2: list[dict[str, Any]] = [
    _NO_FIRE,
    _withdrawal(_HEAVY + _ADDENDUM),
    {
        "id": "c03-disengagement",
        "type": "zone_exclusion",
        "text": {
            "en": "No forces, weapons or fire inside the disengagement areas of Stanytsia Luhanska, Zolote and Petrivske.",
            "de": "Keine Kräfte, Waffen oder Beschuss in den Entflechtungsgebieten Staniza Luhanska, Solote und Petriwske.",
            "uk": "Жодних сил, озброєння чи вогню в межах ділянок розведення Станиця Луганська, Золоте і Петрівське.",
            "ru": "Никаких сил, вооружения или огня на участках разведения Станица Луганская, Золотое и Петровское.",
        },
        "parameters": {"zones": list(ZONE_NAMES)},
    },
    {
        "id": "c04-holding-areas",
        "type": "holding_area",
        "text": {
            "en": "Withdrawn weapons stay in the registered holding areas and are available for verification.",
            "de": "Abgezogene Waffen bleiben in den registrierten Lagerstätten und stehen zur Überprüfung bereit.",
            "uk": "Відведене озброєння залишається в зареєстрованих місцях зберігання і доступне для перевірки.",
            "ru": "Отведённое вооружение остаётся в зарегистрированных местах хранения и доступно для проверки.",
        },
    },
    {
        "id": "c05-freedom-of-movement",
        "type": "freedom_of_movement",
        "text": {
            "en": "Monitors have safe and unrestricted access throughout the area; their aerial vehicles are not jammed.",
            "de": "Beobachter haben sicheren und uneingeschränkten Zugang im ganzen Gebiet; ihre Drohnen werden nicht gestört.",
            "uk": "Спостерігачі мають безпечний і необмежений доступ на всій території; їхні БПЛА не глушать.",
            "ru": "Наблюдатели имеют безопасный и неограниченный доступ на всей территории; их БПЛА не глушат.",
        },
    },
    {
        "id": "c06-repair-windows",
        "type": "infrastructure_window",
        "text": {
            "en": "No fire at the Donetsk Filtration Station and the Shchastia power line during agreed repair windows.",
            "de": "Kein Beschuss an der Donezker Filterstation und der Stromleitung Schtschastja während vereinbarter Reparaturfenster.",
            "uk": "Жодного вогню біля Донецької фільтрувальної станції та лінії електропередачі Щастя під час погоджених ремонтних вікон.",
            "ru": "Никакого огня у Донецкой фильтровальной станции и линии электропередачи Счастье во время согласованных ремонтных окон.",
        },
        "parameters": {"sites": ["site-dfs", "site-shchastia-power-line"]},
    },
]
