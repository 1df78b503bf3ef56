"""What we know about a program's accreditation evidence: its kind, its age, and when to re-check it."""

import re
from dataclasses import dataclass
from datetime import date

from schools.models import Program

# Evidence older than this many years asks readers to confirm in CAHIIM's directory.
STALE_AFTER_YEARS = 5

# (pattern searched in the source note and URL, lower-cased; the kind of page), first match wins.
# The notes are written "<kind of page> (<date>): what it says", so the kind is usually in the first words.
SOURCE_KINDS = [
    (r"cahiim\.matrixdev\.net|cahiim directory page \(copy", "copy of a CAHIIM directory page"),
    (r"cahiim\.org/program|cahiim directory", "CAHIIM directory page"),
    (r"board of regents report", "copy of a board report"),
    (r"copy of .*program proposal", "copy of a program proposal"),
    (r"program proposal", "program proposal"),
    (r"student handbook", "copy of a student handbook"),
    (r"third-party college profile", "third-party college profile"),
    (r"third-party blog", "third-party blog article"),
    (r"\bblog\b", "university blog post"),
    (r"student newspaper", "student newspaper article"),
    (r"newspaper", "newspaper article"),
    (r"\bnews\b|news release|press release", "news release"),
    (r"statement of accreditation status|msche\.org", "accreditor's statement"),
    (r"catalog|bulletin|program manual", "college catalog"),
    (r"accreditations? page|authorization and accreditation", "college accreditation page"),
    (r"program|university page|college page|faq", "program page"),
]  # fmt: skip
DEFAULT_KIND = "web page"
_KINDS = [(re.compile(pattern), kind) for pattern, kind in SOURCE_KINDS]
_LEAD = re.compile(r"[:(]")
_YEARS = re.compile(r"^\s*(\d{4})(?:\s*-\s*(\d{4}))?\s*$")


def source_kind(*, note: str, url: str) -> str:
    """The kind of page the evidence is ("college catalog", "news release"…), from its note and URL.

    The note's first words name the page ("College catalog 2024-2025: …"), so they are tried first,
    with the URL; then the whole note, whose later words may mention other kinds of page.
    """
    lead = _LEAD.split(note, maxsplit=1)[0]
    for text in (f"{lead}\n{url}".lower(), f"{note}\n{url}".lower()):
        for pattern, kind in _KINDS:
            if pattern.search(text):
                return kind
    return DEFAULT_KIND


def review_end_year(next_review: str) -> int | None:
    """The last year of CAHIIM's review window as printed ("2027-2028" -> 2028, "2025" -> 2025)."""
    match = _YEARS.match(next_review or "")
    if not match:
        return None
    return int(match.group(2) or match.group(1))


@dataclass(frozen=True)
class Evidence:
    kind: str
    year: int | None
    source_url: str
    checked_on: date | None
    next_review: str
    review_passed: bool
    stale: bool

    @property
    def source_text(self) -> str:
        """ "Source: college catalog, 2024" or "Source: program page, undated"."""
        return f"Source: {self.kind}, {self.year or 'undated'}"

    @property
    def confirm(self) -> bool:
        """Show the notice to confirm in CAHIIM's directory."""
        return self.stale or self.review_passed


def program_evidence(program: Program, *, today: date) -> Evidence:
    """The evidence behind `program`'s listing, judged on `today`.

    Stale: the newest evidence (the source's year, or an editor's check in CAHIIM's directory) is more
    than STALE_AFTER_YEARS old. Review passed: the next review's last year is over and no editor has
    checked the directory since. Undated evidence is neither; it says "undated".
    """
    checked = program.last_verified_on
    newest = checked.year if checked else program.source_year
    stale = newest is not None and today.year - newest > STALE_AFTER_YEARS
    end = review_end_year(program.next_review)
    review_passed = (
        end is not None and today.year > end and not (checked and checked.year > end)
    )
    return Evidence(
        kind=source_kind(note=program.source_note, url=program.source_url),
        year=program.source_year,
        source_url=program.source_url,
        checked_on=checked,
        next_review=program.next_review,
        review_passed=review_passed,
        stale=stale,
    )
