"""Markdown typed by users, rendered safely: no raw HTML in, and a sanitiser on what comes out."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# CommonMark with tables and strikethrough; html=False turns any typed HTML into plain text.
_parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

# GOV.UK classes for what Markdown produces, so rendered text matches the page around it.
_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "h1": "govuk-heading-m",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "table": "govuk-table",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "a": "govuk-link",
}
_TAGS = {*_CLASSES, "br", "strong", "em", "del", "code", "pre", "blockquote", "li", "thead",
         "tbody", "tr", "hr"}  # fmt: skip


def _style(tokens) -> None:
    for token in tokens:
        if token.nesting == 1 and token.tag in _CLASSES:
            token.attrSet("class", _CLASSES[token.tag])
        if token.children:
            _style(token.children)


def render_markdown(text: str) -> SafeString:
    tokens = _parser.parse(text or "")
    _style(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    clean = nh3.clean(
        html,
        tags=_TAGS,
        # No style attributes: table alignment would need inline styles, which our CSP refuses.
        attributes={"*": {"class"}, "a": {"href", "title", "class"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
