"""Helpers for the data stories: the measure and header a file of figures uses, and the data
pages' addresses."""

from django.urls import reverse

KNIFE = "knife-offensive-weapon-offences"
HEADER = "measure,period,area,value"


def list_url(partnership) -> str:
    return reverse("tenant:data", args=[partnership.slug])


def upload_url(contribution) -> str:
    return reverse("tenant:data-upload", args=[contribution.partnership.slug, contribution.pk])
