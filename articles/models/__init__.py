from articles.models.autosave import ArticleAutosave
from articles.models.drafts import DRAFT_FIELDS, ArticleDraft
from articles.models.facts import OccupationFact, StateWage
from articles.models.guide import Article, ArticleQuerySet, Author, Source, Topic

__all__ = [
    "DRAFT_FIELDS",
    "Article",
    "ArticleDraft",
    "ArticleAutosave",
    "ArticleQuerySet",
    "Author",
    "OccupationFact",
    "Source",
    "StateWage",
    "Topic",
]
