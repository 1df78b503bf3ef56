"""Editors' working notes (Program.source_note) never reach a public page; readers see what is
derived from them."""

import html
import re

import pytest
from django.urls import reverse

from schools.models import Program
from schools.services import schools_seed

# Working notes the seed list's editors wrote; none may appear on a page a reader sees.
WORKING_NOTES = ["general knowledge", "OLD - verify", "INDIRECT", "verify program", "per source"]  # fmt: skip


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _words(response) -> str:
    """The page's text as a reader reads it: no tags, spaces collapsed."""
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split()
    )


@pytest.mark.django_db
def test_no_program_page_shows_an_editors_source_note(client):
    schools_seed()
    programs = list(Program.objects.public().select_related("institution"))
    assert len(programs) == 53
    for program in programs:
        response = client.get(program.get_absolute_url())
        assert response.status_code == 200
        page = _text(response)
        assert program.source_note not in page, program.slug
        for note in WORKING_NOTES:
            assert note not in page, (program.slug, note)


@pytest.mark.django_db
def test_no_list_of_programs_shows_an_editors_source_note(client):
    schools_seed()
    programs = list(Program.objects.public())
    slugs = [p.slug for p in programs]
    pages = [
        client.get(reverse("schools:results"), {"education": "some_college"}),
        client.get(reverse("schools:results"), {"education": "bachelor"}),
        client.get(reverse("schools:compare"), {"p": slugs[:4]}),
        client.get(reverse("schools:shortlist"), {"p": slugs[:12]}),
        *(client.get(reverse("schools:state", args=[s])) for s in ("in", "or", "ca")),
    ]
    for response in pages:
        assert response.status_code == 200
        page = _text(response)
        for program in programs:
            assert program.source_note not in page
        for note in WORKING_NOTES:
            assert note not in page, note


@pytest.mark.django_db
def test_every_program_page_words_its_status_at_the_strength_of_its_evidence(client):
    from django.utils import timezone

    from schools.evidence import program_standing

    schools_seed()
    tiers = set()
    for program in Program.objects.public().select_related("institution"):
        standing = program_standing(program, today=timezone.localdate())
        tiers.add(standing.tier.key)
        page = _words(client.get(program.get_absolute_url()))
        assert str(standing) in page, program.slug
        assert ("CAHIIM: Accredited" in page) is (
            standing.badge and program.status == "accredited"
        ), program.slug
    # The seed list has directory listings, colleges' own pages and weaker reports.
    assert tiers == {"listed", "claimed", "reported"}


@pytest.mark.django_db
def test_a_2011_proposal_gets_no_badge_on_its_card_or_page(client, pathways):
    from tests.factories import make_institution, make_program

    program = make_program(
        institution=make_institution(name="Claremont Graduate University", state="CA"),
        name="Health Information Management, MS",
        level="masters",
        source_note="Copy of East Carolina University program proposal (c. 2011) quoting CAHIIM's list",
        source_url="https://123docz.net/x",
        source_year=2011,
    )
    card = client.get(reverse("schools:results"), {"education": "bachelor"})
    page = client.get(program.get_absolute_url())
    for response in (card, page):
        text = _words(response)
        assert "CAHIIM: Accredited" not in text
        assert "Reported as accredited in 2011: confirm in CAHIIM's directory" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [None, {"education": "high_school"}], ids=["finder", "results"]
)
def test_the_finder_says_what_the_tiers_mean(client, pathways, params):
    from schools.evidence import TIERS

    url = reverse("schools:results" if params else "schools:finder")
    page = _words(client.get(url, params or {}))
    assert "What our accreditation wording means" in page
    for tier in TIERS:
        assert tier.example in page and tier.meaning in page
    # "Only the first two earn the green badge."
    assert [tier.badge for tier in TIERS] == [True, True, False, False]
