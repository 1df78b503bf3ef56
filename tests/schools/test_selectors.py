import itertools

import pytest

from careersite import geo
from schools.models import Program
from schools.pathways import DEFAULT_PATHWAYS
from schools.selectors import program_search
from tests.factories import make_institution, make_program

A, B, M = Program.Level.ASSOCIATE, Program.Level.BACCALAUREATE, Program.Level.MASTERS
ON, CAMPUS, HYB, UNK = "online", "campus", "hybrid", ""

# Institutions on real ZIP codes: (name, city, state, zip)
PLACES = {
    "Columbus": ("Columbus College", "Columbus", "OH", "43215"),
    "Cleveland": ("Cleveland College", "Cleveland", "OH", "44114"),
    "Pittsburgh": ("Pittsburgh University", "Pittsburgh", "PA", "15213"),
    "Chicago": ("Chicago College", "Chicago", "IL", "60601"),
    "LosAngeles": ("Los Angeles University", "Los Angeles", "CA", "90012"),
}
# Visible programs: (place, program name, level, delivery)
VISIBLE = [
    ("Columbus", "HIT online", A, ON), ("Columbus", "HIT campus", A, CAMPUS), ("Columbus", "HIM BS", B, HYB),
    ("Cleveland", "HIT", A, CAMPUS), ("Cleveland", "HI MS", M, ON),
    ("Pittsburgh", "HI BS", B, CAMPUS), ("Pittsburgh", "HIM MS", M, UNK),
    ("Chicago", "HIT", A, ON), ("Chicago", "HI MS", M, HYB),
    ("LosAngeles", "HIM BS", B, ON), ("LosAngeles", "HI MS", M, CAMPUS),
]  # fmt: skip
# Hidden programs, at Columbus: each must never be found.
HIDDEN = [
    {
        "name": "Withdrawn HIT",
        "level": A,
        "delivery": ON,
        "status": Program.Status.WITHDRAWN,
    },
    {"name": "Inactive HIT", "level": A, "delivery": ON, "is_active": False},
]

PATHWAY_LEVELS = {row["key"]: row["levels"] for row in DEFAULT_PATHWAYS}


@pytest.fixture
def catalog(pathways):
    institutions = {}
    for key, (name, city, state, code) in PLACES.items():
        lat, lng = geo.zip_point(code)
        institutions[key] = make_institution(
            name=name,
            city=city,
            state=state,
            postal_code=code,
            latitude=lat,
            longitude=lng,
        )
    for place, name, level, delivery in VISIBLE:
        make_program(
            institution=institutions[place], name=name, level=level, delivery=delivery
        )
    for fields in HIDDEN:
        make_program(institution=institutions["Columbus"], **fields)
    return pathways


def expected(pathway_key, state, format, zip, radius):
    """An independent oracle: the filter rules of the issue, written out in plain Python."""
    levels = PATHWAY_LEVELS[pathway_key]
    rows = []
    for place, name, level, delivery in VISIBLE:
        inst_name, _, inst_state, code = PLACES[place]
        if level not in levels or (state and inst_state != state):
            continue
        if (format == "online" and delivery != ON) or (
            format == "campus" and delivery not in (CAMPUS, HYB)
        ):
            continue
        distance = (
            geo.haversine_miles(geo.zip_point(zip), geo.zip_point(code))
            if zip
            else None
        )
        if zip and distance > (radius or 50):
            continue
        rows.append((distance, levels.index(level), inst_name, name))
    rows.sort(key=lambda r: (r[0], r[2], r[3]) if zip else (r[1], r[2], r[3]))
    return [(r[2], r[3]) for r in rows]


COMBINATIONS = list(
    itertools.product(
        PATHWAY_LEVELS,
        ["", "OH", "PA", "CA"],
        ["any", "online", "campus"],
        [("", None), ("43215", None), ("43215", 150), ("43215", 500), ("90012", 25)],
    )
)


@pytest.mark.django_db
@pytest.mark.parametrize(("pathway", "state", "format", "place"), COMBINATIONS)
def test_program_search_matches_the_rules_for_every_combination(
    catalog, pathway, state, format, place
):
    zip, radius = place
    search = program_search(
        pathway=catalog[pathway], state=state, format=format, zip=zip, radius=radius
    )
    found = [(p.institution.name, p.name) for p in search.programs]
    assert found == expected(pathway, state, format, zip, radius)
    assert not any("Withdrawn" in n or "Inactive" in n for _, n in found)


