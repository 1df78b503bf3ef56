"""Admin for the career facts: staleness flags on facts, and a CSV import for state wage tables."""

from django.contrib import admin
from django.utils import timezone

from articles.careers.facts import SUPERSEDED_BY_PAY_RELEASE
from articles.careers.periods import STALE_AFTER_MONTHS, fact_age_status, facts_stale_q
from articles.careers.wages import COLUMNS, state_wages_import_csv, state_wages_read_csv
from articles.models import OccupationFact, StateWage
from careersite.admin_forms import URL_FIELD_OVERRIDES
from careersite.csv_admin import CsvImportMixin


class FactAgeFilter(admin.SimpleListFilter):
    title = "age"
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [
            ("stale", f"Older than {STALE_AFTER_MONTHS} months"),
            ("current", f"Within {STALE_AFTER_MONTHS} months"),
            ("undated", "Undated"),
        ]

    def queryset(self, request, queryset):
        stale = facts_stale_q(timezone.localdate())
        if self.value() == "stale":
            return queryset.filter(stale)
        if self.value() == "current":
            return queryset.filter(period_end__isnull=False).exclude(stale)
        if self.value() == "undated":
            return queryset.filter(period_end__isnull=True)
        return queryset


@admin.register(OccupationFact)
class OccupationFactAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = [
        "label",
        "value",
        "unit",
        "period",
        "period_end",
        "age",
        "shown",
        "source_name",
        "position",
    ]
    list_editable = ["position"]
    list_filter = [FactAgeFilter, "unit"]
    search_fields = ["label", "key", "source_name", "note"]
    readonly_fields = ["age", "shown"]
    fieldsets = [
        (None, {"fields": ["key", "label", "value", "unit", "position"]}),
        ("Period", {"fields": ["period", "period_end", "age", "shown"]}),
        ("Source", {"fields": ["source_name", "source_url", "note"]}),
    ]

    @admin.display(description="Shown to readers")
    def shown(self, obj):
        if obj.key in SUPERSEDED_BY_PAY_RELEASE:
            return "no: pay and jobs come from the newest BLS pay release"
        return "yes"

    @admin.display(description="Age")
    def age(self, obj):
        status = fact_age_status(obj.period_end, today=timezone.localdate())
        return {
            "stale": f"⚠ older than {STALE_AFTER_MONTHS} months",
            "current": "current",
            "undated": "undated",
        }[status]


@admin.register(StateWage)
class StateWageAdmin(CsvImportMixin, admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    csv_columns = COLUMNS
    import_title = "Import a state wage table"
    import_help = (
        "Load a newer state table in the same CSV format as articles/careers/data/oews_29-2072_by_state.csv: "
        "state_code, state_name, employment, annual_mean_wage, reference_period (e.g. May 2024), source_url, "
        "optionally occupation_code. Rows are keyed on state and period: existing rows are updated. Every row "
        "is checked first; if any row is wrong, nothing is imported. These rows are dated history for editors: "
        "no reader page shows them. Readers' pay pages use the BLS OEWS release loaded with "
        "manage.py import_pay_release."
    )
    list_display = [
        "state_name",
        "period",
        "annual_mean_wage",
        "employment",
        "occupation_code",
    ]
    list_filter = ["period", "occupation_code"]
    search_fields = ["state_name", "state_code"]

    def csv_read(self, source):
        return state_wages_read_csv(source)

    def csv_import(self, *, rows, dry_run):
        return state_wages_import_csv(rows=rows, dry_run=dry_run)
