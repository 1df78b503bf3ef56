from django.db.models import QuerySet

from careersite.linkcheck.models import LinkCheck


def link_checks_failed() -> QuerySet[LinkCheck]:
    """Addresses whose last check failed (served by linkcheck_failed_idx)."""
    return LinkCheck.objects.filter(ok=False)
