"""Forms for the members pages: filtering the list, changing roles, nominating, making a lead."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, ReflectiveQuestion
from ..roles import DUTY_ROLE_CHOICES, MEMBER_ROLE_CHOICES
from .questions import MAX_ANSWER_LENGTH, answer_field, answers_from, field_name, initial_from


class MemberFilterForm(forms.Form):
    """The list's filters, sent by GET so a filtered list can be bookmarked and paged."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
        error_messages={"invalid_choice": _("Select an organisation from the list")},
    )
    portal_role = forms.ChoiceField(
        label=_("Portal role"),
        choices=[("", _("All portal roles")), *MEMBER_ROLE_CHOICES],
        required=False,
        error_messages={"invalid_choice": _("Select a portal role from the list")},
    )
    duty_role = forms.ChoiceField(
        label=_("Duty role"),
        choices=[("", _("Any Duty role")), *DUTY_ROLE_CHOICES],
        required=False,
        error_messages={"invalid_choice": _("Select a Duty role from the list")},
    )
    include_removed = forms.BooleanField(label=_("Include removed members"), required=False)

    def __init__(self, *args, organisations: QuerySet[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def filters(self) -> dict:
        """The filters that were given and make sense; a mistyped one is ignored (and shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "organisation": data.get("organisation"),
            "portal_role": data.get("portal_role", ""),
            "duty_role": data.get("duty_role", ""),
            "include_removed": data.get("include_removed", False),
        }


class RolesForm(forms.Form):
    """A member's portal role and Duty roles."""

    portal_role = forms.ChoiceField(
        label=_("Portal role"),
        choices=MEMBER_ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a portal role"),
            "invalid_choice": _("Select a portal role from the list"),
        },
    )
    duty_roles = forms.MultipleChoiceField(
        label=_("Duty roles"),
        choices=DUTY_ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select all that apply"),
        error_messages={"invalid_choice": _("Select Duty roles from the list")},
    )


class MemberRowForm(RolesForm):
    """The compact form in a row of the members table; ids carry the member so rows differ."""

    def __init__(self, *args, membership_pk: int, **kwargs):
        kwargs.setdefault("auto_id", f"member-{membership_pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["portal_role"].widget = forms.Select(choices=MEMBER_ROLE_CHOICES)


class MemberRolesForm(RolesForm):
    """The member's roles page: their organisation as well as their roles."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("Select an organisation"),
            "invalid_choice": _("Select a current organisation in this partnership"),
        },
    )

    field_order = ["organisation", "portal_role", "duty_roles"]

    def __init__(self, *args, organisations: QuerySet[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


def roles_initial(membership) -> dict:
    return {
        "organisation": membership.organisation_id,
        "portal_role": membership.portal_role,
        "duty_roles": membership.duty_roles,
    }


class NominationForm(forms.Form):
    """The lead's answers to the guidance's seven reflective questions, all optional."""

    max_answer_length = MAX_ANSWER_LENGTH

    def __init__(self, *args, questions: list[ReflectiveQuestion], record: dict, **kwargs):
        kwargs.setdefault("initial", initial_from(record, "question"))
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name("question", question.order)] = answer_field(question)

    def answers(self) -> dict[str, str]:
        """Answers keyed by question number, as Membership.nomination stores them."""
        return answers_from(self.cleaned_data, self.questions, "question")


class MakeLeadForm(forms.Form):
    ALSO = "also"
    HAND_OVER = "hand_over"

    how = forms.ChoiceField(
        label=_("How should they become a lead?"),
        widget=forms.RadioSelect,
        help_text=_(
            "If you hand over your lead role, you become a Duty partner and can no longer "
            "manage the partnership."
        ),
        error_messages={
            "required": _("Select whether to make them a lead too or hand over your lead role")
        },
    )

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["how"].choices = [
            (self.ALSO, _("Make %(name)s a lead as well as you") % {"name": name}),
            (self.HAND_OVER, _("Hand over my lead role to %(name)s") % {"name": name}),
        ]


class NamedInDocumentsForm(forms.Form):
    """A member's own answer: may the partnership's documents print their name?"""

    YES, NO = "yes", "no"

    named = forms.ChoiceField(
        label=_("Can the partnership’s documents print your name?"),
        help_text=_(
            "The SNA and the response strategy list each organisation’s members by job title. "
            "They print your name beside it only if you say yes here. You can change your mind "
            "at any time; documents already exported keep what they printed."
        ),
        choices=[
            (YES, _("Yes, print my name with my job title")),
            (NO, _("No, print only my job title and organisation")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether the partnership’s documents can print your name"),
            "invalid_choice": _("Select whether the partnership’s documents can print your name"),
        },
    )

    @classmethod
    def initial_for(cls, membership) -> dict:
        return {"named": cls.YES if membership.named_in_documents else cls.NO}

    def is_named(self) -> bool:
        return self.cleaned_data["named"] == self.YES
