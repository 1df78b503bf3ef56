from django.urls import path

from articles import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("preview/<int:pk>/", preview.article_preview, name="preview"),
    path(
        "preview/<int:pk>/draft/", preview.article_preview_draft, name="preview-draft"
    ),
    path(
        "preview/<int:pk>/unsaved/",
        preview.article_preview_unsaved,
        name="preview-unsaved",
    ),
    path(
        "preview/<int:pk>/revision/<int:version_id>/",
        preview.article_preview_revision,
        name="preview-revision",
    ),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
