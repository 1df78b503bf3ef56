"""Build the POST data the article change form sends, so tests save articles like an editor does."""

from django.utils import timezone

from articles.models import Article


def article_post_data(
    article: Article, *, loaded_edit_count=None, publish=False, **overrides
) -> dict:
    """The form's POST data; `publish` clicks "Publish changes" (a live article's form saves a draft)."""
    published = (
        timezone.localtime(article.published_at) if article.published_at else None
    )
    data = {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "topic": article.topic_id,
        "author": article.author_id,
        "status": article.status,
        "published_at_0": published.strftime("%Y-%m-%d") if published else "",
        "published_at_1": published.strftime("%H:%M:%S") if published else "",
        "last_reviewed_on": article.last_reviewed_on.isoformat()
        if article.last_reviewed_on
        else "",
        "seo_title": article.seo_title,
        "meta_description": article.meta_description,
        "hero_alt": article.hero_alt,
        "loaded_edit_count": article.edit_count
        if loaded_edit_count is None
        else loaded_edit_count,
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "_continue": "Save and continue editing",
    }
    if article.featured:
        data["featured"] = "on"
    if article.show_at_a_glance:
        data["show_at_a_glance"] = "on"
    sources = list(article.sources.all()) if article.pk else []
    # A live article's form shows its (draft's) sources as new rows: no ids, no initial forms.
    live = bool(article.pk) and article.is_live()
    for n, source in enumerate(sources):
        data.update(
            {
                f"sources-{n}-id": "" if live else source.pk,
                f"sources-{n}-article": article.pk,
                f"sources-{n}-position": source.position,
                f"sources-{n}-title": source.title,
                f"sources-{n}-publisher": source.publisher,
                f"sources-{n}-url": source.url,
                f"sources-{n}-period": source.period,
            }
        )
    data["sources-TOTAL_FORMS"] = str(len(sources))
    data["sources-INITIAL_FORMS"] = "0" if live else str(len(sources))
    if publish:
        data["_publish"] = "Publish changes"
    data.update(overrides)
    return data
