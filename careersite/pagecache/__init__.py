"""Anonymous page cache: Django's cache middleware pieces plus invalidation by a site-wide content version.

`version.py` holds the content version (bumped by content model signals and by `content_changed()`) and the next
scheduled publication; `middleware.py` stores and serves pages. Code that writes content without model signals
(`QuerySet.update()`, `bulk_create`) calls `content_changed()`; a view answering 200 with something that must not
be cached (a form with errors) returns `mark_uncacheable(response)`.
"""

from careersite.pagecache.middleware import mark_uncacheable
from careersite.pagecache.version import content_changed

__all__ = ["content_changed", "mark_uncacheable"]
