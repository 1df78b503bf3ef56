from django.apps import AppConfig


class CareersiteConfig(AppConfig):
    name = "careersite"
    verbose_name = "Site"

    def ready(self):
        from careersite.pagecache.version import connect_content_signals

        # Only bumps the page cache's content version when a content model is saved or deleted.
        connect_content_signals()
