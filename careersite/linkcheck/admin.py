from django.contrib import admin

from careersite.linkcheck.models import LinkCheck


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    """Results of `manage.py check_links`: read only, the command writes them."""

    list_display = ["url", "ok", "status_code", "error", "checked_at", "elapsed_ms"]
    list_filter = ["ok", "status_code", "checked_at"]
    search_fields = ["url", "final_url", "error"]
    date_hierarchy = "checked_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
