"""The Content health screen: its reads (table-driven at the 12-, 13- and 18-month boundaries), who may
open it, and a query count that does not grow with the rows."""

import itertools
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.careers.facts import facts_past_age_flag
from articles.careers.periods import pay_release_due_for_update
from articles.selectors import articles_review_overdue
from careersite.editorial.content_health import content_health, pay_release_health
from careersite.linkcheck.models import LinkCheck
from schools.evidence import program_evidence, programs_needing_verification
from schools.models import Program
from tests.factories import (
    make_article,
    make_fact,
    make_pay_release,
    make_program,
    make_source,
    make_staff,
)

TODAY = date(2026, 12, 2)
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("last_reviewed_on", "overdue"),
    [
        (None, True),
        (date(2025, 12, 1), True),
        # Exactly 12 months ago is due: "not reviewed in 12 months".
        (date(2025, 12, 2), True),
        (date(2025, 12, 3), False),
        (date(2026, 12, 2), False),
    ],
)
def test_articles_review_overdue(last_reviewed_on, overdue):
    article = make_article(last_reviewed_on=last_reviewed_on)
    assert (article in articles_review_overdue(today=TODAY)) is overdue


def test_articles_review_overdue_lists_never_reviewed_first_then_the_oldest():
    old = make_article(title="Old", last_reviewed_on=date(2024, 1, 1))
    never = make_article(title="Never", last_reviewed_on=None)
    older = make_article(title="Older", last_reviewed_on=date(2023, 1, 1))
    assert list(articles_review_overdue(today=TODAY)) == [never, older, old]


@pytest.mark.parametrize(
    ("period_end", "flagged"),
    [
        (None, False),
        (date(2024, 5, 31), True),
        (date(2025, 6, 1), True),
        # 18 months before 2 December 2026 is 2 June 2025: a period ending then is not yet past the flag.
        (date(2025, 6, 2), False),
        (date(2026, 5, 31), False),
    ],
)
def test_facts_past_age_flag_uses_the_18_month_rule(period_end, flagged):
    fact = make_fact(period_end=period_end)
    assert (fact in facts_past_age_flag(today=TODAY)) is flagged


# (last verified, next CAHIIM review, public) -> due, the reasons shown
PROGRAM_CASES = [
    (None, "", True, True, ["never verified"]),
    (date(2025, 12, 2), "", True, True, ["last verified 2025-12-02"]),
    (date(2025, 12, 3), "", True, False, []),
    (date(2026, 6, 1), "2027-2028", True, False, []),
    (date(2026, 6, 1), "2026", True, False, []),
    # The review window ended in 2025 and nobody has checked since: due although checked recently.
    (date(2025, 12, 3), "2025", True, True, ["CAHIIM review 2025 has passed"]),
    (
        date(2025, 12, 3),
        "2024-2025",
        True,
        True,
        ["CAHIIM review 2024-2025 has passed"],
    ),
    # Checked after the window ended: the editor has seen the new status.
    (date(2026, 1, 5), "2024-2025", True, False, []),
    (
        None,
        "2023-2024",
        True,
        True,
        ["never verified", "CAHIIM review 2023-2024 has passed"],
    ),
    # Text that is not a year (only a CSV or the shell can store it) never breaks the query.
    (date(2026, 6, 1), "soon", True, False, []),
    (None, "", False, False, []),
]


@pytest.mark.parametrize(
    ("verified", "next_review", "public", "due", "reasons"), PROGRAM_CASES
)
def test_programs_needing_verification(verified, next_review, public, due, reasons):
    program = make_program(
        last_verified_on=verified, next_review=next_review, is_active=public
    )
    rows = list(programs_needing_verification(today=TODAY))
    assert (program in rows) is due
    # The SQL rule agrees with program_evidence(), which the public "confirm with CAHIIM" notice uses.
    passed = program_evidence(program, today=TODAY).review_passed
    stale = verified is None or verified <= date(2025, 12, 2)
    assert due is (public and (stale or passed))
    health = content_health(user=_superuser(), today=TODAY)
    shown = {row.program.pk: row.reasons for row in health.programs.rows}
    assert shown.get(program.pk, []) == reasons


