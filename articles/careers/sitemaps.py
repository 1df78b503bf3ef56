"""Sitemap section of the pay pages: every state, and every area BLS released wages for."""

from django.db.models import Q

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
        released = Q(
            estimates__release=release,
            estimates__occupation__soc=CODER,
            estimates__annual_median__isnull=False,
        )
        return list(
            PayArea.objects.filter(
                Q(kind=PayArea.Kind.STATE)
                | (Q(kind__in=[PayArea.Kind.METRO, PayArea.Kind.NONMETRO]) & released)
            )
            .distinct()
            .order_by("kind", "slug")
        )
