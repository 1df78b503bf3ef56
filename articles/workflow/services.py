"""Editorial workflow writes: every transition of articles.workflow.rules, each a revision in the history.

Each service locks the article row, asks the rules whether the user may do it, writes, and records a revision
(the live article with its sources, plus the draft) whose comment says who did what.
"""

import logging
from contextlib import contextmanager
from datetime import datetime

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.editorial import redirect_slug_change
from articles.models import DRAFT_FIELDS, Article, ArticleDraft, Author, Source
from articles.models.drafts import SOURCE_FIELDS
from articles.models.guide import stored_body
from articles.workflow.diff import changed_fields_message
from articles.workflow.rules import Action, Role, State, decide
from articles.workflow.schedule import store_first_go_live
from articles.workflow.selectors import (
    article_state,
    draft_of,
    scheduled_changes_between,
    user_roles,
)
from careersite.timetext import local_time_text
from careersite.users import user_display_name

logger = logging.getLogger(__name__)

__all__ = [
    "WorkflowError",
    "apply_due_scheduled_changes",
    "article_approve",
    "article_discard_draft",
    "article_publish_draft",
    "article_request_changes",
    "article_save_draft",
    "article_schedule_changes",
    "article_submit_for_review",
    "scheduled_changes_between",
]


class WorkflowError(ValidationError):
    """The rules refuse this action; the message says why, in editors' words."""


def _locked(article: Article) -> Article:
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("draft")
        .get(pk=article.pk)
    )


def _check(article: Article, action: Action, user, *, now=None) -> State:
    roles = {Role.SYSTEM} if user is None else user_roles(user)
    draft = draft_of(article)
    own = draft is not None and user is not None and draft.submitted_by_id == user.pk
    state = article_state(article, now)
    decision = decide(state, action, roles, own_submission=own)
    if not decision.allowed:
        raise WorkflowError(decision.reason, code="refused")
    return decision.new_state


@contextmanager
def _revision(user, comment: str):
    """A revision (nested into the admin's own when there is one) that records who did what.

    Yields a list: sentences appended to it (what changed) follow the comment.
    """
    more: list[str] = []
    with transaction.atomic(), reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        yield more
        comment = " ".join([comment, *more])
        earlier = reversion.get_comment()
        reversion.set_comment(f"{earlier} {comment}".strip() if earlier else comment)
        # Every transition may move the earliest go-live time that requests check: store it now for
        # this process, and again once committed for the others.
        store_first_go_live()
        if not any(
            callback is store_first_go_live
            for _, callback, _ in transaction.get_connection().run_on_commit
        ):
            transaction.on_commit(store_first_go_live)


def _record(article: Article, draft: ArticleDraft | None = None) -> None:
    reversion.add_to_revision(Article.objects.get(pk=article.pk))
    if draft is not None and draft.pk:
        reversion.add_to_revision(draft)


def _count_edit(article: Article) -> None:
    # Drafts move the edit counter (Article.edit_count) too, without touching what readers see (no save, no signals).
    Article.objects.filter(pk=article.pk).update(edit_count=F("edit_count") + 1)


def _clean_sources(sources) -> list[dict]:
    return [
        {key: str(source.get(key) or "") for key in SOURCE_FIELDS}
        for source in sources
        if source.get("url") or source.get("title")
    ]


def _new_draft(article: Article) -> ArticleDraft:
    """A draft that starts as a copy of the live article and its sources."""
    draft = ArticleDraft(article=article)
    for name in DRAFT_FIELDS:
        setattr(draft, name, getattr(article, name))
    draft.sources = [
        {key: getattr(source, key) for key in SOURCE_FIELDS}
        for source in article.sources.order_by("position", "pk")
    ]
    return draft


