from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models.guide import Article


# Not registered with reversion: an autosave is the editor's scratch copy, never a revision.
class ArticleAutosave(models.Model):
    """An editor's unsaved change form, kept so a crash or a closed tab loses nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="article_autosaves",
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        help_text="Empty for a new article that has not been saved yet.",
    )
    data = models.JSONField(
        help_text="The change form's fields as the editor left them (see static/js/admin-autosave.js)."
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at", "pk"]
        # Only the change form reads and writes autosaves; nobody manages them in the admin.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="article_autosave_one_per_user_article",
            ),
            # NULLs are distinct in a unique index, so the add form gets its own constraint.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="article_autosave_one_new_per_user",
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.article or 'a new article'} by {self.user}"