def test_withdrawn_programs_are_not_listed():
    program = make_program(status=Program.Status.WITHDRAWN)
    assert program not in programs_needing_verification(today=TODAY)


_users = itertools.count(1)


def _superuser():
    return make_staff(username=f"chief-{next(_users)}", is_superuser=True)


def _failed(url, **fields):
    return LinkCheck.objects.create(
        url=url,
        ok=False,
        checked_at=timezone.now(),
        **{"status_code": 404, "error": "not found", **fields},
    )


def test_failed_links_list_where_each_address_is_used():
    article = make_article(title="Pay by state")
    make_source(article, title="OEWS table", url="https://example.org/dead")
    make_source(article, title="Fine source", url="https://example.org/fine")
    program = make_program(
        source_url="https://example.org/dead",
        program_url="https://college.example.edu/gone",
    )
    fact = make_fact(label="Median pay", source_url="https://example.org/dead")
    _failed("https://example.org/dead")
    _failed(
        "https://college.example.edu/gone",
        status_code=None,
        error="timed out after 10 s",
    )
    _failed("https://example.org/not-linked-any-more")
    LinkCheck.objects.create(
        url="https://example.org/fine",
        ok=True,
        status_code=200,
        checked_at=timezone.now(),
    )
    links = content_health(user=_superuser(), today=TODAY).links
    assert [link.check.url for link in links] == [
        "https://college.example.edu/gone",
        "https://example.org/dead",
    ]
    gone, dead = links
    assert gone.check.outcome == "timed out after 10 s"
    assert [use.label for use in gone.uses] == [f"{program} (program url)"]
    assert dead.check.outcome == "404: not found"
    assert [use.label for use in dead.uses] == [
        "Source “OEWS table” in Pay by state",
        "Career fact “Median pay”",
        f"{program} (source url)",
    ]
    assert dead.uses[0].admin_url == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    assert dead.uses[1].admin_url == reverse(
        "admin:articles_occupationfact_change", args=[fact.pk]
    )


def test_sections_cap_their_rows_and_link_to_the_filtered_list():
    for _ in range(4):
        make_article(last_reviewed_on=None)
    health = content_health(user=_superuser(), today=TODAY, limit=3)
    assert (len(health.reviews.rows), health.reviews.count, health.reviews.more) == (
        3,
        4,
        1,
    )
    assert (
        health.reviews.list_url
        == reverse("admin:articles_article_changelist") + "?reviewed=stale"
    )


def _editor():
    editor = make_staff("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


@pytest.mark.parametrize(
    ("who", "status", "location"),
    [
        ("anonymous", 302, "login"),
        ("non-staff", 302, "login"),
        ("staff without permissions", 403, None),
        ("editor", 200, None),
        ("superuser", 200, None),
    ],
)
@pytest.mark.parametrize("name", ["admin:content_health", "admin:editorial_calendar"])
def test_only_staff_who_may_view_articles_open_the_screens(
    client, name, who, status, location
):
    from django.contrib.auth import get_user_model

    users = {
        "non-staff": lambda: get_user_model().objects.create_user(
            "reader", password="x"
        ),
        "staff without permissions": lambda: make_staff("helper"),
        "editor": _editor,
        "superuser": _superuser,
    }
    if who in users:
        client.force_login(users[who]())
    response = client.get(reverse(name))
    assert response.status_code == status
    if location:
        assert reverse("admin:login") in response["Location"]


def test_each_section_shows_only_to_who_may_view_its_model(client):
    from django.contrib.auth.models import Permission

    make_article(title="Never reviewed guide", last_reviewed_on=None)
    make_program()
    client.force_login(_editor())
    content = client.get(reverse("admin:content_health")).content.decode()
    # Editors keep programs and career figures current too (schools 0011).
    assert "Articles not reviewed in 12 months (1)" in content
    assert "Never reviewed guide" in content
    assert "Programs to verify" in content
    assert "Career facts older" in content
    assert "The links have not been checked yet." in content

    guides_only = make_staff("guides-only")
    guides_only.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "view_source"])
    )
    client.force_login(guides_only)
    content = client.get(reverse("admin:content_health")).content.decode()
    assert "Articles not reviewed in 12 months (1)" in content
    assert "Programs to verify" not in content
    assert "Career facts older" not in content


