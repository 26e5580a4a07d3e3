"""Documents in Welsh, in English, or in both (issue 16). A Welsh document prints each text the
partnership wrote in its Welsh where there is one (common/bilingual.py) and otherwise in English,
marked lang="en-GB" so a screen reader reads it as English; a bilingual one is the Welsh
document followed by the English one. An English document is printed as written."""

import re

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from common.bilingual import in_welsh

from .text import markdown_html

# A priority's theory of change, in the order documents print it.
THEORY_OF_CHANGE = ("problem", "activities", "outputs", "outcomes", "impact")


def welsh_document() -> bool:
    return translation.get_language() == "cy"


def _as_english(html: str) -> str:
    """Markup left in English in a Welsh document, marked so it is read as English."""
    return mark_safe(f'<div lang="en-GB">{html}</div>') if html else html  # noqa: S308 - ours


def _plain(value: str, is_welsh: bool) -> str:
    """A short text: as it is in Welsh; in English, escaped and marked as English."""
    if is_welsh or not value:
        return value
    return format_html('<span lang="en-GB">{}</span>', value)


def markdown_of(row, field: str) -> SafeString:
    """A live row's Markdown text in the document's language."""
    english = getattr(row, field) or ""
    if not welsh_document():
        return markdown_html(english)
    value, is_welsh = in_welsh(english, row.welsh, field)
    return markdown_html(value) if is_welsh else _as_english(markdown_html(value))


def plain_of(row, field: str) -> str:
    """A live row's plain text in the document's language."""
    english = getattr(row, field) or ""
    if not welsh_document():
        return english
    return _plain(*in_welsh(english, row.welsh, field))


def in_welsh_where_written(context: dict) -> dict:
    """A strategy document's context (documents.content) with its published texts in the
    document's language, from the snapshot's Welsh."""
    if not welsh_document():
        return context
    snapshot = context["snapshot"]
    welsh = snapshot.get("welsh") or {}
    text = {}
    for field, html in context["text"].items():
        value, is_welsh = in_welsh(snapshot.get(field, ""), welsh, field)
        text[field] = markdown_html(value) if is_welsh else _as_english(html)
    title = in_welsh(snapshot.get("title", ""), welsh, "title")[0]
    return {
        **context,
        "text": text,
        "priorities": [_priority_in_welsh(priority) for priority in context["priorities"]],
        "snapshot": {**snapshot, "title": title},
    }


def _priority_in_welsh(priority: dict) -> dict:
    own = priority.get("welsh") or {}
    rationale, is_welsh = in_welsh(priority.get("rationale", ""), own, "rationale")
    fields = [field for field in THEORY_OF_CHANGE if priority.get(field)]
    return {
        **priority,
        # Left unmarked: a priority's title is also a bookmark and goes through a heading filter.
        "title": in_welsh(priority["title"], own, "title")[0],
        "rationale_html": markdown_html(rationale)
        if is_welsh
        else _as_english(priority["rationale_html"]),
        "theory_of_change": [
            (label, in_welsh(value, own, field)[0])
            for (label, value), field in zip(priority["theory_of_change"], fields, strict=True)
        ],
        "actions": [_action_in_welsh(action) for action in priority["actions"]],
    }


def _action_in_welsh(action: dict) -> dict:
    own = action.get("welsh") or {}
    shown = {
        field: _plain(*in_welsh(action.get(field, ""), own, field))
        for field in ("title", "description")
    }
    return {**action, **shown}


_BODY = re.compile(r"<body\b([^>]*)>(.*)</body>", re.DOTALL)
# Attributes that name an element by id, whose values the English half must rename with its ids.
_ID_REFERENCES = re.compile(r'\b(id|for|headers|aria-labelledby|aria-describedby)="([^"]*)"')


def _english_half(html: str) -> str:
    """The English document's body, its ids (and every reference to them) prefixed "en-", so
    the two halves' contents, bookmarks and table headers each point within their own half."""
    body = _BODY.search(html).group(2)
    body = _ID_REFERENCES.sub(
        lambda m: f'{m.group(1)}="{" ".join("en-" + token for token in m.group(2).split())}"',
        body,
    )
    return body.replace('href="#', 'href="#en-')


def bilingual_html(*, welsh: str, english: str) -> str:
    """One document in both languages, Welsh first: the Welsh document whole, then the English
    one's body from a new page, marked lang="en-GB" and carrying its own words for "Page N of M"
    (static/src/pdf/document.css)."""
    with translation.override("en-gb"):
        page_word = pgettext("page x of y", "Page")
        of_word = pgettext("page x of y", "of")
    part = format_html(
        '<div class="pdf-bilingual-part" lang="en-GB" data-page="{}" data-of="{}">',
        page_word,
        of_word,
    )
    return welsh.replace("</body>", f"{part}{_english_half(english)}</div></body>", 1)
