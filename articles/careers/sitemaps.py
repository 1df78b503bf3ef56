"""Sitemap section of the pay pages: the national pages, every state, every area BLS released wages for.

All of them answer only once a release is loaded, so the section is empty before that.
"""

from django.db.models import Q
from django.urls import reverse

from articles.careers.pay import CODER, latest_release
from articles.models import PayArea
from careersite.sitemaps import SiteUrlSitemap


class PaySitemap(SiteUrlSitemap):
    changefreq = "yearly"

    def items(self):
        """States, and metro and nonmetro areas with a released 29-2072 median (one query)."""
        release = latest_release()
        if release is None:
            return []
        pages = [
            "careers:salary",
            "careers:pay-industries",
            "careers:ladder",
            "careers:pay-notes",
        ]
        released = Q(
            estimates__release=release,
            estimates__occupation__soc=CODER,
            estimates__annual_median__isnull=False,
        )
        return pages + list(
            PayArea.objects.filter(
                Q(kind=PayArea.Kind.STATE)
                | (Q(kind__in=[PayArea.Kind.METRO, PayArea.Kind.NONMETRO]) & released)
            )
            .distinct()
            .order_by("kind", "slug")
        )

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
