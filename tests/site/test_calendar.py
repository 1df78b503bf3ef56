"""The editorial calendar: month parsing (bad input never breaks it), the grid, its providers, the screen."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article
from articles.selectors import scheduled_articles_between
from articles.workflow import calendar as schedule
from articles.workflow.calendar import CalendarItem, month_grid, month_parse
from tests.factories import make_article

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=NEW_YORK)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-12", date(2026, 12, 1)),
        (" 2027-01 ", date(2027, 1, 1)),
        ("2000-01", date(2000, 1, 1)),
        ("2999-12", date(2999, 12, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("2026-1", None),
        ("1999-12", None),
        ("3000-01", None),
        ("0000-01", None),
        ("２０２６-12", None),
        ("2026-12-01", None),
        ("december", None),
        ("", None),
        (None, None),
        ("9" * 5000, None),
    ],
)
def test_month_parse(text, month):
    assert month_parse(text) == month


@pytest.mark.django_db
def test_scheduled_articles_between_is_half_open_and_skips_drafts():
    start = datetime(2026, 12, 1, tzinfo=NEW_YORK)
    end = datetime(2027, 1, 1, tzinfo=NEW_YORK)
    first = make_article(published_at=start)
    make_article(published_at=end)
    make_article(published_at=start - timedelta(seconds=1))
    make_article(status=Article.Status.DRAFT, published_at=start + timedelta(days=2))
    last = make_article(published_at=end - timedelta(seconds=1))
    assert list(scheduled_articles_between(start=start, end=end)) == [first, last]


@pytest.mark.django_db
def test_month_grid_places_items_on_their_local_day(frozen):
    # 23:30 in New York on 5 December is already 6 December in UTC.
    late = make_article(
        title="Late", published_at=datetime(2026, 12, 5, 23, 30, tzinfo=NEW_YORK)
    )
    early = make_article(
        title="Early", published_at=datetime(2026, 12, 1, 0, 0, tzinfo=NEW_YORK)
    )
    make_article(
        title="November", published_at=datetime(2026, 11, 30, 23, 59, tzinfo=NEW_YORK)
    )
    grid = month_grid(date(2026, 12, 1), today=date(2026, 12, 2))
    days = {day.date: day for week in grid.weeks for day in week}
    # December 2026 starts on a Tuesday: the first row starts on Sunday 29 November.
    assert grid.weekdays[0] == "Sunday" and grid.weeks[0][0].date == date(2026, 11, 29)
    assert len(grid.weeks) == 5 and grid.item_count == 2
    assert [item.title for item in days[date(2026, 12, 5)].items] == ["Late"]
    assert [item.title for item in days[date(2026, 12, 1)].items] == ["Early"]
    assert (
        days[date(2026, 11, 30)].items == [] and not days[date(2026, 11, 30)].in_month
    )
    assert [day.date for day in days.values() if day.is_today] == [date(2026, 12, 2)]
    assert days[date(2026, 12, 5)].items[0].url == reverse(
        "admin:articles_article_change", args=[late.pk]
    )
    assert days[date(2026, 12, 1)].items[0].kind == "Published"
    assert days[date(2026, 12, 5)].items[0].kind == "Publishes"
    assert early.pk


@pytest.mark.django_db
def test_a_new_provider_adds_its_items_in_time_order(monkeypatch, frozen):
    make_article(
        title="Guide", published_at=datetime(2026, 12, 10, 9, 0, tzinfo=NEW_YORK)
    )

    def draft_changes(start, end):
        return [
            CalendarItem(
                when=datetime(2026, 12, 10, 8, 0, tzinfo=NEW_YORK),
                title="Guide (draft changes)",
                url="/admin/x/",
                kind="Changes go live",
            )
        ]

    monkeypatch.setattr(
        schedule, "CALENDAR_PROVIDERS", [*schedule.CALENDAR_PROVIDERS, draft_changes]
    )
    grid = month_grid(date(2026, 12, 1), today=date(2026, 12, 2))
    day = next(
        day for week in grid.weeks for day in week if day.date == date(2026, 12, 10)
    )
    assert [item.title for item in day.items] == ["Guide (draft changes)", "Guide"]


@pytest.mark.parametrize(
    ("month", "previous", "following"),
    [
        (date(2026, 12, 1), date(2026, 11, 1), date(2027, 1, 1)),
        (date(2026, 1, 1), date(2025, 12, 1), date(2026, 2, 1)),
        (date(2000, 1, 1), None, date(2000, 2, 1)),
        (date(2999, 12, 1), date(2999, 11, 1), None),
    ],
)
@pytest.mark.django_db
def test_month_grid_links_to_the_neighbouring_months(month, previous, following):
    grid = month_grid(month, today=date(2026, 12, 2))
    assert (grid.previous, grid.next) == (previous, following)


@pytest.mark.django_db
def test_the_calendar_screen_shows_the_month_with_links_to_each_article(
    admin_client, frozen
):
    article = make_article(
        title="Exam fees 2027",
        published_at=datetime(2026, 12, 15, 9, 0, tzinfo=NEW_YORK),
    )
    response = admin_client.get(
        reverse("admin:editorial_calendar"), {"month": "2026-12"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<caption>December 2026</caption>" in content
    grid = content.split('<table class="calendar">')[1].split("</table>")[0]
    assert grid.count('<th scope="col">') == 7
    assert (
        f'href="{reverse("admin:articles_article_change", args=[article.pk])}"'
        in content
    )
    assert 'href="?month=2026-11" rel="prev"' in content
    assert 'href="?month=2027-01" rel="next"' in content
    assert len(re.findall(r'aria-current="date"', content)) == 1
    assert "Publishes 09:00" in content
    # The current month needs no "This month" link.
    assert ">This month<" not in content


@pytest.mark.django_db
def test_another_month_offers_a_way_back_and_marks_no_day_today(admin_client, frozen):
    response = admin_client.get(
        reverse("admin:editorial_calendar"), {"month": "2027-03"}
    )
    content = response.content.decode()
    assert "<caption>March 2027</caption>" in content
    assert 'href="?month=2026-12">This month<' in content
    assert 'aria-current="date"' not in content
    assert "Nothing is scheduled in March 2027." in content


@pytest.mark.parametrize(
    "bad", ["2026-13", "x" * 300, "0000-00", "2026-12'--", "<script>"]
)
@pytest.mark.django_db
def test_a_bad_month_shows_this_month_with_a_message(admin_client, frozen, bad):
    response = admin_client.get(reverse("admin:editorial_calendar"), {"month": bad})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<caption>December 2026</caption>" in content
    assert "That is not a month the calendar can show" in content
    assert bad not in content


@pytest.mark.django_db
def test_the_calendar_without_a_month_shows_this_month_silently(admin_client, frozen):
    content = admin_client.get(reverse("admin:editorial_calendar")).content.decode()
    assert "<caption>December 2026</caption>" in content
    assert "That is not a month" not in content


@pytest.mark.django_db
def test_the_calendar_only_answers_get(admin_client):
    assert admin_client.post(reverse("admin:editorial_calendar")).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.django_db
def test_calendar_queries_do_not_grow_with_items(
    admin_client, django_assert_max_num_queries, frozen, rows
):
    for n in range(rows):
        make_article(published_at=datetime(2026, 12, 1 + n % 28, 9, n, tzinfo=NEW_YORK))
    admin_client.get(reverse("admin:editorial_calendar"))
    # The session, the user, the month's articles and its scheduled changes.
    with django_assert_max_num_queries(4):
        response = admin_client.get(reverse("admin:editorial_calendar"))
    assert response.content.decode().count('class="day-items"') == min(rows, 28)


@pytest.mark.django_db
def test_scheduled_changes_of_live_articles_are_on_the_calendar(admin_client, frozen):
    from articles.models import ArticleDraft

    live = make_article(title="Live guide")
    ArticleDraft.objects.create(
        article=live,
        state="scheduled",
        go_live_at=datetime(2026, 12, 20, 8, 30, tzinfo=NEW_YORK),
        title="Live guide, updated",
        slug=live.slug,
        dek=live.dek,
        topic=live.topic,
        author=live.author,
    )
    response = admin_client.get(
        reverse("admin:editorial_calendar"), {"month": "2026-12"}
    )
    content = response.content.decode()
    assert "Changes go live 08:30" in content
    assert "Live guide, updated" in content
    assert (
        f'href="{reverse("admin:articles_article_change", args=[live.pk])}"' in content
    )
