from django.contrib import admin

from schools.models import EducationPathway, Institution, Program


class ProgramInline(admin.TabularInline):
    model = Program
    extra = 0
    fields = ["name", "slug", "level", "delivery", "status", "last_verified_on", "is_active"]
    show_change_link = True


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "is_synthetic"]
    list_filter = ["state", "is_synthetic"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProgramInline]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "level", "delivery", "status", "last_verified_on", "is_active"]
    list_filter = ["level", "delivery", "status", "institution__state", "last_verified_on", "is_active"]
    list_select_related = ["institution"]
    search_fields = ["name", "institution__name", "institution__city"]
    autocomplete_fields = ["institution"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(EducationPathway)
class EducationPathwayAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "levels", "position"]
    prepopulated_fields = {"key": ["label"]}