def article_save_draft(
    *,
    article: Article,
    user,
    content: dict,
    sources: list[dict] | None = None,
    now=None,
) -> ArticleDraft:
    """Store the editor's version of a live article as its working draft; the live page stays as it is.

    `content` holds any of DRAFT_FIELDS; `sources` (None: unchanged) the whole sources list.
    """
    who = user_display_name(user, default=Role.SYSTEM.label)
    with _revision(user, f"{who} saved a draft.") as what_changed:
        article = _locked(article)
        new_state = _check(article, Action.SAVE_DRAFT, user, now=now)
        draft = draft_of(article) or _new_draft(article)
        before = draft.content()
        is_new = draft.pk is None
        for name in DRAFT_FIELDS:
            if name in content:
                setattr(draft, name, content[name])
        if sources is not None:
            draft.sources = _clean_sources(sources)
        draft.body = stored_body(draft.body)  # compared as stored
        after = draft.content()
        what_changed.append(changed_fields_message(before, after))
        changed = is_new or after != before
        if changed:
            # Only a real change moves updated_at: a resubmission checks it against the review request.
            draft.updated_by = user
            draft.save()  # commits an uploaded hero image
        if changed and new_state != draft.state:
            draft.state = new_state
            draft.approved = False
            draft.go_live_at = None
            draft.scheduled_by = None
            draft.save(
                update_fields=["state", "approved", "go_live_at", "scheduled_by"]
            )
        if changed:
            _count_edit(article)
        _record(article, draft)
    return draft


def _set_draft(draft: ArticleDraft, **fields) -> None:
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save(update_fields=list(fields))


def article_submit_for_review(
    *, article: Article, user, reply: str = "", now=None
) -> ArticleDraft:
    """Send the draft to review; after "Changes requested", only with a change or a reply to the reviewer.

    `reply` (optional) answers the reviewer's request; History keeps it, and the review screen shows it.
    """
    now = now or timezone.now()
    reply = (reply or "").strip()
    who = user_display_name(user, default=Role.SYSTEM.label)
    comment = f"{who} submitted the changes for review." + (
        f" Reply to the reviewer: {reply}" if reply else ""
    )
    with _revision(user, comment):
        article = _locked(article)
        new_state = _check(article, Action.SUBMIT, user, now=now)
        draft = article.draft
        if (
            draft.state == State.CHANGES_REQUESTED
            and not reply
            and draft.reviewed_at is not None
            and draft.updated_at <= draft.reviewed_at
        ):
            reviewer = user_display_name(draft.reviewed_by, default="The reviewer")
            raise WorkflowError(
                f"Nothing has changed since {reviewer} asked for changes. Change the draft, "
                "or reply to the reviewer to say why it should stay as it is.",
                code="unchanged",
            )
        _set_draft(
            draft, state=new_state, submitted_by=user, submitted_at=now, approved=False
        )
        _record(article, draft)
    return draft


def _review(
    article: Article, user, action: Action, *, history: str, note: str, now
) -> ArticleDraft:
    """The reviewer's step on the change in review: `history` is the revision's comment, `note` the draft's."""
    now = now or timezone.now()
    with _revision(user, history):
        article = _locked(article)
        new_state = _check(article, action, user, now=now)
        draft = article.draft
        _set_draft(
            draft,
            state=new_state,
            reviewed_by=user,
            reviewed_at=now,
            review_note=note,
            approved=action == Action.APPROVE,
        )
        _record(article, draft)
    return draft


def article_approve(
    *, article: Article, user, note: str = "", now=None
) -> ArticleDraft:
    """Approve the change in review; the approval names the reviewer and the time."""
    note = note.strip()
    who = user_display_name(user, default=Role.SYSTEM.label)
    history = f"{who} approved the changes." + (f" Note: {note}" if note else "")
    return _review(article, user, Action.APPROVE, history=history, note=note, now=now)


def article_request_changes(
    *, article: Article, user, comment: str, now=None
) -> ArticleDraft:
    """Send the change back to its editor with what to change (a comment is required)."""
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError("Say what should change.", code="comment_required")
    who = user_display_name(user, default=Role.SYSTEM.label)
    history = f"{who} requested changes: {comment}"
    return _review(
        article, user, Action.REQUEST_CHANGES, history=history, note=comment, now=now
    )


def article_schedule_changes(
    *, article: Article, user, go_live_at: datetime, now=None
) -> ArticleDraft:
    """Publish the draft at `go_live_at`, with no editor online (see apply_due_scheduled_changes)."""
    now = now or timezone.now()
    if go_live_at is None or go_live_at <= now:
        raise WorkflowError("Choose a go-live time in the future.", code="past")
    when = local_time_text(go_live_at)
    who = user_display_name(user, default=Role.SYSTEM.label)
    with _revision(user, f"{who} scheduled the changes for {when}."):
        article = _locked(article)
        new_state = _check(article, Action.SCHEDULE, user, now=now)
        draft = article.draft
        _set_draft(draft, state=new_state, go_live_at=go_live_at, scheduled_by=user)
        _record(article, draft)
    return draft


