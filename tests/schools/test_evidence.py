from datetime import date

import pytest

from schools.evidence import (
    SOURCE_KINDS,
    program_evidence,
    review_end_year,
    source_kind,
)
from schools.models import Program

TODAY = date(2026, 12, 1)

# (source note, source URL, kind): the kinds of page the seed list's sources are.
KINDS = [
    ("College catalog 2025-2026: HIT program accredited by CAHIIM", "https://catalog.example.edu/x", "college catalog"),
    ("Academic bulletin 2022-2023: entry-level MHIIM program", "https://example.edu/b", "college catalog"),
    ("Academic program manual 2023-2024: HIT program accredited", "https://example.edu/m", "college catalog"),
    ("University undergraduate catalog, accreditations page (undated): 'The HIM…'", "http://catalog.example.edu/", "college catalog"),
    ("College program page: HIT program accredited by CAHIIM", "https://example.edu/hit", "program page"),
    ("College program FAQ page (undated): HEIT program", "https://example.edu/faq", "program page"),
    ("CANDIDACY ONLY - NOT YET ACCREDITED: university online-program page (undated)", "https://online.example.edu/", "program page"),
    ("University news: CAHIIM granted initial accreditation", "https://www.example.edu/news/x", "news release"),
    ("University news (March 2010): HIM program received CAHIIM accreditation", "https://news.example.edu/", "news release"),
    ("Newspaper article (May 2013) names UIC as one of three programs", "http://www.tribune.example.com/", "newspaper article"),
    ("College student newspaper article (undated, c. 2010-2011)", "https://broadside.example.com/", "student newspaper article"),
    ("CAHIIM directory page (copy on CAHIIM web host): Associate, online", "https://cahiim.matrixdev.net/program/x", "copy of a CAHIIM directory page"),
    ("CAHIIM directory: Master Health Informatics, online", "https://www.cahiim.org/program/x", "CAHIIM directory page"),
    ("Copy of University of Hawaii Board of Regents report (June 2018)", "https://wixlib.example.com/", "copy of a board report"),
    ("Copy of East Carolina University program proposal (c. 2011) quoting CAHIIM's list", "https://123docz.example/", "copy of a program proposal"),
    ("University faculty-senate program proposal (Oct 2009)", "http://faculty.example.edu/", "program proposal"),
    ("Third-party document-site copy of the HIM Department Student Handbook", "https://docest.example.com/", "copy of a student handbook"),
    ("Third-party college profile (undated, after 2011 renaming)", "https://www.profiles.example.org/", "third-party college profile"),
    ("Third-party blog article: WGU online BS in HIM is accredited", "https://blog.example.com/", "third-party blog article"),
    ("Kent State University online-program blog (Dec 2021) names Drexel", "https://onlinedegrees.example.edu/", "university blog post"),
    ("Middle States (MSCHE) Statement of Accreditation Status (undated)", "https://www.msche.org/documents/x", "accreditor's statement"),
    ("College 'Authorization and Accreditation' page (undated)", "http://www.example.edu/", "college accreditation page"),
    ("College accreditation page (undated; mentions the AQIP pathway)", "http://example.edu/", "college accreditation page"),
    ("", "https://example.org/source", "web page"),
]  # fmt: skip


@pytest.mark.parametrize(("note", "url", "kind"), KINDS)
def test_source_kind_comes_from_the_note_and_url(note, url, kind):
    assert source_kind(note=note, url=url) == kind


def test_every_seed_row_gets_a_named_kind():
    import csv

    from schools.services import SEED_CSV

    with SEED_CSV.open(encoding="utf-8", newline="") as f:
        kinds = {
            source_kind(note=r["source_note"], url=r["source_url"])
            for r in csv.DictReader(f)
        }
    assert "web page" not in kinds
    assert {
        "college catalog",
        "program page",
        "news release",
        "copy of a CAHIIM directory page",
        "copy of a board report",
        "third-party college profile",
    } <= kinds


@pytest.mark.parametrize(
    ("printed", "year"),
    [("2027-2028", 2028), ("2025", 2025), (" 2023 - 2024 ", 2024), ("", None), ("soon", None)],
)  # fmt: skip
def test_review_end_year(printed, year):
    assert review_end_year(printed) == year


def _program(**fields) -> Program:
    defaults = {
        "source_url": "https://catalog.example.edu/hit",
        "source_note": "College catalog 2024: accredited",
    }
    return Program(**{**defaults, **fields})


