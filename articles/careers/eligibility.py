"""CCS exam eligibility: AHIMA's rules as data, and one plain function that applies them.

AHIMA's current CCS page requires only a high school diploma; it lists five preparation routes
as recommendations. An older AHIMA page required one of (almost) the same five routes. Both are in
articles/careers/data/career_facts.yaml (ahima_ccs_exam.*); tests check these definitions against that file.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.db import models

from careersite.education import HighestEducation

# AHIMA's current rule: a high school diploma; less than that cannot sit the exam yet.
AT_LEAST_HIGH_SCHOOL = frozenset(HighestEducation) - {HighestEducation.NO_DIPLOMA}
# CAHIIM accredits associate, bachelor's and master's programs.
DEGREES = frozenset(
    {HighestEducation.ASSOCIATE, HighestEducation.BACHELOR, HighestEducation.MASTER}
)


class Credential(models.TextChoices):
    CCA = "CCA", "CCA (Certified Coding Associate, AHIMA)"
    CCS_P = "CCS-P", "CCS-P (Certified Coding Specialist – Physician-based, AHIMA)"
    RHIT = "RHIT", "RHIT (Registered Health Information Technician, AHIMA)"
    RHIA = "RHIA", "RHIA (Registered Health Information Administrator, AHIMA)"
    OTHER = (
        "other",
        "A coding credential from another organization, such as AAPC's CPC",
    )


# What holding a credential says about the holder's education, from the credentials' own eligibility in
# articles/careers/data/career_facts.yaml (credentials.*.eligibility). CCS-P and other organizations'
# credentials are left out: the data file gives no education rule for them.
CREDENTIAL_EDUCATION = {
    Credential.CCA: (AT_LEAST_HIGH_SCHOOL, "a high school diploma (or equivalent)"),
    Credential.RHIT: (DEGREES, "an associate degree from a CAHIIM-accredited program"),
    Credential.RHIA: (
        frozenset({HighestEducation.BACHELOR, HighestEducation.MASTER}),
        "a bachelor's or master's degree from a CAHIIM-accredited program",
    ),
}


def answer_contradictions(answers: Mapping) -> dict[str, str]:
    """Answers that cannot all be true, as {question: one message naming both answers}; empty if none."""
    education = answers.get("education")
    if education not in HighestEducation.values:
        return {}
    chosen = HighestEducation(education).label
    problems = {}
    needs = [
        (credential, text)
        for credential, (levels, text) in CREDENTIAL_EDUCATION.items()
        if credential in set(answers.get("credentials") or ())
        and education not in levels
    ]
    if needs:
        # The highest need says it all (RHIA before RHIT before CCA).
        credential, text = needs[-1]
        problems["credentials"] = (
            f"The {credential.value} credential needs {text}, but your highest education is “{chosen}”. "
            "Change your education or the credentials you hold."
        )
    if answers.get("cahiim_degree") and education not in DEGREES:
        problems["cahiim_degree"] = (
            "CAHIIM accredits associate, bachelor's and master's programs, but your highest education is "
            f"“{chosen}”. Choose your degree as your highest education, or answer No."
        )
    return problems


@dataclass(frozen=True)
class RuleSource:
    name: str
    url: str
    date: str  # as the data file gives it: AHIMA's pages are undated, so this says so


CURRENT_PAGE = RuleSource(
    name="AHIMA, CCS certification page",
    url="https://ahima.org/certification-careers/certifications-overview/ccs",
    date="current page, undated",
)
OLDER_PAGE = RuleSource(
    name="AHIMA, older CCS page (still mentions ICD-9-CM)",
    url="http://www.ahima.org/certification/CCS",
    date="older page, undated",
)
RHIT_RHIA_SOURCE = RuleSource(
    name="AHIMA, RHIT and RHIA application requirements",
    url="http://www.ahima.org/certification/contact",
    date="older and current pages",
)

COURSEWORK = (
    "anatomy and physiology, pathophysiology, pharmacology, medical terminology, reimbursement "
    "methodology, intermediate/advanced ICD diagnostic coding and procedural coding (CPT/HCPCS)"
)

CAHIIM_HINT = {
    "text": (
        "A degree from a CAHIIM-accredited health information management (HIM) program leads to AHIMA's RHIT "
        "exam (associate level) or RHIA exam (bachelor's or master's level). Passing either gives you a "
        "credential that meets the last route. These routes name HIM programs specifically."
    ),
    "source": RHIT_RHIA_SOURCE,
}

EXAM_RULE = {
    "name": "Education: a high school diploma",
    "text": "AHIMA's current CCS page asks candidates for a high school diploma. Everything else is recommended, not required.",
    "source": CURRENT_PAGE,
}


@dataclass(frozen=True)
class Route:
    """One preparation route: any credential in `credentials_any`, coursework if asked, and some years of experience."""

    key: str
    name: str
    text: str
    source: RuleSource
    credentials_any: frozenset = frozenset()
    coursework: bool = False
    min_years: Decimal = Decimal(0)
    credential_text: str = ""
    older_rule_note: str = ""


RECOMMENDED_ROUTES = (
    Route(
        key="coursework",
        name="Coding coursework plus 1 year of experience",
        text=f"Courses in {COURSEWORK}, plus 1 year of coding experience directly applying codes.",
        source=CURRENT_PAGE,
        coursework=True,
        min_years=Decimal(1),
        older_rule_note="The older rule asked only for a completed coding training program, without the year of experience.",
    ),
    Route(
        key="experience",
        name="2 years of coding experience",
        text="At least 2 years of related coding experience directly applying codes.",
        source=CURRENT_PAGE,
        min_years=Decimal(2),
    ),
    Route(
        key="cca",
        name="CCA plus 1 year of experience",
        text="The CCA credential plus 1 year of coding experience directly applying codes.",
        source=CURRENT_PAGE,
        credentials_any=frozenset({Credential.CCA}),
        min_years=Decimal(1),
        credential_text="the CCA credential",
    ),
    Route(
        key="other-credential",
        name="Another organization's coding credential plus 1 year of experience",
        text="A coding credential from another certifying organization (for example AAPC's CPC) plus 1 year of coding experience directly applying codes.",
        source=CURRENT_PAGE,
        credentials_any=frozenset({Credential.OTHER}),
        min_years=Decimal(1),
        credential_text="a coding credential from another organization (such as the CPC)",
    ),
    Route(
        key="credential",
        name="A CCS-P, RHIT or RHIA credential",
        text="Holding a CCS-P, RHIT or RHIA credential.",
        source=CURRENT_PAGE,
        credentials_any=frozenset({Credential.CCS_P, Credential.RHIT, Credential.RHIA}),
        credential_text="a CCS-P, RHIT or RHIA credential",
    ),
)

# The older page required one of these; the coursework route then needed no experience.
OLDER_REQUIRED_ROUTES = (
    Route("older-credential", "By credential: RHIA, RHIT or CCS-P", "", OLDER_PAGE,
          credentials_any=frozenset({Credential.CCS_P, Credential.RHIT, Credential.RHIA})),
    Route("older-education", "By education: a completed coding training program", "", OLDER_PAGE, coursework=True),
    Route("older-experience", "By experience: at least 2 years of coding", "", OLDER_PAGE, min_years=Decimal(2)),
    Route("older-cca", "CCA plus 1 year of coding experience", "", OLDER_PAGE,
          credentials_any=frozenset({Credential.CCA}), min_years=Decimal(1)),
    Route("older-other", "Another organization's coding credential plus 1 year of coding experience", "", OLDER_PAGE,
          credentials_any=frozenset({Credential.OTHER}), min_years=Decimal(1)),
)  # fmt: skip


@dataclass(frozen=True)
class RouteResult:
    route: Route
    met: bool
    missing: tuple[str, ...]


@dataclass(frozen=True)
class EligibilityResult:
    may_sit_now: bool
    exam_rule: dict
    routes: tuple[RouteResult, ...]
    older_rules_met: tuple[Route, ...]
    hints: tuple[dict, ...]

    @property
    def met_routes(self) -> list[RouteResult]:
        return [result for result in self.routes if result.met]

    @property
    def unmet_routes(self) -> list[RouteResult]:
        return [result for result in self.routes if not result.met]


def years_text(years: Decimal) -> str:
    """'1 more year', '2 more years', or '0.5 more years (about 6 months)'."""
    years = years.normalize()
    if years == years.to_integral_value():
        whole = int(years)
        return f"{whole} more year" if whole == 1 else f"{whole} more years"
    months = int((years * 12).to_integral_value(rounding=ROUND_CEILING))
    return f"{years:f} more years (about {months} month{'s' if months != 1 else ''})"


def route_check(
    route: Route,
    *,
    credentials: set,
    years: Decimal,
    coursework: bool,
    may_sit_now: bool = True,
) -> RouteResult:
    """Whether the answers meet `route`; without the diploma the exam asks for, no route is met."""
    missing = []
    if not may_sit_now:
        missing.append("a high school diploma (or equivalent)")
    if route.credentials_any and not credentials & route.credentials_any:
        missing.append(
            route.credential_text
            or "one of these credentials: " + ", ".join(sorted(route.credentials_any))
        )
    if route.coursework and not coursework:
        missing.append("completed coding coursework")
    if years < route.min_years:
        missing.append(f"{years_text(route.min_years - years)} of coding experience")
    return RouteResult(route=route, met=not missing, missing=tuple(missing))


def ccs_eligibility(answers: Mapping) -> EligibilityResult:
    """Apply AHIMA's CCS rules to the reader's answers (education, credentials, years, coursework, cahiim_degree).

    The answers are free of contradictions (answer_contradictions; the form refuses them).
    """
    education = answers["education"]
    credentials = set(answers.get("credentials") or ())
    years = Decimal(str(answers.get("experience_years") or 0))
    coursework = bool(answers.get("coursework"))
    may_sit_now = education in AT_LEAST_HIGH_SCHOOL
    checks = {
        "credentials": credentials,
        "years": years,
        "coursework": coursework,
        "may_sit_now": may_sit_now,
    }
    routes = tuple(route_check(route, **checks) for route in RECOMMENDED_ROUTES)
    older = tuple(
        route for route in OLDER_REQUIRED_ROUTES if route_check(route, **checks).met
    )
    hints = []
    if answers.get("cahiim_degree") and not credentials & {
        Credential.RHIT,
        Credential.RHIA,
    }:
        hints.append(CAHIIM_HINT)
    return EligibilityResult(
        may_sit_now=may_sit_now,
        exam_rule=EXAM_RULE,
        routes=routes,
        older_rules_met=older,
        hints=tuple(hints),
    )
