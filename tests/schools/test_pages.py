from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from careersite import geo
from schools.models import Program
from tests.factories import make_institution, make_program

RESULTS = reverse("schools:results")


def place(code, **fields):
    lat, lng = geo.zip_point(code)
    return make_institution(postal_code=code, latitude=lat, longitude=lng, **fields)


@pytest.fixture
def ohio(pathways):
    columbus = place("43215", name="Columbus College", city="Columbus", state="OH")
    cleveland = place("44114", name="Cleveland College", city="Cleveland", state="OH")
    programs = {
        "columbus": make_program(institution=columbus, name="HIT, AAS", level="associate", delivery="campus",
                                 last_verified_on=date(2025, 6, 1), program_url="https://columbus.example.edu/hit"),
        "cleveland": make_program(institution=cleveland, name="HIT online, AAS", level="associate", delivery="online",
                                  status=Program.Status.CANDIDACY),
        "withdrawn": make_program(institution=columbus, name="Withdrawn AAS", level="associate", status=Program.Status.WITHDRAWN),
        "inactive": make_program(institution=columbus, name="Inactive AAS", level="associate", is_active=False),
    }  # fmt: skip
    return programs


HIDDEN = ["Withdrawn AAS", "Inactive AAS"]


@pytest.mark.django_db
def test_finder_page_asks_the_question(client, pathways):
    response = client.get(reverse("schools:finder"))
    assertContains(response, "What is your highest level of education?")
    for pathway in pathways.values():
        assertContains(response, pathway.label.replace("'", "&#x27;"))
    assertContains(response, f'action="{RESULTS}"')
    assertContains(response, 'method="get"')
    assertContains(response, '<nav aria-label="Breadcrumb"')
    assert response.content.count(b"<h1") == 1


@pytest.mark.django_db
def test_results_show_guidance_count_cards_and_notes(client, ohio):
    response = client.get(RESULTS, {"education": "high_school"})
    assertContains(response, "Your next step is an associate degree")
    assertContains(response, "2 programs match: 1 CAHIIM-accredited")
    assertContains(response, "Columbus College")
    assertContains(response, "HIT online, AAS")
    assertContains(response, "Columbus, OH")
    # Candidacy on an undated web page: no badge, and the words say so.
    assertNotContains(response, "CAHIIM: Candidacy")
    assertContains(
        response,
        "Reported as in CAHIIM candidacy, not yet accredited on an undated page",
    )
    # An editor's recent check in CAHIIM's directory earns the badge.
    assertContains(response, "CAHIIM: Accredited")
    assertContains(
        response,
        'Checked in CAHIIM\'s directory on <time datetime="2025-06-01">June 1, 2025</time>',
        html=False,
    )
    # What we know replaces "Not yet verified by our editors": the kind of source and its year.
    assertContains(response, "Source: web page, undated")
    assertNotContains(response, "Not yet verified by our editors")
    assertContains(response, "CAHIIM's official program directory")
    assertContains(response, "https://www.cahiim.org/")
    assertContains(response, "format=online")  # online programs are one click away
    assertContains(response, 'id="refine-title"')
    assertContains(response, '<nav aria-label="Breadcrumb"')
    for hidden in HIDDEN:
        assertNotContains(response, hidden)


@pytest.mark.django_db
def test_all_accredited_results_say_so(client, ohio):
    response = client.get(RESULTS, {"education": "high_school", "format": "campus"})
    assertContains(response, "1 CAHIIM-accredited program match")


@pytest.mark.django_db
def test_zip_results_show_distances_nearest_first(client, ohio):
    # An accredited program beside Cleveland College: Cleveland College's own program is in
    # candidacy, and programs in candidacy come after the accredited ones, however near.
    make_program(
        institution=place(
            "44113", name="Cuyahoga College", city="Cleveland", state="OH"
        ),
        name="HIT, AAS",
        level="associate",
    )
    response = client.get(
        RESULTS, {"education": "high_school", "zip": "44114", "radius": "200"}
    )
    html = response.content.decode()
    assert html.index("Cuyahoga College") < html.index("Columbus College")
    assert html.index("Columbus College") < html.index("Cleveland College")
    assertContains(response, "less than 1 mile away")
    assertContains(response, "127 miles away")
    assertContains(response, "Within 200 miles of ZIP code 44114")


@pytest.mark.django_db
def test_the_filters_read_as_one_line(client, ohio):
    response = client.get(
        RESULTS,
        {"education": "high_school", "state": "OH", "format": "online", "zip": "43215"},
    )
    assertContains(response, "In Ohio; online only; within 50 miles of ZIP code 43215")


@pytest.mark.django_db
def test_zip_without_radius_searches_50_miles(client, ohio):
    response = client.get(RESULTS, {"education": "high_school", "zip": "43215"})
    assertContains(response, "Within 50 miles of ZIP code 43215")
    assertContains(response, "Columbus College")
    assertNotContains(response, "Cleveland College")


