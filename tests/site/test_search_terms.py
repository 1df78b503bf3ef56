"""Site search's words: a minus sign leaves a word out, accents are ignored, and a state's name
links to its schools; the same on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.selectors import articles_search
from careersite.query import search_query_parse
from careersite.search import site_search
from careersite.states import state_in_words
from schools.search import programs_matching_text
from tests.factories import make_article, make_institution, make_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "terms", "excluded", "problem"),
    [
        ("ccs -exam", ("ccs",), ("exam",), ""),
        ("-ccs", (), ("ccs",), "excluded"),
        ("-ccs -rhit", (), ("ccs", "rhit"), "excluded"),
        ("coding -rhit -RHIT", ("coding",), ("rhit",), ""),
        ("ICD-10-CM -exam", ("ICD-10-CM",), ("exam",), ""),
        ("- or & | ! :*", ("or",), (), ""),
        ("coding --exam", ("coding",), ("exam",), ""),
        ('"coding" -"exam"', ("coding",), ("exam",), ""),
        ("coding -the", ("coding",), (), ""),
        ("médical", ("medical",), (), ""),
        ("Médical -Pâtes", ("Medical",), ("pates",), ""),
    ],
)
def test_query_parse_separates_excluded_words(raw, terms, excluded, problem):
    query = search_query_parse(raw)
    assert (query.terms, query.excluded, query.problem) == (terms, excluded, problem)


@pytest.fixture
def guides():
    return {
        "exam": make_article(title="The CCS exam", body="<p>Coding questions.</p>"),
        "career": make_article(title="A CCS career", body="<p>Coding jobs.</p>"),
        "rhit": make_article(
            title="RHIT or CCS", body="<p>Coding credentials compared.</p>"
        ),
        "salary": make_article(title="Salary", body="<p>Pay for coders.</p>"),
    }


def _found(q):
    query = search_query_parse(q)
    found = articles_search(
        text=query.search_text, words=query.words, excluded=query.excluded
    )
    return {article.title for article in found}


def _programs_found(q):
    query = search_query_parse(q)
    found = programs_matching_text(
        text=query.search_text, terms=query.terms, excluded=query.excluded
    )
    return [program.name for program in found]


@pytest.mark.parametrize(
    ("q", "keys"),
    [
        ("ccs -exam", {"career", "rhit"}),
        ("coding -rhit", {"exam", "career"}),
        ("coding -rhit -exam", {"career"}),
        ("ccs -salary", {"exam", "career", "rhit"}),
    ],
)
def test_excluded_words_leave_guides_out(guides, q, keys):
    assert _found(q) == {guides[key].title for key in keys}


def test_an_excluded_word_removes_what_it_would_find(guides):
    """Whatever the database's matching, "a -b" is what "a" finds less what "b" finds."""
    for included, excluded in [("coding", "rhit"), ("ccs", "exam"), ("ccs", "coding")]:
        assert _found(f"{included} -{excluded}") == _found(included) - _found(excluded)


@pytest.mark.parametrize(
    ("q", "names"),
    [
        ("college -ohio", {"Texas HIM"}),
        ("college -OH", {"Texas HIM"}),
        ("college -online", {"Texas HIM"}),
        ("college -texas -online", set()),
        ("college -Lakeside", {"Texas HIM"}),
        ("college -rhit", {"Ohio HIT", "Texas HIM"}),
    ],
)
def test_excluded_words_leave_programs_out(q, names):
    make_program(
        name="Ohio HIT",
        delivery="online",
        institution=make_institution(name="Lakeside College", state="OH"),
    )
    make_program(
        name="Texas HIM",
        delivery="campus",
        institution=make_institution(name="Plains College", state="TX"),
    )
    assert set(_programs_found(q)) == names


def test_only_excluded_words_explain_themselves(client, django_assert_max_num_queries):
    make_article(title="Coding basics")
    with django_assert_max_num_queries(0):
        results = site_search(query=search_query_parse("-ccs -exam"))
    assert results.total == 0
    response = client.get(reverse("search"), {"q": "-ccs -exam"})
    assertContains(response, "only says what to leave out")
    assertNotContains(response, "Coding basics")


def test_results_page_names_the_excluded_words(client, guides):
    response = client.get(reverse("search"), {"q": "ccs -exam"})
    assertContains(response, "leaving out <strong>exam</strong>")
    assertNotContains(response, "The CCS exam")


@pytest.mark.parametrize("q", ["médical", "MÉDICAL", "medical"])
def test_accents_are_ignored(q):
    make_article(title="Medical coding")
    make_program(
        name="Medical Records",
        institution=make_institution(name="Ecole College"),
    )
    assert _found(q) == {"Medical coding"}
    assert _programs_found(q) == ["Medical Records"]


@pytest.mark.parametrize(
    ("q", "code"),
    [
        ("wyoming", "WY"),
        ("Wyoming", "WY"),
        ("coding schools in new york", "NY"),
        ("west virginia", "WV"),
        ("virginia", "VA"),
        ("u.s. virgin islands", "VI"),
        ("programs in OH", "OH"),
        ("programs in oh", ""),
        ("jobs in", ""),
        ("newyork", ""),
        ("coding -wyoming", ""),
        ("-wyoming", ""),
        ("wyómíng", "WY"),
    ],
)
def test_search_finds_a_state_in_the_query(q, code):
    query = search_query_parse(q)
    assert state_in_words(query.terms) == code
    assert site_search(query=query).state == code


def test_a_state_search_links_to_its_schools(client):
    response = client.get(reverse("search"), {"q": "wyoming"})
    assertContains(
        response,
        f'<a href="{reverse("schools:state", args=["wy"])}">Accredited programs in Wyoming</a>',
    )
    assertContains(
        response,
        f'<a href="{reverse("careers:pay-state", args=["wyoming"])}">What medical records specialists earn in Wyoming</a>',
    )
    assertNotContains(
        client.get(reverse("search"), {"q": "coding"}), "Accredited programs in"
    )


def test_a_minus_sign_is_punctuation_in_a_school_name(client):
    make_program(institution=make_institution(name="Winston-Salem State University"))
    response = client.get(reverse("schools:name-search"), {"q": "-salem"})
    assertContains(response, "Winston-Salem State University")
    response = client.get(reverse("schools:name-search"), {"q": "-zzqxv"})
    assertContains(response, "No school in our list has a name like")
    assertContains(response, "CAHIIM's directory")


@pytest.mark.parametrize("q", ["-the", "_"])
def test_a_query_with_no_word_to_find_finds_nothing(client, q):
    """A stop word after a minus sign leaves nothing out, and "_" is no word: nothing to find."""
    make_article(title="The CCS exam")
    query = search_query_parse(q)
    assert (query.problem, query.terms) == ("", ())
    assert site_search(query=query).total == 0
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    assertNotContains(response, "The CCS exam")
