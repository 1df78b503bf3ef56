from django.apps import AppConfig


class CareersiteConfig(AppConfig):
    name = "careersite"
    verbose_name = "Site"
