from django.contrib import admin

from articles.models import Article, Author, Source, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "slug"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "status", "published_at", "author", "updated_at", "last_reviewed_on"]
    list_filter = ["status", "topic", "author"]
    list_select_related = ["topic", "author"]
    search_fields = ["title", "dek", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topic", "author"]
    date_hierarchy = "published_at"
    list_per_page = 50
    inlines = [SourceInline]


from articles import admin_facts  # noqa: E402, F401  (career facts and state wages)
