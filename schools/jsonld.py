"""JSON-LD and breadcrumb trails for programs, institutions, states and the finder."""

from django.urls import reverse

from careersite.breadcrumbs import Crumb, breadcrumbs
from careersite.seo import SCHEMA, SOC_CODE, absolute_url, jsonld_compact
from schools.states import state_name

# The least a reader needs before enrolling at each program level.
PROGRAM_PREREQUISITES = {
    "associate": "High school diploma or equivalent",
    "baccalaureate": "High school diploma or equivalent",
    "masters": "Bachelor's degree",
}
# schema.org's suggested labels for educationalProgramMode.
PROGRAM_MODES = {"online": "online", "campus": "onsite", "hybrid": "blended"}


def program_jsonld(program) -> dict:
    """schema.org EducationalOccupationalProgram; expects program.institution to be loaded."""
    institution = program.institution
    prerequisite = PROGRAM_PREREQUISITES.get(program.level)
    return jsonld_compact(
        {
            "@context": SCHEMA,
            "@type": "EducationalOccupationalProgram",
            "name": program.name,
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
            "programPrerequisites": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": prerequisite,
            }
            if prerequisite
            else None,
            "educationalCredentialAwarded": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "degree",
                "name": program.get_level_display(),
            },
            "educationalProgramMode": PROGRAM_MODES.get(program.delivery),
            "occupationalCategory": SOC_CODE,
            "sameAs": program.program_url,
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
