"""Template filters of the careers pages ({% load career_facts %}); the rules are in articles.careers."""

from django import template

from articles.careers.facts import fact_value_text, source_name_for
from articles.models import OccupationFact

register = template.Library()


@register.filter
def fact_value(fact: OccupationFact) -> str:
    """$50,250, $24.16, 7%, 194,300."""
    return fact_value_text(fact)


@register.filter
def source_label(url: str) -> str:
    return source_name_for(url).replace("BLS figure via", "BLS figures via")


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
