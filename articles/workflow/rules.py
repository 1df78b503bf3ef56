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


NEEDS_REVIEW = "This change needs an approved review before it can be published: Submit for review."
IN_REVIEW_WAIT = (
    "This change is waiting for a reviewer; it can be published once approved."
)
NO_DRAFT = "There are no draft changes."

# (state, action) -> {role: new state}. Anything missing is refused, with the reason in REASONS or a
# generic one. An editor who may publish without review (PUBLISHER) can do all an EDITOR can.
TRANSITIONS: dict[tuple[State, Action], dict[Role, State]] = {
    (State.LIVE, Action.SAVE_DRAFT): {
        Role.EDITOR: State.LIVE_DRAFT,
        Role.PUBLISHER: State.LIVE_DRAFT,
    },
    (State.LIVE_DRAFT, Action.SAVE_DRAFT): {
        Role.EDITOR: State.LIVE_DRAFT,
        Role.PUBLISHER: State.LIVE_DRAFT,
    },
    (State.LIVE_DRAFT, Action.SUBMIT): {
        Role.EDITOR: State.IN_REVIEW,
        Role.PUBLISHER: State.IN_REVIEW,
    },
    (State.LIVE_DRAFT, Action.PUBLISH): {Role.PUBLISHER: State.LIVE},
    (State.LIVE_DRAFT, Action.SCHEDULE): {Role.PUBLISHER: State.SCHEDULED},
    (State.LIVE_DRAFT, Action.DISCARD): {
        Role.EDITOR: State.LIVE,
        Role.PUBLISHER: State.LIVE,
    },
    # Editing a change in review takes it back out of review: the reviewer must see what is published.
    (State.IN_REVIEW, Action.SAVE_DRAFT): {
        Role.EDITOR: State.LIVE_DRAFT,
        Role.PUBLISHER: State.LIVE_DRAFT,
    },
    (State.IN_REVIEW, Action.APPROVE): {Role.REVIEWER: State.APPROVED},
    (State.IN_REVIEW, Action.REQUEST_CHANGES): {Role.REVIEWER: State.CHANGES_REQUESTED},
    (State.IN_REVIEW, Action.PUBLISH): {Role.PUBLISHER: State.LIVE},
    (State.IN_REVIEW, Action.DISCARD): {
        Role.EDITOR: State.LIVE,
        Role.PUBLISHER: State.LIVE,
    },
    # The reviewer's request stands (and stays on the form) until the editor submits again.
    (State.CHANGES_REQUESTED, Action.SAVE_DRAFT): {
        Role.EDITOR: State.CHANGES_REQUESTED,
        Role.PUBLISHER: State.CHANGES_REQUESTED,
    },
    (State.CHANGES_REQUESTED, Action.SUBMIT): {
        Role.EDITOR: State.IN_REVIEW,
        Role.PUBLISHER: State.IN_REVIEW,
    },
    (State.CHANGES_REQUESTED, Action.PUBLISH): {Role.PUBLISHER: State.LIVE},
    (State.CHANGES_REQUESTED, Action.DISCARD): {
        Role.EDITOR: State.LIVE,
        Role.PUBLISHER: State.LIVE,
    },
    # Changing approved text voids the approval (the service applies this only when the text changed).
    (State.APPROVED, Action.SAVE_DRAFT): {
        Role.EDITOR: State.LIVE_DRAFT,
        Role.PUBLISHER: State.LIVE_DRAFT,
    },
    (State.APPROVED, Action.PUBLISH): {
        Role.EDITOR: State.LIVE,
        Role.PUBLISHER: State.LIVE,
    },
    (State.APPROVED, Action.SCHEDULE): {
        Role.EDITOR: State.SCHEDULED,
        Role.PUBLISHER: State.SCHEDULED,
    },
    (State.APPROVED, Action.DISCARD): {
        Role.EDITOR: State.LIVE,
        Role.PUBLISHER: State.LIVE,
    },
    (State.SCHEDULED, Action.SAVE_DRAFT): {
        Role.EDITOR: State.LIVE_DRAFT,
        Role.PUBLISHER: State.LIVE_DRAFT,
    },
    (State.SCHEDULED, Action.SCHEDULE): {
        Role.EDITOR: State.SCHEDULED,
        Role.PUBLISHER: State.SCHEDULED,
    },
    (State.SCHEDULED, Action.PUBLISH): {
        Role.EDITOR: State.LIVE,
        Role.PUBLISHER: State.LIVE,
    },
    (State.SCHEDULED, Action.DISCARD): {
        Role.EDITOR: State.LIVE,
        Role.PUBLISHER: State.LIVE,
    },
    (State.SCHEDULED, Action.GO_LIVE): {Role.SYSTEM: State.LIVE},
}

REASONS: dict[tuple[State, Action], str] = {
    (State.LIVE, Action.SUBMIT): NO_DRAFT,
    (State.LIVE, Action.PUBLISH): NO_DRAFT,
    (State.LIVE, Action.SCHEDULE): NO_DRAFT,
    (State.LIVE, Action.DISCARD): NO_DRAFT,
    (State.LIVE, Action.APPROVE): NO_DRAFT,
    (State.LIVE, Action.REQUEST_CHANGES): NO_DRAFT,
    (State.LIVE_DRAFT, Action.PUBLISH): NEEDS_REVIEW,
    (State.LIVE_DRAFT, Action.SCHEDULE): NEEDS_REVIEW,
    (State.CHANGES_REQUESTED, Action.PUBLISH): NEEDS_REVIEW,
    (State.CHANGES_REQUESTED, Action.SCHEDULE): NEEDS_REVIEW,
    (State.IN_REVIEW, Action.PUBLISH): IN_REVIEW_WAIT,
    (State.IN_REVIEW, Action.SCHEDULE): IN_REVIEW_WAIT,
    (State.IN_REVIEW, Action.SUBMIT): "This change is already in review.",
    (State.APPROVED, Action.SUBMIT): "This change is already approved.",
    (State.SCHEDULED, Action.SUBMIT): "This change is approved and scheduled.",
}

WHO = {
    Role.EDITOR: "editors",
    Role.PUBLISHER: "editors",
    Role.REVIEWER: "reviewers",
    Role.SYSTEM: "the scheduler",
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
    if action in (Action.APPROVE, Action.REQUEST_CHANGES) and own_submission:
        return Decision(False, reason=OWN_REVIEW)
    allowed = TRANSITIONS.get((state, action), {})
    for role in (Role.SYSTEM, Role.REVIEWER, Role.PUBLISHER, Role.EDITOR):
        if role in roles and role in allowed:
            return Decision(True, new_state=allowed[role])
    if state in (State.DRAFT,):
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
