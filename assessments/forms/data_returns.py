"""Forms for data returns: uploading a file of figures, and filtering a measure's trend."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..uploads import MAX_BYTES, Problem, UploadResult, parse_upload


def refuse_if_too_large(upload) -> None:
    """Refused before it is read into memory."""
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(
            _("The file is larger than 5 MB. Split it into smaller files and upload each one.")
        )


class CheckedUploadForm(forms.Form):
    """A file read and checked whole before anything is saved: `clean_file` sets `result` (with
    its `errors`, each a Problem, and its `rows`) and calls `refuse_problems`. Problems with the
    whole file go in the error summary; those in particular rows are counted there and listed
    in a table below the form (`row_errors`). Data returns and spend uploads (funding) share it."""

    result = None

    @property
    def row_errors(self) -> list[Problem]:
        """Problems in particular rows, each with its column, for the table below the form."""
        if self.result is None:
            return []
        return [problem for problem in self.result.errors if problem.row is not None]

    def refuse_problems(self, *, empty: str) -> None:
        problems = [problem.message for problem in self.result.errors if problem.row is None]
        if self.row_errors:
            count = len(self.row_errors)
            problems.append(
                ngettext(
                    "There is %(count)s problem in the file’s rows, listed below",
                    "There are %(count)s problems in the file’s rows, listed below",
                    count,
                )
                % {"count": count}
            )
        if problems:
            raise forms.ValidationError(problems)
        if not self.result.rows:
            raise forms.ValidationError(empty)


class DataUploadForm(CheckedUploadForm):
    """A CSV or XLSX of aggregate figures, read and checked whole before anything is saved."""

    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("A CSV or Excel workbook (.xlsx), up to 5 MB and 10,000 rows."),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": _("Select a CSV or Excel file of figures")},
    )
    aggregate_only = forms.BooleanField(
        label=_(
            "I confirm this file holds aggregate figures only: no names, dates of birth, "
            "addresses, postcodes, NHS numbers, PNC IDs or other details about a person"
        ),
        error_messages={
            "required": _("Confirm that the file holds aggregate figures only"),
        },
    )

    def __init__(self, *args, measure_slugs: set[str], known_areas: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_slugs = measure_slugs
        self.known_areas = known_areas
        self.result: UploadResult | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refuse_if_too_large(upload)
        self.result = parse_upload(
            name=upload.name,
            data=upload.read(),
            measure_slugs=self.measure_slugs,
            known_areas=self.known_areas,
        )
        self.refuse_problems(empty=_("The file has no figures"))
        return upload


class TrendFilterForm(forms.Form):
    """Which area to chart, and, for those who may see small numbers, whether to hide them (on
    unless turned off). Everyone else has no choice: the box is not there, and a `suppress`
    sent anyway is ignored."""

    area = forms.ChoiceField(
        label=_("Area"),
        required=False,
        error_messages={"invalid_choice": _("Select an area from the list")},
    )
    suppress = forms.BooleanField(label=_("Suppress values under 5"), required=False)
    # Present once the form has been applied, so an unticked box means "show small numbers".
    applied = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")

    def __init__(self, data, *, areas: list[str], may_show_small_numbers: bool):
        if data and not data.get("applied"):
            # A link with only an area keeps the default: small numbers suppressed.
            data = data.copy()
            data["suppress"] = "on"
        super().__init__(data or None, initial={"suppress": True})
        self.fields["area"].choices = [("", _("All areas")), *((a, a) for a in areas)]
        if not may_show_small_numbers:
            del self.fields["suppress"]

    def filters(self) -> tuple[str, bool]:
        """The area chosen ("" for all) and whether to suppress small numbers."""
        if not self.is_bound:
            return "", True
        # An area we don't know is shown as an error; the rest still applies.
        self.is_valid()
        return self.cleaned_data.get("area", ""), self.cleaned_data.get("suppress", True)
