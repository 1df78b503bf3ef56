"""The editorial state machine: which action moves an article from which state, and for whom.

Pure data and functions (no database), so the whole table is tested as (state, action, role) -> outcome.
The working-draft workflow applies to live articles; an article that was never published (a draft, or one
scheduled for its first publication) is edited directly, as before.
"""

from dataclasses import dataclass

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    LIVE_DRAFT = "live_draft", "Live + draft changes"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


# The states a working draft of a live article can be in (ArticleDraft.state).
DRAFT_STATES = (
    State.LIVE_DRAFT,
    State.IN_REVIEW,
    State.CHANGES_REQUESTED,
    State.APPROVED,
    State.SCHEDULED,
)


class Action(models.TextChoices):
    SAVE_DRAFT = "save_draft", "Save draft"
    SUBMIT = "submit", "Submit for review"
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"
    PUBLISH = "publish", "Publish changes"
    SCHEDULE = "schedule", "Schedule changes"
    DISCARD = "discard", "Discard draft"
    GO_LIVE = "go_live", "Go live at the scheduled time"


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"  # articles.change_article
    # articles.publish_without_review
    PUBLISHER = "publisher", "Editor who may publish without review"
    REVIEWER = "reviewer", "Reviewer"  # articles.review_article
    SYSTEM = "system", "The scheduler"


S, A, R = State, Action, Role
E, P = R.EDITOR, R.PUBLISHER

NEEDS_REVIEW = "This change needs an approved review before it can be published: Submit for review."
IN_REVIEW_WAIT = (
    "This change is waiting for a reviewer; it can be published once approved."
)
NO_DRAFT = "There are no draft changes."

# (state, action) -> {role: new state}. Anything missing is refused, with the reason in REASONS or a
# generic one. An editor who may publish without review (PUBLISHER) can do all an EDITOR can.
TRANSITIONS: dict[tuple[State, Action], dict[Role, State]] = {
    (S.LIVE, A.SAVE_DRAFT): {E: S.LIVE_DRAFT, P: S.LIVE_DRAFT},
    (S.LIVE_DRAFT, A.SAVE_DRAFT): {E: S.LIVE_DRAFT, P: S.LIVE_DRAFT},
    (S.LIVE_DRAFT, A.SUBMIT): {E: S.IN_REVIEW, P: S.IN_REVIEW},
    (S.LIVE_DRAFT, A.PUBLISH): {P: S.LIVE},
    (S.LIVE_DRAFT, A.SCHEDULE): {P: S.SCHEDULED},
    (S.LIVE_DRAFT, A.DISCARD): {E: S.LIVE, P: S.LIVE},
    # Editing a change in review takes it back out of review: the reviewer must see what is published.
    (S.IN_REVIEW, A.SAVE_DRAFT): {E: S.LIVE_DRAFT, P: S.LIVE_DRAFT},
    (S.IN_REVIEW, A.APPROVE): {R.REVIEWER: S.APPROVED},
    (S.IN_REVIEW, A.REQUEST_CHANGES): {R.REVIEWER: S.CHANGES_REQUESTED},
    (S.IN_REVIEW, A.PUBLISH): {P: S.LIVE},
    (S.IN_REVIEW, A.DISCARD): {E: S.LIVE, P: S.LIVE},
    # The reviewer's request stands (and stays on the form) until the editor submits again.
    (S.CHANGES_REQUESTED, A.SAVE_DRAFT): {
        E: S.CHANGES_REQUESTED,
        P: S.CHANGES_REQUESTED,
    },
    (S.CHANGES_REQUESTED, A.SUBMIT): {E: S.IN_REVIEW, P: S.IN_REVIEW},
    (S.CHANGES_REQUESTED, A.PUBLISH): {P: S.LIVE},
    (S.CHANGES_REQUESTED, A.DISCARD): {E: S.LIVE, P: S.LIVE},
    # Changing approved text voids the approval (the service applies this only when the text changed).
    (S.APPROVED, A.SAVE_DRAFT): {E: S.LIVE_DRAFT, P: S.LIVE_DRAFT},
    (S.APPROVED, A.PUBLISH): {E: S.LIVE, P: S.LIVE},
    (S.APPROVED, A.SCHEDULE): {E: S.SCHEDULED, P: S.SCHEDULED},
    (S.APPROVED, A.DISCARD): {E: S.LIVE, P: S.LIVE},
    (S.SCHEDULED, A.SAVE_DRAFT): {E: S.LIVE_DRAFT, P: S.LIVE_DRAFT},
    (S.SCHEDULED, A.SCHEDULE): {E: S.SCHEDULED, P: S.SCHEDULED},
    (S.SCHEDULED, A.PUBLISH): {E: S.LIVE, P: S.LIVE},
    (S.SCHEDULED, A.DISCARD): {E: S.LIVE, P: S.LIVE},
    (S.SCHEDULED, A.GO_LIVE): {R.SYSTEM: S.LIVE},
}

REASONS: dict[tuple[State, Action], str] = {
    (S.LIVE, A.SUBMIT): NO_DRAFT,
    (S.LIVE, A.PUBLISH): NO_DRAFT,
    (S.LIVE, A.SCHEDULE): NO_DRAFT,
    (S.LIVE, A.DISCARD): NO_DRAFT,
    (S.LIVE, A.APPROVE): NO_DRAFT,
    (S.LIVE, A.REQUEST_CHANGES): NO_DRAFT,
    (S.LIVE_DRAFT, A.PUBLISH): NEEDS_REVIEW,
    (S.LIVE_DRAFT, A.SCHEDULE): NEEDS_REVIEW,
    (S.CHANGES_REQUESTED, A.PUBLISH): NEEDS_REVIEW,
    (S.CHANGES_REQUESTED, A.SCHEDULE): NEEDS_REVIEW,
    (S.IN_REVIEW, A.PUBLISH): IN_REVIEW_WAIT,
    (S.IN_REVIEW, A.SCHEDULE): IN_REVIEW_WAIT,
    (S.IN_REVIEW, A.SUBMIT): "This change is already in review.",
    (S.APPROVED, A.SUBMIT): "This change is already approved.",
    (S.SCHEDULED, A.SUBMIT): "This change is approved and scheduled.",
}

WHO = {
    R.EDITOR: "editors",
    R.PUBLISHER: "editors",
    R.REVIEWER: "reviewers",
    R.SYSTEM: "the scheduler",
}

OWN_REVIEW = "You submitted this change; another reviewer must review it."


@dataclass(frozen=True)
class Decision:
    allowed: bool
    new_state: State | None = None
    reason: str = ""


def decide(
    state: State, action: Action, roles: set[Role], *, own_submission: bool = False
) -> Decision:
    """What `action` does to an article in `state` when done by someone with `roles`."""
    state, action = State(state), Action(action)
    if action in (A.APPROVE, A.REQUEST_CHANGES) and own_submission:
        return Decision(False, reason=OWN_REVIEW)
    allowed = TRANSITIONS.get((state, action), {})
    for role in (R.SYSTEM, R.REVIEWER, P, E):
        if role in roles and role in allowed:
            return Decision(True, new_state=allowed[role])
    if state in (S.DRAFT,):
        return Decision(
            False,
            reason="This article is not live: edit it and publish it as before.",
        )
    reason = REASONS.get((state, action))
    if reason is None:
        if allowed:
            needed = " or ".join(dict.fromkeys(WHO[Role(r)] for r in allowed))
            reason = f"{action.label} is only for {needed}."
        else:
            reason = (
                f"{action.label} is not possible while the article is {state.label}."
            )
    return Decision(False, reason=reason)
