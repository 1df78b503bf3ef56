"""Admin for the career facts: staleness flags on facts, and a CSV import for state wage tables."""

import io

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from articles.careers.periods import STALE_AFTER_MONTHS, fact_age_status, facts_stale_q
from articles.careers.wages import StateWageImportError, state_wages_import_csv
from articles.models import OccupationFact, StateWage
from careersite.admin_forms import URL_FIELD_OVERRIDES


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
        "source_name",
        "position",
    ]
    list_editable = ["position"]
    list_filter = [FactAgeFilter, "unit"]
    search_fields = ["label", "key", "source_name", "note"]
    readonly_fields = ["age"]
    fieldsets = [
        (None, {"fields": ["key", "label", "value", "unit", "position"]}),
        ("Period", {"fields": ["period", "period_end", "age"]}),
        ("Source", {"fields": ["source_name", "source_url", "note"]}),
    ]

    @admin.display(description="Age")
    def age(self, obj):
        status = fact_age_status(obj.period_end, today=timezone.localdate())
        return {
            "stale": f"⚠ older than {STALE_AFTER_MONTHS} months",
            "current": "current",
            "undated": "undated",
        }[status]


class StateWageImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: state_code, state_name, employment, annual_mean_wage, reference_period (e.g. May 2024), "
            "source_url, optionally occupation_code. Rows are keyed on state and period: existing rows are updated."
        ),
    )


@admin.register(StateWage)
class StateWageAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = [
        "state_name",
        "period",
        "annual_mean_wage",
        "employment",
        "occupation_code",
    ]
    list_filter = ["period", "occupation_code"]
    search_fields = ["state_name", "state_code"]
    change_list_template = "admin/articles/statewage/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_csv_view)
        return [
            path("import-csv/", view, name="articles_statewage_import"),
            *super().get_urls(),
        ]

    def import_csv_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(
            request
        ):
            return redirect(reverse("admin:articles_statewage_changelist"))
        form = StateWageImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                report = state_wages_import_csv(
                    handle=io.StringIO(raw.decode("utf-8-sig"), newline="")
                )
            except UnicodeDecodeError:
                errors = ["The file is not UTF-8 text."]
            except StateWageImportError as error:
                errors = error.errors
            else:
                self.message_user(
                    request, f"Imported state wages: {report}", messages.SUCCESS
                )
                return redirect(reverse("admin:articles_statewage_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a state wage table",
            "form": form,
            "errors": errors,
        }
        return render(request, "admin/articles/statewage/import.html", context)
