"""JSON-LD and breadcrumb trails for programs, institutions, states and the finder."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from careersite.breadcrumbs import Crumb, breadcrumbs
from careersite.seo import SCHEMA, SOC_CODE, absolute_url, jsonld_compact
from careersite.states import state_name
from schools.evidence import program_standing
from schools.models import CAHIIM_DIRECTORY_URL, Program
from schools.outcomes import program_facts

# The least a reader needs before enrolling at each program level.
PROGRAM_PREREQUISITES = {
    "associate": "High school diploma or equivalent",
    "baccalaureate": "High school diploma or equivalent",
    "masters": "Bachelor's degree",
}
# schema.org's suggested labels for educationalProgramMode.
PROGRAM_MODES = {"online": "online", "campus": "onsite", "hybrid": "blended"}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _tuition_offer(program, amount: Decimal, residency: str) -> dict:
    """One schema.org Offer for a tuition amount; per credit hour is a unit price."""
    price = _number(amount)
    per_credit = program.tuition_basis == Program.TuitionBasis.PER_CREDIT_HOUR
    state = {"@type": "State", "name": program.institution.state_name}
    return jsonld_compact(
        {
            "@type": "Offer",
            "category": "Tuition",
            "price": price,
            "priceCurrency": "USD",
            "priceSpecification": {
                "@type": "UnitPriceSpecification",
                "price": price,
                "priceCurrency": "USD",
                "unitText": "credit hour",
            }
            if per_credit
            else None,
            "eligibleRegion": state
            if residency == Program.Residency.IN_STATE
            else None,
            "ineligibleRegion": state
            if residency == Program.Residency.OUT_OF_STATE
            else None,
        }
    )


def program_facts_jsonld(program) -> dict:
    """The schema.org properties of the facts an editor filled (complete facts only, as the page shows)."""
    shown = {fact.key for fact in program_facts(program)}
    data = {}
    if "length" in shown and program.length_months:
        data["timeToComplete"] = f"P{program.length_months}M"
    if "length" in shown and program.length_credits is not None:
        data["numberOfCredits"] = _number(program.length_credits)
    if "tuition" in shown:
        offers = [
            _tuition_offer(program, program.tuition_amount, program.tuition_residency)
        ]
        if program.tuition_out_of_state_amount is not None:
            offers.append(
                _tuition_offer(
                    program,
                    program.tuition_out_of_state_amount,
                    Program.Residency.OUT_OF_STATE,
                )
            )
        data["offers"] = offers[0] if len(offers) == 1 else offers
    return data


CAHIIM = {"@type": "Organization", "name": "CAHIIM", "url": CAHIIM_DIRECTORY_URL}


def program_jsonld(program, *, today: date | None = None) -> dict:
    """schema.org EducationalOccupationalProgram; expects program.institution to be loaded.

    Its description is the program's standing, in the page's words (schools.evidence). Credentials
    are stated only when the evidence is the college's own or CAHIIM's (recognizedBy CAHIIM only for
    CAHIIM's directory); on weak evidence the prerequisite is plain text and no credential is claimed.
    """
    institution = program.institution
    standing = program_standing(program, today=today or timezone.localdate())
    claims = standing.claims_accreditation
    prerequisite = PROGRAM_PREREQUISITES.get(program.level)
    if prerequisite and claims:
        prerequisite = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": prerequisite,
        }
    return jsonld_compact(
        {
            "@context": SCHEMA,
            "@type": "EducationalOccupationalProgram",
            "name": program.name,
            "description": str(standing),
            "url": absolute_url(program.get_absolute_url()),
            "provider": jsonld_compact(
                {
                    "@type": "CollegeOrUniversity",
                    "name": institution.name,
                    "url": institution.website
                    or absolute_url(institution.get_absolute_url()),
                    "address": jsonld_compact(
                        {
                            "@type": "PostalAddress",
                            "addressLocality": institution.city,
                            "addressRegion": institution.state,
                            "postalCode": institution.postal_code,
                            "addressCountry": "US",
                        }
                    ),
                }
            ),
            "programPrerequisites": prerequisite,
            "educationalCredentialAwarded": jsonld_compact(
                {
                    "@type": "EducationalOccupationalCredential",
                    "credentialCategory": "degree",
                    "name": program.get_level_display(),
                    "recognizedBy": CAHIIM if standing.badge else None,
                }
            )
            if claims
            else None,
            "educationalProgramMode": PROGRAM_MODES.get(program.delivery),
            "occupationalCategory": SOC_CODE,
            "sameAs": program.program_url,
            **program_facts_jsonld(program),
        }
    )


def finder_breadcrumbs(*pairs: Crumb) -> list[Crumb]:
    """Home, Find a school, then `pairs`: every school page sits under the finder."""
    return breadcrumbs(("Find a school", reverse("schools:finder")), *pairs)


def state_list_breadcrumbs(*pairs: Crumb) -> list[Crumb]:
    return finder_breadcrumbs(("Programs by state", reverse("schools:states")), *pairs)


def state_breadcrumbs(code: str) -> list[Crumb]:
    return state_list_breadcrumbs(
        (state_name(code), reverse("schools:state", kwargs={"code": code.lower()}))
    )


def institution_breadcrumbs(institution, *pairs: Crumb) -> list[Crumb]:
    return finder_breadcrumbs(
        (
            institution.state_name,
            reverse("schools:state", kwargs={"code": institution.state.lower()}),
        ),
        (institution.name, institution.get_absolute_url()),
        *pairs,
    )


def program_breadcrumbs(program) -> list[Crumb]:
    """Finder, the institution's state, the institution, the program; expects the institution loaded."""
    return institution_breadcrumbs(
        program.institution, (program.name, program.get_absolute_url())
    )
