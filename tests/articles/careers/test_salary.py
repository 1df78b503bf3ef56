import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.careers.chart import wage_chart_build
from articles.careers.facts import career_facts_seed
from articles.careers.salary import wage_period_chartable, wage_periods_group
from articles.careers.wages import state_wages_import_csv, state_wages_read_csv
from articles.models import StateWage
from careersite.csvio import InvalidRowsError
from tests.factories import make_fact, make_state_wage

pytestmark = pytest.mark.django_db

URL = reverse("careers:salary")
HEADER = (
    "state_code,state_name,employment,annual_mean_wage,reference_period,source_url\n"
)


def table_states(response) -> list[str]:
    """State names in the ranked table, in order."""
    html = response.content.decode()
    table = html[
        html.index('id="wage-table"') : html.index(
            "</table>", html.index('id="wage-table"')
        )
    ]
    return re.findall(r'<th scope="row">([^<]+)</th>', table)


def chart_states(response) -> list[str]:
    html = response.content.decode()
    start = html.index('<svg class="wage-chart"')
    svg = html[start : html.index("</svg>", start)]
    return re.findall(
        r'text-anchor="end" font-size="11" fill="#212529">([^<]+)</text>', svg
    )


@pytest.fixture
def seeded():
    career_facts_seed()


@pytest.mark.parametrize(
    ("sort", "first", "last", "aria"),
    [
        ("state", "Alabama", "Wyoming", 'aria-sort="ascending"><a href="?sort=state'),
        (
            "wage",
            "Arkansas",
            "New Jersey",
            'aria-sort="ascending"><a href="?sort=-wage',
        ),
        (
            "-wage",
            "New Jersey",
            "Arkansas",
            'aria-sort="descending"><a href="?sort=wage',
        ),
        ("", "New Jersey", "Arkansas", 'aria-sort="descending"'),
        ("bogus", "New Jersey", "Arkansas", 'aria-sort="descending"'),
        ("<script>", "New Jersey", "Arkansas", 'aria-sort="descending"'),
    ],
)
def test_table_sorts_server_side(client, seeded, sort, first, last, aria):
    response = client.get(URL, {"sort": sort})
    assert response.status_code == 200
    states = table_states(response)
    assert (states[0], states[-1], len(states)) == (first, last, 50)
    assertContains(response, aria)
    assert response.content.decode().count("aria-sort=") == 1


def test_rank_column_stays_by_wage_whatever_the_sort(client, seeded):
    response = client.get(URL, {"sort": "state"})
    html = response.content.decode()
    assert re.search(
        r'<td class="text-end">1</td>\s*<th scope="row">New Jersey</th>', html
    )
    assert re.search(
        r'<td class="text-end">50</td>\s*<th scope="row">Arkansas</th>', html
    )


def test_chart_is_accessible_svg_with_text_alternative(client, seeded):
    response = client.get(URL)
    html = response.content.decode()
    assert html.count("<svg") >= 1
    assertContains(response, 'role="img"')
    assertContains(response, 'aria-labelledby="wage-chart-title wage-chart-desc"')
    assertContains(
        response,
        '<title id="wage-chart-title">Annual mean wage by state, May 2018</title>',
    )
    assertContains(response, '<desc id="wage-chart-desc">')
    assertContains(response, "Highest: New Jersey, $54,020. Lowest: Arkansas, $34,610.")
    assertContains(response, 'href="#wage-table"')  # the table is the text alternative
    assertContains(response, 'id="wage-table"')
    assertNotContains(response, "style=")
    assertNotContains(response, "<style")
    assert 'viewBox="0 0 360 ' in html


def test_chart_period_and_source_are_prominent(client, seeded):
    response = client.get(URL)
    assertContains(
        response,
        '<h2 id="by-state">Annual mean wage by state, May 2018</h2>',
        html=True,
    )
    assertContains(response, "SOC 29-2071, the older and broader code")
    assertContains(response, "BLS figures via beckershospitalreview.com")
    assertContains(
        response, "<strong>Highest:</strong> New Jersey, $54,020 a year", html=True
    )
    assertContains(
        response, "<strong>Lowest:</strong> Arkansas, $34,610 a year", html=True
    )


def test_wage_map_shades_the_charted_period_with_its_source(client, seeded):
    response = client.get(URL)
    html = response.content.decode()
    start = html.index('<svg class="tile-map ')
    svg = html[start : html.index("</svg>", start)]
    squares = {
        label: css
        for css, label in re.findall(
            r'<g class="tile (tile--[a-z0-9]+)" role="img" aria-label="([^"]+)">', svg
        )
    }
    assert len(squares) == 51
    assert squares["New Jersey: annual mean wage $54,020, May 2018"] == "tile--s5"
    assert squares["Arkansas: annual mean wage $34,610, May 2018"] == "tile--s1"
    # No May 2018 figure for DC: hatched, and said so.
    assert squares["District of Columbia: no figure for May 2018"] == "tile--none"
    assert re.search(
        r'>NJ</text>\s*<text class="tile__value"[^>]*>\$54\.0k</text>', svg
    )
    assertContains(
        response,
        '<title id="wage-map-title">Annual mean wage by state on a map, May 2018</title>',
    )
    caption = html[html.index('class="small text-body-secondary mt-2"') :]
    caption = caption[: caption.index("</figcaption>")]
    assert "Source: " in caption and "beckershospitalreview.com" in caption
    assert "SOC 29-2071" in caption
    assert 'href="#wage-table"' in caption
    legend = html[html.index('id="wage-map-legend"') :]
    assert "$34,000" in legend and "No figure for this period" in legend


