from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.highlight import add_snippets
from articles.models import Article
from articles.selectors import SEARCH_CONFIG, articles_search
from careersite.query import MAX_QUERY_LENGTH, search_query_parse
from careersite.search import site_search
from schools.search import programs_matching_text
from tests.factories import make_article, make_institution, make_program

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def _search(client, q, **params):
    response = client.get(reverse("search"), {"q": q, **params})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("raw", "text", "problem", "truncated"),
    [
        (None, "", "empty", False),
        ("", "", "empty", False),
        ("   \t\n ", "", "empty", False),
        ("!!! ??? ***", "!!! ??? ***", "symbols", False),
        ("<>\"'&;", "<>\"'&;", "symbols", False),
        ("coding\x00 exam", "coding exam", "", False),
        ("  CCS   exam ", "CCS exam", "", False),
        ("word " * 60, ("word " * 40).strip(), "", True),
        ("x" * 500, "x" * MAX_QUERY_LENGTH, "", True),
    ],
)
def test_query_parse(raw, text, problem, truncated):
    query = search_query_parse(raw)
    assert (query.text, query.problem, query.truncated) == (text, problem, truncated)
    assert len(query.text) <= MAX_QUERY_LENGTH


def test_query_terms_drop_punctuation_and_repeats():
    assert search_query_parse('"ICD-10-CM" coding, coding -- (exam)').terms == (
        "ICD-10-CM",
        "coding",
        "exam",
    )


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type a word or two"),
        ("   ", "Type a word or two"),
        ("%%% !!! ...", "has neither"),
        ("<script>alert(1)</script>" * 20, "Your search was long"),
        ("a" * 1000, "Your search was long"),
        ("\x00\x01", "Type a word or two"),
        ("'; DROP TABLE articles_article; --", "Nothing matched"),
        ('"unclosed phrase', "Nothing matched"),
        ("- or & | ! :*", "for <strong>- or &amp; | ! :*</strong>"),
    ],
)
def test_bad_queries_get_a_friendly_page(client, q, message):
    make_article(title="Coding basics")
    response = _search(client, q)
    assertContains(response, message)
    assertContains(response, "<h1", count=1)
    assertNotContains(response, "<script>alert")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "nope"}, "Coding basics"),
        ({"type": "guides", "page": "999"}, "Coding basics"),
        ({"type": "programs", "page": "x"}, "0 programs"),
    ],
)
def test_bad_parameters_do_not_break_the_page(client, params, message):
    make_article(title="Coding basics")
    assertContains(_search(client, "coding", **params), message)


def test_search_finds_only_published_guides(client):
    make_article(title="Live coding guide")
    make_article(title="Draft coding guide", status="draft", published_at=None)
    make_article(
        title="Scheduled coding guide", published_at=timezone.now() + timedelta(days=2)
    )
    response = _search(client, "coding")
    assertContains(response, "Live coding guide")
    assertNotContains(response, "Draft coding guide")
    assertNotContains(response, "Scheduled coding guide")


def test_search_matches_dek_and_body(client):
    make_article(title="First", dek="All about abstracting charts.")
    make_article(title="Second", body="<p>Inpatient facilities hire coders.</p>")
    assertContains(_search(client, "abstracting"), "First")
    assertContains(_search(client, "inpatient"), "Second")


def test_title_match_ranks_first():
    body = "<p>" + "Salary figures for coders. " * 30 + "</p>"
    make_article(
        title="Coder pay explained",
        body=body,
        published_at=timezone.now() - timedelta(hours=1),
    )
    titled = make_article(
        title="Salary by state",
        body="<p>Figures.</p>",
        published_at=timezone.now() - timedelta(days=30),
    )
    results = list(articles_search(text="salary", words=("salary",)))
    assert [article.pk for article in results][0] == titled.pk
    assert len(results) == 2


def test_snippets_highlight_matches_and_escape_text(client):
    make_article(
        title="Exams",
        body="<p>Before the exam, read &lt;script&gt;alert(1)&lt;/script&gt; carefully: the exam is long.</p>",
    )
    html = _search(client, "exam").content.decode()
    assert "<mark>" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("Example Community", True),
        ("columbus", True),
        ("Ohio", True),
        ("OH", True),
        ("health information ohio", True),
        ("online associate", True),
        ("programs in ohio", True),
        ("texas", False),
        ("bachelor", False),
        ("in", False),
    ],
)
def test_program_search_by_institution_city_state_level(q, found):
    institution = make_institution(
        name="Example Community College", city="Columbus", state="OH"
    )
    make_program(
        institution=institution,
        name="Health Information Technology",
        level="associate",
        delivery="online",
    )
    query = search_query_parse(q)
    matching = programs_matching_text(
        text=query.search_text, terms=query.terms, excluded=query.excluded
    )
    assert matching.exists() is found


def test_program_search_shows_only_public_programs(client):
    make_program(
        name="Public HIT", institution=make_institution(name="Visible College")
    )
    make_program(
        name="Gone HIT",
        status="withdrawn",
        institution=make_institution(name="Visible Withdrawn"),
    )
    make_program(
        name="Closed HIT",
        is_active=False,
        institution=make_institution(name="Visible Closed"),
    )
    response = _search(client, "visible")
    assertContains(response, "Public HIT")
    for hidden in ["Gone HIT", "Closed HIT"]:
        assertNotContains(response, hidden)


