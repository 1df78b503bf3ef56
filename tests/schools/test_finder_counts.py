"""Done when: on the real seed list, result counts for every answer x place x format match a plain-Python
model of the rules (only accredited programs counted as CAHIIM-accredited), and candidacy rows appear labelled."""

import csv

import pytest
from django.urls import reverse

from careersite.states import STATES
from schools.pathways import DEFAULT_PATHWAYS
from schools.selectors import program_search
from schools.services import SEED_CSV, schools_seed

LEVELS = {row["key"]: row["levels"] for row in DEFAULT_PATHWAYS}
PLACES = ["", "online", *sorted(STATES)]
FORMATS = ["any", "online", "campus"]
with SEED_CSV.open(encoding="utf-8", newline="") as f:
    ROWS = list(csv.DictReader(f))


def model(pathway: str, place: str, format: str) -> list[dict]:
    """The rules of the finder in plain Python, over the CSV rows."""
    found = []
    for row in ROWS:
        delivery = row["delivery"]
        if row["level"] not in LEVELS[pathway]:
            continue
        if place == "online" and delivery != "online":
            continue
        if place not in ("", "online") and row["state"] != place:
            continue
        # An unknown (blank) format matches neither "online" nor "on campus or hybrid".
        if format == "online" and delivery != "online":
            continue
        if format == "campus" and delivery not in ("campus", "hybrid"):
            continue
        found.append(row)
    return found


def status(row: dict) -> str:
    return row["accreditation_status"] or "accredited"


@pytest.fixture
def seeded(db):
    schools_seed()


def test_the_seed_list_is_the_new_one():
    assert len(ROWS) == 53
    assert len({row["state"] for row in ROWS}) == 27
    assert sum(status(row) == "candidacy" for row in ROWS) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("pathway", LEVELS)
def test_counts_match_the_model_for_every_place_and_format(seeded, pathway):
    for place in PLACES:
        for format in FORMATS:
            want = model(pathway, place, format)
            search = program_search(pathway=pathway, state=place, format=format)
            counts = search.programs.counts()
            combination = (pathway, place, format)
            assert counts["total"] == len(want), combination
            assert counts["accredited"] == sum(
                status(r) == "accredited" for r in want
            ), combination
            assert counts["candidacy"] == sum(status(r) == "candidacy" for r in want), (
                combination
            )
            programs = list(search.programs)
            assert sorted((p.institution.name, p.name) for p in programs) == sorted(
                (r["institution"], r["program_name"]) for r in want
            ), combination
            # Candidacy rows after every accredited one; levels in the answer's order within each part.
            flags = [p.status == "candidacy" for p in programs]
            assert flags == sorted(flags), combination
            for part in (False, True):
                ranks = [
                    LEVELS[pathway].index(p.level)
                    for p, flag in zip(programs, flags, strict=True)
                    if flag is part
                ]
                assert ranks == sorted(ranks), combination


def _count_line(want: list[dict]) -> str:
    total = len(want)
    accredited = sum(status(r) == "accredited" for r in want)
    if total == 0:
        return "No programs match"
    plural = "" if total == 1 else "s"
    if accredited == total:
        return f"{total} CAHIIM-accredited program{plural} match"
    return f"{total} program{plural} match{'es' if total == 1 else ''}: {accredited} CAHIIM-accredited"


@pytest.mark.django_db
@pytest.mark.parametrize("pathway", LEVELS)
def test_results_pages_say_the_model_counts_and_label_candidacy(
    client, seeded, pathway
):
    places = ["", "online", *sorted({row["state"] for row in ROWS})]
    for place in places:
        for format in FORMATS:
            want = model(pathway, place, format)
            params = {"education": pathway, "format": format}
            if place:
                params["state"] = place
            html = client.get(reverse("schools:results"), params).content.decode()
            combination = (pathway, place, format)
            assert _count_line(want) in html, combination
            first_page = sorted(want, key=lambda r: status(r) == "candidacy")[:20]
            labelled = sum(status(r) == "candidacy" for r in first_page)
            assert html.count('class="d-block mt-1 candidacy-label"') == labelled, (
                combination
            )
            if labelled:
                assert "In candidacy: not yet accredited" in html
            if place == "online":
                assert "professional-practice (clinical) hours" in html, combination