def test_no_same_period_national_mean_marks_the_labelled_state_average(client, seeded):
    response = client.get(URL)
    average = round(
        sum(
            StateWage.objects.filter(period="May 2018").values_list(
                "annual_mean_wage", flat=True
            )
        )
        / 50
    )
    assertContains(response, f"Average of these 50 states: ${average:,}")
    assertContains(response, "not a national figure")
    assertNotContains(response, "U.S. mean:")


def test_same_period_national_mean_is_marked_when_it_exists(client, seeded):
    make_fact(
        key="mean-pay-may-2018",
        label="Mean pay",
        value=Decimal("42740"),
        period="May 2018",
        period_end=date(2018, 5, 31),
    )
    response = client.get(URL)
    assertContains(response, "U.S. mean: $42,740")
    assertContains(response, "the U.S. annual mean wage for May 2018, $42,740")


def test_periods_are_never_mixed_in_chart_or_ranking(client, seeded):
    response = client.get(URL)
    ranked = table_states(response)
    charted = chart_states(response)
    assert len(ranked) == len(charted) == 50
    assert set(ranked) == set(charted)
    # The newer partial rows are listed separately, with their own period.
    html = response.content.decode()
    ranked_table = html[
        html.index('id="wage-table"') : html.index(
            "</table>", html.index('id="wage-table"')
        )
    ]
    assert (
        "$51,860" not in ranked_table
        and "$51,860" not in html[html.index("<svg") : html.index("</svg>")]
    )
    assertContains(response, "May 2021: Medical records specialists (SOC 29-2072)")
    assertContains(response, "May 2022: Medical records specialists (SOC 29-2072)")
    assertContains(response, "$51,860")  # Wisconsin, May 2021, in its own table
    assertContains(response, "21,590")  # California employment, May 2022
    assertContains(response, "U.S. annual mean for the same period: $48,310")


def test_chart_builder_uses_one_period_only():
    rows = [
        make_state_wage(state_code=code, state_name=name, annual_mean_wage=wage)
        for code, name, wage in [("OH", "Ohio", 40000), ("NJ", "New Jersey", 50000)]
    ]
    make_state_wage(
        state_code="WI",
        state_name="Wisconsin",
        annual_mean_wage=60000,
        period="May 2021",
        period_end=date(2021, 5, 31),
        occupation_code="29-2072",
    )
    periods = wage_periods_group(StateWage.objects.all())
    chosen = wage_period_chartable(periods)
    assert chosen.period == "May 2018"
    assert {row.state_code for row in chosen.wage_rows} == {"OH", "NJ"}
    chart = wage_chart_build(
        rows=rows,
        period="May 2018",
        occupation="SOC 29-2071",
        mean=Decimal(45000),
        mean_label="x",
    )
    assert [bar.label for bar in chart.bars] == ["New Jersey", "Ohio"]
    assert chart.bars[0].width > chart.bars[1].width > 0
    assert chart.mean_x == pytest.approx(100 + 45000 * 200 / 50000)


def test_most_complete_period_wins_and_ties_go_to_the_newest():
    for code, name in [("OH", "Ohio"), ("NJ", "New Jersey")]:
        make_state_wage(state_code=code, state_name=name)
        make_state_wage(
            state_code=code,
            state_name=name,
            period="May 2024",
            period_end=date(2024, 5, 31),
            occupation_code="29-2072",
        )
    make_state_wage(
        state_code="WI",
        state_name="Wisconsin",
        period="May 2024",
        period_end=date(2024, 5, 31),
        annual_mean_wage=None,
        employment=100,
    )
    assert (
        wage_period_chartable(wage_periods_group(StateWage.objects.all())).period
        == "May 2024"
    )


def test_salary_page_query_budget(
    client, seeded, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"sort": "state"})
    assert response.status_code == 200


def test_empty_tables_give_a_friendly_page(client):
    response = client.get(URL)
    assertContains(response, "No state wage figures have been loaded yet.")


def test_occupation_jsonld_when_seo_builder_exists(client, seeded):
    pytest.importorskip("careersite.seo")
    response = client.get(URL)
    assertContains(response, '<script type="application/ld+json">')
    assertContains(response, '"@type":"Occupation"')
    assertContains(response, '"median":50250')


# --- import -------------------------------------------------------------------------------------------------


def complete_2024_csv(wage_offset: int = 10000) -> str:
    rows = [
        f"{row.state_code},{row.state_name},,{row.annual_mean_wage + wage_offset},May 2024,https://www.bls.gov/oes/2024/may/oes292072.htm"
        for row in StateWage.objects.filter(period="May 2018")
    ]
    return HEADER + "\n".join(rows) + "\n"


