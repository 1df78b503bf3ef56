"""The article admin's working-draft workflow: on a live article every save goes to a draft.

Mixed into ArticleAdmin (articles/admin.py). On a live article the change form loads the draft when there is
one, and its buttons (Save draft, Submit for review, Publish changes, Schedule changes, Preview) call
articles.workflow.services; restoring a revision from History makes it the draft. Review, Compare and
Discard draft are screens of their own (articles/workflow/screens.py). Articles that are not live are edited
directly, as before.

What a request works with (is the article live, its draft, the revision being restored, the status label)
is computed once, by articles.workflow.selectors.article_editing, and read through `editing(request)`.
Only public hooks of Django's ModelAdmin and of reversion's VersionAdmin are overridden.
"""

from datetime import datetime

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Version

from articles.editorial import article_live_state
from articles.models import DRAFT_FIELDS, Article, ArticleDraft, Source
from articles.models.drafts import SOURCE_FIELDS
from articles.workflow import services
from articles.workflow.rules import Action, State
from articles.workflow.selectors import ArticleEditing, article_editing
from careersite.timetext import local_time_text, time_zone_text

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


def sources_from_formset(formset) -> list[dict]:
    """The sources list the editor submitted, in position order (unchanged rows keep their initial data)."""
    deleted = {id(form) for form in formset.deleted_forms}
    rows = []
    for index, form in enumerate(formset.forms):
        if id(form) in deleted:
            continue
        data = form.cleaned_data if form.has_changed() else form.initial
        if not data or not (data.get("url") or data.get("title")):
            continue
        rows.append((data.get("position") or 0, index, data))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [{key: data.get(key) or "" for key in SOURCE_FIELDS} for _, _, data in rows]


# Django's ModelAdmin hooks (get_formset_kwargs, get_readonly_fields, save_related, response_change...)
# receive only the request, so the request carries exactly one thing between them: the article's
# ArticleEditing, under this name. revision_view and recover_view record what they know before reversion
# reverts the rows (_keep); get_object computes the whole context once the article is loaded; every
# hook reads it through editing(request).
_EDITING = "article_editing"


def editing(request) -> ArticleEditing:
    """The editorial context of the article this admin request works on (empty before get_object)."""
    return getattr(request, _EDITING, None) or ArticleEditing()


def _keep(request, context: ArticleEditing) -> None:
    setattr(request, _EDITING, context)


