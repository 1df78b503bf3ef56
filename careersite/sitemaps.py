"""/sitemap.xml: only what the public may see, with SITE_URL's scheme and host."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Topic
from careersite.seo import url_or_none
from schools.models import Institution, Program

# Listed when their URL exists; the salary page and eligibility checker may land later.
STATIC_URL_NAMES = [
    "home",
    "about",
    "articles:list",
    "schools:finder",
    "schools:states",
    "careers:salary",
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
        return [name for name in STATIC_URL_NAMES if url_or_none(name)]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "updated_at")
            .order_by("-published_at", "pk")
        )

    def lastmod(self, article):
        return article.updated_at


class TopicSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        live = Article.objects.published()
        return (
            Topic.objects.filter(articles__in=live)
            .annotate(latest_update=Max("articles__updated_at"))
            .order_by("position", "name")
        )

    def lastmod(self, topic):
        return topic.latest_update


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
        if url_or_none("schools:state", code="oh") is None:
            return []
        states = Program.objects.public().values_list("institution__state", flat=True)
        return sorted(set(states))

    def location(self, code):
        return reverse("schools:state", kwargs={"code": code.lower()})


SITEMAPS = {
    "pages": StaticSitemap,
    "guides": ArticleSitemap,
    "topics": TopicSitemap,
    "programs": ProgramSitemap,
    "institutions": InstitutionSitemap,
    "states": StateSitemap,
}
