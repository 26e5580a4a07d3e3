"""The partnership's own details, which its lead keeps up to date."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, Partnership, ReflectiveQuestion
from .questions import answer_field, answers_from, field_name, initial_from

ARRANGEMENT = "arrangement"


class PartnershipDetailsForm(forms.Form):
    name = forms.CharField(
        label=_("Partnership name"),
        max_length=200,
        error_messages={
            "required": _("Enter the partnership's name"),
            "max_length": _("Partnership name must be 200 characters or fewer"),
        },
    )
    nation = forms.ChoiceField(
        label=_("Nation"),
        choices=Partnership.Nation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the nation the partnership is in")},
    )
    model = forms.ChoiceField(
        label=_("Partnership model"),
        help_text=_("The arrangement the partnership uses to meet the Duty"),
        choices=Partnership.Model.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the partnership model")},
    )
    area_type = forms.ChoiceField(
        label=_("Area covered"),
        choices=Partnership.AreaType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the area the partnership covers")},
    )
    areas = forms.CharField(
        label=_("Areas"),
        help_text=_("One area on each line. Data returns give their figures by these areas."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    convener_organisation = forms.ModelChoiceField(
        label=_("Convener organisation"),
        help_text=_("Usually the office of the local policing body (the PCC's office)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not recorded yet"),
        error_messages={"invalid_choice": _("Choose an organisation in this partnership")},
    )
    protective_marking = forms.ChoiceField(
        label=_("Default protective marking"),
        help_text=_("Printed at the top and foot of every page of the SNA and strategy PDFs"),
        choices=Partnership.ProtectiveMarking.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the default protective marking")},
    )
    default_language = forms.ChoiceField(
        label=_("Language the partnership's pages open in"),
        help_text=_(
            "For members who have not chosen one: each can switch between English and Cymraeg "
            "at the top of every page. Partnerships in Wales may offer Welsh first."
        ),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the language the partnership's pages open in")},
    )
    two_factor_for_everyone = forms.BooleanField(
        label=_("Ask every member to sign in with two-factor authentication"),
        help_text=_(
            "Leads, data leads and conveners always use it. With this on, every member sets up "
            "an authenticator app the next time they sign in."
        ),
        required=False,
    )

    def __init__(
        self,
        *args,
        partnership: Partnership,
        arrangement_questions: list[ReflectiveQuestion],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # Only this partnership's organisations still taking part.
        self.fields["convener_organisation"].queryset = Organisation.objects.filter(
            partnership=partnership, retired_at__isnull=True
        ).order_by("name")
        # The guidance's two questions for choosing the arrangement, answered beside the model.
        self.arrangement_questions = arrangement_questions
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name == "model":
                for question in arrangement_questions:
                    fields[field_name(ARRANGEMENT, question.order)] = answer_field(question)
        self.fields = fields

    @classmethod
    def initial_for(cls, partnership: Partnership) -> dict:
        return {
            "name": partnership.name,
            "nation": partnership.nation,
            "model": partnership.model,
            "area_type": partnership.area_type,
            "areas": "\n".join(partnership.areas),
            "convener_organisation": partnership.convener_organisation_id,
            "protective_marking": partnership.protective_marking,
            "default_language": partnership.default_language,
            "two_factor_for_everyone": partnership.two_factor_for_everyone,
            **initial_from(partnership.arrangement, ARRANGEMENT),
        }

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_areas(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["areas"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        # One `arrangement` for the service, keyed by question number as it is kept.
        cleaned[ARRANGEMENT] = answers_from(cleaned, self.arrangement_questions, ARRANGEMENT)
        for question in self.arrangement_questions:
            cleaned.pop(field_name(ARRANGEMENT, question.order), None)
        return cleaned
