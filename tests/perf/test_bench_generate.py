"""Synthetic benchmark data: only in a benchmark database, marked by topic and slug prefix."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Source
from schools.models import Institution, Program, program_search_text
from tests.perf.bench.generate import (
    INSTITUTION_SLUG_PREFIX,
    SLUG_PREFIX,
    TOPIC,
    NotABenchmarkDatabase,
    articles_generate,
    is_benchmark_database,
    programs_generate,
    synthetic_data_generate,
)
from tests.schools.test_finder_count_table import assert_counts_exact


@pytest.mark.django_db
@pytest.mark.parametrize(
    "generate",
    [
        articles_generate,
        programs_generate,
        lambda count: synthetic_data_generate(articles=count, programs=count),
    ],
    ids=["articles", "programs", "both"],
)
def test_refuses_a_database_that_is_not_a_benchmark_one(generate):
    assert not is_benchmark_database()
    with pytest.raises(NotABenchmarkDatabase, match="non-benchmark"):
        generate(count=5)
    assert not Article.objects.exists()
    assert not Program.objects.exists() and not Institution.objects.exists()


@pytest.mark.django_db
def test_creates_marked_published_articles_with_sources(django_assert_max_num_queries):
    # Bulk inserts: the query count does not grow with N.
    with django_assert_max_num_queries(16):
        articles_generate(count=40, force=True)
    articles = Article.objects.filter(slug__startswith=SLUG_PREFIX)
    assert articles.count() == 40
    assert set(articles.values_list("topic__slug", flat=True)) == {TOPIC["slug"]}
    assert Article.objects.published().count() == 40
    assert Source.objects.filter(article__in=articles).count() == 80
    assert all(
        "<h2 id=" in body for body in articles.values_list("body", flat=True)[:3]
    )


@pytest.mark.parametrize(
    ("engine", "name", "expected"),
    [
        ("django.db.backends.sqlite3", "/srv/careersite/var/bench/db.sqlite3", True),
        ("django.db.backends.sqlite3", "/srv/careersite/var/db.sqlite3", False),
        ("django.db.backends.postgresql", "careersite_bench", True),
        ("django.db.backends.postgresql", "careersite", False),
    ],
)
def test_benchmark_database_detection(engine, name, expected):
    assert is_benchmark_database({"ENGINE": engine, "NAME": name}) is expected


@pytest.mark.django_db
def test_generate_makes_marked_programs_on_real_zip_codes():
    assert programs_generate(count=500, seed=1, force=True) == 500
    synthetic = Program.objects.filter(slug__startswith=INSTITUTION_SLUG_PREFIX)
    assert synthetic.count() == 500
    assert not Institution.objects.exclude(
        slug__startswith=INSTITUTION_SLUG_PREFIX
    ).exists()
    assert Institution.objects.filter(latitude__isnull=True).count() == 0
    # A second run adds more without colliding with the first.
    assert programs_generate(count=250, seed=1, force=True) == 250
    assert Program.objects.count() == 750
    assert Program.objects.values("slug").distinct().count() == 750


@pytest.mark.django_db
def test_generate_writes_in_batches_not_per_row():
    # Speed itself is measured by `make bench`; here, the writes must be batched (bulk_create). SQLite caps
    # the parameters of one statement, so a batch holds fewer of today's wide program rows: about 20.
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        synthetic_data_generate(programs=10000, force=True, out=out)
    assert (
        Program.objects.filter(slug__startswith=INSTITUTION_SLUG_PREFIX).count()
        == 10000
    )
    assert "Created 10000 synthetic program(s)" in out.getvalue()
    assert len(queries.captured_queries) < 10000 // 10


@pytest.mark.django_db
def test_generated_rows_carry_their_derived_data():
    """bulk_create skips save(): the table of contents, search text and finder counts still hold."""
    synthetic_data_generate(articles=5, programs=300, force=True, out=io.StringIO())
    for article in Article.objects.filter(slug__startswith=SLUG_PREFIX):
        fresh = Article(body=article.body)
        fresh.refresh_rendered()
        assert (article.body, article.toc) == (fresh.body, fresh.toc)
        assert len(article.toc) == 6
    for program in Program.objects.select_related("institution"):
        assert program.search_text == program_search_text(
            program.name, program.institution
        )
    assert_counts_exact()
