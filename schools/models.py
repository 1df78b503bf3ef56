from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from careersite.pagecache import ContentQuerySet
from careersite.query import accents_removed
from careersite.states import STATE_CHOICES, state_name
from schools.fields import fact_rate_field, fact_source_field, fact_year_field
from schools.querysets import ProgramQuerySet
from schools.validators import (
    FACT_FIELDS,
    NEXT_REVIEW_FORMAT,
    program_facts_errors,
    validate_year,
)

# Where readers confirm a program's accreditation: CAHIIM's own directory. Templates read it
# as CAHIIM_DIRECTORY_URL (schools.context_processors.cahiim).
CAHIIM_DIRECTORY_URL = "https://www.cahiim.org/"


class Institution(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, choices=STATE_CHOICES, db_index=True)
    postal_code = models.CharField(max_length=10, blank=True)
    website = models.URLField(max_length=500, blank=True)
    latitude = models.FloatField(
        null=True, blank=True, help_text="Filled from the ZIP code or city when known."
    )
    longitude = models.FloatField(null=True, blank=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "state"], name="institution_name_state_unique"
            )
        ]
        # On PostgreSQL the name also has a trigram GIN index for the name search
        # (institution_name_trgm_idx, created with SQL in migration 0008_program_name_trigram:
        # SQLite has no gin_trgm_ops, so it is not declared here).
        indexes = [
            models.Index(
                fields=["latitude", "longitude"], name="institution_coords_idx"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the programs' copies of the name (sorting) and name and city (site search) in step
        # (derived data; a few rows per institution, usually none changed).
        changed = []
        for program in self.programs.only(
            "pk", "name", "institution_name", "search_text"
        ):
            text = program_search_text(program.name, self)
            if (program.institution_name, program.search_text) != (self.name, text):
                program.institution_name, program.search_text = self.name, text
                changed.append(program)
        if changed:
            Program.objects.bulk_update(changed, ["institution_name", "search_text"])

    def get_absolute_url(self):
        return reverse("schools:institution", kwargs={"slug": self.slug})

    @property
    def state_name(self) -> str:
        return state_name(self.state)


# Site search matches a word in the program's name, its institution's name or city: one column holds
# the three, apart by a character no search term contains, so one index serves the match.
SEARCH_TEXT_SEPARATOR = "\n"


def search_text_tail(institution: Institution) -> str:
    return f"{SEARCH_TEXT_SEPARATOR}{institution.name}{SEARCH_TEXT_SEPARATOR}{institution.city}"


def program_search_text(name: str, institution: Institution) -> str:
    """Without accents, like the words a reader searches for: "gestion" and "gestión" both find "Gestión"."""
    return accents_removed(name + search_text_tail(institution))


class Program(models.Model):
    class Level(models.TextChoices):
        ASSOCIATE = "associate", "Associate degree"
        BACCALAUREATE = "baccalaureate", "Bachelor's degree"
        MASTERS = "masters", "Master's degree"

    class Discipline(models.TextChoices):
        HIM = "health_information_management", "Health information management"
        INFORMATICS = "health_informatics", "Health informatics"

    class Delivery(models.TextChoices):
        CAMPUS = "campus", "On campus"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid"
        UNKNOWN = "", "Not stated"

    class Status(models.TextChoices):
        ACCREDITED = "accredited", "Accredited"
        CANDIDACY = "candidacy", "Candidacy"
        PROBATION = "probation", "Probation"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Exam(models.TextChoices):
        RHIT = "RHIT", "RHIT (Registered Health Information Technician)"
        RHIA = "RHIA", "RHIA (Registered Health Information Administrator)"

    class TuitionBasis(models.TextChoices):
        PER_CREDIT_HOUR = "per_credit_hour", "Per credit hour"
        TOTAL = "total", "Total for the program"

    class Residency(models.TextChoices):
        ALL = "all", "Same for all students"
        IN_STATE = "in_state", "In-state (or in-district)"
        OUT_OF_STATE = "out_of_state", "Out-of-state"

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    level = models.CharField(max_length=15, choices=Level)
    discipline = models.CharField(max_length=40, choices=Discipline)
    delivery = models.CharField(
        max_length=10,
        choices=Delivery,
        blank=True,
        help_text="Leave blank when the source does not say.",
    )
    status = models.CharField(
        "accreditation status", max_length=12, choices=Status, default=Status.ACCREDITED
    )
    program_url = models.URLField(max_length=1000, blank=True)
    source_url = models.URLField(
        max_length=1000,
        help_text="The public page that supports the accreditation claim.",
    )
    source_note = models.TextField(
        blank=True, help_text="What the source says, with its date."
    )
    last_verified_on = models.DateField(
        null=True,
        blank=True,
        help_text="When an editor last checked CAHIIM's directory.",
    )
    source_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[validate_year],
        help_text="The year the source's information dates from (a 2023-2024 catalog is 2024). "
        "Leave blank when the page shows no date.",
    )
    next_review = models.CharField(
        "next CAHIIM review",
        max_length=20,
        blank=True,
        validators=[NEXT_REVIEW_FORMAT],
        help_text='CAHIIM\'s next comprehensive review as printed ("2027-2028"), or the year the program '
        'says it is "reaffirmed through". Blank when no source shows it.',
    )

    # Program facts, all optional and never estimated: each group has the year its figure is for and
    # the page that publishes it. Program.clean() (admin) and ProgramRowForm (CSV) share the rules of
    # schools.validators.program_facts_errors: a value needs its year and source, and they need a value.
    graduation_rate = fact_rate_field(
        "graduation rate", "Share of students who graduate."
    )
    graduation_rate_year = fact_year_field("graduation rate")
    graduation_rate_source_url = fact_source_field("graduation rate")
    employment_rate = fact_rate_field(
        "employment rate", "Share of graduates employed (as the program reports it)."
    )
    employment_rate_year = fact_year_field("employment rate")
    employment_rate_source_url = fact_source_field("employment rate")
    exam_pass_rate = fact_rate_field(
        "exam pass rate", "Share of graduates who passed the certification exam."
    )
    exam_pass_rate_exam = models.CharField(
        "exam",
        max_length=4,
        choices=Exam,
        blank=True,
        help_text="The exam the pass rate is for.",
    )
    exam_pass_rate_year = fact_year_field("exam pass rate")
    exam_pass_rate_source_url = fact_source_field("exam pass rate")
    tuition_amount = models.DecimalField(
        "tuition (US dollars)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Tuition as the source gives it, without fees unless the source only gives a total.",
    )
    tuition_basis = models.CharField(
        max_length=15,
        choices=TuitionBasis,
        blank=True,
        help_text="Per credit hour, or the total for the program.",
    )
    tuition_residency = models.CharField(
        "tuition applies to",
        max_length=12,
        choices=Residency,
        blank=True,
        help_text="Who pays this amount. When the source gives in-state and out-of-state prices, "
        "enter the in-state one here and the other below.",
    )
    tuition_out_of_state_amount = models.DecimalField(
        "out-of-state tuition (US dollars)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Only with an in-state amount above, on the same basis and from the same source.",
    )
    tuition_year = fact_year_field("tuition")
    tuition_source_url = fact_source_field("tuition")
    length_credits = models.DecimalField(
        "length in credits",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Credit hours the program requires.",
    )
    length_months = models.PositiveSmallIntegerField(
        "length in months",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="How long the program takes full time, in months, as the source says.",
    )
    length_year = fact_year_field("length")
    length_source_url = fact_source_field("length")
    practice_on_site = models.BooleanField(
        "professional practice on site",
        null=True,
        blank=True,
        help_text="Yes when the source says the professional-practice (clinical) hours are done in person at "
        "a healthcare site; No when they can be done remotely. Unknown when the source does not say.",
    )
    practice_on_site_year = fact_year_field("professional practice")
    practice_on_site_source_url = fact_source_field("professional practice")

    seed_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Hash of the seeded columns as the seed list last wrote them (blank for programs "
        "editors added); seed_content updates a row only while its columns still match it.",
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    institution_name = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Copy of the institution's name, so the finder sorts without a join.",
    )
    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The program's name, its institution's name and city, for site search "
        "(indexed: migration 0010_program_search_text).",
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["institution__name", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name", "level"], name="program_natural_key"
            ),
        ]
        indexes = [
            # Covers every finder filter on the program itself, so counting matches is an index-only scan.
            models.Index(
                fields=["level", "is_active", "status", "delivery"],
                name="program_finder_count_idx",
            ),
            # Public programs by institution (site search, institution and state pages); the
            # condition must stay the filter of ProgramQuerySet.public() for the planner to use it.
            models.Index(
                fields=["institution"],
                condition=Q(is_active=True) & ~Q(status="withdrawn"),
                name="program_public_idx",
            ),
            models.Index(
                fields=["level", "delivery"], name="program_level_delivery_idx"
            ),
            models.Index(
                fields=["level", "institution_name", "name", "id"],
                name="program_finder_order_idx",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.institution}" if self.institution_id else self.name

    def save(self, *args, **kwargs):
        if self.institution_id:
            self.institution_name = self.institution.name
            self.search_text = program_search_text(self.name, self.institution)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("schools:program", kwargs={"slug": self.slug})

    def clean(self):
        errors = program_facts_errors(
            {name: getattr(self, name) for name in FACT_FIELDS}
        )
        if errors:
            raise ValidationError(errors)


class EducationPathway(models.Model):
    """One answer to "What is your highest level of education?" and where it leads."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    levels = models.JSONField(
        default=list,
        help_text='Program levels this answer leads to, in order, e.g. ["associate", "baccalaureate"].',
    )
    guidance = models.TextField(help_text="Shown above the results for this answer.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "key"]
        constraints = [
            models.CheckConstraint(condition=~Q(key=""), name="pathway_key_not_empty")
        ]

    def __str__(self):
        return self.label


class FinderCount(models.Model):
    """How many public programs share a level, state, delivery and accreditation status.

    The finder reads its result counts here instead of counting matching programs. Derived data
    kept exact by database triggers on schools_program and schools_institution (migration
    0009_finder_counts), so every write counts: saves, QuerySet.update(), bulk_create, deletes.
    """

    level = models.CharField(max_length=15, choices=Program.Level)
    state = models.CharField(max_length=2)
    delivery = models.CharField(max_length=10, choices=Program.Delivery, blank=True)
    status = models.CharField(max_length=12, choices=Program.Status)
    programs = models.IntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["level", "state", "delivery", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "state", "delivery", "status"],
                name="findercount_key_unique",
            )
        ]

    def __str__(self):
        return f"{self.level} {self.state} {self.delivery or '-'} {self.status}: {self.programs}"
