"""Program evidence and facts for templates.

{% load schools_tags %}
{% program_evidence program as evidence %}  {% program_standing program as standing %}
{% program_facts program as facts %}  {% jsonld_program program %} (the program page's JSON-LD)
"""

from django import template
from django.utils import timezone

from careersite import seo
from schools import evidence, outcomes
from schools.jsonld import program_jsonld

register = template.Library()


@register.simple_tag
def program_evidence(program) -> evidence.Evidence:
    return evidence.program_evidence(program, today=timezone.localdate())


@register.simple_tag
def program_standing(program) -> evidence.Standing:
    return evidence.program_standing(program, today=timezone.localdate())


@register.simple_tag
def accreditation_tiers() -> list[evidence.Tier]:
    """The tiers of evidence, strongest first, for the finder's note on what they mean."""
    return evidence.TIERS


@register.simple_tag
def program_facts(program) -> list[outcomes.ProgramFact]:
    return outcomes.program_facts(program)


@register.simple_tag
def jsonld_program(program):
    return seo.jsonld_script(program_jsonld(program))
