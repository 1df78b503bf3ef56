"""The "last good copies" outage, shared by tests/quality/test_outage.py (a SQLite file that goes away, in one
process) and tests/perf/test_postgres_outage.py (PostgreSQL cut off from gunicorn): which pages are warmed, the
edit that gives the site a new content version, and what marks a page served from its last good copy."""

from articles.models import Article
from careersite.pagecache import content_changed
from schools.models import Program

WARMED = 20
# The page cache's banner on a last good copy (careersite/pagecache/middleware.py).
STALE_BANNER = b"stale-banner"
# A page no test asks for before the outage, so it has no last good copy.
NEVER_SERVED = "/guides/?page=1"
EDITED = " Updated."


def last_good_urls() -> list[str]:
    """The WARMED pages a reader has seen before the outage: page types of every kind, then guides and programs."""
    urls = [
        "/",
        "/guides/",
        "/schools/",
        "/schools/states/",
        "/careers/health-information-career-ladder/",
        "/careers/medical-records-specialists/salary/",
        "/careers/medical-records-specialists/salary/states/ohio/",
    ]
    urls += [a.get_absolute_url() for a in Article.objects.published()]
    urls += [p.get_absolute_url() for p in Program.objects.public().order_by("pk")]
    return urls[:WARMED]


def article_edited() -> str:
    """An editor's save of a live article's summary: the site has a new content version. The article's URL."""
    article = Article.objects.published().first()
    article.dek = article.dek + EDITED
    article.save()  # a new content version: no page is cached under it yet
    content_changed()
    return article.get_absolute_url()