def _sync_sources(article: Article, sources: list[dict]) -> None:
    """Make the article's sources the draft's list, keeping the rows (and their ids) of unchanged URLs."""
    existing = list(article.sources.order_by("position", "pk"))
    by_url: dict[str, list[Source]] = {}
    for source in existing:
        by_url.setdefault(source.url, []).append(source)
    kept = []
    for position, item in enumerate(sources, start=1):
        matches = by_url.get(item["url"])
        source = matches.pop(0) if matches else Source(article=article)
        for key in SOURCE_FIELDS:
            setattr(source, key, item.get(key, ""))
        source.position = position
        source.save()
        kept.append(source.pk)
    for source in existing:
        if source.pk not in kept:
            source.delete()


def _apply(article: Article, draft: ArticleDraft, user) -> Article:
    old_path = article.get_absolute_url()
    # Another article may have taken the slug after the draft was saved.
    if Article.objects.filter(slug=draft.slug).exclude(pk=article.pk).exists():
        raise WorkflowError(
            f'Another article now uses the slug "{draft.slug}"; change it in the draft.',
            code="slug",
        )
    draft.applied_to(article)
    if draft.approved and draft.reviewed_by_id:
        article.reviewed_by = Author.objects.filter(
            user_id=draft.reviewed_by_id
        ).first()
        article.reviewed_on = timezone.localdate(draft.reviewed_at)
    else:
        # Nobody reviewed this text: the byline must not claim an earlier review covers it.
        article.reviewed_by = None
        article.reviewed_on = None
    article.updated_by = user or draft.scheduled_by or draft.updated_by
    article.save()
    _sync_sources(article, draft.sources)
    redirect_slug_change(old_path=old_path, new_path=article.get_absolute_url())
    reversion.add_to_revision(article)
    draft.delete()
    return article


def article_publish_draft(*, article: Article, user, now=None) -> Article:
    """Apply the draft to the live article now."""
    who = user_display_name(user, default=Role.SYSTEM.label)
    with _revision(user, f"{who} published the changes."):
        article = _locked(article)
        _check(article, Action.PUBLISH, user, now=now)
        return _apply(article, article.draft, user)


def article_discard_draft(*, article: Article, user, now=None) -> None:
    """Throw the draft away; the revision keeps it, so History can still restore it."""
    with transaction.atomic():
        # The revision is stored before the row goes (reversion keeps versions of existing rows only).
        who = user_display_name(user, default=Role.SYSTEM.label)
        with _revision(user, f"{who} discarded the draft changes."):
            article = _locked(article)
            _check(article, Action.DISCARD, user, now=now)
            draft = article.draft
            _record(article, draft)
        draft.delete()
        _count_edit(article)


def apply_due_scheduled_changes(now: datetime | None = None) -> int:
    """Publish every scheduled change whose time has come; returns how many went live.

    Runs from any request after the time (articles.workflow.middleware) and from `publish_scheduled`. A change
    that cannot go live (its slug was taken meanwhile) goes back to Approved with the reason; no reader sees an error.
    """
    now = now or timezone.now()
    count = 0
    for pk in list(ArticleDraft.objects.due(now).values_list("article_id", flat=True)):
        try:
            with _revision(None, "The scheduled changes went live."):
                locked = _locked(Article(pk=pk))
                draft = draft_of(locked)
                scheduled = draft is not None and draft.state == State.SCHEDULED
                if not scheduled or draft.go_live_at > now:
                    continue  # another request got there first
                _check(locked, Action.GO_LIVE, None, now=now)
                reversion.set_user(draft.scheduled_by)
                _apply(locked, draft, None)
                count += 1
        except WorkflowError as error:
            logger.warning("Scheduled changes of article %s failed: %s", pk, error)
            ArticleDraft.objects.filter(article_id=pk, state=State.SCHEDULED).update(
                state=State.APPROVED if _was_approved(pk) else State.LIVE_DRAFT,
                go_live_at=None,
                review_note=f"Could not go live as scheduled: {error.messages[0]}",
            )
    store_first_go_live()
    return count


def _was_approved(article_pk) -> bool:
    return ArticleDraft.objects.filter(article_id=article_pk, approved=True).exists()
