import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField

from articles.sanitize import sanitize_html
from articles.toc import add_heading_ids, table_of_contents
from careersite.pagecache import ContentQuerySet


def stored_body(html: str) -> str:
    """An article body as pages show it and the database keeps it: sanitised, H2s with ids."""
    return add_heading_ids(sanitize_html(html))


# What the article body editor offers; articles.sanitize allows exactly the markup these produce.
BODY_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}


@reversion.register()
class Topic(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True,
        help_text="One or two sentences shown on the topic page and the home page.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first."
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


@reversion.register()
class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    credentials = models.CharField(
        max_length=120, blank=True, help_text='Post-nominal letters, e.g. "RHIA, CCS".'
    )
    bio = models.TextField(
        blank=True, help_text="A short biography shown with the byline."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="This person's staff login. Their approvals as a reviewer show on the byline "
        'as "Reviewed by" when credentials are filled in.',
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class ArticleQuerySet(ContentQuerySet):
    def published(self, now=None):
        """What the public may see: published, and its publication time has come."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now()
        )

    def scheduled(self, now=None):
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now()
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # Only site search reads the search document, in SQL; pages never load it.
        return super().get_queryset().defer("search_document")


# The search document and the table of contents are derived data, not part of a revision.
@reversion.register(follow=["sources"], exclude=["search_document", "toc"])
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    dek = models.TextField(
        "summary",
        max_length=400,
        help_text="One or two sentences under the title; also the default meta description.",
    )
    body = ProseEditorField(
        extensions=BODY_EDITOR_EXTENSIONS,
        sanitize=sanitize_html,
        blank=True,
        help_text="Use H2 headings for sections: they become the table of contents.",
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="articles"
    )
    status = models.CharField(
        max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Goes live at this time once published; a future time schedules it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_reviewed_on = models.DateField(
        null=True, blank=True, help_text="When an expert last checked every fact."
    )
    featured = models.BooleanField(
        default=False, help_text="Show as the flagship guide on the home page."
    )
    show_at_a_glance = models.BooleanField(
        default=False, help_text='Show the "At a glance" box of career facts.'
    )
    seo_title = models.CharField(
        "SEO title",
        max_length=60,
        blank=True,
        help_text="Up to 60 characters; the title is used when empty.",
    )
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="Up to 160 characters; the summary is used when empty.",
    )
    hero_image = models.ImageField(upload_to="articles/%Y/", blank=True)
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it.",
    )
    # The edit counter, for overwrite protection: not a revision in the history (django-reversion's
    # Version) nor the page cache's content version. Its column keeps its first name, "version".
    edit_count = models.PositiveIntegerField(
        default=1,
        editable=False,
        db_column="version",
        help_text="Increases on every save; guards against overwriting another editor's work.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who saved this article last.",
    )
    # Set when an approved draft is published (articles.workflow.services); cleared when a change is
    # published without review, because the reviewer never saw that text.
    reviewed_by = models.ForeignKey(
        Author,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="reviewed_articles",
        help_text="The expert who approved the live version.",
    )
    reviewed_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When that expert approved it.",
    )
    # Site search's weighted tsvector (title A, summary B, body C). On PostgreSQL a trigger fills
    # it on every insert and on any update of title, dek or body, and a GIN index serves it (both
    # in migration 0004_article_search_document); on SQLite it stays NULL.
    search_document = SearchVectorField(null=True, editable=False)
    toc = models.JSONField(
        "table of contents",
        default=list,
        blank=True,
        editable=False,
        help_text="The body's H2 headings as [{anchor, text}], set on every save.",
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "title"]
        permissions = [
            ("review_article", "Can approve or request changes to article drafts"),
            ("publish_without_review", "Can publish article changes without review"),
        ]
        indexes = [
            models.Index(
                fields=["status", "published_at"], name="article_visibility_idx"
            ),
            # Related guides (same topic, newest first) without reading every published guide.
            models.Index(
                fields=["topic", "status", "published_at"],
                name="article_topic_visibility_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="article_hero_has_alt",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_rendered()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "toc"}
        if not self._state.adding:
            # Callers that check for edit conflicts first set the edit counter the editor loaded.
            self.edit_count += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "edit_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": "Describe the hero image for readers who cannot see it."}
            )

    @property
    def page_title(self) -> str:
        return self.seo_title or self.title

    @property
    def description(self) -> str:
        return self.meta_description or strip_tags(self.dek)[:160]

    @property
    def review_line_reviewer(self):
        """The reviewer the byline names: only an expert with credentials (expects reviewed_by loaded)."""
        reviewer = self.reviewed_by
        if reviewer is None or not reviewer.credentials.strip() or not self.reviewed_on:
            return None
        return reviewer

    def is_live(self, now=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    def refresh_rendered(self) -> None:
        """Store the body as pages show it (sanitised, H2s with ids) and its table of contents."""
        self.body = stored_body(self.body)
        self.toc = [
            {"anchor": heading.anchor, "text": heading.text}
            for heading in table_of_contents(self.body)
        ]


@reversion.register()
class Source(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sources"
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000)
    period = models.CharField(
        max_length=100,
        blank=True,
        help_text='Reference period or access date, e.g. "May 2024" or "accessed 2026-11-01".',
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title
