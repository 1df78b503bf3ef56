"""Site search over published guides and public programs.

PostgreSQL: full-text search on guides (websearch syntax, weighted ranking with title matches
first, the stored tsvector Article.search_document with its GIN index, highlighted
snippets). SQLite: the same results page from case-insensitive matching, title matches first. Programs are matched term by
term on both (institution, program name, city, state, level, delivery): they are proper names
and places, where stemming does not help and state names must find state codes.
"""

import re
import string
from dataclasses import dataclass, field
from html import unescape

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
)
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.selectors import articles_public_list
from schools.models import Program
from schools.states import STATES

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
PAGE_SIZE = 10
PREVIEW_SIZE = 5
SNIPPET_CHARS = 220
SEARCH_CONFIG = "english"

# Sentinels for ts_headline: removed from the source text first, so every one in the output is ours.
MARK_START, MARK_STOP = "\u27e6", "\u27e7"
_MARKS = re.compile(f"({MARK_START}|{MARK_STOP})")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]+")
_TERM_EDGES = string.punctuation + "\u201c\u201d\u2018\u2019"
_STOPWORDS = {
    "a",
    "an",
    "and",
    "at",
    "for",
    "in",
    "near",
    "of",
    "on",
    "or",
    "program",
    "programs",
    "the",
    "to",
}
_STATE_NAMES = sorted(
    ((name.lower(), code) for code, name in STATES.items()),
    key=lambda item: -len(item[0]),
)
_LEVEL_WORDS = {
    "associate": Program.Level.ASSOCIATE,
    "associates": Program.Level.ASSOCIATE,
    "bachelor": Program.Level.BACCALAUREATE,
    "bachelors": Program.Level.BACCALAUREATE,
    "baccalaureate": Program.Level.BACCALAUREATE,
    "master": Program.Level.MASTERS,
    "masters": Program.Level.MASTERS,
}
_DELIVERY_WORDS = {
    "online": Program.Delivery.ONLINE,
    "campus": Program.Delivery.CAMPUS,
    "hybrid": Program.Delivery.HYBRID,
}


@dataclass(frozen=True)
class ParsedQuery:
    text: str = ""
    terms: tuple[str, ...] = ()
    problem: str = ""  # "empty" or "symbols": nothing to search for
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass
class SearchResults:
    article_count: int = 0
    program_count: int = 0
    articles: list = field(default_factory=list)
    programs: list = field(default_factory=list)
    page: Page | None = None  # when one kind is listed page by page

    @property
    def total(self) -> int:
        return self.article_count + self.program_count


def search_query_parse(raw: str | None) -> ParsedQuery:
    """Clean what a reader typed: no control characters, at most MAX_QUERY_LENGTH characters."""
    text = " ".join(_CONTROL_CHARS.sub(" ", raw or "").split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        cut = text[:MAX_QUERY_LENGTH]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).strip()
    if not text:
        return ParsedQuery(problem="empty")
    if not re.search(r"\w", text):
        return ParsedQuery(text=text, problem="symbols", truncated=truncated)
    terms = [term.strip(_TERM_EDGES) for term in text.split()]
    terms = [term for term in terms if re.search(r"\w", term)]
    return ParsedQuery(
        text=text, terms=tuple(dict.fromkeys(terms))[:MAX_TERMS], truncated=truncated
    )


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _content_words(terms: tuple[str, ...]) -> tuple[str, ...]:
    words = tuple(term for term in terms if term.lower() not in _STOPWORDS)
    return words or terms


