"""The guides' own tags: {% load article_tags %} {% jsonld_article article %} (the page's Article JSON-LD)."""

from django import template

from articles.jsonld import article_jsonld
from careersite import seo

register = template.Library()


@register.simple_tag
def jsonld_article(article):
    return seo.jsonld_script(article_jsonld(article))