# Spot checks written out by hand, so the oracle above is not the only word.
SPOT_CHECKS = [
    ("high_school", {}, [("Chicago College", "HIT"), ("Cleveland College", "HIT"), ("Columbus College", "HIT campus"), ("Columbus College", "HIT online")]),
    ("no_diploma", {"state": "OH"}, [("Cleveland College", "HIT"), ("Columbus College", "HIT campus"), ("Columbus College", "HIT online")]),
    ("some_college", {"state": "OH"}, [("Cleveland College", "HIT"), ("Columbus College", "HIT campus"), ("Columbus College", "HIT online"), ("Columbus College", "HIM BS")]),
    ("associate", {"format": "online"}, [("Los Angeles University", "HIM BS")]),
    ("associate", {"format": "campus"}, [("Columbus College", "HIM BS"), ("Pittsburgh University", "HI BS")]),
    ("bachelor", {"zip": "43215", "radius": 200}, [("Cleveland College", "HI MS"), ("Pittsburgh University", "HIM MS")]),
    ("master", {"zip": "43215", "radius": 500}, [("Cleveland College", "HI MS"), ("Pittsburgh University", "HIM MS"), ("Chicago College", "HI MS")]),
    ("master", {"zip": "43215"}, []),  # 50 miles by default: Cleveland is about 127 miles away
    ("high_school", {"zip": "43215", "format": "online"}, [("Columbus College", "HIT online")]),
    ("master", {"state": "CA", "format": "online"}, []),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("pathway", "filters", "names"), SPOT_CHECKS)
def test_program_search_spot_checks(catalog, pathway, filters, names):
    search = program_search(pathway=catalog[pathway], **filters)
    assert [(p.institution.name, p.name) for p in search.programs] == names


@pytest.mark.django_db
def test_zip_results_are_sorted_by_distance_with_distances(catalog):
    search = program_search(pathway=catalog["master"], zip="15213", radius=500)
    distances = [p.distance for p in search.programs]
    assert distances == sorted(distances)
    assert [p.institution.name for p in search.programs] == [
        "Pittsburgh University",
        "Cleveland College",
        "Chicago College",
    ]
    assert distances[0] == pytest.approx(0, abs=1)
    assert search.radius == 500


@pytest.mark.django_db
def test_radius_defaults_to_50_miles_with_a_zip_and_is_ignored_without(catalog):
    assert program_search(pathway=catalog["high_school"], zip="43215").radius == 50
    assert program_search(pathway=catalog["high_school"], radius=10).radius is None


@pytest.mark.django_db
def test_pathway_may_be_given_by_key(catalog):
    assert program_search(pathway="high_school").pathway.key == "high_school"


@pytest.mark.django_db
def test_institutions_without_coordinates_are_left_out_of_distance_searches(catalog):
    make_program(
        institution=make_institution(name="Unmapped College", state="OH"), level=A
    )
    assert "Unmapped College" in [
        p.institution.name
        for p in program_search(pathway="high_school", state="OH").programs
    ]
    assert "Unmapped College" not in [
        p.institution.name
        for p in program_search(pathway="high_school", zip="43215", radius=500).programs
    ]


@pytest.mark.django_db
def test_wider_searches_count_what_each_would_find(catalog):
    search = program_search(
        pathway=catalog["master"], state="OH", format="campus", zip="43215", radius=20
    )
    assert list(search.programs) == []
    wider = {option["key"]: option for option in search.wider()}
    assert wider["online"]["count"] == 1  # Cleveland's online MS
    assert wider["everywhere"]["count"] == 4
    # no campus master's within 20 miles in any state either
    assert "any_state" not in wider
    assert "radius" not in wider  # Ohio has no campus master's program at any distance
    assert "any_format" not in wider  # nor any master's within 20 miles


@pytest.mark.django_db
def test_wider_search_offers_the_smallest_radius_that_finds_something(catalog):
    search = program_search(pathway=catalog["master"], zip="43215", radius=20)
    wider = {option["key"]: option for option in search.wider()}
    assert wider["radius"]["changes"] == {"radius": 250}
    # Cleveland (about 127 mi) and Pittsburgh (about 160 mi)
    assert wider["radius"]["count"] == 2


@pytest.mark.django_db
def test_renaming_an_institution_keeps_the_sort_order_right(catalog):
    from schools.models import Institution

    def names():
        return [
            p.institution.name for p in program_search(pathway="high_school").programs
        ]

    assert names()[0] == "Chicago College"
    chicago = Institution.objects.get(name="Chicago College")
    chicago.name = "Zeta College"
    chicago.save()
    assert names()[-1] == "Zeta College"
    assert set(
        Program.objects.filter(institution=chicago).values_list(
            "institution_name", flat=True
        )
    ) == {"Zeta College"}


@pytest.mark.django_db
def test_a_pathway_in_an_unusual_level_order_is_followed(catalog):
    pathway = catalog["some_college"]
    pathway.levels = ["baccalaureate", "associate"]
    pathway.save()
    levels = [p.level for p in program_search(pathway=pathway).programs]
    assert levels == sorted(levels, key=["baccalaureate", "associate"].index)
    assert levels[0] == "baccalaureate" and levels[-1] == "associate"


