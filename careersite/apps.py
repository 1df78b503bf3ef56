from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CareersiteConfig(AppConfig):
    name = "careersite"
    verbose_name = "Site"

    def ready(self):
        from django.conf import settings

        from careersite.pagecache.content import connect_content_signals
        from careersite.ratelimits import parse_rate

        # A DJANGO_RATE_LIMIT that does not read stops the site at start, not silently at the first search.
        parse_rate(settings.RATE_LIMIT)

        # Only bumps the page cache's content version when a content model is saved or deleted.
        connect_content_signals()


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with careersite.admin_site.StaffAdminSite as `admin.site`."""

    # Named in INSTALLED_APPS; never the "careersite" app's own config.
    default = False
    default_site = "careersite.admin_site.StaffAdminSite"
