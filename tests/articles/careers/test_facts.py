from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.careers.facts import (
    DATA_DIR,
    FACT_SPECS,
    SUPERSEDED_BY_PAY_RELEASE,
    career_facts_seed,
    fact_choose,
    fact_defaults,
    fact_value_text,
    facts_past_age_flag,
    source_name_for,
)
from articles.careers.periods import fact_age_status, period_end_parse, stale_cutoff
from articles.models import OccupationFact, StateWage
from tests.factories import (
    make_article,
    make_fact,
    make_national_estimate,
    make_pay_release,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May 2024", date(2024, 5, 31)),
        ("February 2024", date(2024, 2, 29)),
        ("2023", date(2023, 12, 31)),
        ("2024-34", date(2024, 12, 31)),
        ("not printed on page (shown with the 2024-34 projections)", None),
        ("not printed", None),
        ("May 2022 (inferred from release date)", None),
        ("Smarch 2024", None),
        ("", None),
    ],
)
def test_period_end_parse_dates_only_printed_periods(text, expected):
    assert period_end_parse(text) == expected


def test_seed_loads_newest_dated_figures_with_honest_sources():
    report = career_facts_seed()
    assert report.facts_created == len(FACT_SPECS)
    facts = {fact.key: fact for fact in OccupationFact.objects.all()}
    # Pay and employment come from the BLS pay release, never from these facts.
    assert not set(facts) & set(SUPERSEDED_BY_PAY_RELEASE)
    assert set(facts) == {"projected-growth", "annual-openings"}
    growth = facts["projected-growth"]
    assert (growth.value, growth.period) == (Decimal("7"), "2024-34")
    assert growth.source_name == "BLS figure via startrightcareers.com"
    assert all(fact.period_end is not None for fact in facts.values())
    assert all(fact.source_url.startswith("http") for fact in facts.values())
    assert StateWage.objects.count() == 56
    assert (
        StateWage.objects.filter(period="May 2018", occupation_code="29-2071").count()
        == 50
    )
    assert (
        StateWage.objects.filter(period="May 2021", occupation_code="29-2072").count()
        == 5
    )
    california_2022 = StateWage.objects.get(state_code="CA", period="May 2022")
    assert (california_2022.employment, california_2022.annual_mean_wage) == (
        21590,
        None,
    )


def test_seed_is_idempotent_and_keeps_editors_changes():
    career_facts_seed()
    OccupationFact.objects.filter(key="projected-growth").update(
        value=Decimal("8"), period="2025-35"
    )
    StateWage.objects.filter(state_code="NJ", period="May 2018").update(
        annual_mean_wage=99999
    )
    OccupationFact.objects.filter(key="annual-openings").delete()
    report = career_facts_seed()
    assert (report.facts_created, report.facts_kept) == (1, len(FACT_SPECS) - 1)
    assert (report.wages_created, report.wages_kept) == (0, 56)
    assert OccupationFact.objects.get(key="projected-growth").value == Decimal("8")
    assert (
        StateWage.objects.get(state_code="NJ", period="May 2018").annual_mean_wage
        == 99999
    )
    assert OccupationFact.objects.count() == len(FACT_SPECS)


def test_seed_content_command_loads_facts(capsys):
    call_command("seed_content")
    assert "Career facts:" in capsys.readouterr().out
    assert OccupationFact.objects.filter(key="projected-growth").exists()


def test_undated_figures_are_never_presented_as_dated():
    data = yaml.safe_load((DATA_DIR / "career_facts.yaml").read_text(encoding="utf-8"))
    growth = next(spec for spec in FACT_SPECS if spec.key == "projected-growth")
    # Only the 2024-34 job count (194,800), whose base year the page does not print.
    undated_only = replace(
        growth, candidates=("bls_ooh.editions.2024-34.number_of_jobs",)
    )
    chosen = fact_choose(undated_only, data)
    assert chosen["entry"]["value"] == 194800
    assert chosen["period_end"] is None
    defaults = fact_defaults(undated_only, chosen, position=1)
    assert defaults["period_end"] is None
    assert defaults["period"].startswith("undated")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.bls.gov/ooh/healthcare/x.htm", "U.S. Bureau of Labor Statistics"),
        ("https://stats.bls.gov/ooh/x.htm", "U.S. Bureau of Labor Statistics"),
        (
            "https://www.startrightcareers.com/occupation/x",
            "BLS figure via startrightcareers.com",
        ),
    ],
)
def test_source_name_labels_copies_of_bls_figures(url, name):
    assert source_name_for(url) == name


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        ("50250", OccupationFact.Unit.USD, "$50,250"),
        ("24.16", OccupationFact.Unit.USD, "$24.16"),
        ("24.5", OccupationFact.Unit.USD, "$24.50"),
        ("7", OccupationFact.Unit.PERCENT, "7%"),
        ("7.50", OccupationFact.Unit.PERCENT, "7.5%"),
        ("194300", OccupationFact.Unit.COUNT, "194,300"),
    ],
)
def test_fact_value_text(value, unit, text):
    fact = OccupationFact(value=Decimal(value), unit=unit)
    assert fact_value_text(fact) == text


TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("period_end", "status"),
    [
        (date(2025, 5, 25), "current"),  # exactly 18 months old
        (date(2025, 5, 24), "stale"),  # one day more
        (date(2026, 10, 31), "current"),
        (date(2021, 5, 31), "stale"),
        (None, "undated"),
    ],
)
def test_staleness_boundary_is_18_months(period_end, status):
    assert stale_cutoff(TODAY) == date(2025, 5, 25)
    assert fact_age_status(period_end, today=TODAY) == status


