from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.careers.facts import at_a_glance
from articles.jsonld import article_breadcrumbs, topic_breadcrumbs
from articles.models import Article, Author, Topic
from articles.selectors import article_related, articles_public_list


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        return articles_public_list()


def article_page_context(article: Article, sources: list) -> dict:
    """What the article page shows besides the article: shared by the public page and every preview."""
    return {
        "article": article,
        "sources": sources,
        "breadcrumbs": article_breadcrumbs(article),
        # Stored with the rendered body on save (Article.refresh_rendered), not parsed per request.
        "toc": article.toc,
        "related": article_related(article=article),
        "at_a_glance": at_a_glance() if article.show_at_a_glance else None,
    }


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("topic", "author", "reviewed_by")
            .prefetch_related("sources")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            article_page_context(self.object, sources=list(self.object.sources.all()))
        )
        return context


class TopicDetailView(ListView):
    template_name = "articles/topic_detail.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return articles_public_list().filter(topic=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topic=self.topic, breadcrumbs=topic_breadcrumbs(self.topic), **kwargs
        )


class AuthorDetailView(ListView):
    template_name = "articles/author_detail.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return articles_public_list().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
