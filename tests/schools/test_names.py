"""Find a school by name, even misspelled: the same table passes on SQLite (rapidfuzz over the
names) and on PostgreSQL (pg_trgm word similarity with the trigram GIN index)."""

import csv

import pytest
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from careersite.query import search_query_parse
from schools.models import Institution, Program
from schools.names import (
    NAME_MAX_LENGTH,
    institutions_named_like,
    name_normalise,
    name_query_problem,
    name_scores,
    name_variants,
)
from schools.services import SEED_CSV, schools_seed
from tests.factories import make_institution, make_program

with SEED_CSV.open(newline="", encoding="utf-8") as seed_file:
    LISTED = sorted(
        {(row["institution"], row["state"]) for row in csv.DictReader(seed_file)}
    )

URL = reverse("schools:name-search")
INDEX = "institution_name_trgm_idx"


@pytest.fixture
def seeded(db):
    """The real CAHIIM seed list (schools/data/cahiim_programs.csv)."""
    schools_seed()


@pytest.fixture
def listed(db):
    """Every institution of the seed list, each with one program (quicker than the whole seed)."""
    for n, (name, state) in enumerate(LISTED):
        make_program(
            institution=make_institution(name=name, state=state, slug=f"listed-{n}")
        )


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("St. Philip's College", "st philips college"),
        ("st philips", "st philips"),
        ("Saint Paul College", "st paul college"),
        ("SAINT   paul", "st paul"),
        ("College of DuPage", "college of dupage"),
        ("Oregon Health & Science University", "oregon health and science university"),
        ("Borough of Manhattan Community College (CUNY)", "borough of manhattan community college cuny"),
        ("St\u2019 Philip\u2019s", "st philips"),
        ("Universit\u00e9 de Montr\u00e9al", "universite de montreal"),
        ("Kent State University-Kent", "kent state university kent"),
        ("  -- ", ""),
        ("", ""),
    ],
)  # fmt: skip
def test_name_normalise(text, normal):
    assert name_normalise(text) == normal


@pytest.mark.parametrize(
    ("text", "variants"),
    [
        ("dupage", ["dupage"]),
        ("st philips", ["st philips", "saint philips"]),
        ("Saint Paul", ["st paul", "saint paul"]),
        ("Stanford", ["stanford"]),
        ("!!", []),
    ],
)
def test_name_variants_try_both_spellings_of_saint(text, variants):
    assert name_variants(text) == variants


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("!!! ???", "symbols"),
        ("\x00\x01", "empty"),
        ("ab", "short"),
        ("a.b", "short"),
        ("abc", ""),
        ("st philips", ""),
        ("x" * NAME_MAX_LENGTH, ""),
        ("x" * (NAME_MAX_LENGTH + 1), "long"),
        ("word " * 100, "long"),
    ],
)
def test_name_query_problem(raw, problem):
    query = search_query_parse(raw)
    answer = name_query_problem(
        text=query.text, problem=query.problem, truncated=query.truncated
    )
    assert answer == problem


# What a reader types -> the school that must come first.
FOUND = [
    ("st philips", "St. Philip's College"),
    ("St. Philip's", "St. Philip's College"),
    ("saint philips college", "St. Philip's College"),
    ("dupage", "College of DuPage"),
    ("College of Du Page", "College of DuPage"),
    ("mohawk valey", "Mohawk Valley Community College"),
    ("kenebec", "Kennebec Valley Community College"),
    ("Kennebec Valley", "Kennebec Valley Community College"),
    ("st paul college", "Saint Paul College"),
    ("scholastica", "The College of St. Scholastica"),
    ("john hopkins", "Johns Hopkins University"),
    ("boston universty", "Boston University"),
    ("schoolcraft", "Schoolcraft College"),
    ("Oregon Health and Science", "Oregon Health & Science University"),
]
# Names no school in the list is like.
NOT_FOUND = ["harvard", "zzqx", "nursing", "stanford medical", "qwerty uiop"]


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "school"), FOUND)
def test_finds_the_school_first(listed, typed, school):
    found = institutions_named_like(text=typed)
    assert found, f"nothing found for {typed!r}"
    assert found[0].name == school, [i.name for i in found]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", NOT_FOUND)
def test_finds_nothing_for_names_not_in_the_list(listed, typed):
    assert institutions_named_like(text=typed) == []


def _fallback(typed: str) -> list[str]:
    names = dict(enumerate(name for name, _ in LISTED))
    scores = name_scores(name_variants(typed), names)
    return [
        names[key]
        for key in sorted(
            scores, key=lambda k: (-scores[k][0], -scores[k][1], names[k])
        )
    ]


@pytest.mark.parametrize(("typed", "school"), FOUND)
def test_the_fallback_finds_the_school_first(typed, school):
    """The rapidfuzz scoring SQLite uses, on its own (on PostgreSQL runs too)."""
    assert _fallback(typed)[:1] == [school]


