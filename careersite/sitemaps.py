"""What every /sitemap.xml section shares, and the section of fixed pages.

Each app lists its own content (articles/sitemaps.py, schools/sitemaps.py); careersite/urls.py
puts the sections together.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

STATIC_URL_NAMES = [
    "home",
    "about",
    "articles:list",
    "schools:finder",
    "schools:states",
    "careers:eligibility",
]


class SiteUrlSitemap(Sitemap):
    """Absolute URLs come from settings.SITE_URL, not from the Site row or the request host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return STATIC_URL_NAMES

    def location(self, item):
        return reverse(item)
