"""Editorial writes with rules: publishing, reviews, edit conflicts and slug redirects."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import reversion
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article
from careersite.timetext import local_time_text
from careersite.users import user_display_name


@dataclass(frozen=True)
class LiveState:
    """An article as it is stored right now, before an editor's save is applied."""

    edit_count: int
    slug: str
    status: str
    published_at: datetime | None
    updated_at: datetime
    updated_by: str

    @property
    def path(self) -> str:
        return Article(slug=self.slug).get_absolute_url()

    def is_live(self, now: datetime | None = None) -> bool:
        return Article(status=self.status, published_at=self.published_at).is_live(now)


def article_live_state(*, pk, lock: bool = False) -> LiveState | None:
    """The stored state of article `pk` (row-locked when `lock`), or None if it does not exist."""
    articles = Article.objects.select_related("updated_by", "draft__updated_by")
    if lock:
        articles = articles.select_for_update(of=("self",))
    article = articles.filter(pk=pk).first()
    if article is None:
        return None
    user, updated_at = article.updated_by, article.updated_at
    # A working draft saved since the last publication is the newer work (articles.workflow).
    # RelatedObjectDoesNotExist is an AttributeError.
    draft = getattr(article, "draft", None)
    if draft is not None and draft.updated_at > updated_at:
        user, updated_at = draft.updated_by, draft.updated_at
    return LiveState(
        edit_count=article.edit_count,
        slug=article.slug,
        status=article.status,
        published_at=article.published_at,
        updated_at=updated_at,
        updated_by=user_display_name(user, default="another editor"),
    )


def article_conflict_message(live: LiveState, *, history_url: str = "") -> str:
    when = local_time_text(live.updated_at)
    message = format_html(
        "{} saved this article at {}, after you opened it. Your changes were not saved and are "
        "kept in the form below. Saving this form again will replace their version with yours.",
        live.updated_by,
        when,
    )
    if history_url:
        message += format_html(
            ' <a href="{}" target="_blank">Compare their changes in the history</a>.',
            history_url,
        )
    return message


def article_save_edit(
    *, article: Article, user, loaded_edit_count: int, live: LiveState | None
) -> Article:
    """Save an editor's change made at edit count `loaded_edit_count` (already checked against `live`)."""
    # save() increments the edit counter
    article.edit_count = loaded_edit_count
    article.updated_by = user
    article.save()
    if (
        live is not None
        and live.status == Article.Status.PUBLISHED
        and live.slug != article.slug
    ):
        redirect_slug_change(old_path=live.path, new_path=article.get_absolute_url())
    return article


def redirect_slug_change(*, old_path: str, new_path: str) -> Redirect | None:
    """Keep `old_path` working with a permanent redirect; collapse chains and never loop."""
    if old_path == new_path:
        return None
    site_id = settings.SITE_ID
    with transaction.atomic():
        # The new path serves the article now, so nothing may redirect away from it.
        Redirect.objects.filter(site_id=site_id, old_path=new_path).delete()
        # Anything that pointed at the old path goes straight to the new one.
        Redirect.objects.filter(site_id=site_id, new_path=old_path).update(
            new_path=new_path
        )
        redirect, _ = Redirect.objects.update_or_create(
            site_id=site_id, old_path=old_path, defaults={"new_path": new_path}
        )
    return redirect


def _save_each(articles: Iterable[Article], *, user, comment: str, change) -> int:
    count = 0
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        for article in articles:
            if change(article):
                article.updated_by = user
                article.save()
                count += 1
    return count


def articles_publish_now(
    *, articles: Iterable[Article], user, now: datetime | None = None
) -> int:
    """Make articles live now; a live article keeps its original publication time."""
    now = now or timezone.now()

    def change(article):
        if article.is_live(now=now):
            return False
        article.status = Article.Status.PUBLISHED
        if article.published_at is None or article.published_at > now:
            article.published_at = now
        return True

    return _save_each(articles, user=user, comment="Published now.", change=change)


def articles_unpublish(*, articles: Iterable[Article], user) -> int:
    """Back to draft: gone from the site, lists, feeds and the sitemap."""

    def change(article):
        if article.status == Article.Status.DRAFT:
            return False
        article.status = Article.Status.DRAFT
        return True

    return _save_each(
        articles, user=user, comment="Unpublished (back to draft).", change=change
    )


def articles_mark_reviewed(
    *, articles: Iterable[Article], user, today: date | None = None
) -> int:
    today = today or timezone.localdate()

    def change(article):
        article.last_reviewed_on = today
        return True

    return _save_each(
        articles,
        user=user,
        comment=f"Marked reviewed on {today.isoformat()}.",
        change=change,
    )
