"""{% load time_tags %} {{ draft.submitted_at|local_time }}: careersite.timetext.local_time_text in templates."""

from django import template

from careersite.timetext import local_time_text

register = template.Library()


@register.filter
def local_time(value) -> str:
    return local_time_text(value) if value else ""
