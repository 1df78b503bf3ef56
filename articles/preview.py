"""Staff preview of an article exactly as the public page renders it, drafts and scheduled included."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from articles.editorial import article_status_label
from articles.models import Article
from articles.views import ArticleDetailView


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    template_name = "articles/article_preview.html"
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        # admin.site.has_permission: active staff, past the second factor where it is required.
        if not (
            admin.site.has_permission(request)
            and user.has_perm("articles.view_article")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.select_related("topic", "author").prefetch_related(
            "sources"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview_status"] = article_status_label(self.object)
        context["preview_is_live"] = self.object.is_live()
        return context
