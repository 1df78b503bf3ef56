"""Content health in the admin (staff only, via admin_view). The calendar is the workflow's
(articles.workflow.screens.calendar_screen); careersite.editorial.admin puts both in the admin site."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from careersite.editorial.content_health import content_health

VIEW_PERMISSION = "articles.view_article"


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_GET
def content_health_view(request, admin_site):
    _require(request, VIEW_PERMISSION)
    context = {
        **admin_site.each_context(request),
        "title": "Content health",
        "health": content_health(user=request.user, today=timezone.localdate()),
    }
    return TemplateResponse(request, "admin/editorial/content_health.html", context)
