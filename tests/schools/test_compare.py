"""Compare side by side and the shortlist: both pages render only from the slugs in their URL."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from schools.compare import (
    BASE_ROWS,
    COMPARE_MAX,
    SHORTLIST_MAX,
    compare_rows,
    programs_from_slugs,
    slugs_clean,
)
from schools.models import Program
from tests.factories import make_institution, make_program

COMPARE = reverse("schools:compare")
SHORTLIST = reverse("schools:shortlist")


def _url(base: str, *slugs: str) -> str:
    return f"{base}?{urlencode([('p', slug) for slug in slugs])}" if slugs else base


def _programs(n: int, **fields) -> list[Program]:
    programs = []
    for i in range(n):
        institution = make_institution(
            name=f"Compare College {i}", slug=f"compare-college-{i}", city=f"Town {i}"
        )
        programs.append(
            make_program(
                institution=institution,
                name=f"Health Information {i}, AAS",
                slug=f"hi-{i}",
                **fields,
            )
        )
    return programs


def _columns(response) -> list[str]:
    """The program names heading the table's columns, left to right."""
    html = response.content.decode()
    return re.findall(
        r'<th scope="col">\s*<a class="compare-program" href="[^"]+">([^<]+)</a>', html
    )


@pytest.mark.parametrize(
    ("values", "limit", "slugs", "malformed", "dropped"),
    [
        ([], 4, [], [], 0),
        (["a", "b"], 4, ["a", "b"], [], 0),
        (["", "  ", "a"], 4, ["a"], [], 0),
        ([" a ", "a", "b", "a"], 4, ["a", "b"], [], 0),
        (["a", "b", "c"], 2, ["a", "b"], [], 1),
        (["a", "not a slug", "<b>", "b"], 4, ["a", "b"], ["not a slug", "<b>"], 0),
        (["x" * 221], 4, [], ["x" * 40 + "…"], 0),
        (["x" * 220], 4, ["x" * 220], [], 0),
        (["a,b", "a,b"], 4, [], ["a,b"], 0),
        (["Mixed_Case-1"], 4, ["Mixed_Case-1"], [], 0),
    ],
)
def test_slugs_clean(values, limit, slugs, malformed, dropped):
    cleaned = slugs_clean(values, limit=limit)
    assert (cleaned.slugs, cleaned.malformed, cleaned.dropped) == (
        slugs,
        malformed,
        dropped,
    )


@pytest.mark.django_db
def test_programs_from_slugs_keeps_the_url_order_and_hides_non_public_programs():
    a, b, c = _programs(3)
    withdrawn = make_program(slug="gone", status=Program.Status.WITHDRAWN)
    inactive = make_program(slug="asleep", is_active=False)
    chosen = programs_from_slugs(
        values=[c.slug, "nope", a.slug, withdrawn.slug, inactive.slug, "bad slug"]
    )
    assert chosen.programs == [c, a]
    assert chosen.missing == ["nope", "gone", "asleep", "bad slug"]
    assert b not in chosen.programs


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 3, 4])
def test_compare_shows_two_to_four_programs_as_columns(client, n):
    programs = _programs(n, delivery="", status=Program.Status.CANDIDACY)
    response = client.get(_url(COMPARE, *(p.slug for p in reversed(programs))))
    assert response.status_code == 200
    assert _columns(response) == [p.name for p in reversed(programs)]
    html = response.content.decode()
    assert html.count('<th scope="row">') == len(BASE_ROWS)
    for label, _ in BASE_ROWS:
        assertContains(response, f'<th scope="row">{label}</th>'.replace("'", "&#x27;"))
    assertContains(
        response, f'<caption id="compare-caption">{n} programs, one per column'
    )
    assertContains(
        response, 'role="region" aria-labelledby="compare-caption" tabindex="0"'
    )
    assertContains(response, "Town 0, Ohio")
    # Candidacy on an undated web page: the words of every other page, with the link to confirm.
    assertContains(
        response,
        "Reported as in CAHIIM candidacy, not yet accredited on an undated page: <a",
    )
    assertContains(response, "Ask the program")
    assertContains(response, "Not published")
    assertContains(response, "Not dated")
    assertContains(response, '<meta name="robots" content="noindex, follow">')
    assertNotContains(response, "We could not find")
    # Each column can be removed while at least two would remain.
    assert html.count(">Remove<") == (n if n > 2 else 0)