@pytest.mark.django_db
def test_no_results_explain_why_and_offer_wider_searches(client, ohio):
    response = client.get(
        RESULTS,
        {
            "education": "high_school",
            "state": "oh",
            "format": "online",
            "zip": "43215",
            "radius": "20",
        },
    )
    assertContains(response, "No programs match")
    assertContains(response, "Why nothing matched")
    assertContains(
        response,
        "are based in Ohio, and are offered online, and are within 20 miles of ZIP code 43215",
    )
    assertContains(response, "Widen the distance to 250 miles")
    assertContains(
        response,
        f"{RESULTS}?education=high_school&amp;state=oh&amp;format=online&amp;zip=43215&amp;radius=250",
    )
    assertContains(response, "See online programs from anywhere")
    assertContains(response, "Every program for your level")


@pytest.mark.django_db
def test_pagination_keeps_every_filter(client, pathways):
    institution = place("43215", name="Big College", city="Columbus", state="OH")
    for n in range(45):
        make_program(
            institution=institution,
            name=f"Program {n:02d}",
            level="associate",
            delivery="online",
        )
    params = {
        "education": "high_school",
        "state": "OH",
        "format": "online",
        "zip": "43215",
        "radius": "30",
    }
    first = client.get(RESULTS, params)
    assertContains(first, "45 CAHIIM-accredited programs match")
    assertContains(first, "Page 1 of 3")
    assert first.content.decode().count('class="card h-100 program-card"') == 20
    assertContains(
        first,
        "?education=high_school&amp;state=OH&amp;format=online&amp;zip=43215&amp;radius=30&amp;page=2",
    )
    last = client.get(RESULTS, {**params, "page": "3"})
    assert last.content.decode().count('class="card h-100 program-card"') == 5
    assertContains(last, "Program 44")


INVALID = [
    ({}, "education", "Choose your highest level of education."),
    ({"education": "phd"}, "education", "Choose one of the listed levels of education."),
    ({"education": "x" * 1500}, "education", "Choose one of the listed levels of education."),
    ({"state": "ZZ"}, "state", "Choose a US state or territory from the list."),
    ({"state": "Ohio"}, "state", "Choose a US state or territory from the list."),
    ({"state": "<script>alert(1)</script>"}, "state", "Choose a US state or territory from the list."),
    ({"format": "mail"}, "format", "Choose any format, online, or on campus."),
    ({"zip": "00000"}, "zip", "We could not find ZIP code 00000."),
    ({"zip": "4321"}, "zip", "Enter a 5-digit ZIP code, such as 43215."),
    ({"zip": "abcde"}, "zip", "Enter a 5-digit ZIP code, such as 43215."),
    ({"zip": "9" * 1500}, "zip", "Enter a 5-digit ZIP code."),
    ({"zip": "43215", "radius": "0"}, "radius", "Enter a distance from 1 to 500 miles."),
    ({"zip": "43215", "radius": "501"}, "radius", "Enter a distance from 1 to 500 miles."),
    ({"zip": "43215", "radius": "-5"}, "radius", "Enter a distance from 1 to 500 miles."),
    ({"zip": "43215", "radius": "ten"}, "radius", "Enter a whole number of miles from 1 to 500."),
    ({"zip": "43215", "radius": "1" * 1500}, "radius", "Enter a distance from 1 to 500 miles."),
    ({"zip": "43215", "radius": "2.5"}, "radius", "Enter a whole number of miles from 1 to 500."),
    ({"page": "0"}, "page", "Page numbers start at 1."),
    ({"page": "abc"}, "page", "The page number must be a whole number."),
    ({"page": "99"}, "page", "That page does not exist: the results have 1 page(s)."),
    ({"page": "9" * 50}, "page", "That page does not exist."),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "field", "message"), INVALID)
def test_invalid_input_gives_field_errors_not_a_500(
    client, ohio, params, field, message
):
    query = {"education": "high_school", **params} if field != "education" else params
    response = client.get(RESULTS, query)
    assert response.status_code == 200
    assertContains(response, "Check your answers")
    assertContains(response, message.replace("'", "&#x27;"))
    assertNotContains(response, "<script>alert(1)</script>")
    assertNotContains(response, "program-card")


@pytest.mark.django_db
def test_state_is_accepted_in_lower_case(client, ohio):
    response = client.get(RESULTS, {"education": "high_school", "state": "oh"})
    assertContains(response, "In Ohio")


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{"education": "high_school"}, {"education": "some_college", "state": "OH", "format": "online"},
     {"education": "high_school", "zip": "43215", "radius": "100"}, {"education": "high_school", "page": "2"}],
)  # fmt: skip
def test_results_page_query_count_does_not_grow(
    client, pathways, django_assert_max_num_queries, params
):
    counts = []
    for total in (3, 30):
        institution = place(
            "43215", name=f"College of {total}", city="Columbus", state="OH"
        )
        for n in range(total):
            make_program(
                institution=institution,
                name=f"Program {total}-{n}",
                level="associate",
                delivery="online",
            )
        with django_assert_max_num_queries(5):
            counts.append(
                _count_queries(
                    client,
                    RESULTS,
                    params
                    if total == 30 or "page" not in params
                    else {"education": "high_school"},
                )
            )
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_empty_results_page_stays_within_budget(
    client, pathways, django_assert_max_num_queries
):
    # The finder's 5, and the line of local pay for the ZIP code (up to 3).
    with django_assert_max_num_queries(8):
        _count_queries(
            client,
            RESULTS,
            {
                "education": "master",
                "state": "OH",
                "format": "campus",
                "zip": "43215",
                "radius": "20",
            },
        )


