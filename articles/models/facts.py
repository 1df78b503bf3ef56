from django.db import models
from django.urls import reverse

from careersite.pagecache import ContentQuerySet


class OccupationFact(models.Model):
    """One sourced figure about medical records specialists (SOC 29-2072), shown wherever it is needed."""

    class Unit(models.TextChoices):
        USD = "usd", "US dollars"
        PERCENT = "percent", "Percent"
        COUNT = "count", "Count"

    key = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Stable name used by templates, e.g. median-pay.",
    )
    label = models.CharField(max_length=150)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=10, choices=Unit)
    period = models.CharField(
        max_length=100,
        help_text='Reference period as the source prints it, e.g. "May 2024" or "2024-34".',
    )
    period_end = models.DateField(
        null=True,
        blank=True,
        help_text="Last day of the reference period; facts older than 18 months are flagged.",
    )
    source_name = models.CharField(max_length=200)
    source_url = models.URLField(max_length=1000)
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "key"]

    def __str__(self):
        return f"{self.label} ({self.period})"


class StateWage(models.Model):
    """Employment and annual mean wage of medical records workers in one state for one period."""

    state_code = models.CharField(max_length=2)
    state_name = models.CharField(max_length=60)
    employment = models.PositiveIntegerField(null=True, blank=True)
    annual_mean_wage = models.PositiveIntegerField(null=True, blank=True)
    period = models.CharField(
        max_length=40, help_text='Reference period, e.g. "May 2018".'
    )
    period_end = models.DateField(help_text="Last day of the reference month.")
    occupation_code = models.CharField(
        max_length=7,
        default="29-2072",
        help_text="SOC code on the source (29-2071 before the 2018 SOC).",
    )
    source_url = models.URLField(max_length=1000)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "state_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["state_code", "period"], name="statewage_state_period_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["period_end", "annual_mean_wage"],
                name="statewage_period_wage_idx",
            )
        ]

    def __str__(self):
        return f"{self.state_name}, {self.period}"

    def get_absolute_url(self):
        return reverse("careers:salary")
