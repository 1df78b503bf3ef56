"""What a reader typed into a search box: the words to find, the words to leave out, accents removed.

A site-wide building block: it imports no app, and the apps' selectors take its plain values
(`words=`, `excluded=`, `text=`), never a ParsedQuery.
"""

import re
import string
import unicodedata
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10

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


@dataclass(frozen=True)
class ParsedQuery:
    text: str = ""  # as typed (cleaned), for echoing back
    terms: tuple[str, ...] = ()  # words to find, accents removed
    # Words typed with a minus sign ("-exam"): results must not match them. Lower case.
    excluded: tuple[str, ...] = ()
    # "empty", "symbols" or "excluded" (only words to leave out): nothing to search for
    problem: str = ""
    truncated: bool = False

    # What was typed less the excluded words, accents removed: for phrases and names.
    search_text: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def words(self) -> tuple[str, ...]:
        """The terms that carry meaning ("the", "in", "programs" left out), or all if none do."""
        words = tuple(term for term in self.terms if not is_stopword(term))
        return words or self.terms


def is_stopword(word: str) -> bool:
    return word.lower() in _STOPWORDS


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
    terms, excluded, kept = [], [], []
    for token in accents_removed(text).split():
        word = token.strip(_TERM_EDGES)
        if not re.search(r"\w", word):
            kept.append(token)
            continue
        if token.startswith("-"):
            # Our stop words would leave almost nothing out; PostgreSQL ignores them too.
            if not is_stopword(word):
                excluded.append(word.lower())
        else:
            kept.append(token)
            terms.append(word)
    terms = tuple(dict.fromkeys(terms))[:MAX_TERMS]
    excluded = tuple(dict.fromkeys(excluded))[:MAX_TERMS]
    return ParsedQuery(
        text=text,
        terms=terms,
        excluded=excluded,
        search_text=" ".join(kept),
        problem="excluded" if excluded and not terms else "",
        truncated=truncated,
    )


def accents_removed(text: str) -> str:
    """ "médical" -> "medical": the guides and the program list are written without accents."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
