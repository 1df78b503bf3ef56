"""Exact counts of public programs without counting them: sums over FinderCount rows.

FinderCount holds one row per (level, state, delivery, accreditation status), kept exact by
database triggers (migration 0009_finder_counts), so a count costs a few dozen small rows
whatever the number of programs.
"""

from django.db.models import Q, Sum

from schools.models import FinderCount, Program

# The finder's format choices as deliveries (None: every delivery, "not stated" included).
FORMAT_DELIVERIES = {
    "online": {Program.Delivery.ONLINE},
    "campus": {Program.Delivery.CAMPUS, Program.Delivery.HYBRID},
}
# Not a format a reader picks: the programs whose format our source does not state.
UNSTATED = "unstated"
UNSTATED_DELIVERIES = {""}
STATUSES = ("accredited", "candidacy", "probation")


def finder_counts(
    *,
    levels: list[str] | None = None,
    state: str = "",
    formats: tuple[str, ...] = (),
    unstated: bool = False,
) -> dict[str, int]:
    """Public programs at `levels` (all if None) in `state` (any if ""), whose delivery fits every one of
    `formats` (with `unstated`, the first format also takes programs whose delivery is not stated;
    UNSTATED: only those): {"total", "accredited", "candidacy", "probation"}, as
    schools.selectors.program_counts."""
    rows = FinderCount.objects.order_by()
    if levels is not None:
        rows = rows.filter(level__in=levels)
    if state:
        rows = rows.filter(state=state)
    for i, format in enumerate(formats):
        if format == UNSTATED:
            rows = rows.filter(delivery__in=UNSTATED_DELIVERIES)
        elif format in FORMAT_DELIVERIES:
            deliveries = FORMAT_DELIVERIES[format]
            if unstated and i == 0:
                deliveries = deliveries | UNSTATED_DELIVERIES
            rows = rows.filter(delivery__in=deliveries)
    sums = rows.aggregate(
        total=Sum("programs"),
        **{status: Sum("programs", filter=Q(status=status)) for status in STATUSES},
    )
    return {name: value or 0 for name, value in sums.items()}


def state_counts() -> list[dict]:
    """{"code", "count", "candidacy"} for every state with at least one public program."""
    rows = (
        FinderCount.objects.order_by()
        .values("state")
        .annotate(
            count=Sum("programs"),
            candidacy=Sum("programs", filter=Q(status=Program.Status.CANDIDACY)),
        )
        .filter(count__gt=0)
    )
    return [
        {
            "code": row["state"],
            "count": row["count"],
            "candidacy": row["candidacy"] or 0,
        }
        for row in rows
    ]