def test_the_admin_index_and_sidebar_link_to_the_editorial_screens(client):
    client.force_login(_editor())
    content = client.get(reverse("admin:index")).content.decode()
    for name in ("admin:content_health", "admin:editorial_calendar"):
        assert f'href="{reverse(name)}"' in content
    sidebar = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'href="{reverse("admin:editorial_calendar")}"' in sidebar


def test_staff_without_article_permission_get_no_editorial_section(client):
    client.force_login(make_staff("helper"))
    content = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:content_health") not in content


def _rows(n):
    for i in range(n):
        article = make_article(last_reviewed_on=None)
        make_source(article, url=f"https://example.org/dead/{i}")
        _failed(f"https://example.org/dead/{i}")
        make_fact(period_end=date(2020, 1, 31))
        make_program(source_url=f"https://example.org/dead/{i}", next_review="2020")


@pytest.mark.parametrize("rows", [3, 30])
def test_content_health_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, rows
):
    _rows(rows)
    client.force_login(_superuser())
    # The session and permissions are warm after this.
    client.get(reverse("admin:content_health"))
    # 11: the pay release in use is one more query, the same whatever the rows.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("admin:content_health"))
    assert response.status_code == 200
    assert response.content.decode().count("https://example.org/dead/") >= rows


def test_the_program_list_filter_matches_the_screen(admin_client):
    due = make_program(last_verified_on=None)
    fine = make_program(last_verified_on=timezone.localdate())
    response = admin_client.get(
        reverse("admin:schools_program_changelist"), {"verification": "due"}
    )
    shown = list(response.context["cl"].result_list)
    assert due in shown and fine not in shown


@pytest.mark.parametrize(
    ("published_on", "today", "due"),
    [
        # BLS published May 2025 on 2026-05-15: due once more than 13 months have passed.
        (date(2026, 5, 15), date(2026, 5, 15), False),
        (date(2026, 5, 15), date(2027, 5, 15), False),
        (date(2026, 5, 15), date(2027, 6, 15), False),
        (date(2026, 5, 15), date(2027, 6, 16), True),
        (date(2026, 5, 15), date(2028, 1, 1), True),
        # A month without the day clamps to its last day (31 January + 13 months = 28 February).
        (date(2025, 1, 31), date(2026, 2, 28), False),
        (date(2025, 1, 31), date(2026, 3, 1), True),
    ],
)
def test_pay_release_is_due_more_than_13_months_after_publication(
    published_on, today, due
):
    assert pay_release_due_for_update(published_on, today=today) is due
    make_pay_release(published_on=published_on)
    assert pay_release_health(today=today).due is due


def test_no_pay_release_loaded_is_flagged():
    health = pay_release_health(today=TODAY)
    assert (health.release, health.due) == (None, True)


@pytest.mark.parametrize(
    ("today", "flagged"), [("2026-12-02", False), ("2027-06-16", True)]
)
def test_screen_shows_the_pay_release_and_flags_it_when_old(
    client, time_machine, today, flagged
):
    time_machine.move_to(f"{today} 12:00:00+00:00")
    make_pay_release()
    client.force_login(_editor())
    content = client.get(reverse("admin:content_health")).content.decode()
    assert "BLS pay release in use" in content
    assert "BLS, Occupational Employment and Wage Statistics, May 2025" in content
    assert "published by BLS on 2026-05-15" in content
    assert "<code>manage.py import_pay_release &lt;folder&gt;</code>" in content
    assert ("look for the newer release" in content) is flagged
    assert ("a newer one is due" in content) is flagged
