from decimal import Decimal

import pytest

from schools.models import Program
from schools.outcomes import FACT_LABELS, dollars_text, number_text, program_facts
from schools.validators import FACT_GROUPS, program_facts_errors

SRC = "https://example.edu/outcomes"
GRADUATION = {
    "graduation_rate": Decimal("72.0"),
    "graduation_rate_year": 2024,
    "graduation_rate_source_url": SRC,
}
EMPLOYMENT = {
    "employment_rate": Decimal("88.5"),
    "employment_rate_year": 2023,
    "employment_rate_source_url": SRC,
}
EXAM = {
    "exam_pass_rate": Decimal("90"),
    "exam_pass_rate_exam": "RHIT",
    "exam_pass_rate_year": 2024,
    "exam_pass_rate_source_url": SRC,
}
TUITION = {
    "tuition_amount": Decimal("250.00"),
    "tuition_basis": "per_credit_hour",
    "tuition_residency": "in_state",
    "tuition_out_of_state_amount": Decimal("612.50"),
    "tuition_year": 2025,
    "tuition_source_url": SRC,
}
LENGTH = {
    "length_credits": Decimal("64.0"),
    "length_months": 24,
    "length_year": 2025,
    "length_source_url": SRC,
}
PRACTICE = {
    "practice_on_site": True,
    "practice_on_site_year": 2025,
    "practice_on_site_source_url": SRC,
}
ALL = GRADUATION | EMPLOYMENT | EXAM | TUITION | LENGTH | PRACTICE
# (fields, (label, value) shown)
SHOWN = [
    (GRADUATION, ("Graduation rate", "72%")),
    (EMPLOYMENT, ("Employment rate", "88.5%")),
    (EXAM, ("RHIT exam pass rate", "90%")),
    (EXAM | {"exam_pass_rate_exam": "RHIA"}, ("RHIA exam pass rate", "90%")),
    (TUITION, ("Tuition", "$250 per credit hour (in-state); $612.50 per credit hour (out-of-state)")),
    (TUITION | {"tuition_basis": "total", "tuition_residency": "all", "tuition_amount": Decimal("24000"),
                "tuition_out_of_state_amount": None}, ("Tuition", "$24,000 for the whole program (all students)")),
    (LENGTH, ("Program length", "64 credits, 24 months")),
    (LENGTH | {"length_months": None, "length_credits": Decimal("60.5")}, ("Program length", "60.5 credits")),
    (LENGTH | {"length_credits": None, "length_months": 1}, ("Program length", "1 month")),
    (PRACTICE, ("Professional practice (clinical) hours", "In person, at a healthcare site")),
    (PRACTICE | {"practice_on_site": False}, ("Professional practice (clinical) hours", "Can be done remotely")),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "shown"), SHOWN)
def test_each_filled_fact_is_shown_with_its_year_and_source(fields, shown):
    (fact,) = program_facts(Program(**fields))
    assert (fact.label, fact.value) == shown
    assert fact.source_url == SRC
    assert fact.year == next(v for k, v in fields.items() if k.endswith("_year"))


def test_facts_come_in_a_fixed_order_and_only_when_filled():
    assert program_facts(Program()) == []
    assert [f.key for f in program_facts(Program(**ALL))] == list(FACT_LABELS)
    # The seed fills nothing: no fact without a source.
    assert program_facts(Program(graduation_rate=Decimal(70))) == []


@pytest.mark.parametrize(
    ("value", "text"), [(Decimal("72.0"), "72"), (Decimal("72.50"), "72.5"), (Decimal("100"), "100"), (Decimal("0.0"), "0")]
)  # fmt: skip
def test_number_text(value, text):
    assert number_text(value) == text


def test_dollars_text():
    assert dollars_text(Decimal("1250.00")) == "$1,250"
    assert dollars_text(Decimal("1250.5")) == "$1,250.50"


# (fields, field -> words in its message): facts entered by halves are refused.
HALVES = [
    ({"graduation_rate": Decimal(70)}, {"graduation_rate_year": "Give the year the graduation rate is for",
                                        "graduation_rate_source_url": "Give the public page that publishes"}),
    ({"graduation_rate_year": 2024}, {"graduation_rate": "Enter the graduation rate, or clear its other fields"}),
    ({"employment_rate_source_url": SRC}, {"employment_rate": "Enter the employment rate"}),
    (EXAM | {"exam_pass_rate_exam": ""}, {"exam_pass_rate_exam": "Name the exam the pass rate is for (RHIT or RHIA)"}),
    ({"exam_pass_rate_exam": "RHIA"}, {"exam_pass_rate": "Enter the exam pass rate"}),
    (TUITION | {"tuition_basis": ""}, {"tuition_basis": "per credit hour or the total"}),
    (TUITION | {"tuition_residency": "all"}, {"tuition_residency": "choose in-state"}),
    (TUITION | {"tuition_amount": None, "tuition_basis": "", "tuition_residency": "", "tuition_year": None,
                "tuition_source_url": ""}, {"tuition_out_of_state_amount": "goes with the in-state amount"}),
    ({"length_months": 24, "length_source_url": SRC}, {"length_year": "Give the year the program length is for"}),
    ({"practice_on_site": False}, {"practice_on_site_year": "Give the year", "practice_on_site_source_url": "Give"}),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "messages"), HALVES)
def test_facts_entered_by_halves_are_refused(fields, messages):
    errors = program_facts_errors(fields)
    assert set(errors) == set(messages)
    for name, words in messages.items():
        assert words in " ".join(errors[name])


def test_complete_facts_pass_and_every_group_is_checked():
    assert program_facts_errors(ALL) == {}
    assert program_facts_errors({}) == {}
    assert len(FACT_GROUPS) == len(FACT_LABELS)
