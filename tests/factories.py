"""Test data. Factories build rows; tests change state through services, as users do.

Tenant-owned models refuse queries outside a partnership's scope, so the factories create
with scopes disabled; tests that read tenant rows directly do the same (`scopes_disabled()`).
"""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import Invitation, Membership, Organisation, Partnership, Sector
from partnerships.roles import PortalRole

PASSWORD = "correct-horse-battery"


class ScopesDisabledFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    job_title = "Community safety officer"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class PartnershipFactory(ScopesDisabledFactory):
    """A partnership with its role groups and permissions, and no members yet."""

    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    nation = Partnership.Nation.ENGLAND
    model = Partnership.Model.COMMUNITY_SAFETY_PARTNERSHIP
    area_type = Partnership.AreaType.LOCAL_AUTHORITY
    areas = factory.LazyAttribute(lambda p: [p.name.replace(" Partnership", "")])

    @factory.post_generation
    def permissions(obj, create, extracted, **kwargs):
        if create:
            services.partnership_sync_permissions(partnership=obj)


class OrganisationFactory(ScopesDisabledFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = factory.LazyFunction(lambda: Sector.objects.get(slug="local-authority"))

    class Params:
        sector_slug = None

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        slug = kwargs.pop("sector_slug", None)
        if slug:
            kwargs["sector"] = Sector.objects.get(slug=slug)
        return kwargs


class MembershipFactory(ScopesDisabledFactory):
    """A member, placed in their role's permission group as the services would."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.SelfAttribute("organisation.partnership")
    portal_role = PortalRole.PARTNER
    job_title = factory.SelfAttribute("user.job_title")

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            services._sync_groups(obj)


class InvitationFactory(ScopesDisabledFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.SelfAttribute("organisation.partnership")
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    portal_role = PortalRole.PARTNER
    sent_at = factory.LazyFunction(timezone.now)


# --- The SNA and its evidence ---------------------------------------------------------------------

from assessments.models import Assessment, Contribution, Measure  # noqa: E402
from partnerships.models import DutyElement  # noqa: E402


class AssessmentFactory(ScopesDisabledFactory):
    class Meta:
        model = Assessment

    partnership = factory.SubFactory(PartnershipFactory)
    period = "2026/27"


class ContributionFactory(ScopesDisabledFactory):
    """A draft contribution; move it through review with assessments.services."""

    class Meta:
        model = Contribution

    organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.SelfAttribute("organisation.partnership")
    element = factory.LazyFunction(
        lambda: DutyElement.objects.get(slug="strategic-needs-assessment")
    )
    level = "engaged"
    kind = Contribution.Kind.INSIGHT
    title = factory.Sequence(lambda n: f"Contribution {n}")
    body = "What we found."
    period = "2026/27"


def measure(slug: str = "knife-offensive-weapon-offences") -> Measure:
    return Measure.objects.get(slug=slug)


# --- The response strategy ------------------------------------------------------------------------

import datetime  # noqa: E402

from strategies.models import Action, Priority, Strategy, StrategyMeasure  # noqa: E402


class StrategyFactory(ScopesDisabledFactory):
    """A draft strategy resting on an SNA of its own partnership; move it on with services."""

    class Meta:
        model = Strategy

    partnership = factory.SubFactory(PartnershipFactory)
    assessment = factory.SubFactory(
        AssessmentFactory,
        partnership=factory.SelfAttribute("..partnership"),
        period=factory.SelfAttribute("..start_period"),
    )
    title = factory.Sequence(lambda n: f"Serious violence strategy {n}")
    start_period = "2026/27"
    end_period = "2028/29"


class PriorityFactory(ScopesDisabledFactory):
    """A priority; cite findings with `priority.findings.set(...)` under scopes_disabled()."""

    class Meta:
        model = Priority

    strategy = factory.SubFactory(StrategyFactory)
    partnership = factory.SelfAttribute("strategy.partnership")
    title = factory.Sequence(lambda n: f"Priority {n}")
    rationale = "The SNA found it."


class ActionFactory(ScopesDisabledFactory):
    """An action under a priority, led by `lead_organisation` (same partnership)."""

    class Meta:
        model = Action

    priority = factory.SubFactory(PriorityFactory)
    strategy = factory.SelfAttribute("priority.strategy")
    partnership = factory.SelfAttribute("priority.partnership")
    lead_organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    title = factory.Sequence(lambda n: f"Action {n}")
    element = factory.LazyFunction(lambda: DutyElement.objects.get(slug="response-strategy"))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))


class StrategyMeasureFactory(ScopesDisabledFactory):
    class Meta:
        model = StrategyMeasure

    strategy = factory.SubFactory(StrategyFactory)
    partnership = factory.SelfAttribute("strategy.partnership")
    kind = StrategyMeasure.Kind.OUTCOME
    name = factory.Sequence(lambda n: f"Measure {n}")
    baseline = 100
    baseline_period = "2025/26"
    target = 80
    target_period = "2028/29"
    direction = StrategyMeasure.Direction.DOWN
    frequency = StrategyMeasure.Frequency.QUARTERLY


# --- Notifications --------------------------------------------------------------------------------

from notifications.models import Notification  # noqa: E402


class NotificationFactory(ScopesDisabledFactory):
    """A notification already recorded; the tasks make real ones (notify_and_email)."""

    class Meta:
        model = Notification

    partnership = factory.SubFactory(PartnershipFactory)
    recipient = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"test-event:{n}")
    title = factory.Sequence(lambda n: f"Something happened {n}")
    body = "What happened, in a sentence."
    path = factory.LazyAttribute(lambda notification: f"/p/{notification.partnership.slug}/")


# --- The local strategic landscape ----------------------------------------------------------------

from strategies.models import LandscapeEntry  # noqa: E402


class LandscapeEntryFactory(ScopesDisabledFactory):
    """A related partnership, strategy or initiative the partnership aligns with."""

    class Meta:
        model = LandscapeEntry

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Community safety strategy {n}")
    kind = LandscapeEntry.Kind.COMMUNITY_SAFETY_PARTNERSHIP
    owner = "Northshire Community Safety Partnership"
    alignment = "The partnership leads on violence; the CSP on antisocial behaviour."
