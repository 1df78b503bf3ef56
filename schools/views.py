# Placeholder views so the site's links resolve; the finder replaces them.
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def finder(request):
    return render(request, "schools/finder.html", {})


@require_GET
def results(request):
    return render(request, "schools/finder.html", {})


@require_GET
def program_detail(request, slug):
    raise Http404


@require_GET
def institution_detail(request, slug):
    raise Http404


@require_GET
def state_list(request):
    raise Http404


@require_GET
def state_detail(request, code):
    raise Http404
