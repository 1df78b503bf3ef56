"""The model fields every program fact repeats: its value as a rate, the year it is for, the page that gives it."""

from django.db import models

from schools.validators import validate_percentage, validate_year


def fact_year_field(what: str):
    return models.PositiveSmallIntegerField(
        f"{what} year",
        null=True,
        blank=True,
        validators=[validate_year],
        help_text="The year the source's figure is for (a 2023-2024 report is 2024).",
    )


def fact_source_field(what: str):
    return models.URLField(
        f"{what} source",
        max_length=1000,
        blank=True,
        help_text="The public page (usually the program's own outcomes page) that gives the figure.",
    )


def fact_rate_field(label: str, help_text: str):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[validate_percentage],
        help_text=f"{help_text} A percentage from 0 to 100, as published.",
    )
