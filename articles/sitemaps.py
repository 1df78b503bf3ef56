"""Sitemap sections for published guides and the topics that have some."""

from django.db.models import Max

from articles.models import Article, Topic
from careersite.sitemaps import SiteUrlSitemap


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