@pytest.mark.django_db
def test_compare_rows_fill_each_program_in_order():
    first, second = _programs(2)
    second.source_year, second.next_review = 2024, "2027-2028"
    second.source_note = (
        "College catalog 2023-2024: the program is accredited by CAHIIM."
    )
    second.last_verified_on = date(2026, 3, 5)
    rows = {
        row.label: row.cells
        for row in compare_rows(programs=[first, second], today=date(2026, 12, 1))
    }
    # The same words as the cards and program pages: weak evidence asks to confirm.
    status = rows["Accreditation status"]
    assert [(c.text, c.note, c.confirm) for c in status] == [
        ("Reported as accredited on an undated page", "", True),
        (
            "Accredited (CAHIIM)",
            "Checked in CAHIIM's directory on March 5, 2026",
            False,
        ),
    ]
    assert [cell.text for cell in rows["Evidence year"]] == ["Not dated", "2024"]
    assert [cell.blank for cell in rows["Evidence year"]] == [True, False]
    assert rows["Evidence year"][1].note == "college catalog"
    assert rows["Evidence year"][1].source_url == second.source_url
    assert [cell.text for cell in rows["Next CAHIIM review"]] == [
        "Not published",
        "2027-2028",
    ]
    assert [cell.text for cell in rows["Checked in CAHIIM's directory"]] == [
        "Not yet checked by our editors",
        "March 5, 2026",
    ]
    assert rows["Degree level"][0].text == "Associate degree"
    assert rows["Format"][0].text == "Online"
    assert list(rows) == [label for label, _ in BASE_ROWS]


FACTS = {
    "graduation": {
        "graduation_rate": Decimal("72.0"),
        "graduation_rate_year": 2024,
        "graduation_rate_source_url": "https://example.edu/outcomes",
    },
    "exam": {
        "exam_pass_rate": Decimal("85.5"),
        "exam_pass_rate_exam": "RHIT",
        "exam_pass_rate_year": 2023,
        "exam_pass_rate_source_url": "https://example.edu/exam",
    },
    "tuition": {
        "tuition_amount": Decimal("150"),
        "tuition_basis": "per_credit_hour",
        "tuition_residency": "in_state",
        "tuition_year": 2025,
        "tuition_source_url": "https://example.edu/tuition",
    },
}


@pytest.mark.django_db
def test_compare_rows_add_every_fact_one_program_publishes_and_say_not_published_elsewhere():
    a, b, c = _programs(3)
    for field, value in {**FACTS["graduation"], **FACTS["tuition"]}.items():
        setattr(a, field, value)
    for field, value in FACTS["exam"].items():
        setattr(b, field, value)
    rows = compare_rows(programs=[a, b, c])
    fact_rows = {row.label: row.cells for row in rows[len(BASE_ROWS) :]}
    # Outcomes first, then cost, in the program page's order; length and practice are nobody's.
    assert list(fact_rows) == [
        "Graduation rate",
        "Certification exam pass rate",
        "Tuition",
    ]
    graduation = fact_rows["Graduation rate"]
    assert [cell.text for cell in graduation] == [
        "72%",
        "Not published",
        "Not published",
    ]
    assert [cell.blank for cell in graduation] == [False, True, True]
    assert (graduation[0].year, graduation[0].source_url) == (
        2024,
        "https://example.edu/outcomes",
    )
    exam = fact_rows["Certification exam pass rate"][1]
    assert (exam.text, exam.note, exam.year) == ("85.5%", "RHIT exam pass rate", 2023)
    assert fact_rows["Tuition"][0].text == "$150 per credit hour (in-state)"


@pytest.mark.django_db
def test_the_compare_page_shows_facts_with_year_and_source(client):
    a, b = _programs(2)
    Program.objects.filter(pk=a.pk).update(**FACTS["graduation"])
    response = client.get(_url(COMPARE, a.slug, b.slug))
    assertContains(response, '<th scope="row">Graduation rate</th>')
    html = response.content.decode()
    row = re.search(
        r'<th scope="row">Graduation rate</th>(.*?)</tr>', html, re.S
    ).group(1)
    assert "72%" in row and "2024" in row
    assert 'href="https://example.edu/outcomes"' in row
    assert '<span class="compare-blank">Not published</span>' in row


@pytest.mark.django_db
def test_compare_refuses_more_than_four_and_asks_to_choose(client):
    programs = _programs(COMPARE_MAX + 1)
    response = client.get(_url(COMPARE, *(p.slug for p in programs)))
    assert response.status_code == 200
    assert _columns(response) == []
    assertNotContains(response, "<table")
    assertContains(response, f"Choose up to {COMPARE_MAX} programs")
    html = response.content.decode()
    checked = re.findall(r'value="([^"]+)" id="choose-\d+" checked', html)
    assert checked == [p.slug for p in programs[:COMPARE_MAX]]
    assert f'value="{programs[-1].slug}"' in html
    assertContains(response, "Compare selected")


