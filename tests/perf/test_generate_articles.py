"""Synthetic benchmark articles: only in a benchmark database, marked by topic and slug prefix."""

import pytest
from django.core.management import CommandError, call_command

from articles.management.commands.generate_articles import (
    SLUG_PREFIX,
    TOPIC,
    is_benchmark_database,
)
from articles.models import Article, Source


@pytest.mark.django_db
def test_refuses_a_database_that_is_not_a_benchmark_one():
    assert not is_benchmark_database()
    with pytest.raises(CommandError, match="non-benchmark"):
        call_command("generate_articles", "5")
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_creates_marked_published_articles_with_sources(django_assert_max_num_queries):
    # Bulk inserts: the query count does not grow with N.
    with django_assert_max_num_queries(16):
        call_command("generate_articles", "40", "--force")
    articles = Article.objects.filter(slug__startswith=SLUG_PREFIX)
    assert articles.count() == 40
    assert set(articles.values_list("topic__slug", flat=True)) == {TOPIC["slug"]}
    assert Article.objects.published().count() == 40
    assert Source.objects.filter(article__in=articles).count() == 80
    assert all(
        "<h2 id=" in body for body in articles.values_list("body", flat=True)[:3]
    )
    call_command("generate_articles", "10", "--force", "--replace")
    assert Article.objects.filter(slug__startswith=SLUG_PREFIX).count() == 10


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
