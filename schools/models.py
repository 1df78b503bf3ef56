from django.db import models
from django.db.models import Q
from django.urls import reverse

from schools.states import STATE_CHOICES, state_name

# Where readers confirm a program's accreditation: CAHIIM's own directory. Templates read it
# as CAHIIM_DIRECTORY_URL (careersite.context_processors.site).
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

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "state"], name="institution_name_state_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["latitude", "longitude"], name="institution_coords_idx"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the programs' sorting copy of the name in step (derived data; one UPDATE, usually of nothing).
        self.programs.exclude(institution_name=self.name).update(
            institution_name=self.name
        )

    def get_absolute_url(self):
        return reverse("schools:institution", kwargs={"slug": self.slug})

    @property
    def state_name(self) -> str:
        return state_name(self.state)


class ProgramQuerySet(models.QuerySet):
    def public(self):
        """Programs a reader may see: active and not withdrawn (program_public_idx matches this)."""
        return self.filter(is_active=True).exclude(status=Program.Status.WITHDRAWN)


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
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    institution_name = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Copy of the institution's name, so the finder sorts without a join.",
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
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("schools:program", kwargs={"slug": self.slug})


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

    class Meta:
        ordering = ["position", "key"]
        constraints = [
            models.CheckConstraint(condition=~Q(key=""), name="pathway_key_not_empty")
        ]

    def __str__(self):
        return self.label
