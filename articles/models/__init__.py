from articles.models.autosave import ArticleAutosave
from articles.models.drafts import DRAFT_FIELDS, ArticleDraft
from articles.models.facts import OccupationFact, StateWage
from articles.models.guide import Article, ArticleQuerySet, Author, Source, Topic
from articles.models.pay import (
    PayArea,
    PayEstimate,
    PayIndustryEstimate,
    PayOccupation,
    PayRelease,
)

__all__ = [
    "DRAFT_FIELDS",
    "Article",
    "ArticleDraft",
    "ArticleAutosave",
    "ArticleQuerySet",
    "Author",
    "OccupationFact",
    "PayArea",
    "PayEstimate",
    "PayIndustryEstimate",
    "PayOccupation",
    "PayRelease",
    "Source",
    "StateWage",
    "Topic",
]
