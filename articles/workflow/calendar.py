"""The editorial calendar: what goes live on each day of a month, from a list of providers.

A provider is a function (start, end) -> CalendarItems for aware datetimes [start, end). Adding a
kind of item (e.g. draft changes with a go-live time) is one more function in CALENDAR_PROVIDERS.
"""

import calendar
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from articles.selectors import scheduled_articles_between

# Months the calendar can show; anything else in ?month= is refused (never an out-of-range date).
FIRST_YEAR, LAST_YEAR = 2000, 2999
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


@dataclass(frozen=True, order=True)
class CalendarItem:
    when: datetime
    title: str
    url: str = field(compare=False)
    kind: str = field(compare=False)


def scheduled_article_items(start: datetime, end: datetime) -> list[CalendarItem]:
    """Articles whose publication time falls in the range: "Publishes" ahead, "Published" once past."""
    now = timezone.now()
    return [
        CalendarItem(
            when=article.published_at,
            title=article.title,
            url=reverse("admin:articles_article_change", args=[article.pk]),
            kind="Publishes" if article.published_at > now else "Published",
        )
        for article in scheduled_articles_between(start=start, end=end)
    ]


def scheduled_change_items(start: datetime, end: datetime) -> list[CalendarItem]:
    """Draft changes of live articles scheduled to go live in the range."""
    from articles.workflow.services import scheduled_changes_between

    return [
        CalendarItem(
            when=draft.go_live_at,
            title=draft.title,
            url=reverse("admin:articles_article_change", args=[draft.article_id]),
            kind="Changes go live",
        )
        for draft in scheduled_changes_between(start, end)
    ]


CALENDAR_PROVIDERS: list[Callable[[datetime, datetime], Iterable[CalendarItem]]] = [
    scheduled_article_items,
    scheduled_change_items,
]


def calendar_items(start: datetime, end: datetime) -> list[CalendarItem]:
    """Every provider's items in [start, end), in time order."""
    return sorted(
        item for provider in CALENDAR_PROVIDERS for item in provider(start, end)
    )


def month_parse(text: str | None) -> date | None:
    """The first day of "YYYY-MM" (as <input type="month"> sends it), or None when it is not one."""
    match = _MONTH.fullmatch((text or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def month_param(month: date) -> str:
    return f"{month:%Y-%m}"


def month_in_range(month: date) -> bool:
    return FIRST_YEAR <= month.year <= LAST_YEAR


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    is_today: bool
    items: list[CalendarItem]


@dataclass(frozen=True)
class MonthGrid:
    month: date
    weekdays: list[str]
    weeks: list[list[Day]]
    item_count: int
    previous: date | None
    next: date | None


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """Aware start and end of the month in the site's time zone (midnight to midnight)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(month, time.min)
    end = datetime.combine(month + relativedelta(months=1), time.min)
    return timezone.make_aware(start, zone), timezone.make_aware(end, zone)


def month_grid(
    month: date, *, today: date, first_weekday: int = calendar.SUNDAY
) -> MonthGrid:
    """The month as weeks of days, each with its items (days of the next and last month have none)."""
    start, end = month_bounds(month)
    by_day: dict[date, list[CalendarItem]] = defaultdict(list)
    items = calendar_items(start, end)
    for item in items:
        by_day[timezone.localdate(item.when)].append(item)
    weeks = [
        [
            Day(
                date=day,
                in_month=day.month == month.month,
                is_today=day == today,
                items=by_day.get(day, []) if day.month == month.month else [],
            )
            for day in week
        ]
        for week in calendar.Calendar(first_weekday).monthdatescalendar(
            month.year, month.month
        )
    ]
    previous, following = (
        month - relativedelta(months=1),
        month + relativedelta(months=1),
    )
    return MonthGrid(
        month=month,
        weekdays=[calendar.day_name[(first_weekday + i) % 7] for i in range(7)],
        weeks=weeks,
        item_count=len(items),
        previous=previous if month_in_range(previous) else None,
        next=following if month_in_range(following) else None,
    )
