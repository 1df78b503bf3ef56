"""Field rules shared by the admin form and the programs CSV (both run the model's validators)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

# No CAHIIM evidence or program fact we publish is older than this.
EARLIEST_YEAR = 2000

NEXT_REVIEW_FORMAT = RegexValidator(
    r"^\d{4}(-\d{4})?$",
    "Enter the year as printed: one year (2025) or a span (2027-2028).",
)


def validate_year(value: int) -> None:
    """A year from EARLIEST_YEAR up to this year: evidence and facts are never from the future."""
    this_year = timezone.localdate().year
    if value is None:
        return
    if value > this_year:
        raise ValidationError(
            "%(value)s is in the future; enter the year the source's figure is for (%(this_year)s at the latest).",
            code="future_year",
            params={"value": value, "this_year": this_year},
        )
    if value < EARLIEST_YEAR:
        raise ValidationError(
            "Enter a year from %(earliest)s on (four digits, e.g. 2024).",
            code="old_year",
            params={"earliest": EARLIEST_YEAR},
        )


def validate_percentage(value) -> None:
    if value is not None and not 0 <= value <= 100:
        raise ValidationError(
            "A rate is a percentage from 0 to 100 (you entered %(value)s).",
            code="percentage",
            params={"value": value},
        )


@dataclass(frozen=True)
class FactGroup:
    """One program fact as the editor enters it: value field(s), then the year and source it needs."""

    name: str
    values: tuple[str, ...]
    year: str
    source: str
    # Fields a filled value also needs, with the message when one is missing.
    needs: tuple[tuple[str, str], ...] = ()


FACT_GROUPS = [
    FactGroup("graduation rate", ("graduation_rate",), "graduation_rate_year", "graduation_rate_source_url"),
    FactGroup("employment rate", ("employment_rate",), "employment_rate_year", "employment_rate_source_url"),
    FactGroup("exam pass rate", ("exam_pass_rate",), "exam_pass_rate_year", "exam_pass_rate_source_url",
              needs=(("exam_pass_rate_exam", "Name the exam the pass rate is for (RHIT or RHIA)."),)),
    FactGroup("tuition", ("tuition_amount",), "tuition_year", "tuition_source_url",
              needs=(("tuition_basis", "Say whether the tuition is per credit hour or the total for the program."),
                     ("tuition_residency", "Say who pays this tuition: all students, in-state or out-of-state."))),
    FactGroup("program length", ("length_credits", "length_months"), "length_year", "length_source_url"),
    FactGroup("professional practice", ("practice_on_site",), "practice_on_site_year", "practice_on_site_source_url"),
]  # fmt: skip
FACT_FIELDS = [
    name
    for group in FACT_GROUPS
    for name in (
        *group.values,
        *(field for field, _ in group.needs),
        group.year,
        group.source,
    )
] + ["tuition_out_of_state_amount"]


def _filled(value) -> bool:
    return value is not None and value != ""


def program_facts_errors(values: Mapping[str, object]) -> dict[str, list[str]]:
    """Field -> messages for facts entered by halves: a value without its year or source, or the reverse.

    `values` maps field names to cleaned values (a missing name counts as blank). The admin form
    (Program.clean) and the programs CSV (ProgramRowForm.clean) both use it.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for group in FACT_GROUPS:
        has_value = any(_filled(values.get(name)) for name in group.values)
        details = [group.year, group.source, *(name for name, _ in group.needs)]
        if has_value:
            if not _filled(values.get(group.year)):
                add(group.year, f"Give the year the {group.name} is for.")
            if not _filled(values.get(group.source)):
                add(
                    group.source,
                    f"Give the public page that publishes the {group.name}.",
                )
            for name, message in group.needs:
                if not _filled(values.get(name)):
                    add(name, message)
        elif any(_filled(values.get(name)) for name in details):
            add(
                group.values[0],
                f"Enter the {group.name}, or clear its other fields: a {group.name} "
                "is shown only with its value, year and source.",
            )
    if _filled(values.get("tuition_out_of_state_amount")):
        if not _filled(values.get("tuition_amount")):
            add(
                "tuition_out_of_state_amount",
                "An out-of-state amount goes with the in-state amount above; enter that one too.",
            )
        elif values.get("tuition_residency") != "in_state":
            add(
                "tuition_residency",
                "With an out-of-state amount as well, the first amount is the in-state one: choose in-state.",
            )
    return errors
