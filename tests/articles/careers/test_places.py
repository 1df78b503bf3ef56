import csv
from functools import cache
from pathlib import Path

import pytest

from articles.careers.places import (
    MAX_MILES,
    METHOD,
    PlaceRef,
    UnknownZip,
    city_point,
    metro_point,
    nearest_areas,
    principal_cities,
)
from careersite.geo import haversine_miles
from careersite.states import STATES

ROOT = Path(__file__).resolve().parents[3]
AREAS_FILE = "oews_may2025/oews_may2025_areas.csv"
PROJECT_AREAS = ROOT / "articles/careers/data" / AREAS_FILE
SHARED_AREAS = Path("/work/shared/data") / AREAS_FILE
STATE_CODES = {name: code for code, name in STATES.items()} | {"Virgin Islands": "VI"}

# Principal cities the ZIP database cannot place; none today.
KNOWN_UNRESOLVED: set[tuple[str, str]] = set()


@cache
def area_rows() -> tuple[dict[str, str], ...]:
    path = PROJECT_AREAS if PROJECT_AREAS.exists() else SHARED_AREAS
    if not path.exists():
        pytest.skip(f"OEWS May 2025 areas file not found at {path}")
    with path.open(encoding="utf-8", newline="") as f:
        rows = {row["area_code"]: row for row in csv.DictReader(f)}
    return tuple(rows.values())


@cache
def place_refs() -> tuple[PlaceRef, ...]:
    fips = {
        row["state_fips"]: STATE_CODES[row["area_name"]]
        for row in area_rows()
        if row["area_type"] == "state"
    }
    return tuple(
        PlaceRef(
            code=row["area_code"],
            name=row["area_name"],
            state=fips.get(row["state_fips"], ""),
            area_type=row["area_type"],
            point=metro_point(row["area_name"]),
        )
        for row in area_rows()
    )


def metro_names() -> list[str]:
    return sorted(r["area_name"] for r in area_rows() if r["area_type"] == "metro")


@pytest.mark.parametrize(
    ("area_name", "cities"),
    [
        ("Columbus, OH", [("Columbus", "OH")]),
        (
            "Nashville-Davidson--Murfreesboro--Franklin, TN",
            [("Nashville-Davidson", "TN"), ("Murfreesboro", "TN"), ("Franklin", "TN")],
        ),
        ("Scranton--Wilkes-Barre, PA", [("Scranton", "PA"), ("Wilkes-Barre", "PA")]),
        ("Louisville/Jefferson County, KY-IN", [("Louisville/Jefferson County", "KY")]),
        (
            "Portland-Vancouver-Hillsboro, OR-WA",
            [("Portland", "OR"), ("Vancouver", "WA"), ("Hillsboro", "OR")],
        ),
        (
            "New York-Newark-Jersey City, NY-NJ",
            [("New York", "NY"), ("Newark", "NJ"), ("Jersey City", "NJ")],
        ),
        (
            "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD",
            [("Philadelphia", "PA"), ("Camden", "NJ"), ("Wilmington", "DE")],
        ),
        # There is an Ashland in West Virginia too, 90 miles away; Kentucky's is next door.
        ("Huntington-Ashland, WV-KY-OH", [("Huntington", "WV"), ("Ashland", "KY")]),
        ("Winston-Salem, NC", [("Winston-Salem", "NC")]),
        ("Athens-Clarke County, GA", [("Athens-Clarke County", "GA")]),
        ("Augusta-Richmond County, GA-SC", [("Augusta-Richmond County", "GA")]),
        ("Portland-South Portland, ME", [("Portland", "ME"), ("South Portland", "ME")]),
        ("West Central Ohio nonmetropolitan area", []),
        ("Alaska nonmetropolitan area", []),
        ("Ohio", []),
        ("National", []),
    ],
)
def test_principal_cities(area_name, cities):
    assert principal_cities(area_name) == cities


@pytest.mark.parametrize(
    ("city", "state", "postal_city"),
    [
        ("Urban Honolulu", "HI", "Honolulu"),
        ("Louisville/Jefferson County", "KY", "Louisville"),
        ("Nashville-Davidson", "TN", "Nashville"),
        ("Boise City", "ID", "Boise"),
        ("Athens-Clarke County", "GA", "Athens"),
        ("Augusta-Richmond County", "GA", "Augusta"),
        ("Lexington-Fayette", "KY", "Lexington"),
        ("Macon-Bibb County", "GA", "Macon"),
        ("Port St. Lucie", "FL", "Port Saint Lucie"),
        ("Coeur d'Alene", "ID", "Coeur D Alene"),
        ("Wilkes-Barre", "PA", "Wilkes Barre"),
        ("Mayagüez", "PR", "Mayaguez"),
        ("San Germán", "PR", "San German"),
    ],
)
def test_city_point_reads_bls_spellings(city, state, postal_city):
    assert city_point(city, state) is not None
    assert city_point(city, state) == city_point(postal_city, state)


