"""The admin of guides (articles), topics and authors.

ArticleAdmin is reversion-compare's CompareVersionAdmin with three mixins, each in its own module:
the change form's autosave (articles/admin_autosave.py), the working-draft workflow of live articles
(articles/workflow/admin.py, which also computes each request's editorial context) and the workflow's
own screens, Review, Compare draft and Discard draft (articles/workflow/screens.py). This module keeps
the list, the fieldsets, saving an article that is not live, the sources inline and the list actions.
"""

from django.contrib import admin, messages
from django.forms.widgets import Script
from django.utils import timezone
from django.utils.safestring import mark_safe
from js_asset import Media as NonceMedia
from reversion_compare.admin import CompareVersionAdmin

from articles import editorial
from articles.admin_autosave import ArticleAutosaveMixin
from articles.forms import ArticleAdminForm
from articles.models import Article, Author, Source, Topic
from articles.sanitize import sanitize_html
from articles.selectors import review_cutoff, review_overdue_q
from articles.workflow.admin import (
    ArticleWorkflowAdminMixin,
    EditorialStateFilter,
    editing,
)
from articles.workflow.screens import WorkflowScreensMixin
from articles.workflow.selectors import article_state_label
from careersite.admin_forms import URL_FIELD_OVERRIDES

# Tiptap (inside django-prose-editor) injects one constant <style> block with its base editor CSS
# and no nonce. Only the article change form allows exactly that block, by hash. If an upgrade of
# django-prose-editor changes it, the browser test tests/browser/test_editor_journey.py fails on
# the CSP violation and prints the new hash.
PROSE_EDITOR_STYLE_HASHES = ["'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"]


@admin.register(Topic)
class TopicAdmin(CompareVersionAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(CompareVersionAdmin):
    list_display = ["name", "credentials", "slug"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}


class SourceInline(admin.TabularInline):
    model = Source
    formfield_overrides = URL_FIELD_OVERRIDES
    fields = ["position", "title", "publisher", "url", "period"]
    ordering = ["position", "pk"]
    extra = 1

    def get_extra(self, request, obj=None, **kwargs):
        # A live article's sources (its draft's) are shown as new rows with initial data, plus one empty.
        context = editing(request)
        if context.workflow:
            return len(context.sources_initial) + 1
        return super().get_extra(request, obj, **kwargs)


class ReviewAgeFilter(admin.SimpleListFilter):
    title = "last review"
    parameter_name = "reviewed"

    def lookups(self, request, model_admin):
        return [
            ("recent", "In the last 12 months"),
            ("stale", "Not reviewed in 12 months"),
            ("never", "Never reviewed"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "recent":
            return queryset.filter(last_reviewed_on__gt=review_cutoff(today))
        if self.value() == "stale":
            return queryset.filter(review_overdue_q(today))
        if self.value() == "never":
            return queryset.filter(last_reviewed_on__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(
    ArticleAutosaveMixin,
    ArticleWorkflowAdminMixin,
    WorkflowScreensMixin,
    CompareVersionAdmin,
):
    form = ArticleAdminForm
    list_display = [
        "title",
        "topic",
        "state",
        "author",
        "updated_at",
        "last_reviewed_on",
    ]
    list_filter = [EditorialStateFilter, "topic", "author", ReviewAgeFilter]
    list_select_related = [
        "topic",
        "author",
        "draft__updated_by",
        "draft__submitted_by",
        "draft__reviewed_by",
    ]
    search_fields = ["title", "dek", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topic", "author"]
    date_hierarchy = "published_at"
    list_per_page = 50
    inlines = [SourceInline]
    actions = ["publish_now", "unpublish", "mark_reviewed"]
    readonly_fields = ["updated_at", "updated_by", "edit_count"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body", "loaded_edit_count"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "topic",
                    "author",
                    "last_reviewed_on",
                    "featured",
                    "show_at_a_glance",
                ]
            },
        ),
        ("Search engines", {"fields": ["seo_title", "meta_description"]}),
        (
            "Hero image",
            {
                "fields": ["hero_image", "hero_alt"],
                "description": "Optional. Alt text is required when an image is present.",
            },
        ),
        (
            "History",
            {
                "fields": ["updated_at", "updated_by", "edit_count"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        js = [Script("js/admin-counters.js", defer=True)]
        css = {"all": ["css/admin-editorial.css"]}

    object_history_template = "admin/articles/article/object_history.html"

    @admin.display(description="status", ordering="published_at")
    def state(self, obj):
        return article_state_label(obj)

    @admin.display(description="Body")
    def body_rendered(self, obj):
        # Sanitised again here, so what a reviewer's read-only view renders is exactly the allowed markup.
        return mark_safe(sanitize_html(obj.body))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read only (a reviewer): the body as readers will see it, not its HTML source.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "body_rendered" if field == "body" else field
                        for field in options["fields"]
                        if field != "loaded_edit_count"
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def view_on_site(self, obj):
        # "View on site" only where the public can see it; drafts and scheduled use Preview.
        return obj.get_absolute_url() if obj.is_live() else None

    def save_model(self, request, obj, form, change):
        if self.saves_to_draft(request, change):
            return
        if change:
            editorial.article_save_edit(
                article=obj,
                user=request.user,
                loaded_edit_count=form.cleaned_data["loaded_edit_count"],
                live=form.live,
            )
        else:
            obj.updated_by = request.user
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Source:
            # Number the sources 1, 2, 3... in the order the editor gave them.
            sources = list(form.instance.sources.order_by("position", "pk"))
            for n, source in enumerate(sources, start=1):
                source.position = n
            Source.objects.bulk_update(sources, ["position"])

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # The editor's import map is an inline script: give it this response's CSP nonce.
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            context["media"] = NonceMedia.from_media(context["media"], nonce=nonce)
        context.update(self.workflow_context(request, obj))
        response = super().render_change_form(
            request, context, add, change, form_url, obj
        )
        # Read by csp.middleware.CSPMiddleware.
        response._csp_update = {"style-src": PROSE_EDITOR_STYLE_HASHES}
        return response

    # Actions -----------------------------------------------------------------------------

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        count = editorial.articles_publish_now(articles=queryset, user=request.user)
        self.message_user(request, f"{count} article(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = editorial.articles_unpublish(articles=queryset, user=request.user)
        self.message_user(
            request, f"{count} article(s) moved back to draft.", messages.SUCCESS
        )

    @admin.action(description="Mark reviewed today", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = editorial.articles_mark_reviewed(articles=queryset, user=request.user)
        self.message_user(
            request, f"{count} article(s) marked reviewed today.", messages.SUCCESS
        )


# Career facts and state wages register their admins in their own package.
from articles.careers import admin as careers_admin  # noqa: E402, F401
