from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import Topic
from articles.selectors import articles_public_list
from careersite.query import MAX_QUERY_LENGTH, search_query_parse
from careersite.ratelimits import limit_renders
from careersite.search import site_search
from careersite.seo import absolute_url

SEARCH_KINDS = ("guides", "programs")
PREVIEW_PATH = "/guides/preview/"  # editors' draft previews: never crawled


@require_GET
def home(request):
    flagship = articles_public_list().filter(featured=True).first()
    newest = articles_public_list().exclude(pk=getattr(flagship, "pk", None))[:6]
    return render(
        request,
        "home.html",
        {"flagship": flagship, "newest": newest, "topics": Topic.objects.all()},
    )


@require_GET
def about(request):
    return render(request, "about.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_GET
@limit_renders
def search(request):
    query = search_query_parse(request.GET.get("q"))
    kind = request.GET.get("type") if request.GET.get("type") in SEARCH_KINDS else "all"
    results = site_search(query=query, kind=kind, page=request.GET.get("page"))
    context = {
        "query": query,
        "kind": kind,
        "results": results,
        "page_obj": results.page,
        "max_length": MAX_QUERY_LENGTH,
    }
    return render(request, "search.html", context)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        f"Disallow: {PREVIEW_PATH}",
        "Allow: /",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
