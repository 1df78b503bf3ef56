from django.urls import path

from articles.careers import views

app_name = "careers"

urlpatterns = [
    path(
        "careers/medical-records-specialists/salary/",
        views.salary,
        name="salary",
    ),
    path("tools/ccs-eligibility/", views.eligibility, name="eligibility"),
]
