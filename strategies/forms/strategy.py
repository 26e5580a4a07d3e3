"""Starting and editing a strategy, moving it on, its priorities, and comparing its versions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.forms.findings import GroupedCheckboxes
from assessments.models import Assessment, Finding, Recommendation, validate_period
from common.forms import BoundedIntegerField

from ..models import Strategy
from ..services import PRIORITY_EVIDENCE_REQUIRED

_MARKDOWN = _("You can use Markdown.")


def _period(*, label, hint, required_message) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=7,
        validators=[validate_period],
        error_messages={"required": required_message},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )


def _text(*, label, hint, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class StrategyPeriodForm(forms.Form):
    """The title and the financial years a strategy covers."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, Northshire Serious Violence Strategy 2026 to 2029"),
        error_messages={
            "required": _("Enter the title of the strategy"),
            "max_length": _("The title must be 200 characters or fewer"),
        },
    )
    start_period = _period(
        label=_("First year"),
        hint=_("The first financial year the strategy covers, for example 2026/27"),
        required_message=_("Enter the first year the strategy covers, for example 2026/27"),
    )
    end_period = _period(
        label=_("Last year"),
        hint=_(
            "The last financial year it covers, for example 2028/29. For a one-year strategy, "
            "the same as the first year."
        ),
        required_message=_("Enter the last year the strategy covers, for example 2028/29"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_period"), cleaned.get("end_period")
        if start and end and end < start:
            self.add_error("end_period", _("The last year must be the same as or after the first"))
        return cleaned


class StrategyStartForm(StrategyPeriodForm):
    assessment = forms.ModelChoiceField(
        label=_("The strategic needs assessment it rests on"),
        help_text=_("Only an agreed or published SNA can be chosen"),
        # Tenant rows refuse queries outside a scope, so the choices are set per request.
        queryset=Assessment.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Select the SNA the strategy rests on"),
            "invalid_choice": _("Select an agreed SNA from the list"),
        },
    )

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments
        self.fields["assessment"].label_from_instance = lambda assessment: (
            _("SNA %(period)s (%(status)s)")
            % {"period": assessment.period, "status": assessment.get_status_display().lower()}
        )


class StrategyEditForm(StrategyPeriodForm):
    foreword = _text(label=_("Foreword"), hint=_MARKDOWN, rows=4)
    summary = _text(
        label=_("Executive summary"),
        hint=_("What the strategy sets out to do and why, in brief. You can use Markdown."),
    )
    governance = _text(
        label=_("Partnership arrangements and governance"),
        hint=_(
            "Who leads, the board and its groups, and how delivery is held to account. "
            "You can use Markdown."
        ),
    )
    engagement = _text(
        label=_("Engagement with the voluntary sector, young people and communities"),
        hint=_MARKDOWN,
    )
    resources = _text(
        label=_("Resources and funding"),
        hint=_("What funds and people the partnership puts in. You can use Markdown."),
    )


def strategy_initial(strategy: Strategy) -> dict:
    return {name: getattr(strategy, name) for name in StrategyEditForm.base_fields}


class StrategyTransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the activity timeline (optional)"),
        help_text=_("For example, why the strategy is being reopened"),
        required=False,
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("The note must be 250 characters or fewer")},
    )


class PriorityForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, Reduce knife crime in the town centre at night"),
        error_messages={
            "required": _("Enter the title of the priority"),
            "max_length": _("The title must be 200 characters or fewer"),
        },
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        help_text=_("Why this is a priority: what the SNA found. You can use Markdown."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter the rationale: why this is a priority")},
    )
    findings = forms.TypedMultipleChoiceField(
        label=_("SNA findings it answers"),
        help_text=_("Select all that apply"),
        coerce=int,
        required=False,
        widget=GroupedCheckboxes,
        error_messages={"invalid_choice": _("Select findings of the strategy's SNA from the list")},
    )
    recommendations = forms.TypedMultipleChoiceField(
        label=_("SNA recommendations it takes forward"),
        help_text=_("Select all that apply"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Select recommendations of the strategy's SNA from the list")
        },
    )
    problem = _text(label=_("Problem"), hint=_("The need the priority answers"), rows=3)
    activities = _text(label=_("Activities"), hint=_("What the partnership will do"), rows=3)
    outputs = _text(label=_("Outputs"), hint=_("What the activities produce"), rows=3)
    outcomes = _text(label=_("Outcomes"), hint=_("The change they bring about"), rows=3)
    impact = _text(label=_("Impact"), hint=_("The long-term difference to violence"), rows=3)
    order = BoundedIntegerField(
        label=_("Position (optional)"),
        help_text=_("Priorities are listed in this order. Leave it empty to put a new one last."),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter the position as a whole number, like 2"),
            "min_value": _("The position must be 1 or more"),
            "max_value": _("The position must be 999 or less"),
        },
    )
    restricted = forms.BooleanField(
        label=_("Restricted: leave it out of the public version of the strategy"),
        help_text=_("For operational detail that should not be published"),
        required=False,
    )

    def __init__(
        self,
        *args,
        findings: list[Finding],
        recommendations: list[Recommendation],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.finding_objects = {finding.pk: finding for finding in findings}
        self.recommendation_objects = {r.pk: r for r in recommendations}
        groups: dict[str, list] = {}
        for finding in findings:
            groups.setdefault(str(finding.get_kind_display()), []).append(
                (finding.pk, finding.title)
            )
        self.fields["findings"].choices = list(groups.items())
        self.fields["recommendations"].choices = [(r.pk, r.title) for r in recommendations]

    def clean_findings(self) -> list[Finding]:
        return [self.finding_objects[pk] for pk in self.cleaned_data["findings"]]

    def clean_recommendations(self) -> list[Recommendation]:
        return [self.recommendation_objects[pk] for pk in self.cleaned_data["recommendations"]]

    def clean(self):
        cleaned = super().clean()
        if (
            "findings" not in self.errors
            and "recommendations" not in self.errors
            and not cleaned.get("findings")
            and not cleaned.get("recommendations")
        ):
            self.add_error("findings", PRIORITY_EVIDENCE_REQUIRED)
        return cleaned


_PRIORITY_INITIAL = [
    "title", "rationale", "problem", "activities", "outputs", "outcomes", "impact", "order",
    "restricted",
]  # fmt: skip


def priority_initial(priority) -> dict:
    return {
        **{name: getattr(priority, name) for name in _PRIORITY_INITIAL},
        "findings": [finding.pk for finding in priority.findings.all()],
        "recommendations": [r.pk for r in priority.recommendations.all()],
    }


CURRENT = "current"


class VersionCompareForm(forms.Form):
    """Two versions to compare: published ones by number, or the strategy as it stands now."""

    old = forms.TypedChoiceField(
        label=_("Compare"),
        coerce=int,
        error_messages={
            "required": _("Select the version to compare from"),
            "invalid_choice": _("Select a published version to compare from"),
        },
    )
    new = forms.ChoiceField(
        label=_("With"),
        error_messages={
            "required": _("Select the version to compare with"),
            "invalid_choice": _("Select a version to compare with"),
        },
    )

    def __init__(self, *args, numbers: list[int], current_version: int, **kwargs):
        super().__init__(*args, **kwargs)
        versions = [(number, _("Version %(number)s") % {"number": number}) for number in numbers]
        self.fields["old"].choices = versions
        self.fields["new"].choices = [
            (
                CURRENT,
                _("The strategy as it stands now (version %(number)s)")
                % {"number": current_version},
            ),
            *[(str(number), label) for number, label in versions],
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") is not None and str(cleaned.get("old")) == cleaned.get("new"):
            self.add_error("new", _("Select a different version to compare with"))
        return cleaned
