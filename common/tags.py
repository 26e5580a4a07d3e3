"""One way to show a status as a GOV.UK tag. Each kind of status names the colour of each of its
values once, beside its choices (`@tag_colours`), and pages render it with `{% status_tag %}`
(common/templatetags/tags.py). The words always show: colour only helps.
"""

from django.db import models

# GOV.UK Frontend's tag colours.
COLOURS = frozenset(
    {
        "grey", "green", "turquoise", "blue", "light-blue",
        "purple", "pink", "red", "orange", "yellow",
    }
)  # fmt: skip

_COLOURS: dict[type[models.Choices], dict[str, str]] = {}


def tag_colours(**by_name: str):
    """Class decorator for a Choices enum: the tag colour of each member, by member name. Every
    member needs one, so a new status cannot appear without a colour."""

    def register(choices: type[models.Choices]) -> type[models.Choices]:
        missing = set(choices.names) - set(by_name)
        unknown = set(by_name) - set(choices.names)
        wrong = set(by_name.values()) - COLOURS
        if missing or unknown or wrong:
            raise ValueError(
                f"{choices.__name__}: colours missing for {sorted(missing)}, given for unknown "
                f"{sorted(unknown)}, not GOV.UK colours {sorted(wrong)}"
            )
        _COLOURS[choices] = {choices[name].value: colour for name, colour in by_name.items()}
        return choices

    return register


def colour(choices: type[models.Choices], value: str) -> str:
    return _COLOURS[choices][value]


def css_class(choices: type[models.Choices], value: str) -> str:
    """The tag's modifier class, e.g. "govuk-tag--green"."""
    return f"govuk-tag--{colour(choices, value)}"


def choices_of(model: type[models.Model], field_name: str) -> type[models.Choices]:
    """The registered Choices enum a model field's choices come from."""
    values = [value for value, _label in model._meta.get_field(field_name).flatchoices]
    for choices in _COLOURS:
        if list(choices.values) == values:
            return choices
    raise LookupError(f"no tag colours registered for {model.__name__}.{field_name}")
