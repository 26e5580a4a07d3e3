"""The Open Referral UK feed's addresses, under /oruk/ (api/oruk.py). No trailing slashes: the
standard's clients add `/services` and `/services/{id}` to the feed's address."""

from django.urls import path

from . import oruk

urlpatterns = [
    path("<slug:partnership_slug>/", oruk.api_details, name="oruk"),
    path("<slug:partnership_slug>/services", oruk.services, name="oruk-services"),
    path("<slug:partnership_slug>/services/<str:service_id>", oruk.service, name="oruk-service"),
]
