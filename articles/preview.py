"""Staff previews of any version of an article, rendered with the public templates.

The article as stored (`articles:preview`), its working draft (`preview-draft`), any revision from its
history (`preview-revision`), and what is in the change form right now, unsaved (`preview-unsaved`: the form
is posted here into a new tab, kept in the editor's session and shown at a GET address). Every preview has
the banner, `noindex` and never-cache headers, is for staff with the view permission only (the unsaved one
needs the change permission), and can be shown at phone width in a frame (`?width=phone`).
"""

from csp.constants import SELF
from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from reversion.models import Version

from articles.models import DRAFT_FIELDS, Article, ArticleDraft, Source
from articles.views import article_page_context
from articles.workflow.selectors import article_state_label, draft_of
from careersite.users import user_display_name

SESSION_KEY = "article-preview:{pk}"
MAX_SOURCES = 200
WIDTHS = {"phone": 390, "desktop": None}


def _staff_only(request, permission: str = "articles.view_article"):
    """None if the user may preview, else the response to send (sign-in redirect) or PermissionDenied."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    # admin.site.has_permission: active staff, past the second factor where it is required.
    if not (admin.site.has_permission(request) and user.has_perm(permission)):
        raise PermissionDenied
    return None


def _article(pk) -> Article:
    return get_object_or_404(
        Article.objects.select_related("topic", "author", "reviewed_by"), pk=pk
    )


def _render(
    request, article: Article, sources: list, *, label: str, live_note: str, **extra
):
    article.refresh_rendered()  # the body as the page shows it, and its table of contents
    width = request.GET.get("width")
    context = {
        **article_page_context(article, sources),
        "preview_label": label,
        "preview_status": article_state_label(_article(article.pk)),
        "preview_live_note": live_note,
        "preview_framed": request.GET.get("frame") == "1",
        **extra,
    }
    if width == "phone" and not context["preview_framed"]:
        query = request.GET.copy()
        query.pop("width", None)
        query["frame"] = "1"
        context["frame_url"] = f"{request.path}?{query.urlencode()}"
        context["frame_width"] = WIDTHS["phone"]
        response = render(request, "articles/preview_frame.html", context)
    else:
        response = render(request, "articles/article_preview.html", context)
        if context["preview_framed"]:
            # Only the preview frame page of this site may show it.
            response._csp_replace = {"frame-ancestors": [SELF]}
            response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def article_preview(request, pk):
    """The article as stored: the live version of a live article, or the draft article itself."""
    if refusal := _staff_only(request):
        return refusal
    article = _article(pk)
    live = article.is_live()
    return _render(
        request,
        article,
        list(article.sources.all()),
        label="Live version" if live else "This article as saved",
        live_note="This is what readers see now."
        if live
        else "Readers cannot see it yet.",
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def article_preview_draft(request, pk):
    """The working draft of a live article, as readers will see it once it is published."""
    if refusal := _staff_only(request):
        return refusal
    article = _article(pk)
    draft = draft_of(article)
    if draft is None:
        raise Http404("This article has no draft changes.")
    draft.applied_to(article)
    return _render(
        request,
        article,
        [Source(**source) for source in draft.sources],
        label="Draft changes",
        live_note="Readers still see the live version.",
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def article_preview_revision(request, pk, version_id):
    """A revision from the history: its draft if the revision holds one, else the live version then."""
    if refusal := _staff_only(request):
        return refusal
    version = get_object_or_404(
        Version.objects.get_for_model(Article).select_related(
            "revision", "revision__user"
        ),
        pk=version_id,
        object_id=str(pk),
    )
    revision = version.revision
    article = Article(**version.field_dict)
    drafts = revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(ArticleDraft)
    )
    draft = next(
        (d for v in drafts if (d := ArticleDraft(**v.field_dict)).article_id == pk),
        None,
    )
    if draft is not None:
        draft.applied_to(article)
        sources = [Source(**source) for source in draft.sources]
        kind = "the draft as saved then"
    else:
        rows = (
            Source(**v.field_dict)
            for v in revision.version_set.filter(
                content_type=ContentType.objects.get_for_model(Source)
            )
        )
        sources = sorted(
            (source for source in rows if source.article_id == pk),
            key=lambda source: (source.position, source.pk),
        )
        kind = "the live version then"
    who = user_display_name(revision.user)
    return _render(
        request,
        article,
        sources,
        label=f"Revision of {revision.date_created:%B %-d, %Y %H:%M}{f' by {who}' if who else ''}: {kind}",
        live_note=revision.comment,
    )


class UnsavedArticleForm(forms.ModelForm):
    """The change form's fields, validated for a preview only (nothing is saved; no conflict check)."""

    class Meta:
        model = Article
        fields = [name for name in DRAFT_FIELDS if name != "hero_image"]


def _unsaved_sources(data: QueryDict) -> list[Source]:
    try:
        total = min(int(data.get("sources-TOTAL_FORMS", 0)), MAX_SOURCES)
    except ValueError:
        total = 0
    sources = []
    for n in range(total):
        row = {
            key: data.get(f"sources-{n}-{key}", "").strip()
            for key in ("title", "publisher", "url", "period", "position")
        }
        if data.get(f"sources-{n}-DELETE") or not row["url"] or not row["title"]:
            continue
        try:
            URLValidator(schemes=["http", "https"])(row["url"])
            position = int(row.pop("position") or 0)
        except (ValidationError, ValueError):
            continue
        sources.append((position, n, Source(position=position, **row)))
    return [source for _, _, source in sorted(sources, key=lambda item: item[:2])]


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def article_preview_unsaved(request, pk):
    """POST: keep the form's content in the session and show it at this address (GET)."""
    if refusal := _staff_only(request, "articles.change_article"):
        return refusal
    article = _article(pk)
    key = SESSION_KEY.format(pk=article.pk)
    if request.method == "POST":
        request.session[key] = {
            name: request.POST.getlist(name)
            for name in request.POST
            if name != "csrfmiddlewaretoken"
        }
        return HttpResponseRedirect(request.path, status=303)
    stored = request.session.get(key)
    if not isinstance(stored, dict):
        raise Http404("Nothing to preview: use Preview on the change form.")
    data = QueryDict(mutable=True)
    for name, values in stored.items():
        data.setlist(name, [str(value) for value in values])
    form = UnsavedArticleForm(data, instance=article)
    form.is_valid()  # the instance takes every valid field; the banner lists the others
    article = form.instance
    return _render(
        request,
        article,
        _unsaved_sources(data),
        label="Unsaved changes",
        live_note="Nothing is saved yet; a new hero image shows once saved.",
        preview_errors=[
            f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        ],
    )
