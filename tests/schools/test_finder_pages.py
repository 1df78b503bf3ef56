"""What readers see of the evidence, candidacy, program facts and the place "Online (any state)"."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from schools.jsonld import program_jsonld
from schools.models import Program
from tests.factories import make_institution, make_program

RESULTS = reverse("schools:results")
SRC = "https://example.edu/outcomes"
OUTCOMES = {
    "graduation_rate": Decimal("72"), "graduation_rate_year": 2024, "graduation_rate_source_url": SRC,
    "exam_pass_rate": Decimal("88.5"), "exam_pass_rate_exam": "RHIT", "exam_pass_rate_year": 2024,
    "exam_pass_rate_source_url": SRC,
    "tuition_amount": Decimal("250"), "tuition_basis": "per_credit_hour", "tuition_residency": "in_state",
    "tuition_out_of_state_amount": Decimal("600"), "tuition_year": 2025, "tuition_source_url": SRC,
    "length_credits": Decimal("64"), "length_months": 24, "length_year": 2025, "length_source_url": SRC,
}  # fmt: skip


@pytest.fixture
def finder(pathways):
    ohio = make_institution(name="Ohio College", state="OH", city="Columbus")
    texas = make_institution(name="Texas College", state="TX", city="Austin")
    return {
        "catalog": make_program(
            institution=ohio,
            name="HIT, AAS",
            level="associate",
            delivery="",
            source_note="College catalog 2024-2025: accredited by CAHIIM",
            source_year=2025,
        ),
        "old": make_program(
            institution=texas,
            name="HIT online, AAS",
            level="associate",
            delivery="online",
            source_note="Newspaper article (May 2013): accredited",
            source_year=2013,
        ),
        "passed": make_program(
            institution=texas,
            name="HIT campus, AAS",
            level="associate",
            delivery="campus",
            source_note="CAHIIM directory page (copy on CAHIIM web host)",
            source_year=2024,
            source_url="https://cahiim.matrixdev.net/program/x",
            next_review="2023-2024",
        ),
        "candidacy": make_program(
            institution=ohio,
            name="Aardvark HIT online, AAS",
            level="associate",
            delivery="online",
            status=Program.Status.CANDIDACY,
        ),
    }


@pytest.mark.django_db
def test_cards_show_the_source_its_year_and_when_to_check(client, finder):
    response = client.get(RESULTS, {"education": "high_school"})
    assertContains(response, "Source: college catalog, 2025")
    assertContains(response, "Source: newspaper article, 2013")
    assertContains(response, "Source: copy of a CAHIIM directory page, 2024")
    assertContains(response, "Source: web page, undated")
    # Old evidence says its year in the words of its tier, once.
    assertContains(response, "Reported as accredited in 2013: <a", count=1)
    assertNotContains(response, "This evidence dates from 2013, over five years ago")
    assertContains(response, "CAHIIM's next review was due 2023-2024, which has passed")
    assertContains(response, 'href="https://cahiim.matrixdev.net/program/x"')
    assertContains(response, "Format: ask the program")
    assertNotContains(response, "Not yet verified by our editors")
    assertNotContains(response, "Format not stated")


@pytest.mark.django_db
def test_candidacy_is_labelled_explained_listed_last_and_not_counted(client, finder):
    response = client.get(RESULTS, {"education": "high_school"})
    html = response.content.decode()
    assertContains(
        response,
        "4 programs match: 3 CAHIIM-accredited, 1 in candidacy: not yet accredited",
    )
    assertNotContains(response, "4 CAHIIM-accredited")
    assertContains(
        response, "A program in candidacy has applied for CAHIIM accreditation"
    )
    assert html.count('class="d-block mt-1 candidacy-label"') == 1
    # "Aardvark" sorts first by name, but candidacy comes after every accredited program.
    assert html.index("Aardvark HIT online") > max(
        html.index(n) for n in ("HIT, AAS", "HIT campus, AAS")
    )


@pytest.mark.django_db
def test_an_unknown_format_never_matches_online(client, finder):
    response = client.get(RESULTS, {"education": "high_school", "format": "online"})
    assertNotContains(response, ">HIT, AAS<")  # format not stated
    assertContains(response, ">HIT online, AAS<")
    campus = client.get(RESULTS, {"education": "high_school", "format": "campus"})
    assertNotContains(campus, ">HIT, AAS<")
    assertContains(campus, ">HIT campus, AAS<")


@pytest.mark.django_db
def test_online_as_a_place(client, finder):
    finder_page = client.get(reverse("schools:finder"))
    assertContains(
        finder_page, '<option value="online">Online (any state)</option>', html=True
    )
    response = client.get(
        RESULTS, {"education": "high_school", "state": "online", "zip": "43215"}
    )
    assertContains(response, "Online, from any state")
    assertContains(
        response,
        "professional-practice (clinical) hours, which may need a site near you",
    )
    assertContains(response, ">HIT online, AAS<")
    assertContains(response, ">Aardvark HIT online, AAS<")
    assertNotContains(response, ">HIT campus, AAS<")
    # online is the place: the ZIP code is not used
    assertNotContains(response, "miles of ZIP code")
    assertNotContains(response, "Online programs for your level, from anywhere")
    assertContains(
        response,
        '<option value="online" selected>Online (any state)</option>',
        html=True,
    )


@pytest.mark.django_db
def test_an_empty_online_search_offers_wider_ones_that_stay_online(client, finder):
    response = client.get(
        RESULTS, {"education": "high_school", "state": "online", "format": "campus"}
    )
    assertContains(response, "No programs match")
    assertContains(response, "are offered online (from any state)")
    assertContains(response, f"{RESULTS}?education=high_school&amp;state=online")


@pytest.mark.django_db
def test_program_page_shows_evidence_and_only_filled_outcomes(client, finder):
    program = finder["passed"]
    response = client.get(program.get_absolute_url())
    assertContains(response, "Source: copy of a CAHIIM directory page, 2024")
    assertContains(response, "Next CAHIIM review")
    assertContains(response, "which has passed")
    assertNotContains(response, "Program outcomes")
    for name, value in {"last_verified_on": date(2026, 1, 5), **OUTCOMES}.items():
        setattr(program, name, value)
    program.save()
    response = client.get(program.get_absolute_url())
    assertContains(
        response,
        'Checked in CAHIIM\'s directory on <time datetime="2026-01-05">January 5, 2026</time>',
        html=False,
    )
    # an editor checked the directory after the review year
    assertNotContains(response, "which has passed")
    assertContains(
        response, '<h2 id="outcomes-title" class="h4">Program outcomes</h2>', html=True
    )
    for text in [
        "Graduation rate",
        "72%",
        "RHIT exam pass rate",
        "88.5%",
        "$250 per credit hour (in-state); $600 per credit hour (out-of-state)",
        "64 credits, 24 months",
    ]:
        assertContains(response, text)
    assertContains(response, f'href="{SRC}"', count=4)
    assertNotContains(response, "Employment rate")


@pytest.mark.django_db
def test_candidacy_program_page_and_state_page(client, finder):
    response = client.get(finder["candidacy"].get_absolute_url())
    assertContains(response, "In candidacy: not yet accredited")
    assertContains(response, "A program in candidacy has applied")
    state = client.get(reverse("schools:state", args=["oh"]))
    html = state.content.decode()
    assertContains(
        state,
        "2 programs in Ohio in our list, associate degrees first; 1 of them is in candidacy",
    )
    assertContains(
        state,
        '<h2 id="candidacy-title" class="h4 mt-4">In candidacy: not yet accredited</h2>',
        html=True,
    )
    assert (
        html.index("HIT, AAS")
        < html.index("candidacy-title")
        < html.index("Aardvark HIT online")
    )
    institution = client.get(finder["candidacy"].institution.get_absolute_url())
    html = institution.content.decode()
    assert html.index(">HIT, AAS<") < html.index(">Aardvark HIT online, AAS<")
    assertContains(institution, "A program in candidacy has applied")


@pytest.mark.django_db
def test_program_jsonld_describes_filled_facts_only(finder):
    program = finder["catalog"]
    data = program_jsonld(program)
    assert not {"timeToComplete", "numberOfCredits", "offers"} & set(data)
    for name, value in OUTCOMES.items():
        setattr(program, name, value)
    data = json.loads(json.dumps(program_jsonld(program)))
    assert data["timeToComplete"] == "P24M"
    assert data["numberOfCredits"] == 64
    in_state, out_of_state = data["offers"]
    assert in_state == {
        "@type": "Offer",
        "category": "Tuition",
        "price": 250,
        "priceCurrency": "USD",
        "priceSpecification": {
            "@type": "UnitPriceSpecification",
            "price": 250,
            "priceCurrency": "USD",
            "unitText": "credit hour",
        },
        "eligibleRegion": {"@type": "State", "name": "Ohio"},
    }
    assert out_of_state["price"] == 600
    assert out_of_state["ineligibleRegion"] == {"@type": "State", "name": "Ohio"}
    program.tuition_basis, program.tuition_residency = "total", "all"
    program.tuition_out_of_state_amount = None
    offer = program_jsonld(program)["offers"]
    assert offer["price"] == 250 and "priceSpecification" not in offer
    assert "eligibleRegion" not in offer
    # A fact without its year or source is not shown, so not described either.
    program.length_year = None
    assert "timeToComplete" not in program_jsonld(program)


@pytest.mark.django_db
def test_admin_refuses_impossible_facts_with_clear_messages(admin_client, finder):
    program = finder["catalog"]
    url = reverse("admin:schools_program_change", args=[program.pk])
    page = admin_client.get(url)
    assertContains(page, "Outcomes: graduation and employment")
    assertContains(page, "Cost: tuition")
    form = {
        "institution": program.institution_id, "name": program.name, "slug": program.slug, "level": program.level,
        "discipline": program.discipline, "delivery": "", "status": "accredited", "source_url": program.source_url,
        "source_note": program.source_note, "source_year": "2030", "next_review": "soon", "is_active": "on",
        "graduation_rate": "120", "graduation_rate_year": "2024", "graduation_rate_source_url": SRC,
        "employment_rate": "80", "practice_on_site": "unknown",
    }  # fmt: skip
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assertContains(response, "2030 is in the future")
    assertContains(
        response, "Enter the year as printed: one year (2025) or a span (2027-2028)."
    )
    assertContains(response, "A rate is a percentage from 0 to 100 (you entered 120")
    assertContains(response, "Give the year the employment rate is for.")
    good = form | {
        "source_year": "2024",
        "next_review": "2027-2028",
        "graduation_rate": "72",
        "employment_rate": "",
    }
    response = admin_client.post(url, good)
    assert response.status_code == 302, response.content.decode()[:3000]
    program.refresh_from_db()
    assert (program.graduation_rate, program.source_year, program.next_review) == (
        Decimal("72"),
        2024,
        "2027-2028",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "left_out"),
    [
        ({"format": "online"}, 1),
        ({"format": "campus"}, 1),
        ({"format": "online", "state": "OH"}, 1),
        ({"format": "online", "state": "TX"}, 0),
        ({"format": "campus", "zip": "43215", "radius": 25}, 1),  # Columbus, OH
        ({"format": "campus", "zip": "73301", "radius": 25}, 0),  # Austin, TX
        ({"format": "any"}, 0),
        ({"state": "online"}, 0),
        ({"format": "online", "unstated": "on"}, 0),
    ],
)  # fmt: skip
def test_a_format_search_says_how_many_unstated_formats_it_left_out(
    client, finder, params, left_out
):
    from schools.models import Institution

    Institution.objects.filter(name="Ohio College").update(
        latitude=39.96, longitude=-83.0
    )
    Institution.objects.filter(name="Texas College").update(
        latitude=30.27, longitude=-97.74
    )
    response = client.get(RESULTS, {"education": "high_school", **params})
    assert response.context["unstated_left_out"] == left_out
    if left_out:
        assertContains(
            response,
            "We left out 1 program whose format our source does not state",
        )
        include = response.context["include_unstated_url"]
        assert "unstated=on" in include
        included = client.get(include)
        assertContains(included, ">HIT, AAS<")  # the catalog program, format not stated
        assert included.context["unstated_left_out"] == 0
        assert included.context["counts"]["total"] == (
            response.context["counts"]["total"] + left_out
        )
    else:
        assertNotContains(response, "We left out")


@pytest.mark.django_db
def test_including_unstated_formats_never_counts_them_as_online(client, finder):
    response = client.get(
        RESULTS, {"education": "high_school", "format": "online", "unstated": "on"}
    )
    assertContains(response, ">HIT, AAS<")
    assertContains(response, "Online only, or format not stated")
    # The programs page still says the format is unknown, never "Online".
    assertContains(response, "Format: ask the program")


@pytest.mark.django_db
def test_compare_in_state_is_offered_only_where_the_state_has_other_programs(
    client, finder
):
    texas = client.get(finder["passed"].get_absolute_url())
    assertContains(texas, "Compare with other programs in Texas")
    lone = make_program(
        institution=make_institution(name="Georgia College", state="GA")
    )
    georgia = client.get(lone.get_absolute_url())
    assertNotContains(georgia, "Compare with other programs in Georgia")


@pytest.mark.django_db
def test_the_save_button_says_saved_and_offers_removal(client, finder):
    response = client.get(finder["passed"].get_absolute_url())
    # Shown by the CSS while shortlist.js marks the button pressed.
    assertContains(response, '<span class="save-off">Save</span>')
    assertContains(response, "Saved · remove</span>")


# (answers, what the results page says it did not use)
UNUSED = [
    ({"radius": "100"}, ["We did not use the distance (100 miles): a distance needs a ZIP code to measure from."]),
    ({"state": "online", "zip": "43215"}, ["We did not use ZIP code 43215: “Online (any state)” shows online programs from every state, wherever you live."]),
    ({"state": "online", "zip": "43215", "radius": "30"}, ["We did not use ZIP code 43215: “Online (any state)” shows online programs from every state, wherever you live."]),
    ({"zip": "43215", "radius": "30"}, []),
    ({"zip": "43215"}, []),
    ({"state": "OH"}, []),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("answers", "unused"), UNUSED)
def test_results_say_which_answers_they_could_not_use(client, finder, answers, unused):
    response = client.get(RESULTS, {"education": "high_school", **answers})
    assert response.context["unused"] == unused
    for reason in unused:
        assertContains(response, reason.replace("“", "“"))
