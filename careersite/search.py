"""Site search: what a reader typed, the guides and programs that match, and highlighted snippets.

The queries live with their models and take the parsed query's plain values (its text, words
and excluded words): articles.selectors.articles_search (full-text search on PostgreSQL),
schools.search.programs_matching_text and, for schools by a name that may be misspelled,
schools.names.institutions_named_like. This module parses the query (the words to find; the
words after a minus sign, which leave out what they alone would find; accents removed),
combines the kinds into one results page and names a state the query mentions
(careersite.states.state_in_words); each guide's snippet, matches marked, is articles.highlight's.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from articles.highlight import add_snippets
from articles.selectors import articles_search
from careersite.query import ParsedQuery
from careersite.states import state_in_words, state_name
from schools.names import institutions_named_like, name_normalise, name_query_problem
from schools.search import programs_matching_text

PAGE_SIZE = 10
PREVIEW_SIZE = 5
SCHOOL_PREVIEW_SIZE = 3  # schools by name, with a link to all of them


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


def _names_any(name: str, words: tuple[str, ...]) -> bool:
    normal = f" {name_normalise(name)} "
    return any(f" {name_normalise(word)} " in normal for word in words)


def _guides(query: ParsedQuery) -> QuerySet:
    return articles_search(
        text=query.search_text, words=query.words, excluded=query.excluded
    )


def _programs(query: ParsedQuery) -> QuerySet:
    return programs_matching_text(
        text=query.search_text, terms=query.terms, excluded=query.excluded
    )


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
        articles = _guides(query)
        programs = _programs(query)
        results.article_count, results.program_count = (
            articles.count(),
            programs.count(),
        )
        if results.article_count:
            results.articles = add_snippets(
                list(articles[:PREVIEW_SIZE]), words=query.words
            )
        if results.program_count:
            results.programs = list(programs[:PREVIEW_SIZE])
        # A school's name typed exactly finds its programs above; a misspelled one finds none,
        # and then the schools whose name is like it are what the reader is after.
        if not results.program_count and not name_query_problem(
            text=query.text, problem=query.problem, truncated=query.truncated
        ):
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
    queryset = _guides(query) if kind == "guides" else _programs(query)
    results.page = Paginator(queryset, PAGE_SIZE).get_page(page)
    if kind == "guides":
        results.article_count = results.page.paginator.count
        results.articles = add_snippets(
            list(results.page.object_list), words=query.words
        )
    else:
        results.program_count = results.page.paginator.count
        results.programs = list(results.page.object_list)
    return results
