"""Reads of the editorial workflow: an article's state, who may do what, and scheduled changes."""

from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, ArticleDraft
from articles.workflow.rules import Action, Role, State, decide


def user_roles(user) -> set[Role]:
    """The workflow roles a user's permissions give (a superuser has them all)."""
    roles = set()
    if user is None or not user.is_active:
        return roles
    if user.has_perm("articles.change_article"):
        roles.add(Role.EDITOR)
        if user.has_perm("articles.publish_without_review"):
            roles.add(Role.PUBLISHER)
    if user.has_perm("articles.review_article"):
        roles.add(Role.REVIEWER)
    return roles


def draft_of(article: Article) -> ArticleDraft | None:
    """The article's working draft (uses article.draft when select_related loaded it)."""
    try:
        return article.draft
    except ObjectDoesNotExist:
        return None


def article_state(article: Article, now: datetime | None = None) -> State:
    now = now or timezone.now()
    if article.status != Article.Status.PUBLISHED or article.published_at is None:
        return State.DRAFT
    if article.published_at > now:
        return State.SCHEDULED
    draft = draft_of(article)
    return State(draft.state) if draft is not None else State.LIVE


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "an editor"


def article_state_label(article: Article, now: datetime | None = None) -> str:
    """What editors read in the status column: the state, and for draft changes who and when."""
    state = article_state(article, now)
    draft = draft_of(article)
    if state == State.SCHEDULED and draft is None:
        return f"Scheduled for {_when(article.published_at)}"
    if state == State.SCHEDULED:
        return f"Live + changes scheduled for {_when(draft.go_live_at)}"
    if state == State.LIVE_DRAFT:
        return f"Live + draft changes ({_name(draft.updated_by)}, {_when(draft.updated_at)})"
    if state == State.IN_REVIEW:
        return f"In review (submitted by {_name(draft.submitted_by)}, {_when(draft.submitted_at)})"
    if state == State.CHANGES_REQUESTED:
        return f"Changes requested by {_name(draft.reviewed_by)}"
    if state == State.APPROVED:
        return f"Approved by {_name(draft.reviewed_by)}, {_when(draft.reviewed_at)}"
    return str(state.label)


def article_allowed_actions(*, article: Article, user, now=None) -> set[Action]:
    """Buttons to offer on a live article's change form (an unsaved edit is saved as a draft first)."""
    state = article_state(article, now)
    if state == State.DRAFT or (state == State.SCHEDULED and draft_of(article) is None):
        return set()
    roles = user_roles(user)
    draft = draft_of(article)
    own = draft is not None and draft.submitted_by_id == user.pk
    allowed = set()
    for action in Action:
        # A live article without a draft gets one on the first save, so offer what a draft allows.
        from_state = (
            State.LIVE_DRAFT
            if state == State.LIVE
            and action
            not in (
                Action.SAVE_DRAFT,
                Action.DISCARD,
            )
            else state
        )
        if decide(from_state, action, roles, own_submission=own).allowed:
            allowed.add(action)
    return allowed


def scheduled_changes_between(start: datetime, end: datetime) -> QuerySet[ArticleDraft]:
    """Draft changes of live articles scheduled to go live in [start, end), soonest first."""
    return (
        ArticleDraft.objects.filter(
            state=State.SCHEDULED, go_live_at__gte=start, go_live_at__lt=end
        )
        .select_related("article", "scheduled_by")
        .order_by("go_live_at", "pk")
    )


def next_publication_at(now: datetime | None = None) -> datetime | None:
    """When public pages next change on their own: the earliest scheduled first publication or scheduled
    change still to come (one query)."""
    now = now or timezone.now()
    articles = (
        Article.objects.scheduled(now=now)
        .order_by()
        .values_list("published_at", flat=True)
    )
    changes = (
        ArticleDraft.objects.filter(state=State.SCHEDULED, go_live_at__gt=now)
        .order_by()
        .values_list("go_live_at", flat=True)
    )
    return articles.union(changes).order_by("published_at").first()
