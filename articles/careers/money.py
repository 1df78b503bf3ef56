"""How a pay figure reads: "$51,140", "$24.59", "194,720", "≥ $239,200" (top-coded), "not released"."""

from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma

from articles.careers.chart import dollars

NOT_RELEASED = "not released"
NO_ESTIMATE = "no estimate"
NOT_PUBLISHED = "not published"
NOT_RELEASED_FOOTNOTE = "8"


def measure_text(estimate, name: str) -> str:
    """One measure of an estimate as readers see it; missing is never "$0"."""
    if estimate is None:
        return NO_ESTIMATE
    value = getattr(estimate, name)
    if value is None:
        # Footnote 8 is BLS's "Estimate not released"; other gaps (the nation's location quotient) BLS never
        # publishes.
        return (
            NOT_RELEASED
            if NOT_RELEASED_FOOTNOTE in estimate.footnote_codes
            else NOT_PUBLISHED
        )
    if name == "employment":
        return intcomma(value)
    if name in ("jobs_per_1000", "location_quotient"):
        # As BLS publishes them (3 and 2 decimals), so the figures of a column line up.
        places = 3 if name == "jobs_per_1000" else 2
        return f"{Decimal(value):.{places}f}"
    if name.endswith("_rse_pct"):
        return f"{Decimal(value):.1f}%"
    text = (
        f"${intcomma(f'{Decimal(value):.2f}')}"
        if name.startswith("hourly_")
        else dollars(value)
    )
    if name in (estimate.top_coded or []):
        return f"≥ {text}"
    return text


def difference_text(value, base) -> str:
    """ "$2,000 (4%) above", "$150 (under 1%) below", "the same as"; "" when either figure is missing."""
    # A template passes "" for a figure of an estimate that does not exist.
    if value in (None, "") or base in (None, "", 0):
        return ""
    diff = int(value) - int(base)
    if diff == 0:
        return "the same as"
    share = abs(diff) * 100 / int(base)
    percent = "under 1%" if share < 1 else f"{share:.0f}%"
    return f"${intcomma(abs(diff))} ({percent}) {'above' if diff > 0 else 'below'}"
