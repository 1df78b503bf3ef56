"""The programs half of site search: every word of the query matches a program's text (its name,
its institution's name and city: Program.search_text, indexed), state, level or delivery.

Programs are matched term by term rather than by full-text search: they are proper names and
places, where stemming does not help and state names must find state codes.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from careersite.query import is_stopword
from careersite.states import STATES
from schools.derived import SEARCH_TABLE
from schools.models import Program

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


def _text_units(terms: tuple[str, ...]) -> list[tuple[str, str]]:
    """(text, state code) units: a state's full name stays together and also matches its code.

    Each unit uses up at least one of the terms, so there are never more than MAX_TERMS.
    """
    lowered = " " + " ".join(term.lower() for term in terms) + " "
    units = []
    for name, code in _STATE_NAMES:
        if f" {name} " in lowered:
            units.append((name, code))
            lowered = lowered.replace(f" {name} ", " ")
    originals = {term.lower(): term for term in terms}
    for word in lowered.split():
        if is_stopword(word):
            continue
        original = originals.get(word, word)
        # A capitalised two-letter code ("OH", "IN") means the state; lower-case "in" does not.
        code = (
            original
            if len(original) == 2 and original.isupper() and original in STATES
            else ""
        )
        units.append((word, code))
    return units


def _unit_matches(text: str, code: str) -> Q:
    word = text.removesuffix("'s")
    unit = Q(search_text__icontains=text)
    if code:
        unit |= Q(institution__state=code)
    if word in _LEVEL_WORDS:
        unit |= Q(level=_LEVEL_WORDS[word])
    if word in _DELIVERY_WORDS:
        unit |= Q(delivery=_DELIVERY_WORDS[word])
    return unit


def programs_matching_text(
    *, text: str, terms: tuple[str, ...], excluded: tuple[str, ...] = ()
) -> QuerySet[Program]:
    """Public programs where every word matches the institution, program, city, state, level or delivery.

    The words match Program.search_text (program name, institution name and city), which an
    index serves: PostgreSQL's trigram index on the column, SQLite's FTS5 trigram table, which
    first narrows the programs to those containing every word of three or more characters that
    has no other way to match (the same text match then decides). An excluded word leaves out
    exactly the programs it would find. Programs whose institution's name, then whose own name,
    contains `text` (what was typed less the excluded words) come first.
    """
    units = _text_units(terms)
    if not units:
        return Program.objects.none()
    matches = Q()
    for unit_text, code in units:
        word = unit_text.removesuffix("'s")
        matches &= _unit_matches(unit_text, code)
        # Only a word that must be in the text narrows through the index.
        text_only = not code and word not in _LEVEL_WORDS | _DELIVERY_WORDS.keys()
        if connection.vendor == "sqlite" and text_only and len(unit_text) >= 3:
            matches &= Q(pk__in=_sqlite_text_index(unit_text))
    # The excluded words are lower case: a two-letter state code is typed as "-OH".
    excluded = tuple(
        word.upper() if word.upper() in STATES and len(word) == 2 else word
        for word in excluded
    )
    for unit_text, code in _text_units(excluded):
        matches &= ~_unit_matches(unit_text, code)
    return (
        Program.objects.public()
        .filter(matches)
        .select_related("institution")
        .annotate(
            name_hit=Case(
                When(institution__name__icontains=text, then=Value(2)),
                When(name__icontains=text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-name_hit", "institution__name", "level", "name", "pk")
    )


def _sqlite_text_index(text: str) -> RawSQL:
    """Ids of programs whose search_text contains `text` in any case (FTS5 trigram phrase)."""
    phrase = '"' + text.replace('"', '""') + '"'
    return RawSQL(
        f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH %s", (phrase,)
    )
