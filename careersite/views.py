from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.models import Topic
from articles.selectors import articles_public_list


@require_GET
def home(request):
    flagship = articles_public_list().filter(featured=True).first()
    newest = articles_public_list().exclude(pk=getattr(flagship, "pk", None))[:6]
    return render(request, "home.html", {"flagship": flagship, "newest": newest, "topics": Topic.objects.all()})


@require_GET
def about(request):
    return render(request, "about.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
