"""The editorial state machine as a table: (state, action, who) -> new state, or refusal with its reason."""

import pytest

from articles.workflow.rules import (
    NEEDS_REVIEW,
    OWN_REVIEW,
    Action,
    Role,
    State,
    decide,
)

S, A = State, Action
EDITOR = {Role.EDITOR}
PUBLISHER = {Role.EDITOR, Role.PUBLISHER}
REVIEWER = {Role.REVIEWER}
SYSTEM = {Role.SYSTEM}
NOBODY: set = set()

# (state, action, roles, expected new state or None for a refusal)
TABLE = [
    # Live, no draft: only saving a draft is possible.
    (S.LIVE, A.SAVE_DRAFT, EDITOR, S.LIVE_DRAFT),
    (S.LIVE, A.PUBLISH, PUBLISHER, None),
    (S.LIVE, A.DISCARD, EDITOR, None),
    (S.LIVE, A.SUBMIT, EDITOR, None),
    (S.LIVE, A.SAVE_DRAFT, REVIEWER, None),
    (S.LIVE, A.SAVE_DRAFT, NOBODY, None),
    # Live + draft changes.
    (S.LIVE_DRAFT, A.SAVE_DRAFT, EDITOR, S.LIVE_DRAFT),
    (S.LIVE_DRAFT, A.SUBMIT, EDITOR, S.IN_REVIEW),
    (S.LIVE_DRAFT, A.PUBLISH, EDITOR, None),
    (S.LIVE_DRAFT, A.PUBLISH, PUBLISHER, S.LIVE),
    (S.LIVE_DRAFT, A.SCHEDULE, EDITOR, None),
    (S.LIVE_DRAFT, A.SCHEDULE, PUBLISHER, S.SCHEDULED),
    (S.LIVE_DRAFT, A.DISCARD, EDITOR, S.LIVE),
    (S.LIVE_DRAFT, A.APPROVE, REVIEWER, None),
    (S.LIVE_DRAFT, A.GO_LIVE, SYSTEM, None),
    # In review.
    (S.IN_REVIEW, A.APPROVE, REVIEWER, S.APPROVED),
    (S.IN_REVIEW, A.REQUEST_CHANGES, REVIEWER, S.CHANGES_REQUESTED),
    (S.IN_REVIEW, A.APPROVE, EDITOR, None),
    (S.IN_REVIEW, A.APPROVE, PUBLISHER, None),
    (S.IN_REVIEW, A.PUBLISH, EDITOR, None),
    (S.IN_REVIEW, A.PUBLISH, PUBLISHER, S.LIVE),
    (S.IN_REVIEW, A.SAVE_DRAFT, EDITOR, S.LIVE_DRAFT),
    (S.IN_REVIEW, A.SUBMIT, EDITOR, None),
    (S.IN_REVIEW, A.DISCARD, EDITOR, S.LIVE),
    (S.IN_REVIEW, A.SAVE_DRAFT, REVIEWER, None),
    # Changes requested.
    (S.CHANGES_REQUESTED, A.SAVE_DRAFT, EDITOR, S.CHANGES_REQUESTED),
    (S.CHANGES_REQUESTED, A.SUBMIT, EDITOR, S.IN_REVIEW),
    (S.CHANGES_REQUESTED, A.PUBLISH, EDITOR, None),
    (S.CHANGES_REQUESTED, A.APPROVE, REVIEWER, None),
    (S.CHANGES_REQUESTED, A.DISCARD, EDITOR, S.LIVE),
    # Approved.
    (S.APPROVED, A.PUBLISH, EDITOR, S.LIVE),
    (S.APPROVED, A.SCHEDULE, EDITOR, S.SCHEDULED),
    (S.APPROVED, A.SAVE_DRAFT, EDITOR, S.LIVE_DRAFT),
    (S.APPROVED, A.SUBMIT, EDITOR, None),
    (S.APPROVED, A.APPROVE, REVIEWER, None),
    (S.APPROVED, A.PUBLISH, REVIEWER, None),
    (S.APPROVED, A.DISCARD, EDITOR, S.LIVE),
    # Scheduled changes.
    (S.SCHEDULED, A.GO_LIVE, SYSTEM, S.LIVE),
    (S.SCHEDULED, A.GO_LIVE, PUBLISHER, None),
    (S.SCHEDULED, A.PUBLISH, EDITOR, S.LIVE),
    (S.SCHEDULED, A.SCHEDULE, EDITOR, S.SCHEDULED),
    (S.SCHEDULED, A.SAVE_DRAFT, EDITOR, S.LIVE_DRAFT),
    (S.SCHEDULED, A.DISCARD, EDITOR, S.LIVE),
    (S.SCHEDULED, A.SUBMIT, EDITOR, None),
    # Articles that are not live are edited directly: the workflow does not apply.
    (S.DRAFT, A.SAVE_DRAFT, PUBLISHER, None),
    (S.DRAFT, A.PUBLISH, PUBLISHER, None),
    (S.DRAFT, A.SUBMIT, EDITOR, None),
]


@pytest.mark.parametrize(("state", "action", "roles", "expected"), TABLE)
def test_transition_table(state, action, roles, expected):
    decision = decide(state, action, roles)
    assert decision.allowed is (expected is not None)
    assert decision.new_state == expected
    assert bool(decision.reason) is (expected is None)


@pytest.mark.parametrize(
    ("state", "action", "reason"),
    [
        (S.LIVE_DRAFT, A.PUBLISH, NEEDS_REVIEW),
        (S.CHANGES_REQUESTED, A.SCHEDULE, NEEDS_REVIEW),
        (S.IN_REVIEW, A.PUBLISH, "waiting for a reviewer"),
        (S.LIVE, A.DISCARD, "no draft changes"),
        (S.APPROVED, A.SUBMIT, "already approved"),
        (S.DRAFT, A.PUBLISH, "not live"),
        (S.IN_REVIEW, A.APPROVE, "Approve is only for reviewers."),
        (S.SCHEDULED, A.GO_LIVE, "only for the scheduler"),
    ],
)
def test_refusals_say_why_in_editors_words(state, action, reason):
    assert reason in decide(state, action, EDITOR).reason


@pytest.mark.parametrize("action", [A.APPROVE, A.REQUEST_CHANGES])
def test_nobody_reviews_their_own_submission(action):
    roles = PUBLISHER | REVIEWER
    assert decide(S.IN_REVIEW, action, roles).allowed
    refused = decide(S.IN_REVIEW, action, roles, own_submission=True)
    assert (refused.allowed, refused.reason) == (False, OWN_REVIEW)


def test_a_superuser_style_user_has_the_union_of_the_roles():
    def allowed_actions(state, roles):
        return {action for action in Action if decide(state, action, roles).allowed}

    everyone = PUBLISHER | REVIEWER
    assert allowed_actions(S.IN_REVIEW, everyone) == {
        A.SAVE_DRAFT,
        A.APPROVE,
        A.REQUEST_CHANGES,
        A.PUBLISH,
        A.DISCARD,
    }
    assert allowed_actions(S.LIVE_DRAFT, EDITOR) == {A.SAVE_DRAFT, A.SUBMIT, A.DISCARD}
    assert allowed_actions(S.LIVE, REVIEWER) == set()
