from django import template

from common.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{% load markdown %}{{ contribution.body|markdown }}: safe, GOV.UK-styled HTML."""
    return render_markdown(text)
