from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from careersite import health, views

handler404 = "careersite.views.page_not_found"
handler500 = "careersite.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("about/", views.about, name="about"),
    path("guides/", include("articles.urls")),
    path("schools/", include("schools.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]
