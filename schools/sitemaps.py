"""Sitemap sections for public programs, their institutions and the states that have some."""

from django.db.models import Max
from django.urls import reverse

from careersite.sitemaps import SiteUrlSitemap
from schools.models import Institution, Program


class ProgramSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Program.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, program):
        return program.updated_at


class InstitutionSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Institution.objects.filter(programs__in=Program.objects.public())
            .annotate(latest_update=Max("programs__updated_at"))
            .order_by("pk")
        )

    def lastmod(self, institution):
        return institution.latest_update


class StateSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        states = Program.objects.public().values_list("institution__state", flat=True)
        return sorted(set(states))

    def location(self, code):
        return reverse("schools:state", kwargs={"code": code.lower()})
