import re
from decimal import Decimal

import pytest
import yaml
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.careers.eligibility import (
    CAHIIM_HINT,
    CURRENT_PAGE,
    OLDER_PAGE,
    RECOMMENDED_ROUTES,
    RHIT_RHIA_SOURCE,
    answer_contradictions,
    ccs_eligibility,
    years_text,
)
from articles.careers.facts import DATA_DIR
from articles.careers.forms import EligibilityForm
from careersite.education import HighestEducation

HS = "high_school"


def answers(**fields):
    return {
        "education": HS,
        "credentials": [],
        "experience_years": Decimal(0),
        "coursework": False,
        "cahiim_degree": False,
        **fields,
    }


def met_keys(result):
    return {item.route.key for item in result.met_routes}


@pytest.mark.parametrize(
    ("education", "may_sit"),
    [
        ("no_diploma", False),
        ("high_school", True),
        ("some_college", True),
        ("associate", True),
        ("bachelor", True),
        ("master", True),
    ],
)
def test_exam_needs_only_a_high_school_diploma(education, may_sit):
    result = ccs_eligibility(answers(education=education))
    assert result.may_sit_now is may_sit
    assert result.exam_rule["source"] == CURRENT_PAGE


# Every route and its boundaries: (credentials, years, coursework) -> recommended routes met.
ROUTE_TABLE = [
    ([], "0", False, set()),
    ([], "0.99", True, set()),
    ([], "1", True, {"coursework"}),
    ([], "1", False, set()),
    ([], "1.99", False, set()),
    ([], "2", False, {"experience"}),
    ([], "2", True, {"coursework", "experience"}),
    ([], "50", False, {"experience"}),
    (["CCA"], "0.99", False, set()),
    (["CCA"], "1", False, {"cca"}),
    (["other"], "0.99", False, set()),
    (["other"], "1", False, {"other-credential"}),
    (["CCA", "other"], "1.5", False, {"cca", "other-credential"}),
    (["CCS-P"], "0", False, {"credential"}),
    (["RHIT"], "0", False, {"credential"}),
    (["RHIA"], "0", False, {"credential"}),
    (["RHIA", "CCA"], "2", True, {"credential", "cca", "experience", "coursework"}),
]


@pytest.mark.parametrize(
    ("credentials", "years", "coursework", "expected"), ROUTE_TABLE
)
def test_recommended_routes(credentials, years, coursework, expected):
    result = ccs_eligibility(
        answers(
            credentials=credentials,
            experience_years=Decimal(years),
            coursework=coursework,
        )
    )
    assert met_keys(result) == expected
    assert result.may_sit_now  # routes are recommendations: they never block the exam


@pytest.mark.parametrize(
    ("fields", "route", "missing"),
    [
        ({"experience_years": Decimal("0.99"), "coursework": True}, "coursework", ["0.01 more years (about 1 month) of coding experience"]),
        ({"experience_years": Decimal("1")}, "coursework", ["completed coding coursework"]),
        ({}, "coursework", ["completed coding coursework", "1 more year of coding experience"]),
        ({"experience_years": Decimal("1")}, "experience", ["1 more year of coding experience"]),
        ({"experience_years": Decimal("1.99")}, "experience", ["0.01 more years (about 1 month) of coding experience"]),
        ({"experience_years": Decimal("1.5")}, "experience", ["0.5 more years (about 6 months) of coding experience"]),
        ({}, "experience", ["2 more years of coding experience"]),
        ({"credentials": ["CCA"]}, "cca", ["1 more year of coding experience"]),
        ({"experience_years": Decimal("3")}, "cca", ["the CCA credential"]),
        ({"experience_years": Decimal("3")}, "other-credential", ["a coding credential from another organization (such as the CPC)"]),
        ({"credentials": ["CCA"], "experience_years": Decimal("5")}, "credential", ["a CCS-P, RHIT or RHIA credential"]),
    ],
)  # fmt: skip
def test_what_is_missing_for_each_route(fields, route, missing):
    result = ccs_eligibility(answers(**fields))
    by_key = {item.route.key: item for item in result.routes}
    assert not by_key[route].met
    assert list(by_key[route].missing) == missing


