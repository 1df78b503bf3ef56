"""What we know about a program's accreditation evidence: its kind, its age, how strong it is, and
when to re-check it.

The strength of the evidence is data (TIER_TABLE: kind of source x age -> tier), and
program_standing() turns it into the words every page uses: finder cards, program pages, compare
and JSON-LD. Only the strongest tier earns the green badge; weak evidence gets no badge, only
"Reported as accredited in 2011: confirm in CAHIIM's directory".

Also the editors' reads of the same rules (the Content health screen): programs due for a check
in CAHIIM's directory, and programs that link to given addresses.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Case, F, IntegerField, Q, QuerySet, When
from django.db.models.functions import Cast, ExtractYear, Right, Trim

from schools.models import Program
from schools.validators import FACT_GROUPS

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
_YEARS_PATTERN = r"^\s*(\d{4})(?:\s*-\s*(\d{4}))?\s*$"
_YEARS = re.compile(_YEARS_PATTERN)
# An editor confirms each program in CAHIIM's directory at least this often.
VERIFY_EVERY_MONTHS = 12
# Every address a program links to: its page, its accreditation evidence and its facts' sources.
PROGRAM_LINK_FIELDS = (
    "program_url",
    "source_url",
    *(group.source for group in FACT_GROUPS),
)


# The kind of page, as a class of source for TIER_TABLE.
DIRECTORY, OWN, OTHER = "directory", "own", "other"
SOURCE_CLASSES = {
    "CAHIIM directory page": DIRECTORY,
    "copy of a CAHIIM directory page": DIRECTORY,
    "college catalog": OWN,
    "program page": OWN,
    "college accreditation page": OWN,
    "news release": OWN,
}
# Every other kind (documents copied to other sites, proposals, newspapers, blogs, third-party
# profiles, an accreditor's institution-wide statement) is OTHER: indirect or second-hand.
# How the tier names a page of the college's own ("(2025 catalog)").
OWN_PAGE_WORDS = {
    "college catalog": "catalog",
    "program page": "program page",
    "college accreditation page": "accreditation page",
    "news release": "news release",
}

# The age of the evidence: CURRENT (at most STALE_AFTER_YEARS old, or CAHIIM's review window not over
# yet), OLD (older, or the review window has passed) or UNDATED.
CURRENT, OLD, UNDATED = "current", "old", "undated"
AGES = (CURRENT, OLD, UNDATED)


@dataclass(frozen=True)
class Tier:
    key: str
    # The green "CAHIIM: Accredited" badge: only for evidence from CAHIIM's own directory.
    badge: bool
    # For the finder's note on what the wording means.
    example: str
    meaning: str


CHECKED = Tier(
    "checked",
    True,
    "Checked in CAHIIM's directory on March 9, 2026",
    "One of our editors found the program in CAHIIM's official directory on that date.",
)
LISTED = Tier(
    "listed",
    True,
    "Listed in CAHIIM's directory (2024)",
    "A page of CAHIIM's directory lists the program, and the page is recent or its next CAHIIM review is still ahead.",
)
CLAIMED = Tier(
    "claimed",
    False,
    "The college says it is accredited (2025 catalog)",
    "The college's own catalog, program page or news says so, and the page is recent or undated.",
)
REPORTED = Tier(
    "reported", False, "Reported as accredited in 2011: confirm in CAHIIM's directory",
    "Our only evidence is old, indirect (a newspaper, a proposal, another university's page) or "
    "from a third party: no badge, and please confirm the program in CAHIIM's directory.",
)  # fmt: skip
TIERS = [CHECKED, LISTED, CLAIMED, REPORTED]
# (class of source, age) -> tier. An editor's check in CAHIIM's directory that is not OLD is CHECKED,
# whatever the source.
TIER_TABLE = {
    (DIRECTORY, CURRENT): LISTED,   (DIRECTORY, UNDATED): REPORTED, (DIRECTORY, OLD): REPORTED,
    (OWN, CURRENT): CLAIMED,        (OWN, UNDATED): CLAIMED,        (OWN, OLD): REPORTED,
    (OTHER, CURRENT): REPORTED,     (OTHER, UNDATED): REPORTED,     (OTHER, OLD): REPORTED,
}  # fmt: skip
# What the program is said to be, by status, in the tier's sentence.
STATUS_WORDS = {
    Program.Status.ACCREDITED: "accredited",
    Program.Status.CANDIDACY: "in CAHIIM candidacy, not yet accredited",
    Program.Status.PROBATION: "accredited, on probation",
    Program.Status.WITHDRAWN: "no longer accredited",
}
CONFIRM_WORDS = "confirm in CAHIIM's directory"


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
    # The source alone is over STALE_AFTER_YEARS old; CAHIIM's review window is not over yet.
    source_stale: bool = False
    review_open: bool = False

    @property
    def source_text(self) -> str:
        """ "Source: college catalog, 2024" or "Source: program page, undated"."""
        return f"Source: {self.kind}, {self.year or 'undated'}"

    @property
    def confirm(self) -> bool:
        """Show the notice to confirm in CAHIIM's directory."""
        return self.stale or self.review_passed

    @property
    def age(self) -> str:
        """CURRENT, OLD or UNDATED (of the source; an editor's check is judged apart)."""
        if self.review_passed:
            return OLD
        if self.review_open:
            return CURRENT
        if self.year is None:
            return UNDATED
        return OLD if self.source_stale else CURRENT

    @property
    def tier(self) -> Tier:
        if self.checked_on and not self.stale and not self.review_passed:
            return CHECKED
        return TIER_TABLE[SOURCE_CLASSES.get(self.kind, OTHER), self.age]


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
        source_stale=program.source_year is not None
        and today.year - program.source_year > STALE_AFTER_YEARS,
        review_open=end is not None and today.year <= end,
    )


