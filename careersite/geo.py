"""Coordinates from the offline `zipcodes` package, and distances on the Earth's surface."""

import math
import re
import statistics
from functools import cache

import zipcodes

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.0
ZIP_RE = re.compile(r"^\d{5}(-\d{4})?$")

Point = tuple[float, float]


def _point(entry: dict) -> Point | None:
    try:
        return float(entry["lat"]), float(entry["long"])
    except (KeyError, TypeError, ValueError):
        return None


@cache
def _zip_index() -> dict[str, Point]:
    index = {}
    for entry in zipcodes.list_all():
        point = _point(entry)
        if point is not None:
            index[entry["zip_code"]] = point
    return index


@cache
def _city_index() -> dict[tuple[str, str], Point]:
    """(CITY, ST) -> median coordinates of the city's ZIP codes.

    Median, not mean: a few ZIP records (PO boxes, unique ZIPs) sit far from the city they name.
    A ZIP's other accepted city names are used only for cities that have no ZIP of their own.
    """
    primary: dict[tuple[str, str], list[Point]] = {}
    secondary: dict[tuple[str, str], list[Point]] = {}
    for entry in zipcodes.list_all():
        point = _point(entry)
        if point is None:
            continue
        primary.setdefault((normalize_city(entry["city"]), entry["state"]), []).append(
            point
        )
        for city in entry.get("acceptable_cities", []):
            secondary.setdefault((normalize_city(city), entry["state"]), []).append(
                point
            )
    points = {**secondary, **primary}
    return {
        key: (
            statistics.median(p[0] for p in pts),
            statistics.median(p[1] for p in pts),
        )
        for key, pts in points.items()
    }


def normalize_city(city: str) -> str:
    city = re.sub(r"\s+", " ", city.strip().upper())
    return re.sub(r"^(ST|SAINT)\.? ", "SAINT ", city)


def zip_point(code: str) -> Point | None:
    """Coordinates of a 5-digit ZIP code (ZIP+4 accepted), or None if it is not a known ZIP."""
    code = (code or "").strip()
    if not ZIP_RE.match(code):
        return None
    return _zip_index().get(code[:5])


def city_point(city: str, state: str) -> Point | None:
    if not city or not state:
        return None
    index = _city_index()
    key = (normalize_city(city), state.upper())
    if key in index:
        return index[key]
    # The ZIP database spells "Saint" out; sources often abbreviate it the other way round.
    return index.get((key[0].replace("SAINT ", "ST "), key[1]))


def locate(*, postal_code: str = "", city: str = "", state: str = "") -> Point | None:
    """Best offline coordinates for an address: the ZIP code if known, else the city."""
    return zip_point(postal_code) or city_point(city, state)


def haversine_miles(a: Point, b: Point) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(
    origin: Point, radius_miles: float
) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box that contains every point within the radius."""
    lat, lng = origin
    dlat = radius_miles / MILES_PER_DEGREE_LATITUDE
    # Near the poles a degree of longitude shrinks to nothing; there the box spans every longitude.
    cos_lat = math.cos(math.radians(lat))
    dlng = (
        180.0
        if cos_lat < 0.01
        else min(180.0, radius_miles / (MILES_PER_DEGREE_LATITUDE * cos_lat))
    )
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng
