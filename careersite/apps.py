from django.apps import AppConfig


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
