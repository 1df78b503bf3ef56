"""Reading the page cache as its middleware does, for assertions."""

import time

from django.test import RequestFactory

from careersite.pagecache.content_version import content_version_with
from careersite.pagecache.middleware import cached_entry_for, page_key


def content_version() -> str:
    """The current content version."""
    return content_version_with(None)[0]


def cached_entry(path: str):
    """(content version, the entry stored for an anonymous GET of `path`, or None)."""
    return cached_entry_for(page_key(RequestFactory().get(path)), now=time.time())