def articles_search(*, query: ParsedQuery) -> QuerySet[Article]:
    """Published guides matching the query, title matches first."""
    if not query.ok:
        return Article.objects.none()
    if _is_postgres():
        ts_query = SearchQuery(
            query.text, search_type="websearch", config=SEARCH_CONFIG
        )
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
    words = _content_words(query.terms)
    matches = Q()
    for word in words:
        matches &= (
            Q(title__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        )
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


def _program_units(query: ParsedQuery) -> list[tuple[str, str]]:
    """(text, state code) units: a state's full name stays together and also matches its code."""
    lowered = " " + " ".join(term.lower() for term in query.terms) + " "
    units = []
    for name, code in _STATE_NAMES:
        if f" {name} " in lowered:
            units.append((name, code))
            lowered = lowered.replace(f" {name} ", " ")
    originals = {term.lower(): term for term in query.terms}
    for word in lowered.split():
        if word in _STOPWORDS:
            continue
        original = originals.get(word, word)
        # A capitalised two-letter code ("OH", "IN") means the state; lower-case "in" does not.
        code = (
            original
            if len(original) == 2 and original.isupper() and original in STATES
            else ""
        )
        units.append((word, code))
    return units[:MAX_TERMS]


def programs_search(*, query: ParsedQuery) -> QuerySet[Program]:
    """Public programs where every word matches the institution, program, city, state, level or delivery."""
    units = _program_units(query) if query.ok else []
    if not units:
        return Program.objects.none()
    matches = Q()
    for text, code in units:
        word = text.removesuffix("'s")
        unit = (
            Q(name__icontains=text)
            | Q(institution__name__icontains=text)
            | Q(institution__city__icontains=text)
        )
        if code:
            unit |= Q(institution__state=code)
        if word in _LEVEL_WORDS:
            unit |= Q(level=_LEVEL_WORDS[word])
        if word in _DELIVERY_WORDS:
            unit |= Q(delivery=_DELIVERY_WORDS[word])
        matches &= unit
    return (
        Program.objects.public()
        .filter(matches)
        .select_related("institution")
        .annotate(
            name_hit=Case(
                When(institution__name__icontains=query.text, then=Value(2)),
                When(name__icontains=query.text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-name_hit", "institution__name", "level", "name", "pk")
    )


def _highlight(text: str, words: tuple[str, ...]) -> SafeString:
    """Escape `text` and wrap each occurrence of `words` in <mark>."""
    if not words:
        return escape(text)
    pattern = re.compile(
        "("
        + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        + ")",
        re.IGNORECASE,
    )
    parts = pattern.split(text)
    return mark_safe(
        "".join(
            f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
            for index, part in enumerate(parts)
        )
    )


def _marked(headline: str) -> SafeString:
    """ts_headline output (text with sentinels) -> escaped HTML where only our <mark> is markup."""
    html, open_mark = [], False
    for part in _MARKS.split(unescape(headline)):
        if part == MARK_START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif part == MARK_STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif part not in (MARK_START, MARK_STOP):
            html.append(str(escape(part)))
    if open_mark:
        html.append("</mark>")
    return mark_safe(" ".join("".join(html).split()))


def _body_window(body: str, words: tuple[str, ...]) -> str:
    plain = " ".join(unescape(strip_tags(body)).split())
    lowered = plain.lower()
    positions = [lowered.find(word.lower()) for word in words]
    positions = [position for position in positions if position >= 0]
    if not positions:
        return ""
    start = max(0, min(positions) - SNIPPET_CHARS // 3)
    if start:
        start = plain.find(" ", start) + 1 or start
    window = plain[start : start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(plain):
        window = window.rsplit(" ", 1)[0] + " \u2026"
    return ("\u2026 " if start else "") + window


def add_snippets(articles: list[Article], query: ParsedQuery) -> list[Article]:
    """Give each article a `snippet`: escaped text around the match, matches in <mark>."""
    words = _content_words(query.terms)
    for article in articles:
        headline = getattr(article, "headline", None)
        if headline and MARK_START in headline:
            article.snippet = _marked(headline)
            continue
        window = "" if headline is not None else _body_window(article.body, words)
        article.snippet = _highlight(window or article.dek, words)
    return articles


def site_search(
    *, query: ParsedQuery, kind: str = "all", page: str | int | None = None
) -> SearchResults:
    """Guides and programs for a query: a preview of both, or one kind page by page."""
    results = SearchResults()
    if not query.ok:
        return results
    if kind == "all":
        articles, programs = articles_search(query=query), programs_search(query=query)
        results.article_count, results.program_count = (
            articles.count(),
            programs.count(),
        )
        if results.article_count:
            results.articles = add_snippets(list(articles[:PREVIEW_SIZE]), query)
        if results.program_count:
            results.programs = list(programs[:PREVIEW_SIZE])
        return results
    queryset = (
        articles_search(query=query)
        if kind == "guides"
        else programs_search(query=query)
    )
    results.page = Paginator(queryset, PAGE_SIZE).get_page(page)
    if kind == "guides":
        results.article_count = results.page.paginator.count
        results.articles = add_snippets(list(results.page.object_list), query)
    else:
        results.program_count = results.page.paginator.count
        results.programs = list(results.page.object_list)
    return results
