"""Compare and shortlist: the programs a reader chose, read from the URL (`?p=slug&p=slug`), and the
side-by-side table.

Both pages render only from their URL, so they can be shared, bookmarked and cached; nothing about
the reader is stored on our side (the shortlist itself lives in the reader's browser, see
static/js/shortlist.js).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from schools.evidence import program_standing, source_kind
from schools.models import Program
from schools.outcomes import FACT_LABELS, ProgramFact, program_facts

COMPARE_MIN = 2
COMPARE_MAX = 4
# The most programs a shortlist (or one compare link) looks up. It keeps a shortlist URL well under
# the query-string limit (MAX_QUERY_STRING_LENGTH) with the seed's longest slugs; static/js/shortlist.js
# reads the same number from the page.
SHORTLIST_MAX = 12

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_MAX_LENGTH = Program._meta.get_field("slug").max_length
# How much of an unusable value the page repeats back to the reader.
_SHOWN_LENGTH = 40


@dataclass(frozen=True)
class SlugList:
    """The `p` values of a URL: usable slugs in order without repeats, what could not be a slug,
    and how many usable ones were past the limit."""

    slugs: list[str]
    malformed: list[str]
    dropped: int


def slugs_clean(values: list[str], *, limit: int) -> SlugList:
    """Blank values are ignored, repeats count once, and the first `limit` slugs are kept."""
    slugs, malformed, dropped = [], [], 0
    for value in values:
        value = value.strip()
        if not value:
            continue
        if len(value) > _SLUG_MAX_LENGTH or not _SLUG.fullmatch(value):
            shown = (
                value if len(value) <= _SHOWN_LENGTH else value[:_SHOWN_LENGTH] + "…"
            )
            if shown not in malformed:
                malformed.append(shown)
        elif value in slugs:
            continue
        elif len(slugs) < limit:
            slugs.append(value)
        else:
            dropped += 1
    return SlugList(slugs, malformed, dropped)


@dataclass(frozen=True)
class ChosenPrograms:
    """Public programs found for a URL's slugs, in the URL's order, and what was not found."""

    programs: list[Program]
    missing: list[str] = field(default_factory=list)
    dropped: int = 0

    @property
    def slugs(self) -> list[str]:
        return [program.slug for program in self.programs]


def programs_from_slugs(
    *, values: list[str], limit: int = SHORTLIST_MAX
) -> ChosenPrograms:
    """The public programs named by `values` (a URL's `p` list), in one query whatever their number."""
    cleaned = slugs_clean(values, limit=limit)
    found = {}
    if cleaned.slugs:
        found = {
            program.slug: program
            for program in Program.objects.public()
            .filter(slug__in=cleaned.slugs)
            .select_related("institution")
        }
    return ChosenPrograms(
        programs=[found[slug] for slug in cleaned.slugs if slug in found],
        missing=[slug for slug in cleaned.slugs if slug not in found]
        + cleaned.malformed,
        dropped=cleaned.dropped,
    )


@dataclass(frozen=True)
class Cell:
    text: str
    # Shown smaller under the text: what the figure is exactly, its year, a link to its source.
    note: str = ""
    year: int | None = None
    source_url: str = ""
    # Nothing published: shown quieter, with the same words in every blank cell.
    blank: bool = False
    # Weak evidence: the text ends ": confirm in CAHIIM's directory", linked.
    confirm: bool = False


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]


NOT_PUBLISHED = "Not published"


def _location(program: Program) -> str:
    institution = program.institution
    place = institution.state_name
    return f"{institution.city}, {place}" if institution.city else place


def _status_label(program: Program) -> str:
    if program.status == Program.Status.CANDIDACY:
        return "In candidacy: not yet accredited (CAHIIM)"
    return f"{program.get_status_display()} (CAHIIM)"


def _status(program: Program, *, today: date) -> Cell:
    """The program's standing in the words of every other page; the status label only with a badge."""
    standing = program_standing(program, today=today)
    if standing.badge:
        return Cell(_status_label(program), note=standing.text)
    return Cell(standing.text, confirm=standing.confirm)


def _cell(text: str) -> Cell:
    return Cell(text) if text else Cell(NOT_PUBLISHED, blank=True)


def _evidence(program: Program) -> Cell:
    kind = source_kind(note=program.source_note, url=program.source_url)
    if program.source_year:
        return Cell(str(program.source_year), note=kind, source_url=program.source_url)
    return Cell("Not dated", note=kind, source_url=program.source_url, blank=True)


def _checked(program: Program) -> Cell:
    checked = program.last_verified_on
    if checked is None:
        return Cell("Not yet checked by our editors", blank=True)
    return Cell(f"{checked:%B} {checked.day}, {checked.year}")


def _fact_cell(key: str, fact: ProgramFact | None) -> Cell:
    if fact is None:
        return Cell(NOT_PUBLISHED, blank=True)
    # The row says "Certification exam pass rate"; the cell names the exam when the fact does.
    note = fact.label if fact.label != FACT_LABELS[key] else ""
    return Cell(fact.value, note=note, year=fact.year, source_url=fact.source_url)


# (row label, the cell for one program): the rows every comparison has, in the order shown.
# The status row (None) depends on the day too: see _status.
BASE_ROWS = [
    ("Degree level", lambda p: _cell(p.get_level_display())),
    ("Field", lambda p: _cell(p.get_discipline_display())),
    ("Format", lambda p: _cell(p.get_delivery_display() if p.delivery else "Ask the program")),
    ("Location", lambda p: _cell(_location(p))),
    ("Accreditation status", None),
    ("Next CAHIIM review", lambda p: _cell(p.next_review)),
    ("Evidence year", _evidence),
    ("Checked in CAHIIM's directory", _checked),
]  # fmt: skip


def compare_rows(*, programs: list[Program], today: date | None = None) -> list[Row]:
    """The table's rows: the base rows, then one row per program fact (outcomes, cost, length) that
    at least one of the programs publishes, in schools.outcomes.FACT_LABELS order."""
    today = today or timezone.localdate()
    rows = [
        Row(
            label,
            [
                _status(program, today=today) if cell is None else cell(program)
                for program in programs
            ],
        )
        for label, cell in BASE_ROWS
    ]
    facts = [
        {fact.key: fact for fact in program_facts(program)} for program in programs
    ]
    for key, label in FACT_LABELS.items():
        if any(key in filled for filled in facts):
            rows.append(
                Row(label, [_fact_cell(key, filled.get(key)) for filled in facts])
            )
    return rows
