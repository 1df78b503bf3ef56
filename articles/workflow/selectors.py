"""Reads of the editorial workflow: an article's state, who may do what, and scheduled changes."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone
from reversion.models import Revision, Version

from articles.editorial import LiveState
from articles.models import Article, ArticleDraft
from articles.models.drafts import SOURCE_FIELDS
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
    """What editors read as an article's status (list column, change form, workflow screens, previews):
    Draft, Scheduled for <time> or Live, and for draft changes of a live article who and when."""
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


@dataclass(frozen=True)
class ArticleEditing:
    """What one admin request on an article works with, computed once by `article_editing`.

    `workflow` is true for a live article: its change form shows and saves the working draft. The
    last three fields are what the request itself says (reversion's revision or recover view); the
    article admin records them before reversion reverts the rows, with the others left at their
    defaults until the article is loaded.
    """

    workflow: bool = False
    # The article's working draft as stored (what the status describes), or None.
    draft: ArticleDraft | None = None
    # The draft whose content the form shows instead of the article's, or None for the article's own.
    form_draft: ArticleDraft | None = None
    # The sources the form shows as new rows (the draft's, or the live ones), when `workflow`.
    sources_initial: tuple[dict, ...] = ()
    state: State = State.DRAFT
    status_label: str = ""
    allowed: frozenset[Action] = frozenset()
    # The history revision being viewed or restored, or None on the change form.
    revision: Revision | None = None
    # The stored row, read before reversion's revision view reverted it, or None.
    live_state: LiveState | None = None
    recovering: bool = False


def _sources_of(article: Article, draft: ArticleDraft | None) -> tuple[dict, ...]:
    if draft is not None:
        return tuple(
            {**source, "position": n} for n, source in enumerate(draft.sources, 1)
        )
    return tuple(
        {key: getattr(source, key) for key in SOURCE_FIELDS}
        | {"position": source.position}
        for source in article.sources.order_by("position", "pk")
    )


def article_editing(
    *,
    article: Article,
    user,
    revision: Revision | None = None,
    live_state: LiveState | None = None,
    recovering: bool = False,
    now: datetime | None = None,
) -> ArticleEditing:
    """The editorial context of one admin request on `article` (as stored; inside reversion's revision
    view, as reverted). A recovered article is saved as it was, with its rows; inside the revision view
    the article is live if it was before the revert (`live_state`)."""
    now = now or timezone.now()
    if recovering:
        workflow = False
    elif live_state is not None:
        workflow = live_state.is_live(now)
    else:
        workflow = article.is_live(now)
    draft = draft_of(article)
    form_draft = draft
    if workflow and revision is not None:
        # Reversion has reverted the rows: the form shows the revision's draft, if it has one.
        has_draft = revision.version_set.filter(
            content_type__model="articledraft"
        ).exists()
        form_draft = draft if has_draft else None
    return ArticleEditing(
        workflow=workflow,
        draft=draft,
        form_draft=form_draft if workflow else None,
        sources_initial=_sources_of(article, form_draft) if workflow else (),
        state=article_state(article, now),
        status_label=article_state_label(article, now),
        allowed=frozenset(article_allowed_actions(article=article, user=user, now=now))
        if workflow
        else frozenset(),
        revision=revision,
        live_state=live_state,
        recovering=recovering,
    )


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
