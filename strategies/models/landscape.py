"""The local strategic landscape: the other partnerships, strategies and initiatives the Duty
partnership aligns its work with, so that joint opportunities are found and nothing is done
twice (the guidance's Table 9: "map the local strategic landscape")."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import TenantModel

NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 3000
WEB_ADDRESS_MAX_LENGTH = 500
# A web address is shown as a link: only the web's own schemes, never javascript: or data:.
WEB_SCHEMES = ["http", "https"]


class LandscapeEntry(TenantModel):
    """A partnership, strategy or initiative in the local landscape the partnership aligns with."""

    class Kind(models.TextChoices):
        # In the order the list and the strategy document group them.
        COMMUNITY_SAFETY_PARTNERSHIP = "csp", _("Community safety partnership")
        VIOLENCE_REDUCTION_UNIT = "vru", _("Violence reduction unit")
        DOMESTIC_ABUSE_BOARD = "domestic_abuse_board", _("Domestic abuse local partnership board")
        SAFEGUARDING_PARTNERSHIP = "safeguarding", _("Safeguarding partnership")
        COMBATING_DRUGS_PARTNERSHIP = "combating_drugs", _("Combating drugs partnership")
        DUTY_TO_COLLABORATE = (
            "duty_to_collaborate",
            _("Duty to collaborate (Victims and Prisoners Act 2024)"),
        )
        NATIONAL = "national", _("National strategy or initiative")
        OTHER_STRATEGY = "other_strategy", _("Other local strategy")
        OTHER_PARTNERSHIP = "other_partnership", _("Other partnership")

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # An organisation or body, never a person: the register travels into the strategy document.
    owner = models.CharField(_("led or owned by"), max_length=NAME_MAX_LENGTH)
    # Text has no length in PostgreSQL; the validators keep what a page shows readable.
    alignment = models.TextField(
        _("how the partnership aligns with it"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    opportunities = models.TextField(
        _("shared priorities or joint opportunities"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
    )
    web_address = models.URLField(
        _("web address"),
        max_length=WEB_ADDRESS_MAX_LENGTH,
        blank=True,
        validators=[
            URLValidator(
                schemes=WEB_SCHEMES,
                message=_("Enter a web address starting with http:// or https://"),
            )
        ],
    )
    review_on = models.DateField(_("next review or renewal"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Each historical record has its own date: updated_at there would only clutter the timeline.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["partnership", "kind", "name"])]
        verbose_name = _("related partnership or strategy")
        verbose_name_plural = _("related partnerships and strategies")

    def __str__(self):
        return self.name