@pytest.mark.django_db
def test_compare_with_unknown_and_malformed_slugs_shows_the_known_ones(client):
    a, b = _programs(2)
    response = client.get(
        _url(COMPARE, a.slug, "no-such-program", "<script>alert(1)</script>", b.slug)
    )
    assert response.status_code == 200
    assert _columns(response) == [a.name, b.name]
    assertContains(response, "We could not find 2 of the programs in this link")
    assertContains(response, "“no-such-program”")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slugs", "expected"),
    [
        ([], "Tick “Compare” on 2 to 4 programs"),
        (["", ""], "Tick “Compare” on 2 to 4 programs"),
        (["nope"], "We could not find 1 of the programs in this link"),
        (["hi-0"], "You chose one program:"),
        (["hi-0", "hi-0", "hi-0"], "You chose one program:"),
    ],
)
def test_compare_with_fewer_than_two_explains(client, slugs, expected):
    _programs(1)
    response = client.get(_url(COMPARE, *slugs) if slugs else COMPARE)
    assert response.status_code == 200
    assertContains(response, "Choose at least 2 programs")
    assertContains(response, expected)
    assertNotContains(response, "<table")


@pytest.mark.django_db
def test_compare_counts_duplicates_once(client):
    a, b = _programs(2)
    response = client.get(_url(COMPARE, a.slug, b.slug, a.slug, b.slug, a.slug))
    assert _columns(response) == [a.name, b.name]
    assertNotContains(response, "We could not find")


@pytest.mark.django_db
def test_a_link_with_more_than_the_limit_says_what_it_left_out(client):
    programs = _programs(SHORTLIST_MAX + 2)
    response = client.get(_url(SHORTLIST, *(p.slug for p in programs)))
    assertContains(response, f"{SHORTLIST_MAX} saved programs")
    assertContains(response, "so we left out the last 2")
    assertNotContains(response, programs[-1].name)


@pytest.mark.django_db
@pytest.mark.parametrize("page", [COMPARE, SHORTLIST])
def test_pages_answer_post_with_405(client, page):
    assert client.post(page).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("page", [COMPARE, SHORTLIST])
def test_pages_are_plain_cacheable_gets(client, django_assert_num_queries, page):
    a, b = _programs(2)
    url = _url(page, a.slug, b.slug)
    first = client.get(url)
    assert first.status_code == 200
    assert not first.cookies
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


@pytest.mark.django_db
@pytest.mark.parametrize("page", [COMPARE, SHORTLIST])
def test_query_count_does_not_grow_with_the_programs_named(client, settings, page):
    settings.PAGE_CACHE_ENABLED = False
    programs = _programs(SHORTLIST_MAX)
    counts = []
    for n in (2, 4, SHORTLIST_MAX):
        url = _url(page, *(p.slug for p in programs[:n]), "missing-one")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [counts[0]] * 3, counts