def test_city_point_unknown_city_is_none():
    assert city_point("Atlantis", "OH") is None


def test_every_metro_principal_city_resolves():
    unresolved = {
        (city, state)
        for name in metro_names()
        for city, state in principal_cities(name)
        if city_point(city, state) is None
    }
    assert len(metro_names()) == 393
    assert unresolved == KNOWN_UNRESOLVED


def test_every_metro_is_placed_in_its_listed_states():
    for name in metro_names():
        point = metro_point(name)
        assert point is not None, name
        assert principal_cities(name)[0][1] in name.rpartition(", ")[2].split("-")


@pytest.mark.parametrize(
    ("zip_code", "state", "first_metro"),
    [
        ("43210", "OH", "Columbus, OH"),
        ("96813", "HI", "Urban Honolulu, HI"),
        ("40202", "KY", "Louisville/Jefferson County, KY-IN"),
        ("37203", "TN", "Nashville-Davidson--Murfreesboro--Franklin, TN"),
        ("83702", "ID", "Boise City, ID"),
        ("97201", "OR", "Portland-Vancouver-Hillsboro, OR-WA"),
        ("04101", "ME", "Portland-South Portland, ME"),
        ("10001", "NY", "New York-Newark-Jersey City, NY-NJ"),
        ("10001-1234", "NY", "New York-Newark-Jersey City, NY-NJ"),
        # Across the state line: Vancouver, WA readers are in Portland's metro area.
        ("98660", "WA", "Portland-Vancouver-Hillsboro, OR-WA"),
    ],
)
def test_nearest_areas_puts_the_home_metro_first(zip_code, state, first_metro):
    result = nearest_areas(zip_code, place_refs())
    assert (result.state, result.fallback) == (state, False)
    assert result.nearby[0].area.name == first_metro
    assert result.nearby[0].miles <= 10
    miles = [near.miles for near in result.nearby]
    assert miles == sorted(miles) and len(miles) <= 3
    assert all(m <= MAX_MILES for m in miles)
    assert {near.area.area_type for near in result.nearby} == {"metro"}


@pytest.mark.parametrize(
    ("zip_code", "state", "nonmetro"),
    [
        # Jordan, MT: about 175 miles from Billings.
        ("59337", "MT", "East-Central Montana nonmetropolitan area"),
        # Utqiagvik (Barrow), AK: on the Arctic coast.
        ("99723", "AK", "Alaska nonmetropolitan area"),
    ],
)
def test_far_from_any_metro_falls_back_to_the_state(zip_code, state, nonmetro):
    result = nearest_areas(zip_code, place_refs())
    assert result.fallback is True
    assert (result.state, result.nearby) == (state, ())
    assert result.in_state[0].area_type == "state"
    assert result.in_state[0].state == state
    assert nonmetro in [area.name for area in result.in_state]
    assert {a.area_type for a in result.in_state[1:]} == {"nonmetro"}


def test_limit_and_max_miles():
    result = nearest_areas("43210", place_refs(), limit=1, max_miles=5)
    assert [near.area.name for near in result.nearby] == ["Columbus, OH"]
    assert nearest_areas("43210", place_refs(), max_miles=1).fallback is True


def test_distance_is_rounded_miles_from_the_zip_to_the_main_city():
    result = nearest_areas("43210", place_refs())
    columbus = result.nearby[0]
    exact = haversine_miles(result.point, metro_point("Columbus, OH"))
    assert columbus.miles == round(exact)


@pytest.mark.parametrize(
    "zip_code", ["", "   ", "4321", "432100", "abcde", "00000", "99999", None]
)
def test_unknown_zip_raises_a_value_error(zip_code):
    with pytest.raises(UnknownZip) as error:
        nearest_areas(zip_code, place_refs())
    assert isinstance(error.value, ValueError)


def test_method_sentence_names_the_distance():
    assert f"{MAX_MILES} miles" in METHOD
