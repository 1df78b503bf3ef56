"""Times as editors read them: "Dec. 5, 2026, 4:55 p.m. EST", local time with its zone.

The zone says which clock is meant (editors and the server may be in different places), and a sentence can end
after it without a second period ("p.m..").
"""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format


def local_time_text(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def time_zone_text() -> str:
    """The zone times are entered and shown in, as a form label says it: "America/New_York, now EST"."""
    return (
        f"{timezone.get_current_timezone_name()}, now {timezone.localtime().tzname()}"
    )
