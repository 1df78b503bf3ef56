"""Anonymous page cache: Django's cache middleware pieces plus invalidation by a site-wide content version.

`content_version.py` holds the content version and the next scheduled publication; `content.py` says which models are
content and makes every write to them through the ORM change the version (model signals for saves and deletes,
ContentQuerySet, the base of every content model's querysets, for `update()`, `bulk_create()` and
`bulk_update()`); `middleware.py` stores and serves pages. Only code that writes content with raw SQL calls
`content_changed()` itself. A view answering 200 with something that must not be cached (a form with errors)
returns `mark_uncacheable(response)`.
"""

from careersite.pagecache.content import ContentQuerySet
from careersite.pagecache.content_version import content_changed
from careersite.pagecache.middleware import mark_uncacheable

__all__ = ["ContentQuerySet", "content_changed", "mark_uncacheable"]
