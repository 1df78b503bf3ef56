from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("", views.finder, name="finder"),
    path("results/", views.results, name="results"),
    path("programs/<slug:slug>/", views.program_detail, name="program"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution"),
    path("states/", views.state_list, name="states"),
    path("states/<str:code>/", views.state_detail, name="state"),
    path("by-name/", views.name_search, name="name-search"),
    path("compare/", views.compare, name="compare"),
    path("shortlist/", views.shortlist, name="shortlist"),
]
