"""Adding and editing a partnership's organisations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Sector


class OrganisationForm(forms.Form):
    """Name and sector; the statutory role follows from the sector."""

    name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        error_messages={
            "required": _("Enter the organisation's name"),
            "max_length": _("Organisation name must be 200 characters or fewer"),
        },
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        help_text=_("This decides whether it is a specified or relevant authority under the Duty"),
        queryset=Sector.objects.none(),
        to_field_name="slug",
        empty_label=_("Select a sector"),
        error_messages={
            "required": _("Select the organisation's sector"),
            "invalid_choice": _("Select the organisation's sector"),
        },
    )

    def __init__(self, *args, posts_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        sectors = list(selectors.sector_choices())
        field = self.fields["sector"]
        field.queryset = selectors.sector_choices()
        # Grouped by statutory role; validation still goes through the queryset.
        field.choices = [("", field.empty_label)] + [
            (label, [(s.slug, s.name) for s in sectors if s.authority_type == value])
            for value, label in Sector.AuthorityType.choices
        ]
        if posts_url:
            # With JavaScript, choosing a sector swaps in its recommended posts.
            field.widget.attrs.update(
                {
                    "hx-get": posts_url,
                    "hx-trigger": "change",
                    "hx-target": "#recommended-posts",
                    "hx-swap": "innerHTML",
                }
            )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def chosen_sector_key(self) -> str:
        """The sector the form currently shows, as a slug: typed, or the initial one."""
        if self.is_bound:
            return self.data.get(self.add_prefix("sector"), "")
        initial = self.initial.get("sector")
        return initial.slug if isinstance(initial, Sector) else (initial or "")
