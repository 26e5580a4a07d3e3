"""No one outside a partnership can reach anything inside it.

These tests walk Django's URL resolver, so every URL under /p/<partnership_slug>/ is covered the
moment it exists: nobody has to remember to add it, and none is exempt. A URL with a new kind of
object id fails here until SAMPLE_IDS knows how to fill it in.
"""

import re

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from partnerships.consultees import consultee_home_url
from partnerships.models import Partnership
from partnerships.roles import Permission
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)

TENANT_PREFIX = "p/<slug:partnership_slug>/"
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def tenant_routes() -> list[tuple[str, URLPattern]]:
    return [
        (route, p)
        for route, p in walk(get_resolver().url_patterns)
        if route.startswith(TENANT_PREFIX)
    ]


ROUTES = tenant_routes()


def fill(route: str, values: dict[str, object]) -> str:
    def value(match):
        name = match.group("name")
        assert name in values, f"{route}: add a sample value for <{name}> to the isolation tests"
        return str(values[name])

    return "/" + PARAMETER.sub(value, route)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Northshire with one of everything, and Southvale's lead, built once for the module.

    Every request here must be refused, so no test changes these rows; building them once
    (inside a transaction rolled back at the end) instead of for each of several hundred tests
    keeps the walk fast. Each test still runs in its own savepoint.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        partnership = PartnershipFactory(
            name="Northshire Serious Violence Partnership", slug="northshire"
        )
        council = OrganisationFactory(
            partnership=partnership, name="Northshire County Council", sector_slug="local-authority"
        )
        police = OrganisationFactory(
            partnership=partnership, name="Northshire Police", sector_slug="police"
        )
        probation = OrganisationFactory(
            partnership=partnership, name="Northshire Probation", sector_slug="probation"
        )
        lead = UserFactory(email="priya@example.org", full_name="Priya Shah")
        MembershipFactory(user=lead, organisation=council, portal_role="lead", accountable=True)
        partner = UserFactory(email="paul@example.org", full_name="Paul Reid")
        membership = MembershipFactory(user=partner, organisation=probation, portal_role="partner")
        other_partnership = PartnershipFactory(
            name="Southvale Community Safety Partnership", slug="southvale", nation="wales"
        )
        outsider = UserFactory(email="oscar@example.org", full_name="Oscar Lloyd")
        MembershipFactory(
            user=outsider,
            organisation=OrganisationFactory(
                partnership=other_partnership, name="Southvale Council"
            ),
            portal_role="lead",
        )
        invitation = InvitationFactory(organisation=police, email="pending@example.org")
        # Sam, from a school outside the partnership, here only to respond to the consultation.
        consultee = UserFactory(email="sam@example.org", full_name="Sam Patel")
        MembershipFactory(
            user=consultee, partnership=partnership, organisation=None, portal_role="consultee"
        )
        ids = {
            "partnership_slug": partnership.slug,
            "organisation_pk": police.pk,
            "membership_pk": membership.pk,
            "invitation_pk": invitation.pk,
            **contribution_ids(police),
            "service_pk": provision_service(partnership, police).pk,
            **assessment_ids(partnership, membership),
            **call_and_finding_ids(partnership, police),
            **strategy_ids(partnership, police, lead),
            **sharing_ids(partnership, police, lead),
            **information_request_ids(partnership, police, lead),
            **funding_ids(partnership, police),
            "api_token_pk": api_token(partnership, lead).pk,
            "landscape_entry_pk": landscape_entry(partnership).pk,
            # Measures are shared reference data: the slug exists everywhere, so only the tenant
            # check can refuse it.
            "measure_slug": "knife-offensive-weapon-offences",
        }
        yield {
            "ids": ids,
            "lead": lead,
            "outsider": outsider,
            "consultee": consultee,
            "other_partnership": other_partnership,
        }
        transaction.set_rollback(True)


@pytest.fixture
def northshire_ids(db, world):
    """Real ids of objects in Northshire, so a 404 cannot be explained by "it doesn't exist"."""
    return world["ids"]


@pytest.fixture
def lead(db, world):
    return world["lead"]


@pytest.fixture
def outsider(db, world):
    return world["outsider"]


@pytest.fixture
def consultee(db, world):
    return world["consultee"]


@pytest.fixture
def other_partnership(db, world):
    return world["other_partnership"]


def provision_service(partnership, organisation):
    from assessments.models import ProvisionService

    with scopes_disabled():
        return ProvisionService.objects.create(
            partnership=partnership,
            added_by_organisation=organisation,
            provider="Northshire Police",
            name="Operation Divert",
            description="Custody-suite navigators for young people.",
            area="Northshire",
            tier="secondary",
        )


def contribution_ids(organisation) -> dict[str, int]:
    """A submitted contribution with an attachment row (no file needed: access comes first)."""
    from assessments.models import Attachment, Contribution
    from tests.factories import ContributionFactory

    contribution = ContributionFactory(
        organisation=organisation, status=Contribution.Status.SUBMITTED
    )
    with scopes_disabled():
        attachment = Attachment.objects.create(
            partnership=organisation.partnership,
            contribution=contribution,
            file="partnerships/0/attachments/not-a-real-file",
            original_name="report.pdf",
            content_type="application/pdf",
            size=10,
        )
    return {"contribution_pk": contribution.pk, "attachment_pk": attachment.pk}


def test_there_are_tenant_urls_to_check():
    assert len(ROUTES) >= 10


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _p in ROUTES])
def test_every_tenant_view_goes_through_the_access_module(route, pattern):
    assert getattr(pattern.callback, "tenant_permission", None), (
        f"{route} is not wrapped in partnerships.access.tenant_view"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _p in ROUTES])
def test_a_member_of_another_partnership_gets_404(
    client, outsider, northshire_ids, route, pattern, method
):
    client.force_login(outsider)

    response = getattr(client, method)(fill(route, northshire_ids))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _p in ROUTES])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, northshire_ids, route, pattern, method):
    url = fill(route, northshire_ids)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("route", "pattern"),
    [(r, p) for r, p in ROUTES if "_pk>" in r],
    ids=[r for r, _p in ROUTES if "_pk>" in r],
)
def test_a_lead_elsewhere_cannot_reach_northshire_objects_through_their_own_partnership(
    client, outsider, other_partnership, northshire_ids, route, pattern, method
):
    client.force_login(outsider)
    request = getattr(client, method)
    own_slug = {"partnership_slug": other_partnership.slug}

    response = request(fill(route, northshire_ids | own_slug))

    # A method the view never accepts is refused before any lookup (405), and identically for
    # an id that exists nowhere, so it confirms nothing.
    missing = {name: 999_999_999 for name in northshire_ids if name.endswith("_pk")}
    if response.status_code == 405:
        assert request(fill(route, northshire_ids | own_slug | missing)).status_code == 405
    else:
        assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _p in ROUTES])
def test_a_partnership_that_does_not_exist_is_a_404_even_for_a_lead(
    client, lead, northshire_ids, route, pattern
):
    client.force_login(lead)

    response = client.get(fill(route, northshire_ids | {"partnership_slug": "no-such-partnership"}))

    assert response.status_code == 404


# The consultation's own pages are the consultee's to open (strategies' tests follow them).
NOT_THE_CONSULTATION = [
    (route, pattern)
    for route, pattern in ROUTES
    if getattr(pattern.callback, "tenant_permission", None) != Permission.RESPOND_TO_CONSULTATION
]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("route", "pattern"), NOT_THE_CONSULTATION, ids=[r for r, _p in NOT_THE_CONSULTATION]
)
def test_a_consultee_opens_nothing_but_the_consultation(
    client, consultee, northshire_ids, route, pattern, method
):
    client.force_login(consultee)

    response = getattr(client, method)(fill(route, northshire_ids))

    landing = consultee_home_url(Partnership(slug=northshire_ids["partnership_slug"]))
    if pattern.name == "dashboard" and method == "get" and landing:
        # The partnership's home sends a consultee on to the consultation.
        assert (response.status_code, response.url) == (302, landing)
    elif pattern.name == "dashboard" and method == "get":
        # Before one opens, it says so, and shows nothing of the partnership but its name.
        assert response.status_code == 200
        assert "No consultation is open yet" in response.content.decode()
        assert "govuk-summary-list" not in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _p in ROUTES])
def test_a_consultee_finds_nothing_of_another_partnership(
    client, consultee, other_partnership, northshire_ids, route, pattern
):
    client.force_login(consultee)

    response = client.get(
        fill(route, northshire_ids | {"partnership_slug": other_partnership.slug})
    )

    assert response.status_code == 404


