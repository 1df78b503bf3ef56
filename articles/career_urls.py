from django.urls import path

from articles import career_views

app_name = "careers"

urlpatterns = [
    path(
        "careers/medical-records-specialists/salary/",
        career_views.salary,
        name="salary",
    ),
    path("tools/ccs-eligibility/", career_views.eligibility, name="eligibility"),
]
