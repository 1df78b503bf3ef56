"""Reads of the editorial workflow: an article's state, who may do what, and scheduled changes."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleDraft
from articles.workflow.rules import Action, Role, State, decide
from careersite.timetext import local_time_text
from careersite.users import user_display_name


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
    return local_time_text(value)


def article_state_label(article: Article, now: datetime | None = None) -> str:
    """What editors read in the status column: the state, and for draft changes who and when."""
    state = article_state(article, now)
    draft = draft_of(article)
    if state == State.SCHEDULED and draft is None:
        return f"Scheduled for {_when(article.published_at)}"
    if state == State.SCHEDULED:
        return f"Live + changes scheduled for {_when(draft.go_live_at)}"
    if state == State.LIVE_DRAFT:
        editor = user_display_name(draft.updated_by, default="an editor")
        return f"Live + draft changes ({editor}, {_when(draft.updated_at)})"
    if state == State.IN_REVIEW:
        editor = user_display_name(draft.submitted_by, default="an editor")
        return f"In review (submitted by {editor}, {_when(draft.submitted_at)})"
    if state == State.CHANGES_REQUESTED:
        reviewer = user_display_name(draft.reviewed_by, default="an editor")
        return f"Changes requested by {reviewer}"
    if state == State.APPROVED:
        reviewer = user_display_name(draft.reviewed_by, default="an editor")
        return f"Approved by {reviewer}, {_when(draft.reviewed_at)}"
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


def draft_history(*, article: Article, draft: ArticleDraft, limit: int = 20) -> list:
    """The revisions of this change so far (saves, submissions with the editor's reply, review requests),
    oldest first: what a reviewer reads before deciding."""
    versions = (
        Version.objects.get_for_object(article)
        .filter(revision__date_created__gte=draft.created_at)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created")[:limit]
    )
    return [version.revision for version in reversed(versions)]


@dataclass(frozen=True)
class ReviewQueue:
    waiting: int  # changes in review
    for_you: int  # of those, the ones this user may review (not their own submissions); 0 if not a reviewer
    is_reviewer: bool


def review_queue(*, user) -> ReviewQueue:
    """How many changes wait for review, and how many of them the signed-in reviewer may take."""
    in_review = ArticleDraft.objects.filter(state=State.IN_REVIEW)
    is_reviewer = Role.REVIEWER in user_roles(user)
    waiting = in_review.count()
    for_you = (
        in_review.exclude(submitted_by=user).count() if is_reviewer and waiting else 0
    )
    return ReviewQueue(waiting=waiting, for_you=for_you, is_reviewer=is_reviewer)
