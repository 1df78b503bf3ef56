"""Program facts editors fill from the program's own pages: what the program page and compare table show."""

from dataclasses import dataclass
from decimal import Decimal

from schools.models import Program

# The facts in the order readers see them: key -> row label (compare uses these for its rows).
FACT_LABELS = {
    "graduation_rate": "Graduation rate",
    "employment_rate": "Employment rate",
    "exam_pass_rate": "Certification exam pass rate",
    "tuition": "Tuition",
    "length": "Program length",
    "practice_on_site": "Professional practice (clinical) hours",
}
PRACTICE_WORDS = {
    True: "In person, at a healthcare site",
    False: "Can be done remotely",
}
RESIDENCY_WORDS = {
    Program.Residency.ALL: "all students",
    Program.Residency.IN_STATE: "in-state",
    Program.Residency.OUT_OF_STATE: "out-of-state",
}
BASIS_WORDS = {
    Program.TuitionBasis.PER_CREDIT_HOUR: "per credit hour",
    Program.TuitionBasis.TOTAL: "for the whole program",
}


@dataclass(frozen=True)
class ProgramFact:
    key: str
    label: str
    value: str
    year: int
    source_url: str


def number_text(value: Decimal | int) -> str:
    """72 for 72.0, 72.5 for 72.5: figures as the program printed them, without padding."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def dollars_text(amount: Decimal) -> str:
    whole = amount == amount.to_integral_value()
    return f"${amount:,.0f}" if whole else f"${amount:,.2f}"


def _tuition_text(program: Program) -> str:
    basis = BASIS_WORDS.get(program.tuition_basis, "")
    first = f"{dollars_text(program.tuition_amount)} {basis}".strip()
    residency = RESIDENCY_WORDS.get(program.tuition_residency)
    if residency:
        first += f" ({residency})"
    if program.tuition_out_of_state_amount is not None:
        other = f"{dollars_text(program.tuition_out_of_state_amount)} {basis}".strip()
        first += f"; {other} (out-of-state)"
    return first


def _length_text(program: Program) -> str:
    parts = []
    if program.length_credits is not None:
        credits = number_text(program.length_credits)
        parts.append(f"{credits} credit{'' if credits == '1' else 's'}")
    if program.length_months is not None:
        months = program.length_months
        parts.append(f"{months} month{'' if months == 1 else 's'}")
    return ", ".join(parts)


def program_facts(program: Program) -> list[ProgramFact]:
    """The facts an editor filled for `program`, each with its year and source, in FACT_LABELS order."""
    facts = []

    def add(key: str, value: str, year: int | None, source_url: str, label: str = ""):
        # Validation refuses a value without its year or source; a row written around it is not shown.
        if value and year and source_url:
            facts.append(
                ProgramFact(key, label or FACT_LABELS[key], value, year, source_url)
            )

    for key in ("graduation_rate", "employment_rate"):
        rate = getattr(program, key)
        if rate is not None:
            add(
                key,
                f"{number_text(rate)}%",
                getattr(program, f"{key}_year"),
                getattr(program, f"{key}_source_url"),
            )
    if program.exam_pass_rate is not None:
        exam = program.exam_pass_rate_exam
        add(
            "exam_pass_rate",
            f"{number_text(program.exam_pass_rate)}%",
            program.exam_pass_rate_year,
            program.exam_pass_rate_source_url,
            label=f"{exam} exam pass rate" if exam else "",
        )
    if program.tuition_amount is not None:
        add(
            "tuition",
            _tuition_text(program),
            program.tuition_year,
            program.tuition_source_url,
        )
    add("length", _length_text(program), program.length_year, program.length_source_url)
    if program.practice_on_site is not None:
        add(
            "practice_on_site",
            PRACTICE_WORDS[program.practice_on_site],
            program.practice_on_site_year,
            program.practice_on_site_source_url,
        )
    return facts
