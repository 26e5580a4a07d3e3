"""Recording the SNA's findings, with the accepted evidence they rest on, and recommendations."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import Contribution, Finding, Measure


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes under a heading per group, numbered straight through (id_x_0, id_x_1…)
    so the error summary's link reaches the first box."""

    template_name = "assessments/findings/_grouped_checkboxes.html"

    def optgroups(self, name, value, attrs=None):
        self._position = -1
        return super().optgroups(name, value, attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        self._position += 1
        return super().create_option(name, value, label, selected, self._position, None, attrs)


def _evidence_label(contribution: Contribution) -> str:
    label = f"{contribution.title} — {contribution.organisation.name}"
    if contribution.status != Contribution.Status.ACCEPTED:
        label += " " + str(_("(changed since accepted)"))
    return label


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of finding"),
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the kind of finding"),
            "invalid_choice": _("Select the kind of finding"),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What the evidence shows and why it matters. You can use Markdown."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter a description")},
    )
    contributions = forms.TypedMultipleChoiceField(
        label=_("Accepted contributions"),
        help_text=_("The evidence this finding rests on, by Duty element. Select all that apply."),
        coerce=int,
        required=False,
        widget=GroupedCheckboxes,
        error_messages={"invalid_choice": _("Select accepted contributions from the list")},
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Measures"),
        help_text=_("Figures that evidence it. Select all that apply."),
        queryset=Measure.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select measures from the list")},
    )

    def __init__(self, *args, evidence: list[Contribution], **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence = {contribution.pk: contribution for contribution in evidence}
        groups: dict[str, list] = {}
        for contribution in evidence:
            groups.setdefault(contribution.element.name, []).append(
                (contribution.pk, _evidence_label(contribution))
            )
        self.fields["contributions"].choices = list(groups.items())

    def clean_contributions(self) -> list[Contribution]:
        return [self.evidence[pk] for pk in self.cleaned_data["contributions"]]

    def clean(self):
        cleaned = super().clean()
        if (
            "contributions" not in self.errors
            and "measures" not in self.errors
            and not cleaned.get("contributions")
            and not cleaned.get("measures")
        ):
            self.add_error(
                "contributions",
                _("Select at least one accepted contribution or measure as evidence"),
            )
        return cleaned


def finding_initial(finding: Finding) -> dict:
    return {
        "kind": finding.kind,
        "title": finding.title,
        "description": finding.description,
        "contributions": [c.pk for c in finding.contributions.all()],
        "measures": list(finding.measures.all()),
    }


class RecommendationForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    findings = forms.ModelMultipleChoiceField(
        label=_("Findings it answers"),
        help_text=_("Select all that apply"),
        queryset=Finding.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one finding the recommendation answers"),
            "invalid_choice": _("Select findings from the list"),
        },
    )

    def __init__(self, *args, findings: QuerySet[Finding], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings
