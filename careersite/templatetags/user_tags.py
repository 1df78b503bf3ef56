"""{% load user_tags %} {{ draft.updated_by|user_name:"an editor" }}: careersite.users.user_display_name in templates."""

from django import template

from careersite.users import user_display_name

register = template.Library()


@register.filter
def user_name(user, default: str = "") -> str:
    # A missing variable arrives as "" (string_if_invalid): no user.
    return user_display_name(user or None, default=default)