def test_stale_cutoff_clamps_month_end():
    assert stale_cutoff(date(2026, 8, 31)) == date(2025, 2, 28)


def test_admin_flags_stale_and_undated_facts(admin_client, time_machine):
    time_machine.move_to("2026-11-25 12:00:00+00:00")
    make_fact(label="Old median", period="May 2021", period_end=date(2021, 5, 31))
    make_fact(label="Fresh median", period="May 2026", period_end=date(2026, 5, 31))
    make_fact(label="Undated figure", period="undated (not printed)", period_end=None)
    url = reverse("admin:articles_occupationfact_changelist")
    response = admin_client.get(url)
    assertContains(
        response, '<td class="field-age">⚠ older than 18 months</td>', count=1
    )
    assertContains(response, '<td class="field-age">current</td>', count=1)
    assertContains(response, '<td class="field-age">undated</td>', count=1)
    stale = admin_client.get(url, {"age": "stale"})
    assertContains(stale, "Old median")
    assertNotContains(stale, "Fresh median")
    assertNotContains(stale, "Undated figure")
    current = admin_client.get(url, {"age": "current"})
    assertContains(current, "Fresh median")
    assertNotContains(current, "Old median")
    undated = admin_client.get(url, {"age": "undated"})
    assertContains(undated, "Undated figure")
    assertNotContains(undated, "Fresh median")


def _box(response) -> str:
    html = response.content.decode()
    start = html.index('<aside class="at-a-glance')
    return html[start : html.index("</aside>", start)]


def test_at_a_glance_box_shows_one_release_and_marks_other_periods(client):
    career_facts_seed()
    # Superseded facts an editor may still have in the database are not shown.
    make_fact(key="median-pay", label="Median pay", value=Decimal("50250"))
    make_national_estimate(make_pay_release())
    article = make_article(
        slug="how-to-become-a-certified-coding-specialist", show_at_a_glance=True
    )
    box = _box(client.get(article.get_absolute_url()))
    assert "At a glance" in box
    for figure in ("$51,140", "$24.59", "$56,790", "194,720"):
        assert (
            f'<span class="fact-value">{figure}</span> <span class="small">(May 2025)</span>'
            in box
        )
    assert "BLS, Occupational Employment and Wage Statistics, May 2025" in box
    assert f'href="{reverse("careers:pay-notes")}"' in box
    assert "published May 2026" in box
    # Projections keep their own period and source, under their own heading.
    pay_part, other_part = box.split(
        "From other BLS publications, with their own periods"
    )
    assert "2024-34" in other_part and "7%" in other_part
    assert "BLS figure via startrightcareers.com" in other_part
    assert "2024-34" not in pay_part
    for gone in ("$50,250", "May 2024", "mbc-bv6", "$48,310", "May 2021"):
        assert gone not in box
    assert reverse("careers:eligibility") in box
    assert reverse("careers:salary") in box
    assert reverse("careers:pay-zip") in box


def test_at_a_glance_uses_the_newest_release_and_says_not_released(client):
    make_national_estimate(make_pay_release(), annual_median=51140)
    newer = make_pay_release(
        name="May 2026",
        code="2026A01",
        reference_month=date(2026, 5, 1),
        published_on=date(2027, 5, 14),
        source_name="BLS, Occupational Employment and Wage Statistics, May 2026",
    )
    make_national_estimate(newer, annual_median=52000, annual_mean=None, footnotes="8")
    box = _box(client.get(make_article(show_at_a_glance=True).get_absolute_url()))
    assert "$52,000" in box and "May 2026" in box
    assert "$51,140" not in box and "May 2025" not in box
    assert '<span class="fact-value">not released</span>' in box
    assert "$0" not in box


def test_at_a_glance_costs_two_queries_and_only_when_asked(client, settings):
    """One for the release's national estimate (with its release), one for the other facts."""
    settings.PAGE_CACHE_ENABLED = False
    make_fact(key="projected-growth", label="Projected job growth")
    make_national_estimate(make_pay_release())
    plain = make_article()
    flagship = make_article(show_at_a_glance=True)
    # The first request after a write also asks when the next scheduled change is (once per content version).
    client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as without_box:
        response = client.get(plain.get_absolute_url())
    assertNotContains(response, "At a glance")
    with CaptureQueriesContext(connection) as with_box:
        response = client.get(flagship.get_absolute_url())
    assertContains(response, "At a glance")
    assert len(with_box) - len(without_box) == 2


def test_undated_fact_says_so_in_the_box(client):
    make_fact(
        key="annual-openings",
        label="Openings each year",
        unit="count",
        value=12300,
        period="undated (not printed)",
        period_end=None,
    )
    article = make_article(show_at_a_glance=True)
    response = client.get(article.get_absolute_url())
    assertContains(response, "12,300")
    assertContains(response, "Period not printed by the source")


def test_superseded_facts_are_not_flagged_for_age():
    make_fact(key="median-pay", period="May 2021", period_end=date(2021, 5, 31))
    old_growth = make_fact(
        key="projected-growth", period="2021-31", period_end=date(2021, 12, 31)
    )
    assert list(facts_past_age_flag(today=TODAY)) == [old_growth]