# The same rules with programs in candidacy and the place "Online (any state)": candidacy programs
# are found like the others and listed after every other match; "online" is the online programs
# from every state (a ZIP code is ignored there).
CANDIDACY = [
    ("Columbus", "HIT in candidacy", A, ON), ("Pittsburgh", "HI MS in candidacy", M, CAMPUS),
    ("Chicago", "HIM BS in candidacy", B, UNK), ("LosAngeles", "HIT in candidacy", A, HYB),
]  # fmt: skip


@pytest.fixture
def catalog_with_candidacy(catalog):
    from schools.models import Institution

    for place, name, level, delivery in CANDIDACY:
        institution = Institution.objects.get(name=PLACES[place][0])
        make_program(
            institution=institution,
            name=name,
            level=level,
            delivery=delivery,
            status=Program.Status.CANDIDACY,
        )
    return catalog


def expected_with_candidacy(pathway_key, state, format, zip, radius):
    """The oracle above, extended: candidacy rows last, and state "online" as a place."""
    online_place = state == "online"
    if online_place:
        state, zip, radius = "", "", None
    levels = PATHWAY_LEVELS[pathway_key]
    rows = []
    for candidacy, catalog_rows in ((False, VISIBLE), (True, CANDIDACY)):
        for place, name, level, delivery in catalog_rows:
            inst_name, _, inst_state, code = PLACES[place]
            if level not in levels or (state and inst_state != state):
                continue
            if online_place and delivery != ON:
                continue
            if (format == "online" and delivery != ON) or (
                format == "campus" and delivery not in (CAMPUS, HYB)
            ):
                continue
            distance = (
                geo.haversine_miles(geo.zip_point(zip), geo.zip_point(code))
                if zip
                else None
            )
            if zip and distance > (radius or 50):
                continue
            rows.append((candidacy, distance, levels.index(level), inst_name, name))
    rows.sort(
        key=lambda r: (r[0], r[1], r[3], r[4]) if zip else (r[0], r[2], r[3], r[4])
    )
    return [(r[3], r[4]) for r in rows]


PLACES_WITH_ONLINE = list(
    itertools.product(
        ["", "online", "OH", "PA", "CA"],
        ["any", "online", "campus"],
        [("", None), ("43215", 150), ("43215", 500)],
    )
)


@pytest.mark.django_db
@pytest.mark.parametrize("pathway", PATHWAY_LEVELS)
def test_candidacy_last_and_online_place_for_every_combination(
    catalog_with_candidacy, pathway
):
    # One catalog per answer, every place x format x ZIP combination against it (45 each).
    for state, format, (zip, radius) in PLACES_WITH_ONLINE:
        combination = (pathway, state, format, zip, radius)
        search = program_search(
            pathway=catalog_with_candidacy[pathway],
            state=state,
            format=format,
            zip=zip,
            radius=radius,
        )
        rows = list(search.programs)
        want = expected_with_candidacy(pathway, state, format, zip, radius)
        assert [(p.institution.name, p.name) for p in rows] == want, combination
        counts = search.programs.counts()
        assert counts["total"] == len(want) == len(search.programs), combination
        assert counts["candidacy"] == sum("candidacy" in n for _, n in want)
        assert counts["accredited"] == counts["total"] - counts["candidacy"]
        # Every slice (as the paginator takes pages) agrees with the whole list.
        for start, stop in [
            (0, 2),
            (1, 4),
            (2, 3),
            (0, 100),
            (len(rows) - 1, len(rows)),
        ]:
            assert search.programs[max(start, 0) : stop] == rows[max(start, 0) : stop]


@pytest.mark.django_db
def test_online_place_wider_searches_keep_the_place(catalog):
    search = program_search(pathway=catalog["master"], state="online", format="campus")
    assert search.online_place and search.state == "" and list(search.programs) == []
    wider = {option["key"]: option for option in search.wider()}
    # Any format, still online: Cleveland's online MS.
    assert wider["any_format"] == {
        "key": "any_format",
        "count": 1,
        "changes": {"format": None},
    }
    assert wider["everywhere"]["count"] == 4
    assert "online" not in wider


@pytest.mark.django_db
def test_online_place_ignores_a_zip_code(catalog):
    search = program_search(
        pathway=catalog["high_school"], state="ONLINE", zip="90012", radius=5
    )
    assert search.online_place and search.zip == "" and search.origin is None
    assert [(p.institution.name, p.name) for p in search.programs] == [
        ("Chicago College", "HIT"),
        ("Columbus College", "HIT online"),
    ]
