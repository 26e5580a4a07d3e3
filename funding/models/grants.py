"""The Duty grant and what is done with it (issue 18).

A grant is awarded to a local policing body for one grant year and covers the partnerships it
convenes; it is not one partnership's, so it carries no tenant key and is reached only through
funding/access.py (a convener of every partnership it covers). Its award splits into a labour
line (programme lead, analysts) and a non-labour line (interventions). Each line is allocated to
partnerships, and a partnership's allocation may be divided further among its organisations,
its interventions (the provision map) and its strategy's actions: those rows are the
partnership's own, walled like every tenant row. Partners record spend and delivery per
allocation per quarter.

Money is exact: DecimalField in pounds and pence, never a float; each model refuses a negative
amount, and the services refuse an allocation that would take a line, or a partnership's share,
past what it holds.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import ProvisionService
from common.periods import financial_year
from partnerships.models import Organisation, Partnership, TenantModel
from strategies.models import Action

# Pounds and pence, up to £999,999,999,999.99: far beyond any grant, never a float.
MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")
_NOT_NEGATIVE = MinValueValidator(ZERO, message=_("Enter an amount of £0 or more"))


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, **MONEY, validators=[_NOT_NEGATIVE], **kwargs)


class Grant(models.Model):
    """The award to the local policing body for one grant year."""

    title = models.CharField(_("title"), max_length=200)
    # The financial year it funds, "2026/27" (common.periods.financial_year).
    grant_year = models.CharField(_("grant year"), max_length=7)
    awarded_by = models.CharField(_("awarded by"), max_length=200, default="Home Office")
    reference = models.CharField(_("award reference"), max_length=60, blank=True)
    amount = money_field(_("amount awarded"))
    conditions = models.TextField(_("conditions of grant"), blank=True)
    awarded_on = models.DateField(_("awarded on"))
    starts_on = models.DateField(_("funding starts on"))
    ends_on = models.DateField(_("funding ends on"))
    partnerships = models.ManyToManyField(
        Partnership, verbose_name=_("partnerships it funds"), related_name="grants"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-grant_year", "title"]

    def __str__(self):
        return f"{self.title} ({self.grant_year})"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date must be on or after the start date")
        if self.grant_year and self.starts_on and self.grant_year != financial_year(self.starts_on):
            errors["starts_on"] = _("The funding must start in the grant year %(year)s") % {
                "year": self.grant_year
            }
        if errors:
            raise ValidationError(errors)


class GrantLine(models.Model):
    """The award split: what may be spent on people, and what on interventions."""

    class Kind(models.TextChoices):
        LABOUR = "labour", _("Labour (programme lead, analysts and other staff)")
        NON_LABOUR = "non_labour", _("Non-labour (interventions and other costs)")

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("line"), max_length=20, choices=Kind.choices)
    amount = money_field(_("amount"))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "kind"],
                name="one_grant_line_of_each_kind",
                violation_error_message=_("The grant already has this line"),
            ),
        ]

    def __str__(self):
        return f"{self.grant}: {self.get_kind_display()}"


class GrantDecision(models.Model):
    """The decision that agreed the grant's delivery plan and allocations: who agreed it, when,
    and the reference under which it was published."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("who agreed it"),
        max_length=200,
        help_text=_("For example, the Police and Crime Commissioner, at the partnership board"),
    )
    reference = models.CharField(_("published decision reference"), max_length=100, blank=True)
    summary = models.TextField(_("what was decided"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "-decided_on", "-pk"]

    def __str__(self):
        return f"{self.grant}: {self.decided_on:%d/%m/%Y}"


class Allocation(TenantModel):
    """Money from a grant line for one partnership; or, with a parent, part of a partnership's
    allocation for one of its organisations, interventions or strategy actions."""

    line = models.ForeignKey(GrantLine, on_delete=models.PROTECT, related_name="allocations")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
    )
    amount = money_field(_("amount"))
    purpose = models.CharField(_("what it pays for"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.ForeignKey(
        ProvisionService,
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("strategy action"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "line", "parent_id", "pk"]
        indexes = [models.Index(fields=["partnership", "line"], name="allocation_by_partnership")]
        constraints = [
            # A partnership's allocation names no recipient; a part names exactly one.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        parent__isnull=True,
                        organisation__isnull=True,
                        service__isnull=True,
                        action__isnull=True,
                    )
                    | models.Q(
                        parent__isnull=False,
                        organisation__isnull=False,
                        service__isnull=True,
                        action__isnull=True,
                    )
                    | models.Q(
                        parent__isnull=False,
                        organisation__isnull=True,
                        service__isnull=False,
                        action__isnull=True,
                    )
                    | models.Q(
                        parent__isnull=False,
                        organisation__isnull=True,
                        service__isnull=True,
                        action__isnull=False,
                    )
                ),
                name="allocation_to_a_partnership_or_one_recipient",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="allocation_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.purpose}: £{self.amount:,.2f}"

    @property
    def spending_organisation_id(self) -> int | None:
        """The organisation that spends a part and so records it: the one paid, the action's
        lead organisation, or the one that put the intervention on the provision map. Read
        with `action` and `service` selected, or each costs a query."""
        if self.organisation_id:
            return self.organisation_id
        if self.action_id:
            return self.action.lead_organisation_id
        if self.service_id:
            return self.service.added_by_organisation_id
        return None

    @property
    def recipient(self):
        return self.organisation or self.service or self.action

    def clean(self):
        super().clean()
        for name in ("organisation", "service", "action", "parent"):
            row = getattr(self, name)
            if row is not None and row.partnership_id != self.partnership_id:
                raise ValidationError({name: _("Choose one of this partnership's own")})


class SpendRecord(TenantModel):
    """What an allocation spent and delivered in one quarter of the grant year, with the
    forecast for the year as it then stands."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="spend")
    # The financial year and its quarter: Q1 is April to June.
    year = models.CharField(_("financial year"), max_length=7)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    actual = money_field(_("spent in the quarter"))
    forecast = money_field(_("forecast spend for the year"), null=True, blank=True)
    outputs = models.TextField(_("outputs delivered"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    variance_reason = models.TextField(_("reason for any variance"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "year", "quarter"]
        indexes = [
            models.Index(fields=["partnership", "year", "quarter"], name="spend_by_quarter"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "year", "quarter"],
                name="one_spend_record_per_quarter",
                violation_error_message=_("Spend for this quarter is already recorded"),
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="spend_quarter_1_to_4"
            ),
            models.CheckConstraint(condition=models.Q(actual__gte=0), name="spend_not_negative"),
        ]

    def __str__(self):
        return f"{self.allocation}: {self.year} Q{self.quarter}"