def test_import_valid_table_moves_the_page_to_the_newer_complete_period(
    client, seeded, tmp_path
):
    path = tmp_path / "may2024.csv"
    path.write_text(complete_2024_csv())
    out = io.StringIO()
    call_command("import_state_wages", str(path), stdout=out)
    assert "50 rows created, 0 updated (May 2024)" in out.getvalue()
    assert (
        StateWage.objects.filter(period="May 2024", occupation_code="29-2072").count()
        == 50
    )
    response = client.get(URL)
    assertContains(response, "Annual mean wage by state, May 2024")
    assertContains(response, "U.S. Bureau of Labor Statistics")
    assertContains(response, "$64,020")  # New Jersey, May 2024 (test data)
    # now listed separately
    assertContains(
        response, "May 2018: Medical records and health information technicians"
    )


def test_import_updates_existing_rows_on_state_and_period(seeded):
    csv_text = HEADER + "NJ,New Jersey,,55000,May 2018,https://example.org/corrected\n"
    report = state_wages_import_csv(rows=state_wages_read_csv(io.StringIO(csv_text)))
    assert (len(report.created), len(report.updated)) == (0, 1)
    row = StateWage.objects.get(state_code="NJ", period="May 2018")
    assert (row.annual_mean_wage, row.occupation_code) == (55000, "29-2071")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "XX,Nowhere,,40000,May 2024,https://example.org/a",
            "line 3: state_code: unknown state code 'XX'",
        ),
        ("OH,Ohio,,forty,May 2024,https://example.org/a", "line 3: annual_mean_wage:"),
        ("OH,Ohio,,40000,2024,https://example.org/a", "line 3: reference_period:"),
        (
            "OH,Ohio,,40000,Spring 2024,https://example.org/a",
            "line 3: reference_period:",
        ),
        ("OH,Ohio,,40000,May 2024,not a url", "line 3: source_url:"),
        (
            "OH,Iowa,,40000,May 2024,https://example.org/a",
            "line 3: state_name: 'Iowa' does not match OH (Ohio)",
        ),
        (
            "OH,Ohio,,,May 2024,https://example.org/a",
            "line 3: row: give an employment figure",
        ),
        (
            "NJ,New Jersey,,50000,May 2024,https://example.org/a",
            "line 3: NJ May 2024 already given on line 2",
        ),
    ],
)
def test_import_rejects_bad_rows_with_line_numbers_and_writes_nothing(line, message):
    csv_text = (
        HEADER + "NJ,New Jersey,,50000,May 2024,https://example.org/a\n" + line + "\n"
    )
    with pytest.raises(InvalidRowsError) as error:
        state_wages_import_csv(rows=state_wages_read_csv(io.StringIO(csv_text)))
    texts = [str(row_error) for row_error in error.value.errors]
    assert any(text.startswith(message) for text in texts), texts
    assert StateWage.objects.count() == 0


def test_import_command_reports_errors_and_missing_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("state,wage\nOH,40000\n")
    with pytest.raises(CommandError, match="line 1: missing column"):
        call_command("import_state_wages", str(bad))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_state_wages", str(tmp_path / "missing.csv"))


def test_import_is_atomic_when_a_write_fails(monkeypatch):
    csv_text = (
        HEADER
        + "NJ,New Jersey,,50000,May 2024,https://example.org/a\nOH,Ohio,,40000,May 2024,https://example.org/a\n"
    )
    real = StateWage.objects.update_or_create
    calls = []

    def failing_second_write(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(StateWage.objects, "update_or_create", failing_second_write)
    with pytest.raises(RuntimeError):
        state_wages_import_csv(rows=state_wages_read_csv(io.StringIO(csv_text)))
    assert StateWage.objects.count() == 0


def test_admin_import_view(admin_client, seeded):
    url = reverse("admin:articles_statewage_import")
    changelist = admin_client.get(reverse("admin:articles_statewage_changelist"))
    assertContains(changelist, url)
    assertContains(admin_client.get(url), "Import a state wage table")
    bad = SimpleUploadedFile(
        "bad.csv", (HEADER + "XX,Nowhere,,1,May 2024,https://example.org/a\n").encode()
    )
    response = admin_client.post(url, {"import_file": bad, "format": "0"})
    assertContains(response, "Nothing was imported")
    assertContains(response, "line 2: state_code")
    assert StateWage.objects.filter(period="May 2024").count() == 0
    good = SimpleUploadedFile("good.csv", complete_2024_csv().encode())
    preview = admin_client.post(url, {"import_file": good, "format": "0"})
    assertContains(preview, "Confirm import")
    assert StateWage.objects.filter(period="May 2024").count() == 0
    confirm = dict(
        re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
            preview.content.decode(),
        )
    )
    response = admin_client.post(
        reverse("admin:articles_statewage_process_import"), confirm, follow=True
    )
    assertContains(response, "Imported state wages: 50 rows created")
    assert StateWage.objects.filter(period="May 2024").count() == 50