# (fields, source text, stale, review passed): judged on 2026-12-01.
EVIDENCE = [
    ({"source_year": 2024}, "Source: college catalog, 2024", False, False),
    ({"source_year": 2021}, "Source: college catalog, 2021", False, False),  # five years: not yet older
    ({"source_year": 2020}, "Source: college catalog, 2020", True, False),
    ({"source_year": 2011}, "Source: college catalog, 2011", True, False),
    ({}, "Source: college catalog, undated", False, False),  # undated evidence says so, no notice
    ({"source_year": 2013, "next_review": "2023-2024"}, "Source: college catalog, 2013", True, True),
    ({"source_year": 2024, "next_review": "2026"}, "Source: college catalog, 2024", False, False),  # this year: not passed
    ({"source_year": 2024, "next_review": "2025"}, "Source: college catalog, 2024", False, True),
    ({"source_year": 2020, "next_review": "2027-2028"}, "Source: college catalog, 2020", True, False),
    # An editor's check in CAHIIM's directory is newer evidence than the source.
    ({"source_year": 2011, "last_verified_on": date(2025, 6, 1)}, "Source: college catalog, 2011", False, False),
    ({"next_review": "2025", "last_verified_on": date(2026, 2, 1)}, "Source: college catalog, undated", False, False),
    ({"next_review": "2025", "last_verified_on": date(2025, 2, 1)}, "Source: college catalog, undated", False, True),
    ({"last_verified_on": date(2019, 5, 1)}, "Source: college catalog, undated", True, False),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "text", "stale", "passed"), EVIDENCE)
def test_program_evidence(fields, text, stale, passed):
    evidence = program_evidence(_program(**fields), today=TODAY)
    assert evidence.source_text == text
    assert (evidence.stale, evidence.review_passed) == (stale, passed)
    assert evidence.confirm is (stale or passed)
    assert evidence.checked_on == fields.get("last_verified_on")


CATALOG = "College catalog: accredited"
DIRECTORY = "CAHIIM directory page (copy on CAHIIM web host): Associate, online"
PROPOSAL = "Copy of East Carolina University program proposal (c. 2011) quoting CAHIIM's list; OLD - verify"
BLOG = "Third-party blog article: online BS in HIM is accredited"
NEWSPAPER = "Newspaper article (May 2013) names it"
MSCHE = "Middle States (MSCHE) Statement of Accreditation Status (undated)"

# (source note, program fields, tier, the words every page uses): judged on 2026-12-01.
STANDINGS = [
    # CAHIIM's directory: strong while recent or while its review window is open.
    (DIRECTORY, {"source_year": 2024}, "listed", "Listed in CAHIIM's directory (2024)"),
    (DIRECTORY, {"source_year": 2018, "next_review": "2027-2028"}, "listed", "Listed in CAHIIM's directory (2018)"),
    (DIRECTORY, {"next_review": "2029-2030"}, "listed", "Listed in CAHIIM's directory (next review 2029-2030)"),
    (DIRECTORY, {"source_year": 2013, "next_review": "2023-2024"}, "reported", "Reported as accredited in 2013"),
    (DIRECTORY, {"source_year": 2018}, "reported", "Reported as accredited in 2018"),
    (DIRECTORY, {}, "reported", "Reported as accredited on an undated page"),
    # The college's own pages: what the college says, recent or undated.
    (CATALOG, {"source_year": 2025}, "claimed", "The college says it is accredited (2025 catalog)"),
    (CATALOG, {"source_year": 2021}, "claimed", "The college says it is accredited (2021 catalog)"),
    (CATALOG, {}, "claimed", "The college says it is accredited (catalog, undated)"),
    ("College program page: HIT", {"status": "candidacy", "source_year": 2025, "source_url": "https://example.edu/hit"}, "claimed",
     "The college says it is in CAHIIM candidacy, not yet accredited (2025 program page)"),
    ("University news: CAHIIM granted accreditation", {"source_year": 2024, "source_url": "https://example.edu/news"}, "claimed",
     "The college says it is accredited (2024 news release)"),
    (CATALOG, {"source_year": 2017}, "reported", "Reported as accredited in 2017"),
    (CATALOG, {"source_year": 2024, "next_review": "2025"}, "reported", "Reported as accredited in 2024"),
    # Indirect, second-hand or third-party: never more than reported, whatever the date.
    (PROPOSAL, {"source_year": 2011}, "reported", "Reported as accredited in 2011"),
    (BLOG, {}, "reported", "Reported as accredited on an undated page"),
    (NEWSPAPER, {"source_year": 2024}, "reported", "Reported as accredited in 2024"),
    (MSCHE, {"source_url": "https://www.msche.org/x"}, "reported", "Reported as accredited on an undated page"),
    ("Kent State University online-program blog (Dec 2021) names it", {"source_year": 2021}, "reported",
     "Reported as accredited in 2021"),
    (PROPOSAL, {"source_year": 2011, "status": "probation"}, "reported", "Reported as accredited, on probation in 2011"),
    # An editor's recent check in CAHIIM's directory is the strongest evidence.
    (PROPOSAL, {"source_year": 2011, "last_verified_on": date(2026, 3, 9)}, "checked",
     "Checked in CAHIIM's directory on March 9, 2026"),
    (CATALOG, {"source_year": 2024, "next_review": "2025", "last_verified_on": date(2026, 2, 1)}, "checked",
     "Checked in CAHIIM's directory on February 1, 2026"),
    (CATALOG, {"next_review": "2025", "last_verified_on": date(2025, 2, 1)}, "reported", "Reported as accredited in 2025"),
    (PROPOSAL, {"source_year": 2011, "last_verified_on": date(2019, 5, 1)}, "reported", "Reported as accredited in 2019"),
]  # fmt: skip


