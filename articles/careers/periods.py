"""Reference periods as sources print them ("May 2024", "2024-34"), and how old a figure is.

A period is dated only when the source prints it; figures whose period ended more than
STALE_AFTER_MONTHS ago are flagged to editors.
"""

import calendar
import re
from datetime import date

from django.db.models import Q

STALE_AFTER_MONTHS = 18

MONTHS = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_end_parse(period: str) -> date | None:
    """Last day of a printed period: "May 2024", "2024" or a projection "2024-34" (its base year).

    Anything else ("not printed", "May 2022 (inferred ...)") is undated: we never guess a date.
    """
    text = str(period).strip()
    if match := re.fullmatch(r"([A-Za-z]+)\.? (\d{4})", text):
        month = MONTHS.get(match[1].lower())
        return _month_end(int(match[2]), month) if month else None
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 12, 31)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return date(int(match[1]), 12, 31)
    return None


def months_before(today: date, months: int) -> date:
    total = today.year * 12 + today.month - 1 - months
    year, month = divmod(total, 12)
    return date(
        year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1])
    )


def stale_cutoff(today: date) -> date:
    """Facts whose period ended before this day are more than 18 months old."""
    return months_before(today, STALE_AFTER_MONTHS)


def fact_age_status(period_end: date | None, *, today: date) -> str:
    if period_end is None:
        return "undated"
    return "stale" if period_end < stale_cutoff(today) else "current"


def facts_stale_q(today: date) -> Q:
    return Q(period_end__lt=stale_cutoff(today))
