"""The article admin's working-draft workflow: on a live article every save goes to a draft.

Mixed into ArticleAdmin (articles/admin.py). On a live article the change form loads the draft when there is
one, and its buttons (Save draft, Submit for review, Publish changes, Schedule changes, Preview) call
articles.workflow.services; Discard draft, Review and Compare are screens of their own. Articles that are
not live are edited directly, as before.
"""

from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.models import DRAFT_FIELDS, Article, ArticleDraft, Source
from articles.models.drafts import SOURCE_FIELDS
from articles.workflow import services
from articles.workflow.diff import draft_changes
from articles.workflow.rules import Action, State
from articles.workflow.selectors import (
    article_allowed_actions,
    article_state,
    article_state_label,
    draft_of,
)

BUTTONS = {
    "_publish": Action.PUBLISH,
    "_submit_review": Action.SUBMIT,
    "_schedule": Action.SCHEDULE,
}


class EditorialStateFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        order = [
            State.LIVE, State.LIVE_DRAFT, State.SCHEDULED, State.DRAFT, State.IN_REVIEW,
            State.CHANGES_REQUESTED, State.APPROVED,
        ]  # fmt: skip
        return [(state.value, state.label) for state in order]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        now = timezone.now()
        live = Q(status=Article.Status.PUBLISHED, published_at__lte=now)
        if value == State.DRAFT:
            return queryset.filter(status=Article.Status.DRAFT)
        if value == State.SCHEDULED:
            return queryset.filter(
                Q(status=Article.Status.PUBLISHED, published_at__gt=now)
                | (live & Q(draft__state=State.SCHEDULED))
            )
        if value == State.LIVE:
            return queryset.filter(live, draft__isnull=True)
        if value in State.values:
            return queryset.filter(live, draft__state=value)
        return queryset


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Note to the editor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        help_text="Optional when approving; required when requesting changes: say what should change.",
    )


def sources_from_formset(formset) -> list[dict]:
    """The sources list the editor submitted, in position order (unchanged rows keep their initial data)."""
    rows = []
    for index, form in enumerate(formset.forms):
        if formset.can_delete and formset._should_delete_form(form):
            continue
        data = form.cleaned_data if form.has_changed() else form.initial
        if not data or not (data.get("url") or data.get("title")):
            continue
        rows.append((data.get("position") or 0, index, data))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [{key: data.get(key) or "" for key in SOURCE_FIELDS} for _, _, data in rows]


def live_sources(article: Article) -> list[dict]:
    return [
        {key: getattr(source, key) for key in SOURCE_FIELDS}
        | {"position": source.position}
        for source in article.sources.order_by("position", "pk")
    ]


