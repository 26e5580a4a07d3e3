"""The page layout's two decisions, made once in templates/base.html for every page.

{% error_prefix %}: "Error: " at the start of a page's <title> when the page shows a problem,
as GOV.UK asks, so a screen reader says so first. No page's own title block says "Error:", or
the title would say it twice. A page shows a problem when a form (or formset) it was given has
errors, whatever the page calls it (`form`, `filter_form`...): the GOV.UK field templates show
each at its field, and most pages sum them up too. Or when its view refused something and passes
the refusal for the page's own error summary (`error`, `refusal`).

{% back_navigation %}...{% endback_navigation %}: what a page puts before <main> (GOV.UK's
place for the back link, so the skip link passes it) inside a navigation landmark, so nothing
on the page is outside one. Breadcrumbs are a <nav> already and stay as they are; a page with
nothing there gets no empty landmark.
"""

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

# What a view calls a refusal it shows in the page's own error summary, not on a form.
REFUSALS = ("error", "refusal")


def _has_errors(value) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and (
            bool(value.non_form_errors()) or any(form.errors for form in value.forms)
        )
    return False


def page_has_errors(context) -> bool:
    values = context.flatten()
    return any(values.get(name) for name in REFUSALS) or any(
        _has_errors(value) for value in values.values()
    )


@register.simple_tag(takes_context=True)
def error_prefix(context) -> str:
    return _("Error:") + " " if page_has_errors(context) else ""


class BackNavigationNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        content = self.nodelist.render(context)
        if not content.strip():
            return ""
        if content.lstrip().startswith("<nav"):
            return content
        return format_html('<nav aria-label="{}">{}</nav>', _("Back"), content)


@register.tag
def back_navigation(parser, token):
    nodelist = parser.parse(("endback_navigation",))
    parser.delete_first_token()
    return BackNavigationNode(nodelist)
