"""The workflow's own admin screens: Review (approve or request changes), Compare draft with live and
Discard draft (with its confirmation), mixed into ArticleAdmin with articles.workflow.admin; and the
editorial calendar, which careersite.editorial.admin adds to the admin site."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles.models import Article, ArticleDraft
from articles.workflow import services
from articles.workflow.admin import _int_or_404
from articles.workflow.calendar import month_grid, month_param, month_parse
from articles.workflow.diff import draft_changes
from articles.workflow.rules import State
from articles.workflow.selectors import article_state_label, draft_history, draft_of

# Who may open the calendar: whoever may view articles (editors, reviewers).
CALENDAR_PERMISSION = "articles.view_article"


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Note to the editor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        help_text="Optional when approving; required when requesting changes: say what should change.",
    )


class WorkflowScreensMixin:
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
            history=draft_history(article=article, draft=draft),
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
            review_url=reverse("admin:articles_article_review", args=[article.pk])
            if request.user.has_perm("articles.review_article")
            and draft.state == State.IN_REVIEW
            else "",
        )


@require_GET
def calendar_screen(request, admin_site):
    """The editorial calendar: what goes live on each day of a month (articles.workflow.calendar)."""
    if not request.user.has_perm(CALENDAR_PERMISSION):
        raise PermissionDenied
    today = timezone.localdate()
    asked = request.GET.get("month")
    month = month_parse(asked)
    if month is None:
        if asked is not None:
            messages.warning(
                request,
                "That is not a month the calendar can show (use YYYY-MM): showing this month.",
            )
        month = today.replace(day=1)
    grid = month_grid(month, today=today)
    context = {
        **admin_site.each_context(request),
        "title": f"Calendar: {month:%B %Y}",
        "grid": grid,
        "month_value": month_param(month),
        "previous_param": grid.previous and month_param(grid.previous),
        "next_param": grid.next and month_param(grid.next),
        "this_month_param": month_param(today.replace(day=1)),
        "time_zone": timezone.get_current_timezone_name(),
    }
    return TemplateResponse(request, "admin/editorial/calendar.html", context)
