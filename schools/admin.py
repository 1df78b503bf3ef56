from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV

from careersite.admin_forms import URL_FIELD_OVERRIDES
from careersite.csv_admin import CsvImportMixin
from schools.evidence import VERIFY_EVERY_MONTHS, programs_needing_verification
from schools.models import EducationPathway, Institution, Program
from schools.resources import ProgramResource
from schools.services import COLUMNS, programs_import_csv, programs_read_csv


class ProgramInline(admin.TabularInline):
    model = Program
    extra = 0
    fields = [
        "name",
        "slug",
        "level",
        "delivery",
        "status",
        "last_verified_on",
        "is_active",
    ]
    show_change_link = True


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = [
        "name",
        "city",
        "state",
        "postal_code",
        "has_coordinates",
    ]
    list_filter = ["state"]
    search_fields = ["name", "city", "postal_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProgramInline]

    @admin.display(boolean=True, description="Mapped")
    def has_coordinates(self, obj):
        return obj.latitude is not None


def _set_status(status):
    def action(modeladmin, request, queryset):
        count = queryset.update(status=status)
        modeladmin.message_user(
            request,
            f"Set {count} program(s) to {Program.Status(status).label.lower()}.",
            messages.SUCCESS,
        )

    action.__name__ = f"set_status_{status}"
    return admin.action(
        description=f"Set accreditation status: {Program.Status(status).label.lower()}"
    )(action)


FACTS_HELP = (
    "Optional. Fill only what the program publishes (usually on its outcomes page, which CAHIIM asks "
    "accredited programs to keep), each with the year the figure is for and the page that gives it. "
    "The program page shows a fact only when it is complete."
)
PROGRAM_FACT_FIELDSETS = [
    ("Outcomes: graduation and employment", {"classes": ["collapse"], "description": FACTS_HELP, "fields": [
        ("graduation_rate", "graduation_rate_year"), "graduation_rate_source_url",
        ("employment_rate", "employment_rate_year"), "employment_rate_source_url"]}),
    ("Outcomes: certification exam", {"classes": ["collapse"], "fields": [
        ("exam_pass_rate", "exam_pass_rate_exam", "exam_pass_rate_year"), "exam_pass_rate_source_url"]}),
    ("Cost: tuition", {"classes": ["collapse"], "fields": [
        ("tuition_amount", "tuition_basis", "tuition_residency"), "tuition_out_of_state_amount",
        "tuition_year", "tuition_source_url"]}),
    ("Length and professional practice", {"classes": ["collapse"], "fields": [
        ("length_credits", "length_months", "length_year"), "length_source_url",
        ("practice_on_site", "practice_on_site_year"), "practice_on_site_source_url"]}),
]  # fmt: skip


class VerificationFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            (
                "due",
                f"Due: never verified, over {VERIFY_EVERY_MONTHS} months ago, or review passed",
            )
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            due = programs_needing_verification(today=timezone.localdate())
            return queryset.filter(pk__in=due.values("pk"))
        return queryset


@admin.register(Program)
class ProgramAdmin(CsvImportMixin, ExportMixin, admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    csv_columns = COLUMNS
    # Export: django-import-export's page, in the import's format.
    resource_classes = [ProgramResource]
    export_formats = [CSV]
    list_display = [
        "name",
        "institution",
        "state",
        "level",
        "delivery",
        "status",
        "last_verified_on",
        "is_active",
    ]
    list_filter = [
        "level",
        "institution__state",
        "delivery",
        "status",
        "last_verified_on",
        VerificationFilter,
        "is_active",
    ]
    list_select_related = ["institution"]
    search_fields = ["name", "institution__name", "institution__city"]
    autocomplete_fields = ["institution"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = None
    actions = [
        "mark_verified_today",
        *(_set_status(status) for status in Program.Status.values),
        "make_inactive",
        "make_active",
    ]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["institution", "name", "slug", "level", "discipline", "delivery"]}),
        ("Accreditation", {"fields": ["status", "last_verified_on", "source_url", "source_note", "source_year",
                                      "next_review", "program_url"]}),
        *PROGRAM_FACT_FIELDSETS,
        ("Visibility", {"fields": ["is_active", "updated_at"],
                        "description": "To take a program off the site, untick Active or set the status to withdrawn "
                                       "rather than deleting it: the seed list would add a deleted program back."}),
    ]  # fmt: skip

    def csv_read(self, source):
        return programs_read_csv(source)

    def csv_import(self, *, rows, dry_run):
        return programs_import_csv(rows=rows, dry_run=dry_run)

    @admin.display(description="State", ordering="institution__state")
    def state(self, obj):
        return obj.institution.state

    @admin.action(description="Mark verified today (checked in CAHIIM's directory)")
    def mark_verified_today(self, request, queryset):
        count = queryset.update(last_verified_on=timezone.localdate())
        self.message_user(
            request, f"Marked {count} program(s) as verified today.", messages.SUCCESS
        )

    @admin.action(description="Hide from the site (inactive)")
    def make_inactive(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, f"{count} program(s) hidden.", messages.SUCCESS)

    @admin.action(description="Show on the site (active)")
    def make_active(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, f"{count} program(s) shown.", messages.SUCCESS)


class LevelsField(forms.MultipleChoiceField):
    """Program levels as checkboxes; stored in the canonical order associate, bachelor's, master's."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        chosen = super().clean(value)
        return [level for level in Program.Level.values if level in chosen]


class EducationPathwayForm(forms.ModelForm):
    levels = LevelsField(
        choices=Program.Level.choices,
        help_text="The program levels this answer leads to, shown in this order.",
    )

    class Meta:
        model = EducationPathway
        fields = ["key", "label", "levels", "guidance", "position"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 4})}


@admin.register(EducationPathway)
class EducationPathwayAdmin(admin.ModelAdmin):
    form = EducationPathwayForm
    list_display = ["label", "key", "levels_display", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"key": ["label"]}

    @admin.display(description="Leads to")
    def levels_display(self, obj):
        labels = dict(Program.Level.choices)
        return ", ".join(labels.get(level, level) for level in obj.levels)
