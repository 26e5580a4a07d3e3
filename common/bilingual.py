"""Texts a partnership publishes, in English and Welsh (issue 16): a partnership in Wales writes
each published text in both. The English is the row's own field; the Welsh sits beside it in
`welsh`, keyed by field name, so a row's Welsh is read and frozen with it (a published version's
snapshot holds both). A text whose Welsh is missing is printed in English, marked as English."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class WelshVersion(models.Model):
    """A row with published texts: WELSH_FIELDS names them; `welsh` holds their Welsh."""

    WELSH_FIELDS: tuple[str, ...] = ()

    welsh = models.JSONField(_("Welsh version"), default=dict, blank=True)

    class Meta:
        abstract = True

    def welsh_text(self, field: str) -> str:
        return (self.welsh or {}).get(field, "")

    def missing_welsh(self) -> list[str]:
        """The fields with English written and no Welsh yet."""
        return [
            field
            for field in self.WELSH_FIELDS
            if (getattr(self, field) or "").strip() and not self.welsh_text(field).strip()
        ]


def in_welsh(english: str, welsh: dict | None, field: str) -> tuple[str, bool]:
    """(text, is_welsh): the Welsh of `field` where there is one, else the English."""
    text = (welsh or {}).get(field, "")
    return (text, True) if text.strip() else (english, False)


def checked_welsh(row: WelshVersion, texts: dict) -> dict:
    """The row's Welsh from `texts` (field → text; blank leaves the field to its English), each
    held to the length of its English field: a ValidationError names every field too long."""
    welsh, problems = {}, {}
    for field in row.WELSH_FIELDS:
        text = (texts.get(field) or "").strip()
        limit = row._meta.get_field(field).max_length
        if limit and len(text) > limit:
            problems[field] = gettext("The Welsh must be %(limit)s characters or fewer") % {
                "limit": limit
            }
        elif text:
            welsh[field] = text
    if problems:
        raise ValidationError(problems)
    return welsh
