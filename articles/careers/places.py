"""Places for BLS OEWS pay by area: principal cities of a metro area and the areas nearest a ZIP code.

BLS names a metropolitan area after OMB's principal cities ("Columbus, OH",
"Nashville-Davidson--Murfreesboro--Franklin, TN", "Portland-Vancouver-Hillsboro, OR-WA"). A metro
area is placed at its first (main) principal city, located offline with the `zipcodes` package
through `careersite.geo` (a Point is (latitude, longitude)); a reader's ZIP code is matched to the metro areas whose main city is nearest.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import zipcodes

from careersite import geo
from careersite.geo import Point
from careersite.query import accents_removed

MAX_MILES = 75
STATE_TYPES = frozenset({"state", "nonmetro"})
METHOD = (
    "We show the metropolitan area whose main city is nearest your ZIP code, within "
    f"{MAX_MILES} miles; farther out, your state and its nonmetropolitan areas."
)

# City names OMB/BLS joins with a single hyphen although they name one city. Elsewhere a single
# hyphen separates cities, unless the name uses "--" (then only "--" separates them).
HYPHENATED_CITIES = frozenset(
    {
        "Athens-Clarke County",
        "Augusta-Richmond County",
        "Lexington-Fayette",
        "Macon-Bibb County",
        "Winston-Salem",
    }
)

# BLS principal-city name -> the city name the postal ZIP database uses for it.
CITY_ALIASES = {
    "Amherst Town": "Amherst",  # a town in OMB's list; the post office says Amherst
    "Athens-Clarke County": "Athens",  # consolidated city-county governments
    "Augusta-Richmond County": "Augusta",
    "Barnstable Town": "Barnstable",
    "Boise City": "Boise",
    "Lexington-Fayette": "Lexington",
    "Louisville/Jefferson County": "Louisville",
    "Macon-Bibb County": "Macon",
    "Nashville-Davidson": "Nashville",
    "Urban Honolulu": "Honolulu",  # a census place; the city is Honolulu
    "St. Simons": "Saint Simons Island",  # the post office names the whole island
    # Census places with no post office of their own: the city whose post office serves them.
    "Bayou Cane": "Houma",
    "Brent": "Pensacola",
    "College": "Fairbanks",
    "Ferry Pass": "Pensacola",
    "West Vero Corridor": "Vero Beach",
}


@dataclass(frozen=True)
class PlaceRef:
    code: str
    name: str
    state: str
    area_type: str
    point: Point | None


@dataclass(frozen=True)
class NearbyArea:
    area: PlaceRef
    miles: int


@dataclass(frozen=True)
class NearestResult:
    zip_code: str
    point: Point
    state: str
    nearby: tuple[NearbyArea, ...]
    # The ZIP's state area and its nonmetropolitan areas, for the fallback.
    in_state: tuple[PlaceRef, ...]

    @property
    def fallback(self) -> bool:
        """True when no metro area's main city is within reach: show the state instead."""
        return not self.nearby


class UnknownZip(ValueError):
    """Not a 5-digit ZIP code, or not one the offline ZIP database knows."""


def _split_name(area_name: str) -> tuple[list[str], list[str]]:
    places, _, states = area_name.rpartition(", ")
    if not places or "nonmetropolitan" in area_name.lower():
        return [], []
    if "--" in places:
        return places.split("--"), states.split("-")
    cities: list[str] = []
    for part in places.split("-"):
        if cities and f"{cities[-1]}-{part}" in HYPHENATED_CITIES:
            cities[-1] = f"{cities[-1]}-{part}"
        else:
            cities.append(part)
    return cities, states.split("-")


def principal_cities(area_name: str) -> list[tuple[str, str]]:
    """(city, state) of each principal city in a BLS metro area name; [] for other areas.

    A city goes to the first listed state it is found in; after the main city, to the listed
    state where it lies nearest the main city ("Huntington-Ashland, WV-KY-OH": Ashland, KY, not
    the Ashland far away in West Virginia). A city found nowhere keeps the first state.
    """
    cities, states = _split_name(area_name)
    result: list[tuple[str, str]] = []
    main: Point | None = None
    for city in cities:
        found = [(s, p) for s in states if (p := city_point(city, s)) is not None]
        if not found:
            result.append((city, states[0]))
            continue
        if main is None:
            main = found[0][1]
        else:
            found.sort(key=lambda pair, main=main: geo.haversine_miles(main, pair[1]))
        result.append((city, found[0][0]))
    return result


def _postal_spelling(city: str) -> str:
    """The ZIP database's spelling: no accents ("San German"), "Saint" spelled out, and no
    hyphens or apostrophes ("Port Saint Lucie", "Wilkes Barre", "Coeur D Alene")."""
    city = accents_removed(city)
    city = re.sub(r"\bSt\.? ", "Saint ", city)
    return re.sub(r"[-']", " ", city)


def city_point(city: str, state: str) -> Point | None:
    """Coordinates of a principal city as BLS writes it, or None if the ZIP database lacks it."""
    city = CITY_ALIASES.get(city, city)
    # "Louisville/Jefferson County": the first name is the city the post office knows.
    city = city.split("/")[0]
    return geo.city_point(city, state) or geo.city_point(_postal_spelling(city), state)


def metro_point(area_name: str) -> Point | None:
    """Coordinates of a metro area's first (main) principal city; None for other areas."""
    cities = principal_cities(area_name)
    return city_point(*cities[0]) if cities else None


@cache
def _zip_states() -> dict[str, str]:
    return {entry["zip_code"]: entry["state"] for entry in zipcodes.list_all()}


def nearest_areas(
    zip_code: str,
    areas: Iterable[PlaceRef],
    *,
    limit: int = 3,
    max_miles: float = MAX_MILES,
) -> NearestResult:
    """The metro areas whose main city is within `max_miles` of a ZIP code, nearest first.

    Raises UnknownZip (a ValueError) for input that is not a known ZIP code; a form turns it
    into a field error.
    """
    zip_code = (zip_code or "").strip()
    point = geo.zip_point(zip_code)
    if point is None:
        raise UnknownZip("Enter a 5-digit U.S. ZIP code.")
    code = zip_code[:5]
    state = _zip_states()[code]
    refs = list(areas)
    metros = sorted(
        (
            (geo.haversine_miles(point, area.point), area)
            for area in refs
            if area.area_type == "metro" and area.point is not None
        ),
        key=lambda pair: (pair[0], pair[1].code),
    )
    nearby = tuple(
        NearbyArea(area=area, miles=round(miles))
        for miles, area in metros[:limit]
        if miles <= max_miles
    )
    state_areas = [
        area for area in refs if area.state == state and area.area_type in STATE_TYPES
    ]
    state_areas.sort(key=lambda area: (area.area_type != "state", area.name))
    return NearestResult(
        zip_code=code,
        point=point,
        state=state,
        nearby=nearby,
        in_state=tuple(state_areas),
    )
