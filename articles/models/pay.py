"""BLS Occupational Employment and Wage Statistics (OEWS) as data the site owns.

One `PayRelease` per BLS release ("May 2025"); areas (nation, states, metro and nonmetro areas) are shared by
releases and keyed on BLS's area code; each estimate is one occupation in one area (or one industry) in one
release, with every measure BLS published. Missing is NULL and the row's footnotes say why ("Estimate not
released"); a top-coded measure is stored and named in `top_coded`, so pages print it as "≥ $239,200".
"""

from django.db import models
from django.urls import reverse

from careersite.pagecache import ContentQuerySet

MEASURES = (
    "employment",
    "employment_rse_pct",
    "hourly_mean",
    "annual_mean",
    "wage_rse_pct",
    "hourly_p10",
    "hourly_p25",
    "hourly_median",
    "hourly_p75",
    "hourly_p90",
    "annual_p10",
    "annual_p25",
    "annual_median",
    "annual_p75",
    "annual_p90",
    "jobs_per_1000",
    "location_quotient",
)


class PayRelease(models.Model):
    name = models.CharField(max_length=40, unique=True, help_text='e.g. "May 2025"')
    code = models.CharField(
        max_length=10, unique=True, help_text='BLS release code, e.g. "2025A01"'
    )
    reference_month = models.DateField(
        help_text="First day of the month the estimates describe."
    )
    published_on = models.DateField(help_text="The day BLS published the release.")
    retrieved_on = models.DateField(
        help_text="The day our copy of BLS's files was retrieved."
    )
    source_name = models.CharField(max_length=200)
    source_url = models.URLField(max_length=500)
    # BLS's footnote texts by code ({"8": "Estimate not released"}) and the provenance manifest.
    footnotes = models.JSONField(default=dict)
    provenance = models.JSONField(default=dict)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["-reference_month"]

    def __str__(self):
        return self.name


class PayOccupation(models.Model):
    soc = models.CharField(
        max_length=7, unique=True, help_text='SOC code, e.g. "29-2072"'
    )
    title = models.CharField(max_length=200)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["soc"]

    def __str__(self):
        return f"{self.title} ({self.soc})"


class PayArea(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", "Nation"
        STATE = "state", "State"
        METRO = "metro", "Metropolitan area"
        NONMETRO = "nonmetro", "Nonmetropolitan area"

    code = models.CharField(max_length=7, unique=True, help_text="BLS area code")
    kind = models.CharField(max_length=10, choices=Kind)
    state = models.CharField(
        max_length=2, blank=True, help_text="USPS code of the area's state"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    principal_cities = models.JSONField(default=list, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "state"], name="payarea_kind_state_idx")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.kind == self.Kind.NATIONAL:
            return reverse("careers:salary")
        if self.kind == self.Kind.STATE:
            return reverse("careers:pay-state", args=[self.slug])
        return reverse("careers:pay-area", args=[self.slug])

    @property
    def point(self):
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


class WageMeasures(models.Model):
    employment = models.PositiveIntegerField(null=True, blank=True)
    employment_rse_pct = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True
    )
    hourly_mean = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    annual_mean = models.PositiveIntegerField(null=True, blank=True)
    wage_rse_pct = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True
    )
    hourly_p10 = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    hourly_p25 = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    hourly_median = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    hourly_p75 = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    hourly_p90 = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    annual_p10 = models.PositiveIntegerField(null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(null=True, blank=True)
    annual_median = models.PositiveIntegerField(null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(null=True, blank=True)
    annual_p90 = models.PositiveIntegerField(null=True, blank=True)
    jobs_per_1000 = models.DecimalField(
        max_digits=8, decimal_places=3, null=True, blank=True
    )
    location_quotient = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True
    )
    footnotes = models.CharField(
        max_length=40, blank=True, help_text="BLS footnote codes, e.g. 1;2"
    )
    top_coded = models.JSONField(
        default=list, blank=True, help_text="Measures BLS top-coded"
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def footnote_codes(self) -> list[str]:
        return [code for code in self.footnotes.split(";") if code]


class PayEstimate(WageMeasures):
    """One occupation in one area, in one release."""

    release = models.ForeignKey(
        PayRelease, on_delete=models.CASCADE, related_name="estimates"
    )
    occupation = models.ForeignKey(PayOccupation, on_delete=models.PROTECT)
    area = models.ForeignKey(
        PayArea, on_delete=models.PROTECT, related_name="estimates"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "occupation", "area"], name="payestimate_unique"
            )
        ]

    def __str__(self):
        return f"{self.occupation.soc} in {self.area.name}, {self.release.name}"


class PayIndustryEstimate(WageMeasures):
    """One occupation in one industry, nationally, in one release."""

    release = models.ForeignKey(
        PayRelease, on_delete=models.CASCADE, related_name="industry_estimates"
    )
    occupation = models.ForeignKey(PayOccupation, on_delete=models.PROTECT)
    naics = models.CharField(max_length=8, help_text="BLS industry code")
    industry = models.CharField(max_length=200)
    display_level = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["naics"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "occupation", "naics"], name="payindustry_unique"
            )
        ]

    def __str__(self):
        return f"{self.occupation.soc} in {self.industry}, {self.release.name}"