class ArticleWorkflowAdminMixin:
    """What ArticleAdmin does differently for live articles."""

    # Which article a request works on, set by get_object ---------------------------------

    def _is_live(self, request, obj) -> bool:
        if getattr(request, "article_recovering", False):
            return False  # a recovered article is saved as it was, with its rows
        live = getattr(request, "article_live_state", None)
        if (
            live is not None
        ):  # the revision views read the stored row before reverting it
            return (
                live.status == Article.Status.PUBLISHED
                and live.published_at is not None
                and live.published_at <= timezone.now()
            )
        return obj.is_live()

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            return obj
        request.article_workflow = self._is_live(request, obj)
        if not request.article_workflow:
            return obj
        if getattr(request, "article_revision", None) is not None:
            # Reversion has reverted the rows in its transaction: the revision's draft, if it has one.
            has_draft = request.article_revision.version_set.filter(
                content_type__model="articledraft"
            ).exists()
            draft = (
                ArticleDraft.objects.filter(article=obj).first() if has_draft else None
            )
            request.article_draft = None
        else:
            draft = draft_of(obj)
            request.article_draft = draft
        if draft is not None:
            draft.applied_to(obj)
            request.article_sources_initial = [
                {**source, "position": n} for n, source in enumerate(draft.sources, 1)
            ]
        else:
            request.article_sources_initial = live_sources(obj)
        return obj

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and getattr(request, "article_workflow", False):
            # A live article stays published at its time; Unpublish is an action on the list.
            fields += ["status", "published_at"]
        return fields

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (
            getattr(request, "article_workflow", False)
            and inline.model is Source
            and self.has_change_permission(request, obj)
        ):
            # The draft's sources are not rows: the inline shows them as new forms with initial data.
            kwargs["queryset"] = Source.objects.none()
            kwargs["initial"] = request.article_sources_initial
        return kwargs

    # Saving: a live article's form becomes its draft --------------------------------------

    def saves_to_draft(self, request, change) -> bool:
        """A change to a live article is saved as its draft, with its sources, in save_related."""
        return change and getattr(request, "article_workflow", False)

    def save_related(self, request, form, formsets, change):
        if not self.saves_to_draft(request, change):
            super().save_related(request, form, formsets, change)
            return
        obj = form.instance
        sources = []
        for formset in formsets:
            if formset.model is Source:
                sources = sources_from_formset(formset)
        content = {name: getattr(obj, name) for name in DRAFT_FIELDS}
        services.article_save_draft(
            article=obj, user=request.user, content=content, sources=sources
        )

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "article_workflow", False):
            formsets = []  # the sources went into the draft, not into rows
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        ours = reversion.get_comment() if reversion.is_active() else ""
        entry = super().log_change(request, obj, message)
        if ours and reversion.is_active():
            reversion.set_comment(f"{ours} {entry.get_change_message()}")
        return entry

    def response_change(self, request, obj):
        if not getattr(request, "article_workflow", False):
            return super().response_change(request, obj)
        action = next((a for name, a in BUTTONS.items() if name in request.POST), None)
        try:
            if action == Action.PUBLISH:
                services.article_publish_draft(article=obj, user=request.user)
                messages.success(request, "Changes published: readers see them now.")
            elif action == Action.SUBMIT:
                services.article_submit_for_review(article=obj, user=request.user)
                messages.success(
                    request,
                    "Draft saved and submitted for review. The live page is unchanged.",
                )
            elif action == Action.SCHEDULE:
                self._schedule(request, obj)
            elif getattr(request, "article_revision", None) is not None:
                messages.success(
                    request,
                    "The old version is now the draft. The live page is unchanged.",
                )
            else:
                messages.success(request, "Draft saved. The live page is unchanged.")
        except services.WorkflowError as error:
            messages.error(request, f"Draft saved, but: {error.messages[0]}")
        return HttpResponseRedirect(self._change_url(obj))

    def _schedule(self, request, obj):
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            raise services.WorkflowError(
                "Choose the date and time the changes go live."
            )
        when = form.cleaned_data["go_live_at"]
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        services.article_schedule_changes(
            article=obj, user=request.user, go_live_at=when
        )
        messages.success(
            request, f"Changes scheduled: readers see them from {_local(when)}."
        )

    def _change_url(self, obj):
        return reverse("admin:articles_article_change", args=[obj.pk])

    # Restoring an old revision makes it the draft ------------------------------------------

    def recover_view(self, request, version_id, extra_context=None):
        request.article_recovering = True
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        from reversion.models import Version

        version = get_object_or_404(
            Version, pk=version_id, object_id=unquote(object_id)
        )
        request.article_revision = version.revision
        response = super().revision_view(request, object_id, version_id, extra_context)
        return response

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        live = getattr(request, "article_live_state", None)
        if (
            request.method == "POST"
            and live is not None
            and self._is_live(request, None)
        ):
            # Leave the live rows alone: the posted form (the old version) is saved as the draft.
            with self.create_revision(request):
                response = self.changeform_view(
                    request, str(version.object_id), request.path, extra_context
                )
                if response.status_code == 302:
                    when = _local(version.revision.date_created)
                    reversion.set_comment(
                        f"{reversion.get_comment()} Restored the version of {when} as the draft."
                    )
            return response
        return super()._reversion_revisionform_view(
            request, version, template_name, extra_context
        )

    # Change form context --------------------------------------------------------------------

    def workflow_context(self, request, obj) -> dict:
        if obj is None or not obj.pk:
            return {}
        context = {
            "article_unsaved_preview_url": reverse(
                "articles:preview-unsaved", args=[obj.pk]
            )
        }
        if not getattr(request, "article_workflow", False):
            return context
        stored = Article.objects.select_related(
            "draft", "draft__updated_by", "draft__submitted_by", "draft__reviewed_by"
        ).get(pk=obj.pk)
        draft = draft_of(stored)
        allowed = article_allowed_actions(article=stored, user=request.user)
        context.update(
            article_workflow=True,
            article_status=article_state_label(stored),
            article_state=article_state(stored),
            article_draft=draft,
            workflow_can={action.value: action in allowed for action in Action},
            go_live_min=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            in_revision=getattr(request, "article_revision", None) is not None,
        )
        return context

    # Screens of their own -----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/discard-draft/", view(self.discard_draft_view), name="articles_article_discard_draft"),
            path("<path:object_id>/review/", view(self.review_view), name="articles_article_review"),
            path("<path:object_id>/compare-draft/", view(self.compare_draft_view), name="articles_article_compare_draft"),
            *super().get_urls(),
        ]  # fmt: skip

    def _article_with_draft(self, request, object_id) -> tuple[Article, ArticleDraft]:
        article = get_object_or_404(
            Article.objects.select_related(
                "draft",
                "draft__updated_by",
                "draft__submitted_by",
                "draft__reviewed_by",
            ),
            pk=_int_or_404(object_id),
        )
        draft = draft_of(article)
        if draft is None:
            raise Http404("This article has no draft changes.")
        return article, draft

    def _screen(self, request, template, article, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "article_status": article_state_label(article),
                **context,
            },
        )

    def discard_draft_view(self, request, object_id):
        article, draft = self._article_with_draft(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            try:
                services.article_discard_draft(article=article, user=request.user)
            except services.WorkflowError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, "Draft discarded. History keeps a copy.")
            return HttpResponseRedirect(self._change_url(article))
        return self._screen(
            request,
            "admin/articles/article/discard_draft.html",
            article,
            title=f"Discard the draft of {article.title}?",
            draft=draft,
        )

    def review_view(self, request, object_id):
        article, draft = self._article_with_draft(request, object_id)
        if not request.user.has_perm("articles.review_article"):
            raise PermissionDenied
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if "_request_changes" in request.POST:
                    services.article_request_changes(
                        article=article, user=request.user, comment=note
                    )
                    messages.success(
                        request,
                        "Changes requested; the editor sees your comment on the form.",
                    )
                else:
                    services.article_approve(
                        article=article, user=request.user, note=note
                    )
                    messages.success(
                        request,
                        "Approved. The editor can now publish or schedule the changes.",
                    )
            except services.WorkflowError as error:
                form.add_error(
                    "note" if error.code == "comment_required" else None, error
                )
            else:
                return HttpResponseRedirect(
                    reverse("admin:articles_article_changelist")
                    + f"?state={State.IN_REVIEW.value}"
                )
        return self._screen(
            request,
            "admin/articles/article/review.html",
            article,
            title=f"Review the changes to {article.title}",
            draft=draft,
            form=form,
            in_review=draft.state == State.IN_REVIEW,
        )

    def compare_draft_view(self, request, object_id):
        article, draft = self._article_with_draft(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return self._screen(
            request,
            "admin/articles/article/compare_draft.html",
            article,
            title=f"Draft and live version of {article.title}",
            draft=draft,
            changes=draft_changes(article, draft),
        )


def _int_or_404(value) -> int:
    try:
        return int(unquote(value))
    except (TypeError, ValueError):
        raise Http404 from None


def _local(value: datetime) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(value), "DATETIME_FORMAT")
