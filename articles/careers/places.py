"""Where BLS's areas are, and which metro area is nearest to a ZIP code (pure functions, no models).

BLS names a metropolitan area after its principal cities and states: "Columbus, OH",
"Nashville-Davidson--Murfreesboro--Franklin, TN", "Portland-Vancouver-Hillsboro, OR-WA". Cities are
separated by "-", or by "--" when a city's own name has a hyphen. A metro area's point is its first
principal city's, from the offline `zipcodes` data (schools.geo); a ZIP code's nearest metro areas are those
whose point is closest, within MAX_MILES.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import zipcodes

from schools.geo import Point, city_point, haversine_miles, zip_point

MAX_MILES = 75
METHOD = f"the metropolitan areas whose main principal city is nearest to your ZIP code, within {MAX_MILES} miles"
# BLS's name for a principal city -> the postal city the ZIP data knows.
ALIASES = {
    "URBAN HONOLULU": "HONOLULU",
    "LOUISVILLE/JEFFERSON COUNTY": "LOUISVILLE",
    "NASHVILLE-DAVIDSON": "NASHVILLE",
    "BOISE CITY": "BOISE",
    "ATHENS-CLARKE COUNTY": "ATHENS",
    "AUGUSTA-RICHMOND COUNTY": "AUGUSTA",
    "LEXINGTON-FAYETTE": "LEXINGTON",
    "MACON-BIBB COUNTY": "MACON",
    "COLUMBUS-MUSCOGEE": "COLUMBUS",
    "BARNSTABLE TOWN": "BARNSTABLE",
    "COEUR D'ALENE": "COEUR D ALENE",
    "PORT ST. LUCIE": "PORT SAINT LUCIE",
}


class UnknownZip(ValueError):
    """Not a five-digit ZIP code the offline ZIP data knows."""


def _plain(text: str) -> str:
    """Upper case without accents ("San Germán" -> "SAN GERMAN")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c)).upper().strip()
    )


def _resolve(city: str, states: list[str]) -> tuple[str, Point] | None:
    name = _plain(city)
    candidates = [ALIASES.get(name, name)]
    if "/" in name:
        candidates.append(name.split("/")[0])
    candidates += [c.replace("-", " ") for c in candidates if "-" in c]
    for state in states:
        for candidate in candidates:
            point = city_point(candidate, state)
            if point is not None:
                return state, point
    return None


def _split(cities: str, states: list[str]) -> list[str]:
    if "--" in cities:
        return [c.strip() for c in cities.split("--")]
    # "Winston-Salem" is one city; "Akron-Canton" would be two: keep the whole name when it is a place.
    if (
        "-" in cities
        and _resolve(cities, states) is not None
        and not any(_resolve(part, states) for part in cities.split("-")[1:])
    ):
        return [cities]
    return [c.strip() for c in cities.split("-")]


def principal_cities(area_name: str) -> list[tuple[str, str]]:
    """[(city, state)] of a metro area's name; a nonmetropolitan area's name has none."""
    if "," not in area_name or "nonmetropolitan" in area_name.lower():
        return []
    cities, _, state_part = area_name.rpartition(",")
    states = [s.strip() for s in state_part.split("-") if s.strip()]
    result = []
    for city in _split(cities.strip(), states):
        found = _resolve(city, states)
        result.append((city, found[0] if found else states[0]))
    return result


def metro_point(area_name: str) -> Point | None:
    """The point of the first principal city that the ZIP data knows."""
    if "," not in area_name:
        return None
    cities, _, state_part = area_name.rpartition(",")
    states = [s.strip() for s in state_part.split("-") if s.strip()]
    for city in _split(cities.strip(), states):
        found = _resolve(city, states)
        if found:
            return found[1]
    return None


@dataclass(frozen=True)
class PlaceRef:
    code: str
    name: str
    state: str
    area_type: str
    point: Point | None


@dataclass(frozen=True)
class Near:
    place: PlaceRef
    miles: int


@dataclass(frozen=True)
class NearestResult:
    zip_code: str
    point: Point
    state: str
    areas: list[Near] = field(default_factory=list)

    @property
    def fallback(self) -> bool:
        """No metro area is near enough: the page shows the state and its nonmetropolitan areas."""
        return not self.areas


def zip_state(zip_code: str) -> str:
    try:
        matches = zipcodes.matching(zip_code[:5])
    except (TypeError, ValueError):
        return ""
    return matches[0]["state"] if matches else ""


def nearest_areas(
    zip_code: str,
    areas: Iterable[PlaceRef],
    *,
    limit: int = 3,
    max_miles: float = MAX_MILES,
) -> NearestResult:
    """The metro areas nearest to a ZIP code, nearest first; raises UnknownZip for an unknown ZIP."""
    point = zip_point(zip_code)
    if point is None:
        raise UnknownZip(zip_code)
    near = sorted(
        (
            (haversine_miles(point, area.point), area.name, area)
            for area in areas
            if area.point is not None
        ),
        key=lambda item: item[:2],
    )
    chosen = [Near(area, round(miles)) for miles, _, area in near if miles <= max_miles]
    return NearestResult(zip_code[:5], point, zip_state(zip_code), chosen[:limit])
