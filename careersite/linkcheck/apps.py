from django.apps import AppConfig


class LinkCheckConfig(AppConfig):
    name = "careersite.linkcheck"
    label = "linkcheck"
    verbose_name = "Link checks"
