"""Find a school by its name, even misspelled ("st philips", "kenebec").

PostgreSQL: pg_trgm's word similarity, served by the trigram GIN index on the institution's name
(institution_name_trgm_idx, migration 0008_program_name_trigram). The `%>` operator keeps the
names whose best-matching stretch is at least pg_trgm.word_similarity_threshold (0.6 unless the
server sets another) like what was typed; the index answers that operator. The best come first.

Other databases (SQLite in development and tests): the names are few (one per institution), so
they are read once and scored in Python with rapidfuzz's partial_ratio on the same normalised
form, which tolerates a letter or two wrong, missing or doubled.

Both sides forgive case, punctuation and apostrophes (pg_trgm reads only letters and digits), and
"Saint" and "St." are the same word: the query is tried in both spellings.
"""

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache, reduce
from operator import or_

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Greatest, Length
from rapidfuzz import fuzz, process

from schools.models import Institution, Program
from schools.selectors import candidacy_last

NAME_MIN_LENGTH = 3  # fewer letters match almost every name
# The longest institution name in the CAHIIM list is about half of this.
NAME_MAX_LENGTH = 100
NAME_RESULTS = 20
# rapidfuzz partial_ratio (0-100) a name must reach. "kenebec" scores 86 against Kennebec Valley
# Community College; unrelated words ("harvard", "nursing") stay below 72 on the CAHIIM list,
# and "penn state" against "Kent State University" (80) is left out.
SCORE_CUTOFF = 82

_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`]")
_NOT_WORD = re.compile(r"[\W_]+")
_SAINT = {"saint": "st", "ste": "st"}


# Institution names repeat on every search the fallback answers: each is normalised once per
# process (the CAHIIM list has a few hundred; the bound keeps a huge table from growing it forever).
@lru_cache(maxsize=65_536)
def name_normalise(text: str) -> str:
    """Lower case, accents, apostrophes and punctuation dropped, "&" as "and", "Saint" as "st"."""
    plain = text or ""
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _APOSTROPHES.sub("", plain.lower()).replace("&", " and ")
    words = _NOT_WORD.sub(" ", plain).split()
    return " ".join(_SAINT.get(word, word) for word in words)


def name_variants(text: str) -> list[str]:
    """The normalised query, and the same with "st" spelled "saint" when it has that word.

    pg_trgm compares letters, so "St. Paul" and "Saint Paul" differ there: trying both spellings
    finds either way a school writes it.
    """
    normal = name_normalise(text)
    words = normal.split()
    variants = [normal]
    if "st" in words:
        variants.append(" ".join("saint" if word == "st" else word for word in words))
    return [variant for variant in variants if variant]


def name_query_problem(*, text: str, problem: str = "", truncated: bool = False) -> str:
    """Why a name search cannot run: "empty", "symbols", "short", "long", or "" when it can.

    `text` is the query as typed (cleaned), `problem` the parser's ("empty", "symbols",
    "excluded" or ""), `truncated` whether the parser cut the text short.
    """
    # A name has no words to leave out: "-" is punctuation in it, as in "Winston-Salem".
    if problem and problem != "excluded":
        return problem
    if truncated or len(text) > NAME_MAX_LENGTH:
        return "long"
    if len(name_normalise(text).replace(" ", "")) < NAME_MIN_LENGTH:
        return "short"
    return ""


def _with_public_programs(institutions):
    public = Program.objects.public()
    return institutions.filter(
        Exists(public.filter(institution=OuterRef("pk")))
    ).prefetch_related(
        Prefetch(
            "programs",
            queryset=public.order_by("level", "name", "pk"),
            to_attr="public_programs",
        )
    )


def _postgres_queryset(variants: list[str]):
    """Names the trigram index finds (`%>`, word similarity over the threshold), best first.

    Ties (every name containing "college" scores 1 for "college") go to the shorter name, of
    which the query is more; then by name.
    """
    scores = [TrigramWordSimilarity(variant, "name") for variant in variants]
    matches = reduce(
        or_, (Q(name__trigram_word_similar=variant) for variant in variants)
    )
    return (
        Institution.objects.filter(matches)
        .annotate(score=Greatest(*scores) if len(scores) > 1 else scores[0])
        .order_by("-score", Length("name"), "name", "pk")
    )


def _postgres_matches(variants: list[str], limit: int) -> list[Institution]:
    return list(_with_public_programs(_postgres_queryset(variants))[:limit])


def name_scores(
    variants: list[str], names: Mapping[int, str]
) -> dict[int, tuple[float, float]]:
    """{key: (partial score, whole-name score)} of the `names` like any variant, 0-100 each.

    The names are normalised here; the partial score (the best-matching stretch) decides, the
    whole-name score breaks ties ("college" is all of "Cypress College" but part of the others).
    """
    normal = {key: name_normalise(name) for key, name in names.items()}
    best: dict[int, tuple[float, float]] = {}
    for variant in variants:
        for _, score, key in process.extract(
            variant,
            normal,
            scorer=fuzz.partial_ratio,
            score_cutoff=SCORE_CUTOFF,
            limit=None,
        ):
            ranked = (score, fuzz.ratio(variant, normal[key]))
            best[key] = max(best.get(key, ranked), ranked)
    return best


def _python_matches(variants: list[str], limit: int) -> list[Institution]:
    best = name_scores(
        variants, dict(Institution.objects.order_by().values_list("pk", "name"))
    )
    if not best:
        return []
    found = _with_public_programs(Institution.objects.filter(pk__in=best))
    ranked = sorted(found, key=lambda i: (-best[i.pk][0], -best[i.pk][1], i.name, i.pk))
    return ranked[:limit]


def institutions_named_like(
    *, text: str, limit: int = NAME_RESULTS
) -> list[Institution]:
    """Institutions with public programs whose name is like `text`, best first.

    Each has `public_programs` (its visible programs, associate degrees first, those in candidacy
    last), loaded with the institutions: two queries on PostgreSQL, three elsewhere, however many match.
    """
    variants = name_variants(text)
    if not variants:
        return []
    if connections[Institution.objects.db].vendor == "postgresql":
        institutions = _postgres_matches(variants, limit)
    else:
        institutions = _python_matches(variants, limit)
    for institution in institutions:
        institution.public_programs = candidacy_last(institution.public_programs)
    return institutions
