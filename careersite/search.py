"""Site search: what a reader typed, the guides and programs that match, and highlighted snippets.

The queries live with their models: articles.selectors.articles_search (full-text search on
PostgreSQL), schools.search.programs_matching_text and, for schools by a name that may be
misspelled, schools.names.institutions_named_like. This module parses the query (the words to
find; the words after a minus sign, which leave out what they alone would find; accents removed),
combines the kinds into one results page, names a state the query mentions
(careersite.states.state_in_words) and marks the matches in each guide's snippet.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.core.paginator import Page, Paginator
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.selectors import MARK_START, MARK_STOP, articles_search
from careersite.query import ParsedQuery
from careersite.states import state_in_words, state_name
from schools.names import institutions_named_like, name_normalise, name_query_problem
from schools.search import programs_matching_text

PAGE_SIZE = 10
PREVIEW_SIZE = 5
SCHOOL_PREVIEW_SIZE = 3  # schools by name, with a link to all of them
SNIPPET_CHARS = 220
_MARKS = re.compile(f"({MARK_START}|{MARK_STOP})")


@dataclass
class SearchResults:
    article_count: int = 0
    program_count: int = 0
    articles: list = field(default_factory=list)
    programs: list = field(default_factory=list)
    # Institutions whose name is like the query (misspellings forgiven), on the first page and only
    # when no program matched the words.
    schools: list = field(default_factory=list)
    more_schools: bool = False
    page: Page | None = None  # when one kind is listed page by page
    state: str = ""  # the code of a state the query names, whose pages are linked

    @property
    def state_name(self) -> str:
        return state_name(self.state) if self.state else ""

    @property
    def total(self) -> int:
        return self.article_count + self.program_count


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


def _names_any(name: str, words: tuple[str, ...]) -> bool:
    normal = f" {name_normalise(name)} "
    return any(f" {name_normalise(word)} " in normal for word in words)


def add_snippets(articles: list[Article], query: ParsedQuery) -> list[Article]:
    """Give each article a `snippet`: escaped text around the match, matches in <mark>."""
    words = query.words
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
    """Guides and programs for a query: a preview of both, or one kind page by page.

    The preview falls back on schools by name (misspellings forgiven) when no program matches.
    """
    results = SearchResults()
    if not query.ok:
        return results
    results.state = state_in_words(query.terms)
    if kind == "all":
        articles = articles_search(query=query)
        programs = programs_matching_text(query=query)
        results.article_count, results.program_count = (
            articles.count(),
            programs.count(),
        )
        if results.article_count:
            results.articles = add_snippets(list(articles[:PREVIEW_SIZE]), query)
        if results.program_count:
            results.programs = list(programs[:PREVIEW_SIZE])
        # A school's name typed exactly finds its programs above; a misspelled one finds none,
        # and then the schools whose name is like it are what the reader is after.
        if not results.program_count and not name_query_problem(query):
            schools = [
                school
                for school in institutions_named_like(
                    text=query.search_text, limit=SCHOOL_PREVIEW_SIZE + 1
                )
                if not _names_any(school.name, query.excluded)
            ]
            results.schools = schools[:SCHOOL_PREVIEW_SIZE]
            results.more_schools = len(schools) > SCHOOL_PREVIEW_SIZE
        return results
    queryset = (
        articles_search(query=query)
        if kind == "guides"
        else programs_matching_text(query=query)
    )
    results.page = Paginator(queryset, PAGE_SIZE).get_page(page)
    if kind == "guides":
        results.article_count = results.page.paginator.count
        results.articles = add_snippets(list(results.page.object_list), query)
    else:
        results.program_count = results.page.paginator.count
        results.programs = list(results.page.object_list)
    return results
