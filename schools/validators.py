"""Field rules shared by the admin form and the programs CSV (both run the model's validators)."""

from django.core.exceptions import ValidationError
from django.utils import timezone

# No CAHIIM evidence or program fact we publish is older than this.
EARLIEST_YEAR = 2000


def validate_year(value: int) -> None:
    """A year from EARLIEST_YEAR up to this year: evidence and facts are never from the future."""
    this_year = timezone.localdate().year
    if value is None:
        return
    if value > this_year:
        raise ValidationError(
            "%(value)s is in the future; enter the year the source's figure is for (%(this_year)s at the latest).",
            code="future_year",
            params={"value": value, "this_year": this_year},
        )
    if value < EARLIEST_YEAR:
        raise ValidationError(
            "Enter a year from %(earliest)s on (four digits, e.g. 2024).",
            code="old_year",
            params={"earliest": EARLIEST_YEAR},
        )


def validate_percentage(value) -> None:
    if value is not None and not 0 <= value <= 100:
        raise ValidationError(
            "A rate is a percentage from 0 to 100 (you entered %(value)s).",
            code="percentage",
            params={"value": value},
        )