@pytest.mark.parametrize(
    ("fields", "older_met"),
    [
        ({}, set()),
        # the older rule needed no year of experience
        (
            {"coursework": True},
            {"older-education"},
        ),
        ({"experience_years": Decimal("1.99")}, set()),
        ({"experience_years": Decimal("2")}, {"older-experience"}),
        ({"credentials": ["CCA"], "experience_years": Decimal("1")}, {"older-cca"}),
        ({"credentials": ["other"], "experience_years": Decimal("0.99")}, set()),
        ({"credentials": ["other"], "experience_years": Decimal("1")}, {"older-other"}),
        ({"credentials": ["CCS-P"]}, {"older-credential"}),
    ],
)
def test_older_required_routes(fields, older_met):
    result = ccs_eligibility(answers(**fields))
    assert {route.key for route in result.older_rules_met} == older_met


@pytest.mark.parametrize(
    ("fields", "hint"),
    [
        ({"education": "associate", "cahiim_degree": True}, True),
        ({"education": "bachelor", "cahiim_degree": True}, True),
        (
            {"education": "bachelor", "cahiim_degree": True, "credentials": ["RHIA"]},
            False,
        ),
        ({"education": "associate", "cahiim_degree": False}, False),
    ],
)
def test_cahiim_degree_points_to_rhit_or_rhia(fields, hint):
    result = ccs_eligibility(answers(**fields))
    assert bool(result.hints) is hint
    if hint:
        assert result.hints[0]["source"] == RHIT_RHIA_SOURCE


@pytest.mark.parametrize(
    ("years", "text"),
    [
        (Decimal("1"), "1 more year"),
        (Decimal("2.00"), "2 more years"),
        (Decimal("0.25"), "0.25 more years (about 3 months)"),
    ],
)
def test_years_text(years, text):
    assert years_text(years) == text


def test_rule_sources_match_the_data_file():
    data = yaml.safe_load((DATA_DIR / "career_facts.yaml").read_text(encoding="utf-8"))
    exam = data["ahima_ccs_exam"]
    assert exam["eligibility_current"]["source_url"] == CURRENT_PAGE.url
    assert exam["recommended_preparation_current"]["source_url"] == CURRENT_PAGE.url
    assert exam["eligibility_previous_rules"]["source_url"] == OLDER_PAGE.url
    assert data["cahiim"]["rhit_rhia_dependence"]["source_url"] == RHIT_RHIA_SOURCE.url
    assert len(exam["recommended_preparation_current"]["value"]) == len(
        RECOMMENDED_ROUTES
    )
    assert len(exam["eligibility_previous_rules"]["value"]) == 5


URL = reverse("careers:eligibility")
VALID = {
    "education": "high_school",
    "experience_years": "1",
    "coursework": "no",
    "cahiim_degree": "no",
    "credentials": ["CCA"],
}


@pytest.mark.django_db
def test_form_page_without_answers_lists_routes(client):
    response = client.get(URL)
    assertContains(response, "<h1", count=1)
    assertContains(response, "CCS exam eligibility checker")
    assertContains(response, 'method="get"')
    assertContains(response, CURRENT_PAGE.url)
    assertContains(response, OLDER_PAGE.url)
    assertContains(response, "recommendations")
    assertNotContains(response, "Your result")


@pytest.mark.django_db
def test_answers_give_result_with_rules_and_sources(client):
    response = client.get(URL, VALID)
    assertContains(response, "Yes, you can sit the CCS exam now.")
    assertContains(response, "CCA plus 1 year of experience")
    assertContains(response, "1 more year of coding experience")
    assertContains(response, CURRENT_PAGE.date)
    assertContains(response, "Under the older rules")
    # answers stay filled in
    assert response.context["form"]["credentials"].value() == ["CCA"]