def test_results_page_counts_and_links_to_each_kind(client):
    for n in range(7):
        make_article(title=f"Coding guide {n}")
    response = _search(client, "coding")
    assertContains(
        response, "7 results for <strong>coding</strong>: 7 guides and 0 programs."
    )
    assertContains(response, "See all 7 guides")
    assertContains(response, 'class="search-result py-3', count=5)


def test_one_kind_is_paginated(client):
    for n in range(23):
        make_article(title=f"Coding guide {n}")
    response = _search(client, "coding", type="guides", page="3")
    assertContains(response, "23 guides for")
    assertContains(response, "Page 3 of 3")
    assertContains(response, 'class="search-result py-3', count=3)


def test_program_kind_is_paginated(client):
    institution = make_institution(name="Big State College")
    for n in range(12):
        make_program(institution=institution, name=f"Program {n}")
    response = _search(client, "big state", type="programs", page="2")
    assertContains(response, "12 programs for")
    assertContains(response, 'class="search-result py-3', count=2)


@pytest.mark.parametrize("kind", ["all", "guides", "programs"])
def test_search_queries_do_not_grow_with_results(
    client, django_assert_max_num_queries, kind
):
    def build(n):
        for i in range(n):
            make_article(title=f"Coding guide {i}")
            make_program(name=f"Coding program {i}")

    build(3)
    with django_assert_max_num_queries(5):
        _search(client, "coding", type=kind)
    build(27)
    with django_assert_max_num_queries(5):
        response = _search(client, "coding", type=kind)
    assertContains(response, "Coding")


@pytest.mark.parametrize("q", ["", "!!!", "   "])
def test_bad_queries_run_no_search_queries(django_assert_num_queries, q):
    with django_assert_num_queries(0):
        results = site_search(query=search_query_parse(q), kind="guides", page="2")
    assert results.total == 0


def test_header_has_a_labelled_search_box(client):
    response = client.get(reverse("home"))
    assertContains(
        response, f'action="{reverse("search")}" role="search" aria-label="Site search"'
    )
    assertContains(response, '<label class="visually-hidden" for="site-search-q">')
    assertContains(response, 'name="q"')


def test_search_page_is_noindex(client):
    assertContains(
        _search(client, "coding"), '<meta name="robots" content="noindex, follow">'
    )


@on_postgres
def test_postgres_ranking_uses_weights_and_websearch_syntax():
    make_article(title="Coding careers", body="<p>Salary data.</p>")
    make_article(title="Exam prep", body="<p>Coding practice for the exam.</p>")
    coding = {"text": "coding", "words": ("coding",)}
    titles = [article.title for article in articles_search(**coding)]
    assert titles == ["Coding careers", "Exam prep"]
    titles = [
        article.title for article in articles_search(**coding, excluded=("salary",))
    ]
    assert titles == ["Exam prep"]
    # English stemming: "exams" finds "exam".
    exams = articles_search(text="exams", words=("exams",))
    assert [article.title for article in exams] == ["Exam prep"]


@on_postgres
def test_postgres_headline_marks_terms_without_html_from_the_body():
    make_article(
        title="Exams",
        body="<p>Read the <strong>exam</strong> handbook &amp; rules.</p>",
    )
    article = articles_search(text="handbook", words=("handbook",))[0]
    assert "handbook" in article.headline
    snippet = str(add_snippets([article], words=("handbook",))[0].snippet)
    assert "<mark>handbook</mark>" in snippet
    assert "<strong>" not in snippet
    assert "&amp; rules" in snippet


@on_postgres
def test_postgres_search_can_use_the_gin_index():
    for n in range(20):
        make_article(title=f"Coding guide {n}")
    # The filter articles_search() uses, alone: on a tiny table the planner would otherwise
    # pick the status index, which says nothing about the search index.
    matches = Article.objects.filter(
        search_document=SearchQuery(
            "coding", search_type="websearch", config=SEARCH_CONFIG
        )
    )
    assert matches.count() == 20
    sql, params = matches.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_document_idx" in plan


@on_postgres
def test_postgres_search_document_follows_edits():
    article = make_article(title="Exam prep", dek="Practice.", body="<p>Questions.</p>")
    abstracting = {"text": "abstracting", "words": ("abstracting",)}
    assert not articles_search(**abstracting).exists()
    article.body = "<p>Abstracting inpatient charts.</p>"
    article.save()
    assert list(articles_search(**abstracting)) == [article]
    Article.objects.filter(pk=article.pk).update(dek="Coding drills.")
    assert list(articles_search(text="drills", words=("drills",))) == [article]


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("programs in Ohio", ("Ohio",)),
        ("the CCS exam", ("CCS", "exam")),
        ("The Program", ("The", "Program")),
        ("in", ("in",)),
    ],
)
def test_query_words_leave_out_stopwords_unless_nothing_else_is_left(q, words):
    assert search_query_parse(q).words == words
