from django.urls import path

from articles.careers import views

app_name = "careers"

SALARY = "careers/medical-records-specialists/salary/"

urlpatterns = [
    path(SALARY, views.salary, name="salary"),
    path(f"{SALARY}states/<slug:slug>/", views.pay_state, name="pay-state"),
    path(f"{SALARY}areas/<slug:slug>/", views.pay_area, name="pay-area"),
    path(f"{SALARY}near/", views.pay_zip, name="pay-zip"),
    path(f"{SALARY}compare/", views.pay_compare, name="pay-compare"),
    path(f"{SALARY}industries/", views.pay_industries, name="pay-industries"),
    path(f"{SALARY}about-the-data/", views.pay_data_notes, name="pay-notes"),
    path(
        "careers/health-information-career-ladder/", views.career_ladder, name="ladder"
    ),
    path("tools/ccs-eligibility/", views.eligibility, name="eligibility"),
]