class ArticleWorkflowAdminMixin:
    """What ArticleAdmin does differently for live articles, and its reversion revert/recover views."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            return obj
        known = editing(request)
        context = article_editing(
            article=obj,
            user=request.user,
            revision=known.revision,
            live_state=known.live_state,
            recovering=known.recovering,
        )
        _keep(request, context)
        if context.form_draft is not None:
            context.form_draft.applied_to(obj)
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.live_state = editing(request).live_state
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and editing(request).workflow:
            # A live article stays published at its time; Unpublish is an action on the list.
            fields += ["status", "published_at"]
        return fields

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        context = editing(request)
        if (
            context.workflow
            and inline.model is Source
            and self.has_change_permission(request, obj)
        ):
            # The draft's sources are not rows: the inline shows them as new forms with initial data.
            kwargs["queryset"] = Source.objects.none()
            kwargs["initial"] = list(context.sources_initial)
        return kwargs

    # Saving: a live article's form becomes its draft --------------------------------------

    def saves_to_draft(self, request, change) -> bool:
        """A change to a live article is saved as its draft, with its sources, in save_related."""
        return change and editing(request).workflow

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
        if editing(request).workflow:
            formsets = []  # the sources went into the draft, not into rows
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        ours = reversion.get_comment() if reversion.is_active() else ""
        entry = super().log_change(request, obj, message)
        if ours and reversion.is_active():
            if editing(request).workflow:
                # article_save_draft's comment already names what changed in the draft.
                reversion.set_comment(ours)
            else:
                reversion.set_comment(f"{ours} {entry.get_change_message()}")
        return entry

    def response_change(self, request, obj):
        context = editing(request)
        if not context.workflow:
            return super().response_change(request, obj)
        action = next((a for name, a in BUTTONS.items() if name in request.POST), None)
        try:
            if action == Action.PUBLISH:
                services.article_publish_draft(article=obj, user=request.user)
                messages.success(request, published_message())
            elif action == Action.SUBMIT:
                services.article_submit_for_review(
                    article=obj,
                    user=request.user,
                    reply=request.POST.get("reply_to_reviewer", ""),
                )
                messages.success(
                    request,
                    "Draft saved and submitted for review. The live page is unchanged.",
                )
            elif action == Action.SCHEDULE:
                self._schedule(request, obj)
            elif context.revision is not None:
                messages.success(
                    request,
                    "The old version is now the draft. The live page is unchanged.",
                )
            else:
                before = context.draft
                after = ArticleDraft.objects.filter(article=obj).first()
                messages.success(
                    request,
                    draft_saved_message(
                        before=before.state if before else None,
                        after=after.state if after else None,
                    ),
                )
        except services.WorkflowError as error:
            if error.code == "unchanged":
                messages.error(request, error.messages[0])
            else:
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

    # Reversion's revert and recover views; restoring an old revision makes it the draft -----

    def recover_view(self, request, version_id, extra_context=None):
        # A recovered article is saved as it was, with its rows.
        _keep(request, ArticleEditing(recovering=True))
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(
            Version, pk=version_id, object_id=unquote(object_id)
        )
        # Read the stored state before reversion rewrites the rows inside its transaction.
        live = article_live_state(pk=unquote(object_id))
        _keep(request, ArticleEditing(revision=version.revision, live_state=live))
        if request.method == "POST" and live is not None and live.is_live():
            return self._restore_as_draft(request, version, extra_context)
        return super().revision_view(request, object_id, version_id, extra_context)

    def _restore_as_draft(self, request, version, extra_context):
        # Leave the live rows alone (no revert): the posted form, the old version, is saved as the draft.
        context = {
            "title": gettext("Revert %(name)s") % {"name": version.object_repr},
            "revert": True,
            **(extra_context or {}),
        }
        with self.create_revision(request):
            response = self.changeform_view(
                request, str(version.object_id), request.path, context
            )
            if response.status_code == 302:
                when = _local(version.revision.date_created)
                reversion.set_comment(
                    f"{reversion.get_comment()} Restored the version of {when} as the draft."
                )
        return response

    # Change form context --------------------------------------------------------------------

    def workflow_context(self, request, obj) -> dict:
        if obj is None or not obj.pk:
            return {}
        context = editing(request)
        values = {
            "article_status": context.status_label,
            "article_is_live": obj.is_live(),
            "article_unsaved_preview_url": reverse(
                "articles:preview-unsaved", args=[obj.pk]
            ),
        }
        if not context.workflow:
            return values
        values.update(
            article_workflow=True,
            article_state=context.state,
            article_draft=context.draft,
            workflow_can={action.value: action in context.allowed for action in Action},
            go_live_min=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            go_live_zone=time_zone_text(),
            in_revision=context.revision is not None,
        )
        return values


def _int_or_404(value) -> int:
    try:
        return int(unquote(value))
    except (TypeError, ValueError):
        raise Http404 from None


def draft_saved_message(*, before: str | None, after: str | None) -> str:
    """What "Save draft" says, from the draft's state before and after the save."""
    if before == State.IN_REVIEW and after == State.LIVE_DRAFT:
        return (
            "Draft saved. Your changes took it out of review, so the reviewer no longer "
            "sees it: Submit for review again when it is ready. The live page is unchanged."
        )
    if before == State.IN_REVIEW:
        return "Nothing changed, so the draft is still in review. The live page is unchanged."
    if before == State.SCHEDULED and after == State.LIVE_DRAFT:
        return (
            "Draft saved. The scheduled go-live is cancelled: the approval was for the "
            "earlier text, so the changes need a new review. The live page is unchanged."
        )
    if before == State.APPROVED and after == State.LIVE_DRAFT:
        return (
            "Draft saved. The approval was for the earlier text, so the changes need a "
            "new review. The live page is unchanged."
        )
    return "Draft saved. The live page is unchanged."


def published_message() -> str:
    """What "Publish changes" says: the site shows the changes now, a reader's browser within PAGE_CACHE_MAX_AGE."""
    seconds = settings.PAGE_CACHE_MAX_AGE
    kept = "a minute" if seconds == 60 else f"{seconds} seconds"
    return (
        "Changes published: the site shows them now. A reader who opened the page "
        f"in the last {kept} may see the old version until their browser reloads it "
        f"(browsers may keep a page for up to {kept})."
    )


def _local(value: datetime) -> str:
    return local_time_text(value)
