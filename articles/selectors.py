from django.db.models import QuerySet

from articles.models import Article


def articles_public_list() -> QuerySet[Article]:
    """Published articles with what a list card shows, newest first."""
    return Article.objects.published().select_related("topic", "author").defer("body")


def article_related(*, article: Article, limit: int = 4) -> list[Article]:
    """Other published articles on the same topic."""
    return list(
        articles_public_list()
        .filter(topic_id=article.topic_id)
        .exclude(pk=article.pk)[:limit]
    )