@pytest.mark.django_db
@pytest.mark.parametrize("total", [3, 30])
def test_listing_pages_stay_within_budget(
    client, pathways, django_assert_max_num_queries, total
):
    institution = place("43215", name="Columbus College", city="Columbus", state="OH")
    programs = [
        make_program(
            institution=institution, name=f"P{n}", level=["associate", "masters"][n % 2]
        )
        for n in range(total)
    ]
    for url in [
        reverse("schools:states"),
        reverse("schools:state", args=["oh"]),
        institution.get_absolute_url(),
        programs[0].get_absolute_url(),
    ]:
        with django_assert_max_num_queries(4):
            _count_queries(client, url)


@pytest.mark.django_db
def test_program_page_has_everything(client, ohio):
    program = ohio["columbus"]
    other = make_program(
        institution=program.institution, name="HIM, BS", level="baccalaureate"
    )
    response = client.get(program.get_absolute_url())
    assertContains(response, "<h1>HIT, AAS</h1>", html=True)
    assertContains(response, "Columbus College")
    assertContains(response, "Associate degree")
    assertContains(response, "Health information management")
    assertContains(response, "On campus")
    assertContains(response, "June 1, 2025")
    assertContains(response, 'href="https://columbus.example.edu/hit"')
    assertContains(response, 'href="https://www.cahiim.org/"')
    assertContains(response, "Verify in CAHIIM's directory")
    assertContains(response, program.source_url)
    assertContains(response, other.get_absolute_url())
    assertContains(response, reverse("schools:state", args=["oh"]))
    assertNotContains(response, "Withdrawn AAS")
    assertContains(response, '<nav aria-label="Breadcrumb"')


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["withdrawn", "inactive"])
def test_hidden_programs_have_no_page(client, ohio, key):
    assert client.get(ohio[key].get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_institution_page_lists_visible_programs(client, ohio):
    response = client.get(ohio["columbus"].institution.get_absolute_url())
    assertContains(response, "<h1>Columbus College</h1>", html=True)
    assertContains(response, "HIT, AAS")
    for hidden in HIDDEN:
        assertNotContains(response, hidden)
    assert (
        client.get(reverse("schools:institution", args=["no-such-college"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_states_page_counts_visible_programs(client, ohio):
    response = client.get(reverse("schools:states"))
    assertContains(response, "Programs by state")
    assertContains(response, f'href="{reverse("schools:state", args=["oh"])}"')
    # One accredited program; the one in candidacy is shown beside the count, not in it.
    assertContains(
        response,
        '<span class="badge text-bg-light border">1<span class="visually-hidden"> accredited program</span></span>',
        html=True,
    )
    assertContains(response, "+1 in candidacy")
    assertContains(response, "No programs in our list yet")


@pytest.mark.django_db
def test_state_page(client, ohio):
    response = client.get(reverse("schools:state", args=["oh"]))
    assertContains(response, "<h1>Programs in Ohio</h1>", html=True)
    assertContains(response, "2 programs in Ohio")
    assertContains(response, "Cleveland College")
    for hidden in HIDDEN:
        assertNotContains(response, hidden)


@pytest.mark.django_db
def test_state_page_without_programs_points_to_online_ones(client, ohio):
    response = client.get(reverse("schools:state", args=["wy"]))
    assertContains(response, "no programs based in Wyoming yet")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "status"),
    [("zz", 404), ("ohio", 404), ("o", 404), ("OH", 301), ("Oh", 301)],
)
def test_state_codes(client, pathways, code, status):
    response = client.get(f"/schools/states/{code}/")
    assert response.status_code == status
    if status == 301:
        assert response["Location"] == reverse("schools:state", args=["oh"])


@pytest.mark.django_db
def test_unknown_program_is_404(client, pathways):
    assert (
        client.get(reverse("schools:program", args=["no-such-program"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_finder_prefills_from_the_query_string(client, pathways):
    response = client.get(
        reverse("schools:finder"), {"state": "OH", "format": "online"}
    )
    assertContains(response, '<option value="OH" selected>Ohio</option>', html=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["education", "state", "format", "zip", "radius", "page"]
)
def test_absurdly_long_values_are_field_errors_even_past_the_url_limit(pathways, field):
    from schools.forms import FinderForm

    form = FinderForm(
        {"education": "high_school", "zip": "43215", field: "9" * 100_000},
        pathways=list(pathways.values()),
    )
    assert not form.is_valid()
    assert list(form.errors) == [field]


@pytest.mark.django_db
def test_an_overlong_query_string_is_refused_cleanly(client, pathways):
    response = client.get(RESULTS, {"education": "high_school", "zip": "9" * 5000})
    assert 400 <= response.status_code < 500