@pytest.mark.parametrize("typed", NOT_FOUND)
def test_the_fallback_finds_nothing_for_names_not_in_the_list(typed):
    assert _fallback(typed) == []


@pytest.mark.django_db
def test_only_public_programs_and_candidacy_last():
    college = make_institution(name="Mohawk Valley Community College", slug="mvcc")
    make_program(institution=college, name="B Coding", status=Program.Status.CANDIDACY)
    make_program(institution=college, name="C Coding")
    make_program(institution=college, name="A Withdrawn", status="withdrawn")
    make_program(institution=college, name="A Inactive", is_active=False)
    hidden = make_institution(name="Mohawk Valley Institute", slug="mvi")
    make_program(institution=hidden, name="Gone", status="withdrawn")

    found = institutions_named_like(text="mohawk valley")
    assert [i.name for i in found] == ["Mohawk Valley Community College"]
    assert [p.name for p in found[0].public_programs] == ["C Coding", "B Coding"]


@pytest.mark.django_db
def test_at_most_the_limit_best_first():
    for n in range(5):
        make_program(institution=make_institution(name=f"Dayton College {n}"))
    found = institutions_named_like(text="dayton college", limit=3)
    assert len(found) == 3


@pytest.mark.django_db
def test_trigram_index_is_on_postgresql_only():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, Institution._meta.db_table
        )
    if connection.vendor != "postgresql":
        assert INDEX not in constraints
        return
    assert constraints[INDEX]["columns"] == ["name"]
    assert constraints[INDEX]["type"] == "gin"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()


@pytest.mark.django_db
def test_postgresql_answers_the_name_search_from_the_index(listed):
    """With sequential scans priced out (the seed list is small), the plan reads the trigram index."""
    if connection.vendor != "postgresql":
        # Elsewhere the names are scored in Python: one query reads them all.
        assert len(Institution.objects.values_list("pk", "name")) == len(LISTED)
        return
    from schools.names import _postgres_queryset

    queryset = _postgres_queryset(name_variants("st philips"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert INDEX in plan, plan


def _page(client, q=None):
    response = client.get(URL, {} if q is None else {"q": q})
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_page_lists_matching_schools_with_their_programs(client, seeded):
    response = _page(client, "st philips")
    assertContains(response, "<h1>Find a school by name</h1>", html=True)
    philips = Institution.objects.get(name="St. Philip's College")
    assertContains(response, f'href="{philips.get_absolute_url()}"')
    for program in Program.objects.public().filter(institution=philips):
        assertContains(response, f'href="{program.get_absolute_url()}"')
    assertContains(response, "with a name like <strong>st philips</strong>")
    assertContains(response, 'name="q" value="st philips"')
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_page_says_when_more_names_are_like_it(client):
    for n in range(22):
        make_program(institution=make_institution(name=f"Dayton College {n:02d}"))
    response = _page(client, "dayton colege")
    assertContains(response, 'class="name-result ', count=20)
    assertContains(response, "The 20 schools with names most like")
    assertContains(response, "type more of the name")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "message", "cacheable"),
    [
        (None, "Type the name of a college or university", True),
        ("", "Type part of a school's name above", True),
        ("   ", "Type part of a school's name above", True),
        ("%%% ***", "your search has none", False),
        ("<script>", "No school in our list has a name like <strong>&lt;script&gt;</strong>", True),
        ("ab", "Type at least 3 letters", False),
        ("x" * 101, "That is longer than any school's name", False),
        ("a" * 1500, "That is longer than any school's name", False),
        ("'; DROP TABLE schools_institution; --", "No school in our list has a name like", True),
        ("harvard", "No school in our list has a name like <strong>harvard</strong>", True),
        ("\x00kenebec\x1f", "Kennebec Valley Community College", True),
        ("%_%", "Type at least 3 letters", False),
    ],
)  # fmt: skip
def test_bad_or_odd_input_gets_a_friendly_page(client, seeded, q, message, cacheable):
    response = _page(client, q)
    assertContains(response, message)
    assertContains(response, "<h1", count=1)
    assert ("no-store" not in response.get("Cache-Control", "")) is cacheable


@pytest.mark.django_db
def test_finder_and_site_search_offer_the_name_search(client, seeded):
    finder = client.get(reverse("schools:finder"))
    assertContains(finder, f'action="{URL}"')
    assertContains(finder, "Find a school by name")

    search = client.get(reverse("search"), {"q": "st philips"})
    assertContains(search, "Schools by name")
    philips = Institution.objects.get(name="St. Philip's College")
    assertContains(search, f'href="{philips.get_absolute_url()}"')

    nothing = client.get(reverse("search"), {"q": "zzqx"})
    assertNotContains(nothing, "Schools by name")
    assertContains(nothing, f'href="{URL}?q=zzqx"')