@pytest.mark.parametrize(("note", "fields", "tier", "text"), STANDINGS)
def test_program_standing_follows_the_tier_table(note, fields, tier, text):
    from schools.evidence import program_standing
    from schools.models import Institution

    program = _program(source_note=note, **fields)
    program.institution = Institution(name="Example Community College", state="OH")
    standing = program_standing(program, today=TODAY)
    assert (standing.tier.key, standing.text) == (tier, text)
    assert standing.badge is (tier in ("checked", "listed"))
    assert standing.confirm is (tier == "reported")
    assert standing.claims_accreditation is (tier != "reported")


# (source note, fields, notice): when the page also says why to confirm, judged on 2026-12-01.
NOTICES = [
    (DIRECTORY, {"source_year": 2020, "next_review": "2027-2028"}, False),  # listed, review open
    (DIRECTORY, {"source_year": 2013, "next_review": "2023-2024"}, True),  # the review has passed
    (CATALOG, {"source_year": 2018, "next_review": "2027"}, True),  # the college's page is old
    (CATALOG, {"source_year": 2025}, False),
    (PROPOSAL, {"source_year": 2011}, False),  # "Reported as accredited in 2011" says it
]  # fmt: skip


@pytest.mark.parametrize(("note", "fields", "notice"), NOTICES)
def test_the_confirm_notice_adds_what_the_words_do_not_say(note, fields, notice):
    from schools.evidence import program_standing
    from schools.models import Institution

    program = _program(source_note=note, **fields)
    program.institution = Institution(name="Example College", state="OH")
    assert program_standing(program, today=TODAY).notice is notice


def test_a_university_says_so_in_its_own_name():
    from schools.evidence import program_standing
    from schools.models import Institution

    program = _program(source_year=2024)
    program.institution = Institution(name="Kent State University", state="OH")
    assert (
        str(program_standing(program, today=TODAY))
        == "The university says it is accredited (2024 catalog)"
    )


def test_weak_evidence_asks_readers_to_confirm():
    from schools.evidence import program_standing
    from schools.models import Institution

    program = _program(source_note=PROPOSAL, source_year=2011)
    program.institution = Institution(name="Claremont Graduate University", state="CA")
    assert (
        str(program_standing(program, today=TODAY))
        == "Reported as accredited in 2011: confirm in CAHIIM's directory"
    )


def test_every_kind_of_source_is_in_the_tier_table():
    from schools.evidence import AGES, DEFAULT_KIND, OTHER, SOURCE_CLASSES, TIER_TABLE

    classes = {SOURCE_CLASSES.get(kind, OTHER) for _, kind in SOURCE_KINDS}
    classes.add(SOURCE_CLASSES.get(DEFAULT_KIND, OTHER))
    assert {(c, a) for c in classes for a in AGES} <= set(TIER_TABLE)
