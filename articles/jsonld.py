"""JSON-LD and breadcrumb trails for guides, their authors and topics."""

from django.urls import reverse

from careersite.breadcrumbs import Crumb, breadcrumbs
from careersite.seo import SCHEMA, absolute_url, jsonld_compact, publisher_jsonld


def credentials_list(credentials: str) -> list[str]:
    """'RHIA, CCS' -> ['RHIA', 'CCS']."""
    return [
        part.strip()
        for part in (credentials or "").replace(";", ",").split(",")
        if part.strip()
    ]


def person_jsonld(author) -> dict:
    credentials = credentials_list(author.credentials)
    return jsonld_compact(
        {
            "@type": "Person",
            "name": author.name,
            "honorificSuffix": ", ".join(credentials),
            "url": absolute_url(author.get_absolute_url()),
            "hasCredential": [
                {
                    "@type": "EducationalOccupationalCredential",
                    "credentialCategory": "certification",
                    "name": credential,
                }
                for credential in credentials
            ],
        }
    )


def webpage_jsonld(article, url: str) -> dict:
    """The page's review: `reviewedBy` only for an expert reviewer with credentials, never invented."""
    reviewer = article.review_line_reviewer
    dates = [
        d for d in (article.last_reviewed_on, reviewer and article.reviewed_on) if d
    ]
    return jsonld_compact(
        {
            "@type": "WebPage",
            "@id": url,
            "lastReviewed": max(dates) if dates else None,
            "reviewedBy": person_jsonld(reviewer) if reviewer else None,
        }
    )


def article_jsonld(article) -> dict:
    """schema.org Article for a guide; expects topic and author to be loaded."""
    url = absolute_url(article.get_absolute_url())
    return jsonld_compact(
        {
            "@context": SCHEMA,
            "@type": "Article",
            "headline": article.title[:110],
            "description": article.description,
            "author": person_jsonld(article.author),
            "datePublished": article.published_at,
            "dateModified": article.updated_at,
            "publisher": publisher_jsonld(),
            "mainEntityOfPage": webpage_jsonld(article, url),
            "image": absolute_url(article.hero_image.url)
            if article.hero_image
            else None,
            "articleSection": article.topic.name,
            "inLanguage": "en-US",
            "url": url,
        }
    )


def topic_breadcrumbs(topic) -> list[Crumb]:
    return breadcrumbs(
        ("Guides", reverse("articles:list")), (topic.name, topic.get_absolute_url())
    )


def article_breadcrumbs(article) -> list[Crumb]:
    """Home, Guides, the topic, the guide; expects the topic to be loaded."""
    return [
        *topic_breadcrumbs(article.topic),
        (article.title, article.get_absolute_url()),
    ]