@dataclass(frozen=True)
class Standing:
    """What a page says about a program's CAHIIM status, at the strength of its evidence."""

    tier: Tier
    # The sentence: "Listed in CAHIIM's directory (2024)", "Reported as accredited in 2011".
    text: str
    # Weak evidence ends the sentence with a link: ": confirm in CAHIIM's directory".
    confirm: bool
    checked_on: date | None = None
    # Say why the evidence needs confirming (_confirm_notice.html): a CAHIIM review that has passed, or
    # the college's own page over STALE_AFTER_YEARS old while its review window is open. A directory
    # listing whose review window is open needs no notice; weak evidence already says its year.
    notice: bool = False

    @property
    def badge(self) -> bool:
        return self.tier.badge

    @property
    def claims_accreditation(self) -> bool:
        """Strong enough for a page's structured data to state the program's credential."""
        return self.tier is not REPORTED

    def __str__(self):
        return f"{self.text}: {CONFIRM_WORDS}" if self.confirm else self.text


def _says(institution_name: str) -> str:
    return "university" if "university" in institution_name.lower() else "college"


def program_standing(program: Program, *, today: date) -> Standing:
    """The words for `program`'s CAHIIM status on `today`, from its evidence tier (TIER_TABLE)."""
    evidence = program_evidence(program, today=today)
    tier = evidence.tier
    status = STATUS_WORDS.get(program.status, program.get_status_display().lower())
    if tier is CHECKED:
        checked = evidence.checked_on
        text = f"Checked in CAHIIM's directory on {checked:%B} {checked.day}, {checked.year}"
    elif tier is LISTED:
        when = evidence.year or f"next review {evidence.next_review}"
        text = f"Listed in CAHIIM's directory ({when})"
    elif tier is CLAIMED:
        page = OWN_PAGE_WORDS.get(evidence.kind, evidence.kind)
        when = f"{evidence.year} {page}" if evidence.year else f"{page}, undated"
        text = f"The {_says(program.institution.name)} says it is {status} ({when})"
    else:
        newest = evidence.checked_on.year if evidence.checked_on else evidence.year
        when = f"in {newest}" if newest else "on an undated page"
        text = f"Reported as {status} {when}"
    notice = evidence.review_passed or (evidence.confirm and tier is CLAIMED)
    return Standing(tier, text, tier is REPORTED, evidence.checked_on, notice)


def review_end_year_sql():
    """review_end_year() in SQL: the last four characters of a well-formed next_review, else NULL.

    The CASE keeps the cast away from free text, which PostgreSQL would refuse to cast.
    """
    return Case(
        When(
            next_review__regex=_YEARS_PATTERN,
            then=Cast(Right(Trim("next_review"), 4), IntegerField()),
        ),
        default=None,
        output_field=IntegerField(),
    )


def verification_cutoff(today: date) -> date:
    """A program last verified on or before this day is due again."""
    return today - relativedelta(months=VERIFY_EVERY_MONTHS)


def programs_needing_verification(*, today: date) -> QuerySet[Program]:
    """Public programs never verified, verified over 12 months ago, or whose CAHIIM review has passed.

    "Review passed" is program_evidence()'s rule: the review's last year is over and no editor has
    checked the directory since. Never-verified programs come first, then the oldest checks.
    """
    return (
        Program.objects.public()
        .annotate(
            review_end=review_end_year_sql(),
            verified_year=ExtractYear("last_verified_on"),
        )
        .filter(
            Q(last_verified_on__isnull=True)
            | Q(last_verified_on__lte=verification_cutoff(today))
            | (Q(review_end__lt=today.year) & Q(verified_year__lte=F("review_end")))
        )
        .select_related("institution")
        .order_by(
            F("last_verified_on").asc(nulls_first=True),
            "institution_name",
            "name",
            "pk",
        )
    )


def programs_linking_to(urls: Iterable[str] | QuerySet) -> QuerySet[Program]:
    """Programs with any of `urls` in one of PROGRAM_LINK_FIELDS."""
    matches = Q()
    for field in PROGRAM_LINK_FIELDS:
        matches |= Q(**{f"{field}__in": urls})
    return (
        Program.objects.filter(matches)
        .select_related("institution")
        .only("pk", "name", "institution__name", *PROGRAM_LINK_FIELDS)
        .order_by("institution_name", "name", "pk")
    )