@pytest.mark.django_db
def test_shortlist_lists_the_programs_and_links_to_compare_them(client):
    a, b, c = _programs(3)
    response = client.get(_url(SHORTLIST, c.slug, a.slug, b.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(c.name) < html.index(a.name) < html.index(b.name)
    assertContains(response, "3 saved programs")
    compare_url = _url(COMPARE, c.slug, a.slug, b.slug).replace("&", "&amp;")
    assertContains(response, f'href="{compare_url}"')
    assertContains(response, "Compare all 3 side by side")
    # Three or more: tick a few of them to compare.
    assertContains(response, f'name="p" value="{a.slug}"')
    assertContains(response, 'data-save="' + a.slug + '"')
    assertContains(response, '<meta name="robots" content="noindex, follow">')


@pytest.mark.django_db
def test_shortlist_of_one_asks_for_another(client):
    (a,) = _programs(1)
    response = client.get(_url(SHORTLIST, a.slug))
    # A link reads as a shared list; shortlist.js says "saved" when it is this browser's own.
    assertContains(response, "1 program in this list<")
    assertContains(response, 'data-own-text="1 saved program"')
    assertContains(response, "Save at least one more program")
    assertNotContains(response, 'name="p"')


@pytest.mark.django_db
def test_shortlist_without_programs_explains_with_and_without_javascript(client):
    response = client.get(SHORTLIST)
    assert response.status_code == 200
    html = response.content.decode()
    # shortlist.js reveals one of these (or goes to the saved list); without it, <noscript> explains.
    assert "data-shortlist-empty hidden" in html
    assert "data-shortlist-unavailable hidden" in html
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S).group(1)
    assert "Saving programs needs JavaScript" in noscript
    assert "Compare selected" in noscript
    assertContains(response, "we never ask for your name, email or phone")


@pytest.mark.django_db
def test_shortlist_with_only_unknown_slugs_says_so(client):
    response = client.get(_url(SHORTLIST, "gone-1", "gone-2"))
    assert response.status_code == 200
    assertContains(response, "None of the programs in this link are in our list now")
    assertContains(response, "We could not find 2 of the programs")


@pytest.mark.django_db
def test_results_and_state_pages_wrap_their_cards_in_a_compare_form(client, pathways):
    a, b = _programs(2)
    for url in (
        reverse("schools:results") + "?education=high_school",
        reverse("schools:state", kwargs={"code": "oh"}),
    ):
        response = client.get(url)
        html = response.content.decode()
        form = re.search(
            rf'<form method="get" action="{COMPARE}" class="compare-form">(.*?)</form>',
            html,
            re.S,
        )
        assert form, url
        for program in (a, b):
            assert f'name="p" value="{program.slug}"' in form.group(1)
        assert (
            '<button type="submit" class="btn btn-primary">Compare selected</button>'
            in form.group(1)
        )
        assert f'data-save="{a.slug}"' in html


@pytest.mark.django_db
def test_a_single_result_has_no_compare_form(client, pathways):
    _programs(1)
    response = client.get(reverse("schools:state", kwargs={"code": "oh"}))
    assertNotContains(response, "compare-form")
    assertNotContains(response, 'name="p"')
    assertContains(response, 'data-save="hi-0"')


@pytest.mark.django_db
def test_program_page_has_save_and_a_way_to_compare(client):
    a, _ = _programs(2)  # Ohio has another program to compare with
    response = client.get(a.get_absolute_url())
    assertContains(response, f'data-save="{a.slug}"')
    assertContains(response, 'aria-pressed="false" hidden')
    assertContains(response, "Compare with other programs in Ohio")


@pytest.mark.django_db
def test_finder_says_we_never_ask_for_personal_details(client):
    response = client.get(reverse("schools:finder"))
    assertContains(
        response,
        "We never ask for your name, email or phone, and no school pays to be listed.",
    )


@pytest.mark.django_db
def test_header_has_a_shortlist_link_hidden_until_the_script_fills_it(client):
    html = client.get(reverse("about")).content.decode()
    assert (
        f'<li data-shortlist-nav hidden><a href="{SHORTLIST}" data-shortlist-link>'
        in html
    )
    assert 'role="status" data-shortlist-status' in html
    script = re.search(r'<script src="([^"]*shortlist\.js)" defer></script>', html)
    assert script, "shortlist.js is loaded, deferred, from our own static files"


def test_the_script_keeps_the_same_shortlist_limit():
    script = Path(settings.BASE_DIR, "static", "js", "shortlist.js").read_text()
    assert f"var MAX = {SHORTLIST_MAX};" in script
    # Nothing leaves the browser: no request API in the script.
    for call in ("fetch(", "XMLHttpRequest", "sendBeacon", "document.cookie"):
        assert call not in script


ANSWERS = {"education": "high_school", "state": "OH", "format": "online", "page": "2"}


@pytest.mark.django_db
def test_results_send_the_readers_answers_with_the_compare_ticks(client, pathways):
    _programs(3)
    response = client.get(
        reverse("schools:results"), {"education": "high_school", "state": "OH"}
    )
    assertContains(
        response, '<input type="hidden" name="education" value="high_school">'
    )
    assertContains(response, '<input type="hidden" name="state" value="OH">')


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 2, 5])
def test_leaving_compare_keeps_the_readers_answers(client, n):
    programs = _programs(n)
    response = client.get(COMPARE, {**ANSWERS, "p": [p.slug for p in programs]})
    back = response.context["back_url"]
    assert back.startswith(reverse("schools:results") + "?")
    assert QueryDict(back.split("?", 1)[1]).dict() == ANSWERS
    if n < 5:
        assertContains(response, f'href="{escape(back)}"')
    if n == 2:
        assertContains(response, ">Back to your results</a>")
    if n == 5:
        # Choosing fewer keeps them too.
        assertContains(response, '<input type="hidden" name="state" value="OH">')


@pytest.mark.django_db
def test_removing_a_column_keeps_the_readers_answers(client):
    programs = _programs(3)
    response = client.get(COMPARE, {**ANSWERS, "p": [p.slug for p in programs]})
    for column in response.context["columns"]:
        query = QueryDict(column["remove_url"].split("?", 1)[1])
        assert query["education"] == "high_school" and len(query.getlist("p")) == 2


@pytest.mark.django_db
def test_compare_without_answers_leads_back_to_the_finder(client):
    programs = _programs(2)
    response = client.get(COMPARE, {"p": [p.slug for p in programs]})
    assert response.context["back_url"] == reverse("schools:finder")
    assertContains(response, ">Back to the finder</a>")
    # Answers too long to be ours are dropped.
    response = client.get(
        COMPARE,
        {"p": [p.slug for p in programs], "state": "x" * 50, "format": "online"},
    )
    assert response.context["back_url"] == reverse("schools:finder") + "?format=online"
