"""The article change form's autosave: its two admin endpoints and the restore notice.

The browser (static/js/admin-autosave.js) posts the form's fields as they change; the rules
live in articles/autosave.py. Only the editor's own autosave is ever read or written, and only
where they may change the article (or add one, on the add form).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.forms.widgets import Script
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.autosave import (
    AUTOSAVE_MAX_BYTES,
    AutosaveDataError,
    article_autosave_discard,
    article_autosave_pending,
    article_autosave_store,
    autosave_parse,
    autosave_started_before_last_save,
)
from careersite.timetext import local_time_text


def _json_error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 405:
        response["Allow"] = "POST"
    return response


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ArticleAutosaveMixin:
    """Mixed into ArticleAdmin, before the ModelAdmin class."""

    @property
    def media(self):
        return super().media + forms.Media(
            js=[Script("js/admin-autosave.js", defer=True)]
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        # Each name has two patterns: without an id for the add form, with one for an article.
        # The add form's come first, as the article patterns would also match "add".
        return [
            path("add/autosave/", wrap(self.autosave_view), name=f"{name}_autosave"),
            path(
                "add/autosave/discard/",
                wrap(self.autosave_discard_view),
                name=f"{name}_autosave_discard",
            ),
            path(
                "<path:object_id>/autosave/",
                wrap(self.autosave_view),
                name=f"{name}_autosave",
            ),
            path(
                "<path:object_id>/autosave/discard/",
                wrap(self.autosave_discard_view),
                name=f"{name}_autosave_discard",
            ),
            *super().get_urls(),
        ]

    def _autosave_target(self, request, object_id):
        """(article or None for the add form, None) or (None, the error response)."""
        if object_id is None:
            if not self.has_add_permission(request):
                return None, _json_error("You may not add articles.", 403)
            return None, None
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return None, _json_error("There is no such article.", 404)
        if not self.has_change_permission(request, article):
            return None, _json_error("You may not change this article.", 403)
        return article, None

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return _json_error("Send the autosave with POST.", 405)
        # Checked before the body is read, so an oversized post is never parsed.
        if _content_length(request) > AUTOSAVE_MAX_BYTES:
            return _json_error("The changes are too large to autosave.", 413)
        article, error = self._autosave_target(request, object_id)
        if error:
            return error
        try:
            data = autosave_parse(request.POST.get("data"))
        except AutosaveDataError as problem:
            return _json_error(str(problem), 400)
        autosave = article_autosave_store(user=request.user, article=article, data=data)
        saved_at = timezone.localtime(autosave.saved_at)
        return JsonResponse(
            {
                "saved_at": saved_at.isoformat(),
                "saved_at_display": date_format(saved_at, "TIME_FORMAT"),
            }
        )

    def autosave_discard_view(self, request, object_id=None):
        if request.method != "POST":
            return _json_error("Discard with POST.", 405)
        article, error = self._autosave_target(request, object_id)
        if error:
            return error
        article_autosave_discard(user=request.user, article=article)
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"discarded": True})
        # Without JavaScript the notice's Discard button is a plain form.
        self.message_user(request, "The unsaved changes were discarded.", messages.INFO)
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if article is None:
            return redirect(reverse(f"{name}_add"))
        return redirect(reverse(f"{name}_change", args=[article.pk]))

    def _autosave_context(self, request, *, add: bool, obj) -> dict:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        match = request.resolver_match
        # Not on reversion's revert and recover screens: they show an old version on purpose.
        if match is None or match.url_name not in {f"{name}_add", f"{name}_change"}:
            return {}
        if add:
            article = None
            allowed = self.has_add_permission(request)
        else:
            article = obj
            allowed = obj is not None and self.has_change_permission(request, obj)
        if not allowed:
            return {}
        args = [] if article is None else [article.pk]
        autosave = {
            "url": reverse(f"admin:{name}_autosave", args=args),
            "discard_url": reverse(f"admin:{name}_autosave_discard", args=args),
        }
        # After a post the form shows what was sent; only a freshly opened form offers a restore.
        if request.method == "GET":
            pending = article_autosave_pending(user=request.user, article=article)
            if pending is not None:
                autosave["pending"] = pending
                autosave["pending_time"] = local_time_text(pending.saved_at)
                autosave["pending_stale"] = autosave_started_before_last_save(
                    pending, article
                )
        return {"autosave": autosave}

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context.update(self._autosave_context(request, add=add, obj=obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved for real, in the same transaction: the scratch copy has served its purpose.
        article_autosave_discard(
            user=request.user, article=form.instance if change else None
        )
