"""RSS and Atom feeds of published guides; every link is absolute on SITE_URL."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article
from careersite.seo import absolute_url

FEED_SIZE = 20


class GuidesFeed(Feed):
    description = "New and updated guides on medical coding careers, the CCS credential and accredited programs."

    def title(self):
        return f"{settings.SITE_NAME}: guides"

    def link(self):
        return absolute_url(reverse("articles:list"))

    def feed_url(self):
        return absolute_url(reverse("feeds-guides"))

    def items(self):
        return (
            Article.objects.published()
            .select_related("author", "topic")
            .defer("body")
            .order_by("-published_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.dek

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article):
        return absolute_url(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return str(article.author)

    def item_author_link(self, article):
        return absolute_url(article.author.get_absolute_url())

    def item_categories(self, article):
        return [article.topic.name]


class GuidesAtomFeed(GuidesFeed):
    feed_type = Atom1Feed

    @property
    def subtitle(self):
        return self.description

    def feed_url(self):
        return absolute_url(reverse("feeds-guides-atom"))