def sharing_ids(partnership, organisation, user):
    """A body outside the partnership, and an agreement in force with its first version."""
    import datetime

    from assessments.models import AgreementVersion, OutsideBody, SharingAgreement

    with scopes_disabled():
        body = OutsideBody.objects.create(
            partnership=partnership, name="Northshire Academy", kind="educational"
        )
        agreement = SharingAgreement.objects.create(
            partnership=partnership,
            title="Northshire ISA",
            purpose="Figures for the SNA.",
            legal_bases=["pcsc_s16"],
            data_sets="Counts.",
            owner=organisation,
            status="in_force",
            in_force_from=datetime.date(2026, 4, 1),
            version=1,
        )
        version = AgreementVersion.objects.create(
            partnership=partnership,
            agreement=agreement,
            number=1,
            in_force_from=datetime.date(2026, 4, 1),
            signed_copy="partnerships/0/agreements/not-a-real-file",
            signed_copy_name="isa.pdf",
        )
    return {
        "body_pk": body.pk,
        "agreement_pk": agreement.pk,
        "agreement_version_pk": version.pk,
    }


def information_request_ids(partnership, organisation, user):
    """A request for information the convener made of the police, with a file of its answer."""
    import datetime

    from oversight.models import InformationRequest, RequestAttachment

    with scopes_disabled():
        information_request = InformationRequest.objects.create(
            partnership=partnership,
            organisation=organisation,
            subject="Knife crime referrals",
            asked="Referrals by month.",
            purpose="strategy",
            due_on=datetime.date(2026, 6, 1),
            requested_by=user,
            status="answered",
        )
        attachment = RequestAttachment.objects.create(
            partnership=partnership,
            information_request=information_request,
            file="partnerships/0/information-requests/not-a-real-file",
            name="referrals.pdf",
            content_type="application/pdf",
            size=10,
        )
    return {
        "information_request_pk": information_request.pk,
        "request_attachment_pk": attachment.pk,
    }


def funding_ids(partnership, organisation):
    """A grant with Northshire's allocation, a part of it for the police and a quarter's spend."""
    from tests.funding.spend_stories import allocation_for, part_of, spend_on

    part = part_of(allocation_for(partnership), amount="1000.00", organisation=organisation)
    return {"allocation_pk": part.pk, "spend_pk": spend_on(part, quarter=1, actual="10.00").pk}


def api_token(partnership, user):
    """Priya's API token for her Power BI dashboard."""
    import datetime

    from django.utils import timezone

    from api.models import ApiToken

    with scopes_disabled():
        return ApiToken.objects.create(
            partnership=partnership,
            user=user,
            name="Power BI",
            prefix="0123456789ab",
            secret_hash="0" * 64,
            scopes=["partnership"],
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )


def assessment_ids(partnership, membership):
    """An SNA with its modules, a local definition and an amendment to it."""
    from assessments import services as assessment_services
    from assessments.models import DefinitionAmendment, LocalDefinition

    with scopes_disabled():
        assessment = assessment_services.assessment_start(
            partnership=partnership, period="2026/27", scope="", methodology="", acting_user=None
        )
        definition = LocalDefinition.objects.create(
            partnership=partnership, version=1, summary="Violence that harms.", created_by=None
        )
        amendment = DefinitionAmendment.objects.create(
            partnership=partnership,
            definition=definition,
            proposed_by=membership,
            proposal="Include robbery.",
            reason="It is rising.",
        )
        return {
            "assessment_pk": assessment.pk,
            "module_pk": assessment.modules.first().pk,
            "definition_pk": definition.pk,
            "amendment_pk": amendment.pk,
        }


def call_and_finding_ids(partnership, organisation):
    """An open call for contributions, and a finding (on an SNA of its own) citing a measure."""
    from assessments.models import Call, Finding
    from tests.factories import AssessmentFactory, measure

    with scopes_disabled():
        call = Call.objects.create(
            partnership=partnership,
            title="Knife crime figures",
            questions="Quarterly figures, please.",
            period="2026/27",
            due_on="2027-03-31",
            audience=Call.Audience.ORGANISATIONS,
        )
        call.organisations.set([organisation])
        finding = Finding.objects.create(
            partnership=partnership,
            assessment=AssessmentFactory(partnership=partnership, period="2025/26"),
            kind=Finding.Kind.PLACE,
            title="Town centre at night",
            description="Most knife offences.",
        )
        finding.measures.set([measure()])
    return {"call_pk": call.pk, "finding_pk": finding.pk}


