"""The Content health screen: what is going stale across the site, composed from each app's reads.

Each section shows only to users who may view its model, with at most `limit` rows and a link to
the full, filtered admin list. The number of queries does not grow with the rows.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max, QuerySet
from django.urls import reverse

from articles.careers.facts import facts_linking_to, facts_past_age_flag
from articles.careers.pay import latest_release
from articles.careers.periods import (
    PAY_RELEASE_DUE_AFTER_MONTHS,
    pay_release_due_for_update,
)
from articles.models import PayRelease
from articles.selectors import articles_review_overdue, sources_linking_to
from careersite.linkcheck.models import LinkCheck
from careersite.linkcheck.selectors import link_checks_failed
from schools.evidence import (
    PROGRAM_LINK_FIELDS,
    program_evidence,
    programs_linking_to,
    programs_needing_verification,
    verification_cutoff,
)
from schools.models import Program

ROW_LIMIT = 50
PAY_IMPORT_COMMAND = "manage.py import_pay_release <folder>"


@dataclass(frozen=True)
class Section:
    rows: list
    count: int
    list_url: str

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


@dataclass(frozen=True)
class ProgramDue:
    program: Program
    reasons: list[str]


@dataclass(frozen=True)
class LinkUse:
    label: str
    admin_url: str


@dataclass(frozen=True)
class FailedLink:
    check: LinkCheck
    uses: list[LinkUse]


@dataclass(frozen=True)
class PayReleaseHealth:
    """The BLS pay release readers' pages use (None when none is loaded), and whether a newer one is due."""

    release: PayRelease | None
    due: bool
    due_after_months: int = PAY_RELEASE_DUE_AFTER_MONTHS
    command: str = PAY_IMPORT_COMMAND


def pay_release_health(*, today: date) -> PayReleaseHealth:
    release = latest_release()
    if release is None:
        return PayReleaseHealth(release=None, due=True)
    return PayReleaseHealth(
        release=release,
        due=pay_release_due_for_update(release.published_on, today=today),
    )


@dataclass(frozen=True)
class ContentHealth:
    reviews: Section | None
    facts: Section | None
    programs: Section | None
    links: list[FailedLink] | None
    links_last_checked: datetime | None
    pay_release: PayReleaseHealth | None = None


def _section(queryset: QuerySet, *, limit: int, list_url: str) -> Section:
    rows = list(queryset[:limit])
    count = len(rows) if len(rows) < limit else queryset.count()
    return Section(rows=rows, count=count, list_url=list_url)


def _program_reasons(program: Program, *, today: date) -> list[str]:
    checked = program.last_verified_on
    reasons = []
    if checked is None:
        reasons.append("never verified")
    elif checked <= verification_cutoff(today):
        reasons.append(f"last verified {checked:%Y-%m-%d}")
    if program_evidence(program, today=today).review_passed:
        reasons.append(f"CAHIIM review {program.next_review} has passed")
    return reasons


def _programs_section(*, today: date, limit: int) -> Section:
    section = _section(
        programs_needing_verification(today=today),
        limit=limit,
        list_url=reverse("admin:schools_program_changelist") + "?verification=due",
    )
    rows = [
        ProgramDue(program, _program_reasons(program, today=today))
        for program in section.rows
    ]
    return Section(rows=rows, count=section.count, list_url=section.list_url)


def _failed_links(*, user) -> list[FailedLink]:
    """Failed addresses the content still links to, each with where it is used (4 queries)."""
    checks = {check.url: check for check in link_checks_failed()}
    if not checks:
        return []
    failed_urls = link_checks_failed().values("url")
    uses: dict[str, list[LinkUse]] = defaultdict(list)
    if user.has_perm("articles.view_article"):
        for source in sources_linking_to(failed_urls):
            uses[source.url].append(
                LinkUse(
                    f"Source “{source.title}” in {source.article.title}",
                    reverse("admin:articles_article_change", args=[source.article_id]),
                )
            )
    if user.has_perm("articles.view_occupationfact"):
        for fact in facts_linking_to(failed_urls):
            uses[fact.source_url].append(
                LinkUse(
                    f"Career fact “{fact.label}”",
                    reverse("admin:articles_occupationfact_change", args=[fact.pk]),
                )
            )
    if user.has_perm("schools.view_program"):
        for program in programs_linking_to(failed_urls):
            admin_url = reverse("admin:schools_program_change", args=[program.pk])
            for name in PROGRAM_LINK_FIELDS:
                url = getattr(program, name)
                if url in checks:
                    what = Program._meta.get_field(name).verbose_name
                    uses[url].append(LinkUse(f"{program} ({what})", admin_url))
    return [FailedLink(checks[url], uses[url]) for url in sorted(uses)]


def content_health(*, user, today: date, limit: int = ROW_LIMIT) -> ContentHealth:
    """What `user` may see of the stale content on `today`."""
    can_articles = user.has_perm("articles.view_article")
    can_facts = user.has_perm("articles.view_occupationfact")
    can_programs = user.has_perm("schools.view_program")
    reviews = facts = programs = links = last_checked = pay_release = None
    if can_articles:
        reviews = _section(
            articles_review_overdue(today=today),
            limit=limit,
            list_url=reverse("admin:articles_article_changelist") + "?reviewed=stale",
        )
    if can_facts:
        pay_release = pay_release_health(today=today)
        facts = _section(
            facts_past_age_flag(today=today),
            limit=limit,
            list_url=reverse("admin:articles_occupationfact_changelist") + "?age=stale",
        )
    if can_programs:
        programs = _programs_section(today=today, limit=limit)
    if can_articles or can_facts or can_programs:
        links = _failed_links(user=user)
        last_checked = LinkCheck.objects.aggregate(last=Max("checked_at"))["last"]
    return ContentHealth(
        reviews=reviews,
        facts=facts,
        programs=programs,
        links=links,
        links_last_checked=last_checked,
        pay_release=pay_release,
    )
