"""Contributions: the form a partner fills in, the reviewer's return comment, the list's filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from common.forms import FilterForm
from partnerships.models import DutyElement, Level, Organisation

from .. import attachments
from ..models import Attachment, Call, Contribution
from .periods import FinancialYearField


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to the limit of files a request may attach (none is fine), each checked by its
    content once the count and their total size are within bounds."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        attachments.check_request(files)
        errors = []
        for file in files:
            try:
                attachments.check_upload(file)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return list(files)


class ContributionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        help_text=_("As a lead you may record evidence on behalf of another organisation."),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Select the organisation giving this evidence"),
            "invalid_choice": _("Select an organisation from the list"),
        },
    )
    element = forms.ModelChoiceField(
        label=_("Duty element"),
        help_text=_("The part of the Duty this evidence is about."),
        queryset=DutyElement.objects.all(),
        to_field_name="slug",
        empty_label=_("Select a Duty element"),
        error_messages={
            "required": _("Select the Duty element"),
            "invalid_choice": _("Select a Duty element from the list"),
        },
    )
    level = forms.ChoiceField(
        label=_("Level"),
        help_text=_("How far your organisation takes part in this element."),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select engaged or actively participating")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of evidence"),
        choices=[("", _("Select a kind")), *Contribution.Kind.choices],
        error_messages={
            "required": _("Select the kind of evidence"),
            "invalid_choice": _("Select a kind of evidence from the list"),
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
    body = forms.CharField(
        label=_("Details (optional)"),
        help_text=_(
            "You can use Markdown: **bold**, *italic*, lists starting with - and links "
            "like [text](https://example.org). HTML is shown as plain text."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    period = FinancialYearField(
        help_text=_(
            "The financial year the evidence covers, like 2026/27 or 2026-27. A quarter "
            "(Q1 2026/27) or a month (April 2026) is recorded as the financial year it falls in."
        )
    )
    call = forms.ModelChoiceField(
        label=_("Answering a call for contributions (optional)"),
        queryset=Call.objects.none(),
        required=False,
        empty_label=_("Not answering a call"),
        error_messages={"invalid_choice": _("Select an open call from the list")},
    )
    pending = forms.MultipleChoiceField(
        label=_("Files you uploaded"),
        help_text=_("They are kept with your answer. Untick a file to remove it."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The kept files the page offered, so the ones unticked can go.
    offered = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    files = MultipleFileField(label=_("Attachments (optional)"))
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args,
        partnership,
        organisations=None,
        open_calls=None,
        existing_attachments=None,
        pending_files=(),
        guidance_url: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if organisations is None:
            # Contributing for your own organisation: nothing to choose.
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["call"].queryset = open_calls if open_calls is not None else Call.objects.none()
        # The limits are settings, so the hint reads them when the form is made.
        self.fields["files"].help_text = _(
            "PDF, DOCX, ODT, XLSX or CSV files, up to %(each)s each: %(count)s files and "
            "%(total)s at a time. If the form shows an error, the files you chose are kept."
        ) % {
            "each": filesizeformat(attachments.max_bytes()),
            "count": attachments.max_files(),
            "total": filesizeformat(attachments.max_request_bytes()),
        }
        self.pending_files = list(pending_files)
        if self.pending_files:
            # Files chosen before the form last showed an error: kept, so not chosen again.
            self.fields["pending"].choices = [
                (
                    pending.id,
                    _("You uploaded %(name)s (%(size)s)")
                    % {"name": pending.name, "size": filesizeformat(pending.size)},
                )
                for pending in self.pending_files
            ]
            self.fields["offered"].choices = self.fields["pending"].choices
            self.fields["files"].label = _("Add more attachments (optional)")
        else:
            del self.fields["pending"]
            del self.fields["offered"]
        if existing_attachments:
            self.fields["remove"].queryset = existing_attachments
            self.fields["files"].label = _("Add attachments (optional)")
        else:
            del self.fields["remove"]
        if guidance_url:
            # With JavaScript, choosing an element swaps in what the guidance asks of it.
            self.fields["element"].widget.attrs.update(
                {
                    "hx-get": guidance_url,
                    "hx-trigger": "change",
                    "hx-target": "#contribution-guidance",
                    "hx-swap": "innerHTML",
                }
            )

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def chosen_element_slug(self) -> str:
        """The element the form currently shows: typed, or the initial one."""
        if self.is_bound:
            return self.data.get(self.add_prefix("element"), "")
        initial = self.initial.get("element")
        return initial.slug if isinstance(initial, DutyElement) else (initial or "")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "element": data["element"],
            "level": data["level"],
            "kind": data["kind"],
            "title": data["title"],
            "body": data["body"],
            "period": data["period"],
            "call": data["call"],
            "files": data["files"],
        }

    def chosen_pending(self) -> list:
        """The kept files the person left ticked, to attach with the new ones."""
        ticked = set(self.cleaned_data.get("pending") or ())
        return [pending for pending in self.pending_files if pending.id in ticked]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        help_text=_("The contributing organisation sees this comment and is emailed it."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter what needs to change before it can be accepted")},
    )


class ContributionFilterForm(FilterForm):
    element = forms.ChoiceField(
        label=_("Duty element"),
        required=False,
        error_messages={"invalid_choice": _("Select a Duty element from the list")},
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Select an organisation from the list")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Contribution.Status.choices],
        error_messages={"invalid_choice": _("Select a status from the list")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *Contribution.Kind.choices],
        error_messages={"invalid_choice": _("Select a kind of evidence from the list")},
    )
    mine = forms.BooleanField(label=_("Only my organisation's"), required=False)

    def __init__(self, *args, elements, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = [
            ("", _("Any element")),
            *((e.slug, e.short_name) for e in elements),
        ]
        self.fields["organisation"].choices = [
            ("", _("Any organisation")),
            *((o.pk, o.name) for o in organisations),
        ]