@pytest.mark.django_db
def test_less_than_high_school_cannot_sit_yet(client):
    response = client.get(
        URL, {**VALID, "education": "less_than_high_school", "credentials": []}
    )
    assertContains(response, "Not yet.")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"experience_years": "abc"}, "experience_years"),
        ({"experience_years": "-1"}, "experience_years"),
        ({"experience_years": "50.01"}, "experience_years"),
        ({"experience_years": "1.123"}, "experience_years"),
        ({"education": "phd"}, "education"),
        ({"coursework": "maybe"}, "coursework"),
        ({"credentials": ["CPA"]}, "credentials"),
        # a CAHIIM degree with only a high school education
        (
            {"cahiim_degree": "yes"},
            "cahiim_degree",
        ),
    ],
)
def test_invalid_answers_rerender_with_field_errors(client, change, field):
    response = client.get(URL, {**VALID, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assertContains(response, "Please check your answers")
    assertContains(response, "invalid-feedback")
    assertNotContains(response, "Your result")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("education", ["no_diploma", "less_than_high_school"])
def test_old_education_value_in_bookmarked_links_still_works(client, education):
    response = client.get(URL, {**VALID, "education": education, "credentials": []})
    assertContains(response, "Not yet.")
    # the answer stays ticked, under the shared key
    assert response.context["form"]["education"].value() == "no_diploma"
    checked = re.findall(r'value="(\w+)"[^>]* checked', response.content.decode())
    assert "no_diploma" in checked


@pytest.mark.parametrize(
    ("education", "cleaned"),
    [
        ("less_than_high_school", "no_diploma"),
        ("no_diploma", "no_diploma"),
        ("high_school", "high_school"),
        ("master", "master"),
    ],
)
def test_form_cleans_education_to_the_shared_vocabulary(education, cleaned):
    form = EligibilityForm({**VALID, "education": education, "credentials": []})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["education"] == cleaned


@pytest.mark.parametrize(
    ("education", "valid"),
    [
        ("no_diploma", False),
        ("high_school", False),
        ("some_college", False),
        ("associate", True),
        ("bachelor", True),
        ("master", True),
    ],
)
def test_cahiim_degree_needs_a_degree_as_highest_education(education, valid):
    form = EligibilityForm({**VALID, "education": education, "cahiim_degree": "yes"})
    assert form.is_valid() is valid
    if valid:
        assert ccs_eligibility(form.cleaned_data).hints == (CAHIIM_HINT,)


# Contradictory answers: one message, on one question ------------------------------------

CONTRADICTIONS = [
    # (education, credentials, cahiim_degree) -> {question: words the one message has}
    ("no_diploma", ["RHIA"], False, {"credentials": ["RHIA", "Less than high school"]}),
    ("high_school", ["RHIA"], False, {"credentials": ["RHIA", "bachelor's"]}),
    ("associate", ["RHIA"], True, {"credentials": ["RHIA", "Associate degree"]}),
    ("some_college", ["RHIT"], False, {"credentials": ["RHIT", "associate degree"]}),
    ("no_diploma", ["CCA"], False, {"credentials": ["CCA", "high school diploma"]}),
    ("no_diploma", ["RHIT", "RHIA", "CCA"], False, {"credentials": ["RHIA"]}),
    ("high_school", [], True, {"cahiim_degree": ["CAHIIM", "High school"]}),
    (
        "high_school",
        ["RHIA"],
        True,
        {"credentials": ["RHIA"], "cahiim_degree": ["CAHIIM"]},
    ),
    ("no_diploma", ["CCS-P", "other"], False, {}),
    ("high_school", ["CCA"], False, {}),
    ("associate", ["RHIT"], True, {}),
    ("bachelor", ["RHIA", "RHIT"], True, {}),
    ("master", ["RHIA"], False, {}),
]


@pytest.mark.parametrize(
    ("education", "credentials", "cahiim", "expected"), CONTRADICTIONS
)
def test_contradictory_answers_get_one_message_each(
    education, credentials, cahiim, expected
):
    form = EligibilityForm(
        {
            **VALID,
            "education": education,
            "credentials": credentials,
            "cahiim_degree": "yes" if cahiim else "no",
        }
    )
    assert form.is_valid() is (not expected)
    assert set(form.errors) == set(expected)
    for field, words in expected.items():
        assert len(form.errors[field]) == 1
        for word in words:
            assert word in form.errors[field][0]


def _every_answer():
    credentials = [[], ["CCA"], ["CCS-P"], ["RHIT"], ["RHIA"], ["other"]]
    for education in HighestEducation.values:
        for held in credentials:
            for years in ["0", "1", "2", "5"]:
                for coursework in [True, False]:
                    for cahiim in [True, False]:
                        yield answers(
                            education=education,
                            credentials=held,
                            experience_years=Decimal(years),
                            coursework=coursework,
                            cahiim_degree=cahiim,
                        )


def test_the_verdict_and_every_route_agree_for_every_consistent_answer():
    checked = 0
    for given in _every_answer():
        if answer_contradictions(given):
            continue
        result = ccs_eligibility(given)
        checked += 1
        if not result.may_sit_now:
            assert not result.met_routes and not result.older_rules_met, given
            assert all(
                "a high school diploma (or equivalent)" in item.missing
                for item in result.routes
            )
    assert checked > 300


@pytest.mark.django_db
def test_no_diploma_with_years_of_experience_meets_no_route_on_the_page(client):
    response = client.get(
        URL,
        {
            **VALID,
            "education": "no_diploma",
            "credentials": [],
            "experience_years": "5",
        },
    )
    assertContains(response, "Not yet.")
    assertNotContains(response, "badge text-bg-success")
    assert not response.context["result"].met_routes
