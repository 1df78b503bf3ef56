"""The working draft of a live article: the editor's next version, kept apart from what readers see."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags

from articles.models.guide import Article, Author, Topic, stored_body
from articles.workflow.rules import DRAFT_STATES, State
from careersite.pagecache import ContentQuerySet

# The article fields a working draft carries; publishing copies them onto the article.
DRAFT_FIELDS = (
    "title", "slug", "dek", "body", "topic", "author", "last_reviewed_on", "featured",
    "show_at_a_glance", "seo_title", "meta_description", "hero_image", "hero_alt",
)  # fmt: skip
SOURCE_FIELDS = ("title", "publisher", "url", "period")


class ArticleDraftQuerySet(ContentQuerySet):
    def due(self, now):
        """Scheduled changes whose go-live time has come."""
        return self.filter(state=State.SCHEDULED, go_live_at__lte=now)


# Its versions sit in the article's revisions, so every saved, submitted or discarded draft can be
# previewed and restored from the article's history.
@reversion.register()
class ArticleDraft(models.Model):
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="draft"
    )
    state = models.CharField(
        max_length=20,
        choices=[(s.value, s.label) for s in DRAFT_STATES],
        default=State.LIVE_DRAFT,
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    dek = models.TextField("summary", max_length=400)
    body = models.TextField(blank=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")
    last_reviewed_on = models.DateField(null=True, blank=True)
    featured = models.BooleanField(default=False)
    show_at_a_glance = models.BooleanField(default=False)
    seo_title = models.CharField("SEO title", max_length=60, blank=True)
    meta_description = models.CharField(max_length=160, blank=True)
    hero_image = models.ImageField(upload_to="articles/%Y/", blank=True)
    hero_alt = models.CharField("hero image alt text", max_length=250, blank=True)
    sources = models.JSONField(
        default=list,
        blank=True,
        help_text="The sources list as the draft has it: title, publisher, url, period.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="Who saved the draft last.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The reviewer who approved the change or asked for changes.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(
        blank=True,
        help_text="The reviewer's note on an approval, or what they asked to change.",
    )
    approved = models.BooleanField(
        default=False, help_text="A reviewer approved exactly this text."
    )
    go_live_at = models.DateTimeField(
        null=True, blank=True, help_text="Scheduled changes go live at this time."
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ArticleDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        indexes = [
            models.Index(fields=["state", "updated_at"], name="articledraft_state_idx"),
            # The due check on public requests and the editorial calendar read only this.
            models.Index(
                fields=["go_live_at"],
                condition=Q(state="scheduled"),
                name="articledraft_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="scheduled") | Q(go_live_at__isnull=False),
                name="articledraft_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="articledraft_hero_has_alt",
            ),
        ]

    def __str__(self):
        return f"Draft of {self.title}"

    def save(self, *args, **kwargs):
        self.body = stored_body(self.body)
        super().save(*args, **kwargs)

    @property
    def page_title(self) -> str:
        return self.seo_title or self.title

    @property
    def description(self) -> str:
        return self.meta_description or strip_tags(self.dek)[:160]

    def content(self) -> dict:
        """The draft's content as comparable values (files by name, relations by id)."""
        values = {}
        for name in DRAFT_FIELDS:
            field = self._meta.get_field(name)
            values[name] = (
                getattr(self, field.attname)
                if not isinstance(field, models.FileField)
                else getattr(self, name).name or ""
            )
        values["sources"] = [
            {key: source.get(key, "") for key in SOURCE_FIELDS}
            for source in self.sources
        ]
        return values

    def applied_to(self, article: Article) -> Article:
        """`article` with this draft's content, in memory (for forms and previews; never saved)."""
        for name in DRAFT_FIELDS:
            field = self._meta.get_field(name)
            if isinstance(field, models.FileField):
                setattr(article, name, getattr(self, name).name)
            else:
                setattr(article, field.attname, getattr(self, field.attname))
        return article
