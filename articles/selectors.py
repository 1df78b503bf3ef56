"""Reads of guides: list cards, related guides, the guides half of site search, and the editors'
reads (reviews due, the calendar's scheduled articles, sources linking to given addresses).

Search on PostgreSQL: full-text search (websearch syntax, weighted ranking with title matches
first, the stored tsvector Article.search_document with its GIN index, highlighted headlines). On SQLite: the
same results from case-insensitive matching, title matches first.
"""

from collections.abc import Iterable
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
)
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When

from articles.models import Article, Source

SEARCH_CONFIG = "english"

# Sentinels for ts_headline: removed from the source text first, so every one in the output is ours.
MARK_START, MARK_STOP = "\u27e6", "\u27e7"

# An expert checks every article's facts at least this often.
REVIEW_EVERY_MONTHS = 12


def articles_public_list() -> QuerySet[Article]:
    """Published articles with what a list card shows, newest first."""
    return Article.objects.published().select_related("topic", "author").defer("body")


def article_related(*, article: Article, limit: int = 4) -> list[Article]:
    """Other published articles on the same topic."""
    return list(
        articles_public_list()
        .filter(topic_id=article.topic_id)
        .exclude(pk=article.pk)[:limit]
    )


def articles_search(
    *, text: str, words: tuple[str, ...], excluded: tuple[str, ...] = ()
) -> QuerySet[Article]:
    """Published guides matching the query, title matches first; none without `words`.

    PostgreSQL searches `text` (what was typed less the excluded words) in websearch syntax;
    SQLite matches every one of `words`. Neither finds a guide matching an `excluded` word.
    """
    if not words:
        return Article.objects.none()
    if connection.vendor == "postgresql":
        return _articles_full_text_search(text, excluded)
    matches = Q()
    for word in words:
        matches &= _sqlite_word(word)
    # An excluded word leaves out exactly the guides the same word would find.
    for word in excluded:
        matches &= ~_sqlite_word(word)
    in_title = Q()
    for word in words:
        in_title &= Q(title__icontains=word)
    return (
        articles_public_list()
        .defer(None)  # the snippet is cut from the body in Python
        .defer("search_document")
        .filter(matches)
        .annotate(
            title_hit=Case(
                When(in_title, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            dek_hit=Case(
                When(dek__icontains=words[0], then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-title_hit", "-dek_hit", "-published_at", "pk")
    )


def _sqlite_word(word: str) -> Q:
    return Q(title__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)


def _articles_full_text_search(
    text: str, excluded: tuple[str, ...]
) -> QuerySet[Article]:
    """PostgreSQL: websearch syntax on the stored document, each match with a `headline`.

    The excluded words come from the parsed query, not from websearch's own minus sign, so they
    are the same words SQLite leaves out; each leaves out what it alone would find.
    """
    ts_query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    for word in excluded:
        ts_query &= ~SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
    plain_body = Func(
        F("body"),
        Value(f"<[^>]*>|{MARK_START}|{MARK_STOP}"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
    )
    return (
        articles_public_list()
        .filter(search_document=ts_query)
        .annotate(
            title_hit=SearchVectorExact(
                SearchVector("title", config=SEARCH_CONFIG), ts_query
            ),
            rank=SearchRank(F("search_document"), ts_query),
            headline=SearchHeadline(
                plain_body,
                ts_query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by(F("title_hit").desc(), F("rank").desc(), "-published_at", "pk")
    )


def review_cutoff(today: date) -> date:
    """An article last reviewed on or before this day is due for review (exactly 12 months is due)."""
    return today - relativedelta(months=REVIEW_EVERY_MONTHS)


def review_overdue_q(today: date) -> Q:
    return Q(last_reviewed_on__lte=review_cutoff(today)) | Q(
        last_reviewed_on__isnull=True
    )


def articles_review_overdue(*, today: date) -> QuerySet[Article]:
    """Articles not reviewed in 12 months or never reviewed; never-reviewed first, then the oldest."""
    return (
        Article.objects.filter(review_overdue_q(today))
        .only("pk", "title", "status", "published_at", "last_reviewed_on")
        .order_by(F("last_reviewed_on").asc(nulls_first=True), "title", "pk")
    )


def scheduled_articles_between(*, start: datetime, end: datetime) -> QuerySet[Article]:
    """Published articles whose publication time falls in [start, end), in time order."""
    return (
        Article.objects.filter(
            status=Article.Status.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        )
        .only("pk", "title", "published_at")
        .order_by("published_at", "title", "pk")
    )


def sources_linking_to(urls: Iterable[str] | QuerySet) -> QuerySet[Source]:
    """Article sources whose address is one of `urls`, with their article's title."""
    return (
        Source.objects.filter(url__in=urls)
        .select_related("article")
        .only("pk", "title", "url", "article__title")
        .order_by("article__title", "position", "pk")
    )
