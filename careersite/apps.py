from django.apps import AppConfig


class CareersiteConfig(AppConfig):
    name = "careersite"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from careersite.cache import on_content_saved

        # Only bumps the page cache's content version; the receiver ignores models outside content apps.
        for name, signal in (
            ("save", post_save),
            ("delete", post_delete),
            ("m2m", m2m_changed),
        ):
            signal.connect(on_content_saved, dispatch_uid=f"page-cache-{name}")
