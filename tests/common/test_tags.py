"""A status shows as a GOV.UK tag in the colour its choices name, with its words."""

import pytest
from django.db import models
from django.template import Context, Template

from common.tags import choices_of, css_class, tag_colours
from documents.models import ExportJob


def test_a_status_renders_as_a_tag_in_its_colour_with_its_words():
    job = ExportJob(status=ExportJob.Status.FAILED)

    html = Template("{% load tags %}{% status_tag job %}").render(Context({"job": job}))

    assert html == '<strong class="govuk-tag govuk-tag--red">Failed</strong>'


def test_a_choices_member_renders_without_a_model():
    html = Template("{% load tags %}{% status_tag status %}").render(
        Context({"status": ExportJob.Status.READY})
    )

    assert html == '<strong class="govuk-tag govuk-tag--green">Ready</strong>'


def test_a_model_field_finds_the_choices_its_values_come_from():
    assert choices_of(ExportJob, "status") is ExportJob.Status
    assert css_class(ExportJob.Status, "rendering") == "govuk-tag--blue"


def test_every_member_needs_a_colour():
    class Weather(models.TextChoices):
        SUN = "sun", "Sun"
        RAIN = "rain", "Rain"

    with pytest.raises(ValueError, match="missing for \\['RAIN'\\]"):
        tag_colours(SUN="yellow")(Weather)


def test_a_colour_must_be_one_of_govuk_frontends():
    class Weather(models.TextChoices):
        SUN = "sun", "Sun"

    with pytest.raises(ValueError, match=r"not GOV\.UK colours \['gold'\]"):
        tag_colours(SUN="gold")(Weather)
