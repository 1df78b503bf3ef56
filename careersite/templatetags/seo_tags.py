"""The head's tags: canonical URLs, Open Graph titles and JSON-LD blocks.

{% load seo_tags %}
{% jsonld_breadcrumbs breadcrumbs %}  {% jsonld_website %}

An app's own JSON-LD tags live with it: {% jsonld_article %} in articles' article_tags, {% jsonld_program %}
in schools' schools_tags. This module imports no app.

Breadcrumb trails come from the view as `breadcrumbs` (careersite/breadcrumbs.py); base.html
shows them and describes them as JSON-LD.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from careersite import seo
from careersite.breadcrumbs import breadcrumb_jsonld

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered template output is already escaped; only whitespace is collapsed.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """{% capture name %}...{% endcapture %}: render the body (blocks included) into a variable."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            "Usage: {% capture name %}...{% endcapture %}"
        )
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.simple_tag(takes_context=True)
def canonical_url(context, keep=""):
    """Absolute canonical URL of the current page; keep="a,b" keeps more parameters than ?page.

    Views whose filters select different content (finder results) can set the context variable
    `canonical_keep` ("education,state") and base.html passes it here.
    """
    request = context.get("request")
    if request is None:
        return ""
    names = [
        *seo.CANONICAL_PARAMS,
        *(name.strip() for name in keep.split(",") if name.strip()),
    ]
    return seo.canonical_url(request, keep=names)


@register.filter
def absolute(path):
    return seo.absolute_url(str(path or ""))


@register.filter
def without_site_name(title):
    """'Guide | Site' -> 'Guide' for og:title; the site name has its own tag."""
    suffix = f" | {settings.SITE_NAME}"
    text = str(title)
    return (
        mark_safe(text[: -len(suffix)])
        if text.endswith(suffix) and text != suffix
        else title
    )


@register.simple_tag
def jsonld_breadcrumbs(trail):
    return seo.jsonld_script(breadcrumb_jsonld(trail))


@register.simple_tag
def jsonld_website():
    return seo.jsonld_script(seo.website_jsonld())
