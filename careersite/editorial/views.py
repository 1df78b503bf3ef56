"""The editors' screens in the admin: the calendar and Content health (staff only, via admin_view)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from careersite.editorial.content_health import content_health
from careersite.editorial.schedule import month_grid, month_param, month_parse

VIEW_PERMISSION = "articles.view_article"


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_GET
def calendar(request, admin_site):
    _require(request, VIEW_PERMISSION)
    today = timezone.localdate()
    asked = request.GET.get("month")
    month = month_parse(asked)
    if month is None:
        if asked is not None:
            messages.warning(
                request,
                "That is not a month the calendar can show (use YYYY-MM): showing this month.",
            )
        month = today.replace(day=1)
    grid = month_grid(month, today=today)
    context = {
        **admin_site.each_context(request),
        "title": f"Calendar: {month:%B %Y}",
        "grid": grid,
        "month_value": month_param(month),
        "previous_param": grid.previous and month_param(grid.previous),
        "next_param": grid.next and month_param(grid.next),
        "this_month_param": month_param(today.replace(day=1)),
        "time_zone": timezone.get_current_timezone_name(),
    }
    return TemplateResponse(request, "admin/editorial/calendar.html", context)


@require_GET
def content_health_view(request, admin_site):
    _require(request, VIEW_PERMISSION)
    context = {
        **admin_site.each_context(request),
        "title": "Content health",
        "health": content_health(user=request.user, today=timezone.localdate()),
    }
    return TemplateResponse(request, "admin/editorial/content_health.html", context)
