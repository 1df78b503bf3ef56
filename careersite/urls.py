from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import include, path

from articles.careers.sitemaps import PaySitemap
from articles.feeds import GuidesAtomFeed, GuidesFeed
from articles.sitemaps import ArticleSitemap, TopicSitemap
from careersite import health, views
from careersite.sitemaps import StaticSitemap
from schools.sitemaps import InstitutionSitemap, ProgramSitemap, StateSitemap

handler404 = "careersite.views.page_not_found"
handler500 = "careersite.views.server_error"

# /sitemap.xml: the fixed pages, then each app's public content.
SITEMAPS = {
    "pages": StaticSitemap,
    "guides": ArticleSitemap,
    "topics": TopicSitemap,
    "programs": ProgramSitemap,
    "institutions": InstitutionSitemap,
    "states": StateSitemap,
    "pay": PaySitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap_view, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("feeds/guides/", GuidesFeed(), name="feeds-guides"),
    path("feeds/guides/atom/", GuidesAtomFeed(), name="feeds-guides-atom"),
    path("guides/", include("articles.urls")),
    path("schools/", include("schools.urls")),
    path("", include("articles.careers.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]
