from articles.models.autosave import ArticleAutosave
from articles.models.facts import OccupationFact, StateWage
from articles.models.guide import Article, ArticleQuerySet, Author, Source, Topic

__all__ = [
    "Article",
    "ArticleAutosave",
    "ArticleQuerySet",
    "Author",
    "OccupationFact",
    "Source",
    "StateWage",
    "Topic",
]
