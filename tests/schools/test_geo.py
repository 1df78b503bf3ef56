import pytest

from careersite import geo
from schools.models import Program
from schools.selectors import program_search
from tests.factories import make_institution, make_program

# Published great-circle distances between city centres, in miles.
KNOWN_PAIRS = [
    ((39.9612, -82.9988), (41.4993, -81.6944), 126),  # Columbus OH - Cleveland OH
    ((40.7128, -74.0060), (34.0522, -118.2437), 2445),  # New York NY - Los Angeles CA
    ((41.8781, -87.6298), (40.7128, -74.0060), 712),  # Chicago IL - New York NY
    ((47.6062, -122.3321), (45.5152, -122.6784), 145),  # Seattle WA - Portland OR
    ((29.7604, -95.3698), (29.4241, -98.4936), 190),  # Houston TX - San Antonio TX
]


@pytest.mark.parametrize(("a", "b", "miles"), KNOWN_PAIRS)
def test_haversine_matches_known_city_pairs(a, b, miles):
    assert geo.haversine_miles(a, b) == pytest.approx(miles, rel=0.01)
    assert geo.haversine_miles(b, a) == pytest.approx(geo.haversine_miles(a, b))


def test_distance_to_self_is_zero():
    assert geo.haversine_miles((39.96, -83.0), (39.96, -83.0)) == 0


@pytest.mark.parametrize(
    ("code", "expected"),
    [("43215", (39.97, -83.0)), ("44114", (41.51, -81.68)), ("43215-1234", (39.97, -83.0)), ("00000", None),
     ("4321", None), ("abcde", None), ("", None), ("432150", None)],
)  # fmt: skip
def test_zip_point(code, expected):
    point = geo.zip_point(code)
    if expected is None:
        assert point is None
    else:
        assert point == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize(
    ("city", "state", "expected"),
    [("Columbus", "OH", (39.96, -83.0)), ("columbus", "oh", (39.96, -83.0)), ("Indianapolis", "IN", (39.77, -86.16)),
     ("St. Louis", "MO", (38.63, -90.24)), ("Nowhere Town", "OH", None), ("Columbus", "", None)],
)  # fmt: skip
def test_city_point_uses_the_citys_zip_codes(city, state, expected):
    point = geo.city_point(city, state)
    if expected is None:
        assert point is None
    else:
        assert point == pytest.approx(expected, abs=0.15)


def test_locate_prefers_the_zip_code_over_the_city():
    assert geo.locate(
        postal_code="44114", city="Columbus", state="OH"
    ) == geo.zip_point("44114")
    assert geo.locate(postal_code="", city="Columbus", state="OH") == geo.city_point(
        "Columbus", "OH"
    )


@pytest.mark.parametrize("radius", [1, 50, 125, 500])
def test_bounding_box_contains_every_point_within_the_radius(radius):
    origin = (39.97, -83.0)
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(origin, radius)
    for bearing_point in [
        (origin[0] + d, origin[1]) for d in (-radius / 69.1, radius / 69.1)
    ] + [(origin[0], origin[1] + d) for d in (-radius / 52.9, radius / 52.9)]:
        if geo.haversine_miles(origin, bearing_point) <= radius:
            assert min_lat <= bearing_point[0] <= max_lat
            assert min_lng <= bearing_point[1] <= max_lng


@pytest.mark.django_db
def test_sql_distance_matches_python_haversine(pathways):
    cleveland = geo.zip_point("44114")
    institution = make_institution(
        city="Cleveland",
        state="OH",
        postal_code="44114",
        latitude=cleveland[0],
        longitude=cleveland[1],
    )
    make_program(institution=institution, level=Program.Level.ASSOCIATE)
    search = program_search(pathway=pathways["high_school"], zip="43215", radius=200)
    (program,) = search.programs
    assert program.distance == pytest.approx(
        geo.haversine_miles(geo.zip_point("43215"), cleveland), abs=0.01
    )
    # Columbus to Cleveland, ZIP centre to ZIP centre
    assert program.distance == pytest.approx(127, abs=3)
