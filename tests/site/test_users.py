import pytest
from django.contrib.auth.models import User
from django.template import Context, Template

from careersite.users import user_display_name


@pytest.mark.parametrize(
    ("user", "default", "name"),
    [
        (User(username="dana", first_name="Dana", last_name="Reyes"), "", "Dana Reyes"),
        (User(username="dana"), "", "dana"),
        (None, "", ""),
        (None, "an editor", "an editor"),
    ],
)
def test_a_user_reads_as_full_name_else_username_else_the_default(user, default, name):
    assert user_display_name(user, default=default) == name


@pytest.mark.parametrize(
    ("context", "html"),
    [
        ({"draft": {"updated_by": User(username="lee", first_name="Lee")}}, "Lee"),
        ({"draft": {"updated_by": User(username="lee")}}, "lee"),
        ({"draft": {"updated_by": None}}, "an editor"),
        ({}, "an editor"),
    ],
)
def test_the_user_name_filter_reads_like_the_function(context, html):
    template = Template(
        '{% load user_tags %}{{ draft.updated_by|user_name:"an editor" }}'
    )
    assert template.render(Context(context)) == html