def landscape_entry(partnership):
    """A related partnership on the strategic landscape."""
    from tests.factories import LandscapeEntryFactory

    return LandscapeEntryFactory(partnership=partnership, name="Northshire CSP plan")


def strategy_ids(partnership, organisation, user):
    """A strategy with one of everything it holds, and the partnership's meeting and commission."""
    import datetime

    from django.core.files.base import ContentFile

    from documents.models import ExportJob
    from strategies.models import (
        ActionUpdate,
        Commission,
        Consultation,
        ConsultationComment,
        ConsultationResponse,
        Meeting,
        Review,
        SignOff,
        StrategyVersion,
    )
    from tests.factories import (
        ActionFactory,
        PriorityFactory,
        StrategyFactory,
        StrategyMeasureFactory,
    )

    strategy = StrategyFactory(
        partnership=partnership, start_period="2024/25", end_period="2024/25"
    )
    priority = PriorityFactory(strategy=strategy)
    action = ActionFactory(priority=priority, lead_organisation=organisation)
    measure_ = StrategyMeasureFactory(strategy=strategy)
    with scopes_disabled():
        update = ActionUpdate.objects.create(
            partnership=partnership,
            action=action,
            organisation=organisation,
            author=user,
            updated_on=datetime.date(2026, 1, 5),
            note="Started.",
            status="on_track",
            progress=10,
            evidence=ContentFile(b"%PDF-1.4 evidence", name="evidence.pdf"),
            evidence_name="evidence.pdf",
            evidence_content_type="application/pdf",
        )
        version = StrategyVersion.objects.create(
            partnership=partnership,
            strategy=strategy,
            number=1,
            published_on=datetime.date(2026, 1, 1),
            snapshot={"title": strategy.title},
        )
        sign_off = SignOff.objects.create(
            partnership=partnership,
            strategy=strategy,
            version=1,
            organisation=organisation,
            decision=SignOff.Decision.APPROVED,
            body="Police Authority Board",
            decided_on=datetime.date(2026, 1, 2),
        )
        consultation = Consultation.objects.create(
            partnership=partnership,
            strategy=strategy,
            organisation=organisation,
            invited_on=datetime.date(2025, 12, 1),
        )
        meeting = Meeting.objects.create(
            partnership=partnership,
            held_on=datetime.date(2026, 1, 10),
            kind=Meeting.Kind.BOARD,
            title="Board",
            minutes=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
            minutes_name="minutes.pdf",
            minutes_content_type="application/pdf",
        )
        commission = Commission.objects.create(
            partnership=partnership,
            kind=Commission.Kind.SERVICE,
            title="Youth workers in A&E",
            commissioner=organisation,
            status=Commission.Status.LIVE,
        )
        response = ConsultationResponse.objects.create(
            partnership=partnership,
            strategy=strategy,
            organisation=organisation,
            submitted_by=user,
            submitted_at=datetime.datetime(2026, 1, 3, tzinfo=datetime.UTC),
        )
        comment = ConsultationComment.objects.create(
            partnership=partnership,
            response=response,
            section_key="summary",
            section_title="Executive summary",
            text="More on young adults.",
        )
        review = Review.objects.create(
            partnership=partnership, strategy=strategy, reviewed_on=datetime.date(2026, 2, 1)
        )
        export = ExportJob.objects.create(
            partnership=partnership,
            kind=ExportJob.Kind.STRATEGY,
            strategy=strategy,
            source_version=1,
            requested_by=user,
        )
    return {
        "strategy_pk": strategy.pk,
        "priority_pk": priority.pk,
        # The Welsh version's page names the kind of row and the row.
        "kind": "priority",
        "row_pk": priority.pk,
        "action_pk": action.pk,
        "update_pk": update.pk,
        "version_pk": version.pk,
        "strategy_measure_pk": measure_.pk,
        "signoff_pk": sign_off.pk,
        "consultation_pk": consultation.pk,
        "response_pk": response.pk,
        "comment_pk": comment.pk,
        "meeting_pk": meeting.pk,
        "commission_pk": commission.pk,
        "review_pk": review.pk,
        "export_pk": export.pk,
    }
