"""The editors' screens in the admin site: their URLs, and an "Editorial" section on the index and
in the navigation sidebar (for users who may view articles)."""

from django.urls import path, reverse

from articles.workflow.screens import calendar_screen
from articles.workflow.selectors import review_queue
from careersite.editorial import views


class EditorialScreensMixin:
    """For an AdminSite: /<admin>/calendar/ and /<admin>/content-health/."""

    def get_urls(self):
        return [
            path(
                "calendar/",
                self.admin_view(calendar_screen),
                {"admin_site": self},
                name="editorial_calendar",
            ),
            path(
                "content-health/",
                self.admin_view(views.content_health_view),
                {"admin_site": self},
                name="content_health",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        # The admin home says how many changes wait for review, and how many this reviewer may take.
        if request.user.has_perm(views.VIEW_PERMISSION):
            extra_context = {
                **(extra_context or {}),
                "review_queue": review_queue(user=request.user),
                "review_queue_url": reverse(f"{self.name}:articles_article_changelist")
                + "?state=in_review",
            }
        return super().index(request, extra_context)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is None and request.user.has_perm(views.VIEW_PERMISSION):
            app_list.insert(0, editorial_app(self.name))
        return app_list


def editorial_app(site_name: str) -> dict:
    """The "Editorial" entry in the admin's app list, shaped like the ones Django builds."""
    health = reverse(f"{site_name}:content_health")
    screens = [
        ("Content health", "contenthealth", health),
        ("Calendar", "calendar", reverse(f"{site_name}:editorial_calendar")),
    ]
    return {
        "name": "Editorial",
        "app_label": "editorial",
        "app_url": health,
        "has_module_perms": True,
        "models": [
            {
                "name": name,
                "object_name": object_name,
                "admin_url": url,
                "add_url": None,
                "view_only": True,
                "perms": {"view": True},
            }
            for name, object_name, url in screens
        ],
    }
