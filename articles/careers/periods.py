"""Reference periods as sources print them ("May 2024", "2024-34"), and how old a figure is.

A period is dated only when the source prints it; figures whose period ended more than
STALE_AFTER_MONTHS ago are flagged to editors.
"""

import calendar
import re
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Q

STALE_AFTER_MONTHS = 18

MONTHS = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
}


def period_end_parse(period: str) -> date | None:
    """Last day of a printed period: "May 2024", "2024" or a projection "2024-34" (its base year).

    Anything else ("not printed", "May 2022 (inferred ...)") is undated: we never guess a date.
    """
    text = str(period).strip()
    if match := re.fullmatch(r"([A-Za-z]+)\.? (\d{4})", text):
        month = MONTHS.get(match[1].lower())
        # day=31 is clamped to the month's last day
        return date(int(match[2]), month, 1) + relativedelta(day=31) if month else None
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 12, 31)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return date(int(match[1]), 12, 31)
    return None


def stale_cutoff(today: date) -> date:
    """Facts whose period ended before this day are more than 18 months old.

    A day missing from the earlier month is clamped to its last day (31 August -> 28 February).
    """
    return today - relativedelta(months=STALE_AFTER_MONTHS)


def fact_age_status(period_end: date | None, *, today: date) -> str:
    if period_end is None:
        return "undated"
    return "stale" if period_end < stale_cutoff(today) else "current"


def facts_stale_q(today: date) -> Q:
    return Q(period_end__lt=stale_cutoff(today))


# BLS publishes OEWS each spring; a release more than this many months past its publication has a successor.
PAY_RELEASE_DUE_AFTER_MONTHS = 13


def pay_release_due_for_update(published_on: date, *, today: date) -> bool:
    """True once `today` is more than 13 months after BLS published the release (the day itself is not)."""
    return today > published_on + relativedelta(months=PAY_RELEASE_DUE_AFTER_MONTHS)
