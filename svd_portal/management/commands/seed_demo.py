"""Demo data for a newcomer's portal. Safe to run again: it converges on the same state.

Two partnerships, Northshire (England) and Southvale (Wales), each with an organisation for every
sector of the guidance, a convener office and a voluntary sector body; members in every portal
role and every Duty role; pending and expired invitations. Everything is made through
partnerships/services.py, as a lead would make it, so the activity timeline and the permission
groups are real. A few gaps are left on purpose so the representation gaps page has something to
show: Northshire's education body has nobody, and its probation unit has no accountable person.

Each partnership also gets the evidence for its 2026/27 strategic needs assessment (SNA), made
through assessments/services.py: an agreed local definition (and, in Northshire, a draft of the
next version with a partner's amendment), the SNA's modules, calls for contributions, contributions
in every state of review, three years of quarterly figures, findings, recommendations and the
provision map. Things are found again by their natural keys (version, period, title, name), so a
second run skips what is there.

Then the response strategy (_demo_strategy.py): Northshire's published strategy on an agreed
2025/26 SNA, with a year of progress, sign-offs, consultation, board meetings, commissioning and a
completed annual review; Southvale's first strategy, out for consultation.
"""

import csv
import io
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from kombu.exceptions import OperationalError as BrokerUnavailable

from assessments import services as sna
from assessments.models import (
    Assessment,
    AssessmentModule,
    Call,
    Contribution,
    DefinitionAmendment,
    Finding,
    LocalDefinition,
    Measure,
    ProvisionService,
    Recommendation,
)
from assessments.uploads import parse_upload
from partnerships import services
from partnerships.models import (
    INVITATION_LIFETIME,
    DutyElement,
    Invitation,
    Level,
    Membership,
    Organisation,
    Partnership,
    Sector,
)
from partnerships.roles import PortalRole

from ._demo_strategy import STRATEGY_DEMOS, StrategySeeder

# Published in the README on purpose; the command refuses to run in production.
DEMO_PASSWORD = "duty-demo-2026"  # noqa: S105
# A fixed salt makes the demo hash the same on every run, so a second run can see the password is
# already right and leave it alone: hashing 30 passwords takes seconds, and changing the hash
# would sign everyone out. 25 characters gives the entropy Django expects of a salt.
_DEMO_SALT = "svdportaldemoaccounts2026"

# (email, full name, job title, is_staff): the README's "Demo sign-ins" table lists them all.
DEMO_USERS = [
    ("lead@example.org", "Priya Shah", "Serious Violence Duty partnership manager", False),
    ("partner@example.org", "Tom Evans", "Principal intelligence analyst", False),
    ("convener@example.org", "Grace Okafor", "Serious violence policy lead, OPCC", False),
    ("admin@example.org", "Sam Admin", "Portal administrator", True),
    # Northshire
    ("helen.marsh@example.org", "Helen Marsh", "Director of Children's Services", False),
    ("richard.bell@example.org", "Richard Bell", "Assistant Chief Constable", False),
    ("sarah.whitfield@example.org", "Sarah Whitfield", "Chief Inspector, Partnerships", False),
    ("dan.cooper@example.org", "Dan Cooper", "Sergeant, Neighbourhood Policing Team", False),
    ("mark.pennington@example.org", "Mark Pennington", "Area Manager, Prevention", False),
    ("fiona.mackay@example.org", "Dr Fiona Mackay", "Director of Population Health", False),
    ("raj.patel@example.org", "Raj Patel", "Head of Analytics", False),
    ("julie.armstrong@example.org", "Julie Armstrong", "Head of Reducing Reoffending", False),
    ("kwame.mensah@example.org", "Kwame Mensah", "Head of Youth Justice Service", False),
    ("paul.reid@example.org", "Paul Reid", "Deputy Head, Probation Delivery Unit", False),
    ("chloe.adams@example.org", "Chloe Adams", "Probation Officer", False),
    ("olive.grant@example.org", "Olive Grant", "Chief Executive, Northshire Youth Trust", False),
    # Southvale
    ("southvale.lead@example.org", "Rhian Davies", "Community Safety Partnership Manager", False),
    ("owain.jenkins@example.org", "Owain Jenkins", "Head of Children's Services", False),
    ("ceri.morgan@example.org", "Ceri Morgan", "Chief Superintendent", False),
    ("huw.price@example.org", "Huw Price", "Chief Inspector, Neighbourhood Policing", False),
    ("gareth.lewis@example.org", "Gareth Lewis", "Area Manager, Community Safety", False),
    ("sian.roberts@example.org", "Dr Siân Roberts", "Executive Director of Public Health", False),
    ("angharad.thomas@example.org", "Angharad Thomas", "Head of Reducing Reoffending", False),
    ("dylan.hughes@example.org", "Dylan Hughes", "Head of Youth Justice Service", False),
    ("nia.bowen@example.org", "Nia Bowen", "Head of Probation Delivery Unit", False),
    ("rhys.powell@example.org", "Rhys Powell", "Probation Officer", False),
    ("elin.parry@example.org", "Elin Parry", "Headteacher, Ysgol Gyfun Southvale", False),
    ("bethan.williams@example.org", "Bethan Williams", "Youth Services Coordinator", False),
]


@dataclass(frozen=True)
class DemoMember:
    email: str
    organisation: str
    portal_role: str
    duty_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoInvitation:
    email: str
    organisation: str
    portal_role: str
    duty_roles: tuple[str, ...] = ()
    expired: bool = False


@dataclass(frozen=True)
class DemoPartnership:
    slug: str
    name: str
    nation: str
    model: str
    area_type: str
    areas: tuple[str, ...]
    # (name, sector slug); the first member with the lead role belongs to the first of these.
    organisations: tuple[tuple[str, str], ...]
    convener_organisation: str
    members: tuple[DemoMember, ...] = field(default=())
    invitations: tuple[DemoInvitation, ...] = field(default=())

    @property
    def lead(self) -> DemoMember:
        return next(m for m in self.members if m.portal_role == PortalRole.LEAD)


LEAD, CONVENER, PARTNER, OBSERVER = (
    PortalRole.LEAD,
    PortalRole.CONVENER,
    PortalRole.PARTNER,
    PortalRole.OBSERVER,
)
ACC, RESP, DATA, FRONT = "accountable", "responsible", "data_lead", "frontline"

NORTHSHIRE = DemoPartnership(
    slug="northshire",
    name="Northshire Serious Violence Partnership",
    nation=Partnership.Nation.ENGLAND,
    model=Partnership.Model.VIOLENCE_REDUCTION_UNIT,
    area_type=Partnership.AreaType.POLICE_FORCE,
    areas=("Northshire",),
    organisations=(
        ("Northshire County Council", "local-authority"),
        ("Northshire Police", "police"),
        ("Northshire Fire and Rescue Service", "fire-and-rescue"),
        ("Northshire and Eastmarsh ICB", "health"),
        ("HMP Northshire", "prisons-and-secure-estate"),
        ("Northshire Youth Justice Service", "youth-justice"),
        ("Northshire Probation Delivery Unit", "probation"),
        ("Northshire Learning Trust", "education"),
        ("Office of the Northshire Police and Crime Commissioner", "local-policing-body"),
        ("Northshire Youth Trust", "voluntary-and-community-sector"),
    ),
    convener_organisation="Office of the Northshire Police and Crime Commissioner",
    members=(
        DemoMember("lead@example.org", "Northshire County Council", LEAD, (RESP,)),
        DemoMember("helen.marsh@example.org", "Northshire County Council", PARTNER, (ACC,)),
        DemoMember("richard.bell@example.org", "Northshire Police", PARTNER, (ACC,)),
        DemoMember("sarah.whitfield@example.org", "Northshire Police", PARTNER, (RESP,)),
        DemoMember("partner@example.org", "Northshire Police", PARTNER, (DATA,)),
        DemoMember("dan.cooper@example.org", "Northshire Police", PARTNER, (FRONT,)),
        DemoMember(
            "mark.pennington@example.org",
            "Northshire Fire and Rescue Service",
            PARTNER,
            (ACC, RESP),
        ),
        DemoMember(
            "fiona.mackay@example.org", "Northshire and Eastmarsh ICB", PARTNER, (ACC, RESP)
        ),
        DemoMember("raj.patel@example.org", "Northshire and Eastmarsh ICB", PARTNER, (DATA,)),
        DemoMember("julie.armstrong@example.org", "HMP Northshire", OBSERVER, (ACC,)),
        DemoMember(
            "kwame.mensah@example.org", "Northshire Youth Justice Service", PARTNER, (ACC, RESP)
        ),
        # Deliberate gap: probation has a responsible person but nobody accountable yet (the
        # Head of the unit is invited below), and the education trust has nobody at all.
        DemoMember("paul.reid@example.org", "Northshire Probation Delivery Unit", PARTNER, (RESP,)),
        DemoMember(
            "chloe.adams@example.org", "Northshire Probation Delivery Unit", PARTNER, (FRONT,)
        ),
        DemoMember(
            "convener@example.org",
            "Office of the Northshire Police and Crime Commissioner",
            CONVENER,
        ),
        DemoMember("olive.grant@example.org", "Northshire Youth Trust", OBSERVER),
    ),
    invitations=(
        DemoInvitation("amelia.hart@example.org", "Northshire Learning Trust", PARTNER, (ACC,)),
        DemoInvitation(
            "liam.oconnor@example.org", "Northshire Probation Delivery Unit", PARTNER, (ACC, RESP)
        ),
        DemoInvitation(
            "jo.fletcher@example.org", "Northshire County Council", PARTNER, (DATA,), expired=True
        ),
    ),
)

SOUTHVALE = DemoPartnership(
    slug="southvale",
    name="Southvale Community Safety Partnership",
    nation=Partnership.Nation.WALES,
    model=Partnership.Model.COMMUNITY_SAFETY_PARTNERSHIP,
    area_type=Partnership.AreaType.LOCAL_AUTHORITY,
    areas=("Southvale County Borough",),
    organisations=(
        ("Southvale County Borough Council", "local-authority"),
        ("Southvale Police", "police"),
        ("Southvale Fire and Rescue Service", "fire-and-rescue"),
        ("Southvale University Health Board", "health"),
        ("HMP Southvale", "prisons-and-secure-estate"),
        ("Southvale Youth Justice Service", "youth-justice"),
        ("Southvale Probation Delivery Unit", "probation"),
        ("Ysgol Gyfun Southvale", "education"),
        ("Office of the Southvale Police and Crime Commissioner", "local-policing-body"),
        ("Southvale Association of Voluntary Services", "voluntary-and-community-sector"),
    ),
    convener_organisation="Office of the Southvale Police and Crime Commissioner",
    members=(
        DemoMember("southvale.lead@example.org", "Southvale County Borough Council", LEAD, (RESP,)),
        DemoMember(
            "owain.jenkins@example.org", "Southvale County Borough Council", PARTNER, (ACC,)
        ),
        DemoMember("ceri.morgan@example.org", "Southvale Police", PARTNER, (ACC,)),
        DemoMember("huw.price@example.org", "Southvale Police", PARTNER, (RESP,)),
        # Tom serves both partnerships: one identity, two memberships.
        DemoMember("partner@example.org", "Southvale Police", PARTNER, (DATA,)),
        DemoMember(
            "gareth.lewis@example.org", "Southvale Fire and Rescue Service", PARTNER, (ACC, RESP)
        ),
        DemoMember(
            "sian.roberts@example.org", "Southvale University Health Board", PARTNER, (ACC, RESP)
        ),
        DemoMember("angharad.thomas@example.org", "HMP Southvale", OBSERVER, (ACC,)),
        DemoMember(
            "dylan.hughes@example.org", "Southvale Youth Justice Service", PARTNER, (ACC, RESP)
        ),
        DemoMember(
            "nia.bowen@example.org", "Southvale Probation Delivery Unit", PARTNER, (ACC, RESP)
        ),
        DemoMember(
            "rhys.powell@example.org", "Southvale Probation Delivery Unit", PARTNER, (FRONT,)
        ),
        DemoMember("elin.parry@example.org", "Ysgol Gyfun Southvale", PARTNER, (ACC,)),
        # Grace convenes both: the convener overview shows two partnerships.
        DemoMember(
            "convener@example.org",
            "Office of the Southvale Police and Crime Commissioner",
            CONVENER,
        ),
        DemoMember(
            "bethan.williams@example.org",
            "Southvale Association of Voluntary Services",
            OBSERVER,
            (FRONT,),
        ),
    ),
    invitations=(
        DemoInvitation(
            "mari.jones@example.org", "Southvale University Health Board", PARTNER, (DATA,)
        ),
        DemoInvitation(
            "tomos.rees@example.org", "Southvale Fire and Rescue Service", PARTNER, (DATA,)
        ),
        DemoInvitation(
            "carys.edwards@example.org",
            "Southvale Association of Voluntary Services",
            OBSERVER,
            (FRONT,),
            expired=True,
        ),
    ),
)

DEMO_PARTNERSHIPS = [NORTHSHIRE, SOUTHVALE]
# Who sets up the partnerships, as a superuser would with `manage.py create_partnership`.
_ADMIN_EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Create the demo accounts and partnerships (refuses to run in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a published password: not in production."
            )
        try:
            # One transaction: the demo appears whole or not at all. Invitation emails are queued
            # when it commits (services use transaction.on_commit); `make run`'s worker prints
            # them to the console, and tests run them in process.
            with transaction.atomic(), scopes_disabled():
                users = self._users()
                for demo in DEMO_PARTNERSHIPS:
                    self._partnership(demo, users)
        except BrokerUnavailable as error:
            # Raised after the commit, by the first email that could not be queued.
            self.stderr.write(
                self.style.WARNING(
                    f"Demo data saved, but invitation emails could not be queued: {error}"
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready; password: {DEMO_PASSWORD}"))

    # --- People -----------------------------------------------------------------------------------

    def _users(self) -> dict:
        User = get_user_model()
        demo_hash = make_password(DEMO_PASSWORD, salt=_DEMO_SALT)
        users = {}
        for email, full_name, job_title, is_staff in DEMO_USERS:
            user, created = User.objects.update_or_create(
                email=email,
                defaults={
                    "full_name": full_name,
                    "job_title": job_title,
                    "is_active": True,
                    "is_staff": is_staff,
                    "is_superuser": is_staff,
                },
            )
            if user.password != demo_hash:
                user.password = demo_hash
                user.save(update_fields=["password"])
            if created:
                self.stdout.write(f"created {email}")
            users[email] = user
        return users

    # --- Partnerships -----------------------------------------------------------------------------

    def _partnership(self, demo: DemoPartnership, users: dict) -> None:
        sectors = {sector.slug: sector for sector in Sector.objects.all()}
        lead = users[demo.lead.email]
        partnership = Partnership.objects.filter(slug=demo.slug).first()
        if partnership is None:
            lead_organisation = dict(demo.organisations)
            partnership = services.partnership_create(
                name=demo.name,
                slug=demo.slug,
                nation=demo.nation,
                model=demo.model,
                area_type=demo.area_type,
                areas=demo.areas,
                lead_user=lead,
                lead_organisation_name=demo.lead.organisation,
                lead_sector=sectors[lead_organisation[demo.lead.organisation]],
                acting_user=users[_ADMIN_EMAIL],
            )
            self.stdout.write(f"created partnership {demo.slug}")
        else:
            services.partnership_sync_permissions(partnership=partnership)

        organisations = self._organisations(demo, partnership, sectors, lead)
        convener = organisations[demo.convener_organisation]
        if partnership.convener_organisation_id != convener.pk:
            services.partnership_set_convener(
                partnership=partnership, organisation=convener, acting_user=lead
            )
        # Leads first, so putting a demoted lead back comes before demoting anyone else: the
        # partnership never has to pass through having no lead.
        members = sorted(demo.members, key=lambda m: m.portal_role != LEAD)
        for member in members:
            self._membership(partnership, member, users, organisations, lead)
        for invitation in demo.invitations:
            self._invitation(partnership, invitation, organisations, lead)
        SnaSeeder(
            demo=SNA_DEMOS[demo.slug],
            partnership=partnership,
            organisations=organisations,
            users=users,
            lead=lead,
            stdout=self.stdout,
        ).run()
        # The strategy rests on an SNA and links to its provision map, so it comes after.
        StrategySeeder(
            demo=STRATEGY_DEMOS[demo.slug],
            partnership=partnership,
            organisations=organisations,
            users=users,
            lead=lead,
            stdout=self.stdout,
        ).run()

    def _organisations(self, demo, partnership, sectors, lead) -> dict[str, Organisation]:
        existing = {
            organisation.name.lower(): organisation
            for organisation in Organisation.objects.filter(partnership=partnership)
        }
        organisations = {}
        for name, sector_slug in demo.organisations:
            sector = sectors[sector_slug]
            organisation = existing.get(name.lower())
            if organisation is None:
                organisation = services.organisation_add(
                    partnership=partnership, name=name, sector=sector, acting_user=lead
                )
            else:
                if organisation.is_retired:
                    services.organisation_reinstate(organisation=organisation, acting_user=lead)
                if organisation.sector_id != sector.pk or organisation.name != name:
                    services.organisation_edit(
                        organisation=organisation, name=name, sector=sector, acting_user=lead
                    )
            organisations[name] = organisation
        return organisations

    def _membership(self, partnership, member: DemoMember, users, organisations, lead) -> None:
        user = users[member.email]
        organisation = organisations[member.organisation]
        membership = Membership.objects.filter(partnership=partnership, user=user).first()
        if membership is None or not membership.is_active:
            # Joins, or rejoins someone removed since the last run.
            services.membership_add(
                partnership=partnership,
                user=user,
                organisation=organisation,
                portal_role=member.portal_role,
                duty_roles=member.duty_roles,
                acting_user=lead,
            )
        elif (
            membership.organisation_id != organisation.pk
            or membership.portal_role != member.portal_role
            or set(membership.duty_roles) != set(member.duty_roles)
        ):
            services.membership_change_roles(
                membership=membership,
                portal_role=member.portal_role,
                duty_roles=member.duty_roles,
                organisation=organisation,
                acting_user=lead,
            )

    def _invitation(self, partnership, demo: DemoInvitation, organisations, lead) -> None:
        if Membership.objects.filter(partnership=partnership, user__email=demo.email).exists():
            return  # someone accepted it: leave their membership alone
        invitations = list(
            Invitation.objects.filter(
                partnership=partnership, email=demo.email, status=Invitation.Status.PENDING
            )
        )
        if demo.expired and invitations:
            return  # still expired, or resent by someone trying the demo
        if not demo.expired and any(i.state == Invitation.Status.PENDING for i in invitations):
            return
        # An older, expired invitation to the same person is replaced by the service.
        invitation = services.invitation_create(
            partnership=partnership,
            email=demo.email,
            organisation=organisations[demo.organisation],
            portal_role=demo.portal_role,
            duty_roles=demo.duty_roles,
            acting_user=lead,
        )
        if demo.expired:
            # Invitations only expire as time passes and no service turns the clock back, so the
            # demo moves this one's dates three weeks into the past directly. A queryset update
            # keeps it out of the history: the timeline still shows it being sent.
            sent_at = timezone.now() - timedelta(days=21)
            Invitation.objects.filter(pk=invitation.pk).update(
                created_at=sent_at, sent_at=sent_at, expires_at=sent_at + INVITATION_LIFETIME
            )


# --- The SNA demo ---------------------------------------------------------------------------------

AGE_BANDS = ("0-17", "18-24", "25-39", "40+")
# Fire services record the age of a deliberate fire's setter when it is known: mostly it is not.
FIRE_SETTER_AGES = ("0-17", "18-24", "25+", "not known")
# Three years of quarters, as partners report them: April to June 2023 … January to March 2026.
QUARTERS = tuple(
    f"{year}-Q{quarter}"
    for year, quarter in [(2023, 2), (2023, 3), (2023, 4)]
    + [(year, quarter) for year in (2024, 2025) for quarter in (1, 2, 3, 4)]
    + [(2026, 1)]
)
SNA_PERIOD = "2026/27"
DEFINITION_AGREED_ON = date(2025, 4, 1)
# Every state a contribution can be in, plus one accepted and then changed.
DRAFT, SUBMITTED, RETURNED, ACCEPTED, CHANGED = (
    "draft",
    "submitted",
    "returned",
    "accepted",
    "changed",
)
ACTIVE, ENGAGED = Level.ACTIVELY_PARTICIPATING, Level.ENGAGED


@dataclass(frozen=True)
class DemoFigures:
    """A measure's quarterly totals (one per quarter in QUARTERS), split into breakdowns."""

    measure: str
    totals: tuple[int, ...]
    # (age band, share of the total); none: one figure per quarter.
    shares: tuple[tuple[str, float], ...] = ()

    def rows(self, area: str) -> list[tuple[str, str, str, int, str]]:
        """(measure, period, area, value, age band) for every figure, as a file would hold them."""
        rows = []
        for quarter, total in zip(QUARTERS, self.totals, strict=True):
            if not self.shares:
                rows.append((self.measure, quarter, area, total, ""))
                continue
            # Largest remainder, so the breakdowns add up to the total exactly.
            exact = [(band, total * share) for band, share in self.shares]
            values = {band: int(value) for band, value in exact}
            by_remainder = sorted(exact, key=lambda item: item[1] - int(item[1]), reverse=True)
            for band, _value in by_remainder[: total - sum(values.values())]:
                values[band] += 1
            rows.extend((self.measure, quarter, area, values[b], b) for b, _s in self.shares)
        return rows


@dataclass(frozen=True)
class DemoDefinition:
    version: int
    author: str
    created_on: date
    summary: str
    violence_types: tuple[str, ...]
    age_scope: str
    maximum_penalty: str
    impact_on_victim: str
    prevalence: str
    impact_on_community: str
    agreed_on: date | None = None
    agreed_by: tuple[str, ...] = ()
    # (proposer's email, proposed on, proposal, reason)
    amendment: tuple[str, date, str, str] | None = None


@dataclass(frozen=True)
class DemoModule:
    kind: str
    owner: str
    status: str
    body: str


@dataclass(frozen=True)
class DemoCall:
    key: str
    title: str
    questions: str
    elements: tuple[str, ...]
    measures: tuple[str, ...]
    issued_days_ago: int
    # Negative: the due date has passed, and the call is closed once its answers are in.
    due_in_days: int
    duty_role: str = ""
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoContribution:
    title: str
    organisation: str
    author: str
    element: str
    kind: str
    state: str
    body: str
    level: str = ACTIVE
    call: str = ""
    figures: tuple[DemoFigures, ...] = ()
    comment: str = ""  # the reviewer's, when returned
    change: str = ""  # added to the body after acceptance
    # For answers to a closed call: days after it was issued that it came in (past the due date:
    # late).
    submitted_day: int = 0


@dataclass(frozen=True)
class DemoFinding:
    kind: str
    title: str
    description: str
    contributions: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoRecommendation:
    title: str
    description: str
    findings: tuple[str, ...]


@dataclass(frozen=True)
class DemoProvision:
    """A provision map entry: Open Referral UK's fields, then the Duty's own."""

    organisation: str
    author: str
    curated: bool
    name: str
    provider: str
    description: str
    area: str
    tier: str
    cohort: str = ""
    age_min: int | None = None
    age_max: int | None = None
    eligibility: str = ""
    referral_route: str = ""
    risk_factors: str = ""
    evidence: str = ProvisionService.Evidence.NOT_EVALUATED
    funding_source: str = ""
    funding_ends_on: date | None = None
    commissioned_by: str = ""
    findings: tuple[str, ...] = ()

    def data(self) -> dict:
        data = asdict(self)
        for key in ("organisation", "author", "curated", "findings"):
            del data[key]
        return data


@dataclass(frozen=True)
class DemoSna:
    definitions: tuple[DemoDefinition, ...]
    scope: str
    methodology: str
    modules: tuple[DemoModule, ...]
    calls: tuple[DemoCall, ...]
    contributions: tuple[DemoContribution, ...]
    findings: tuple[DemoFinding, ...]
    recommendations: tuple[DemoRecommendation, ...]
    provision: tuple[DemoProvision, ...]


K = Contribution.Kind
F = Finding.Kind
Tier = ProvisionService.Tier
Evidence = ProvisionService.Evidence
M = AssessmentModule.Status
KNIFE, VWI, HOSPITAL, FIRES = (
    "knife-offensive-weapon-offences",
    "violence-with-injury",
    "hospital-admissions-sharp-object",
    "deliberate-fires",
)
SNA_ELEMENT = "strategic-needs-assessment"

# Northshire's names, used twice or more below.
N_COUNCIL, N_POLICE, N_FIRE, N_ICB = (
    "Northshire County Council",
    "Northshire Police",
    "Northshire Fire and Rescue Service",
    "Northshire and Eastmarsh ICB",
)
N_YJS, N_PROBATION = "Northshire Youth Justice Service", "Northshire Probation Delivery Unit"
N_KNIFE_RETURN = "Knife and offensive-weapon offences, April 2023 to March 2026"
N_VWI_RETURN = "Violence with injury, April 2023 to March 2026"
N_HOSPITAL_RETURN = "Hospital admissions for assault with a sharp object, April 2023 to March 2026"
N_FIRES_RETURN = "Deliberate fires, April 2023 to March 2026"
N_NIGHT_TIME = "Night-time economy violence in Northgate town centre"
N_YJS_COHORT = "Youth justice cohort profile: children cautioned or convicted for violence"
N_EXCLUSIONS = "School exclusions and serious violence: children's services case reviews"
N_GAP = "No hospital navigator at Eastmarsh General Hospital"
N_COHORT = "Young men aged 18 to 24 are most at risk of injury from a sharp object"
N_PLACE = "Northgate town centre at night is the county's main hotspot for violence with injury"
N_SPECIFIED = (N_COUNCIL, N_POLICE, N_FIRE, N_ICB, N_YJS, N_PROBATION)

NORTHSHIRE_SNA = DemoSna(
    definitions=(
        DemoDefinition(
            version=1,
            author="lead@example.org",
            created_on=date(2025, 2, 10),
            summary=(
                "Serious violence in Northshire is violence in public places that causes, or "
                "risks, serious injury or death: homicide, knife and weapon-enabled crime, gun "
                "crime, violence with injury and robbery, and the criminal exploitation of "
                "children and young people that drives much of it."
            ),
            violence_types=(
                "homicide",
                "knife_crime",
                "gun_crime",
                "violence_with_injury",
                "robbery",
                "exploitation",
            ),
            age_scope="All ages, with a focus on children and young people under 25",
            maximum_penalty=(
                "Every offence included carries a maximum penalty of five years' imprisonment "
                "or more."
            ),
            impact_on_victim=(
                "Lasting physical injury and trauma; for children, harm that shapes the rest of "
                "their lives."
            ),
            prevalence=(
                "Around 12,000 offences of violence with injury and 750 knife and "
                "offensive-weapon offences a year, concentrated in Northgate and Eastbridge."
            ),
            impact_on_community=(
                "Fear of crime in the town centres at night, and young people carrying knives "
                "because they believe others do."
            ),
            agreed_on=DEFINITION_AGREED_ON,
            agreed_by=N_SPECIFIED,
        ),
        DemoDefinition(
            version=2,
            author="lead@example.org",
            created_on=date(2026, 9, 15),
            summary=(
                "Serious violence in Northshire is violence that causes, or risks, serious "
                "injury or death: homicide, knife and weapon-enabled crime, gun crime, violence "
                "with injury and robbery, the criminal exploitation of children and young "
                "people, and domestic abuse and violence against women and girls where a "
                "weapon is used or serious injury results, in public or in private."
            ),
            violence_types=(
                "homicide",
                "knife_crime",
                "gun_crime",
                "violence_with_injury",
                "robbery",
                "domestic_abuse",
                "vawg",
                "exploitation",
            ),
            age_scope="All ages, with a focus on children and young people under 25",
            maximum_penalty=(
                "Every offence included carries a maximum penalty of five years' imprisonment "
                "or more."
            ),
            impact_on_victim=(
                "Lasting physical injury and trauma; for children, harm that shapes the rest of "
                "their lives. Repeat victimisation is common in domestic abuse."
            ),
            prevalence=(
                "Violence with injury in the home has risen to a third of all violence with "
                "injury recorded in the county."
            ),
            impact_on_community=(
                "Fear of crime in the town centres at night; children who witness violence at "
                "home are more likely to be drawn into violence outside it."
            ),
            amendment=(
                "mark.pennington@example.org",
                date(2026, 10, 2),
                "Add arson endangering life, including deliberate fires set by young people, to "
                "the types of violence the definition includes.",
                "Deliberate fire-setting by young people shares its risk factors with knife "
                "crime, and our deliberate fires return shows a summer peak in the same "
                "neighbourhoods. Including it lets the fire service's prevention work count "
                "towards the response strategy.",
            ),
        ),
    ),
    scope=(
        "Serious violence as the agreed local definition describes it, across the Northshire "
        "police force area, for the three years April 2023 to March 2026."
    ),
    methodology=(
        "Quarterly aggregate returns from police, health, fire and youth justice, case reviews "
        "from children's services, and a survey of young people. Figures from 1 to 4 are "
        "suppressed when shown."
    ),
    modules=(
        DemoModule(
            AssessmentModule.Kind.EXECUTIVE_SUMMARY,
            "lead@example.org",
            M.IN_PROGRESS,
            "Draft: to be written once the problem profile and places modules are agreed.",
        ),
        DemoModule(
            AssessmentModule.Kind.LOCAL_CONTEXT,
            "lead@example.org",
            M.READY,
            "Northshire is a mostly rural county of 640,000 people with two large towns, "
            "**Northgate** and **Eastbridge**. A fifth of children live in the most deprived "
            "tenth of neighbourhoods in England.",
        ),
        DemoModule(
            AssessmentModule.Kind.PROBLEM_PROFILE,
            "partner@example.org",
            M.READY,
            "Knife and offensive-weapon offences have fallen by about a tenth over three years, "
            "but hospital admissions for assault with a sharp object have not fallen as fast.\n\n"
            "- Violence with injury peaks in the summer quarters.\n"
            "- Deliberate fires are rising slowly.",
        ),
        DemoModule(
            AssessmentModule.Kind.WHO_IS_AT_RISK,
            "kwame.mensah@example.org",
            M.IN_PROGRESS,
            "Young men aged 18 to 24 account for a third of sharp-object admissions. Children "
            "excluded from school are over-represented among first-time entrants.",
        ),
        DemoModule(
            AssessmentModule.Kind.PLACES,
            "sarah.whitfield@example.org",
            M.READY,
            "Northgate town centre between 10pm and 4am on Fridays and Saturdays accounts for "
            "one in six offences of violence with injury.",
        ),
        DemoModule(
            AssessmentModule.Kind.RISK_AND_PROTECTIVE_FACTORS,
            "fiona.mackay@example.org",
            M.IN_PROGRESS,
            "Risk factors: school exclusion, exploitation, alcohol. Protective factors: a "
            "trusted adult, stable education, youth provision in the evenings.",
        ),
        DemoModule(
            AssessmentModule.Kind.PROVISION_AND_GAPS,
            "helen.marsh@example.org",
            M.NOT_STARTED,
            "",
        ),
    ),
    calls=(
        DemoCall(
            key="closed",
            title="Evidence for the 2026/27 SNA: first round",
            questions=(
                "Please send three years of quarterly figures (April 2023 to March 2026) for "
                "the measures your organisation holds, and any analysis or insight about where "
                "and to whom serious violence happens in Northshire."
            ),
            elements=(SNA_ELEMENT, "data-sharing"),
            measures=(KNIFE, VWI, HOSPITAL, FIRES),
            issued_days_ago=70,
            due_in_days=-21,
            organisations=N_SPECIFIED,
        ),
        DemoCall(
            key="open",
            title="Knife crime and violence with injury: figures for 2026/27 so far",
            questions=(
                "Data leads: please send the **April to September 2026** figures for knife and "
                "offensive-weapon offences and violence with injury, by age band, so the "
                "problem profile can be brought up to date."
            ),
            elements=(SNA_ELEMENT,),
            measures=(KNIFE, VWI),
            issued_days_ago=10,
            due_in_days=21,
            duty_role="data_lead",
        ),
    ),
    contributions=(
        DemoContribution(
            title=N_KNIFE_RETURN,
            organisation=N_POLICE,
            author="partner@example.org",
            element=SNA_ELEMENT,
            kind=K.DATA_RETURN,
            state=ACCEPTED,
            body="Recorded offences by the offender's age band, from the crime recording system.",
            call="closed",
            submitted_day=18,
            figures=(
                DemoFigures(
                    KNIFE,
                    (196, 204, 188, 181, 190, 199, 180, 174, 183, 188, 171, 165),
                    tuple(zip(AGE_BANDS, (0.24, 0.31, 0.29, 0.16), strict=True)),
                ),
            ),
        ),
        DemoContribution(
            title=N_VWI_RETURN,
            organisation=N_POLICE,
            author="partner@example.org",
            element=SNA_ELEMENT,
            kind=K.DATA_RETURN,
            state=ACCEPTED,
            body="Recorded offences by the victim's age band.",
            call="closed",
            submitted_day=18,
            figures=(
                DemoFigures(
                    VWI,
                    (3184, 3297, 3046, 2958, 3121, 3212, 2987, 2893, 3043, 3108, 2921, 2836),
                    tuple(zip(AGE_BANDS, (0.13, 0.22, 0.37, 0.28), strict=True)),
                ),
            ),
        ),
        DemoContribution(
            title=N_HOSPITAL_RETURN,
            organisation=N_ICB,
            author="raj.patel@example.org",
            element="data-sharing",
            kind=K.DATA_RETURN,
            state=ACCEPTED,
            body="Finished admission episodes (ICD-10 X99) for Northshire residents, by age band.",
            call="closed",
            submitted_day=31,
            figures=(
                DemoFigures(
                    HOSPITAL,
                    (14, 12, 9, 11, 10, 13, 8, 4, 9, 7, 3, 6),
                    tuple(zip(AGE_BANDS, (0.2, 0.35, 0.3, 0.15), strict=True)),
                ),
            ),
        ),
        DemoContribution(
            title=N_FIRES_RETURN,
            organisation=N_FIRE,
            author="mark.pennington@example.org",
            element=SNA_ELEMENT,
            kind=K.DATA_RETURN,
            state=ACCEPTED,
            body="Primary and secondary deliberate fires, by the age of the fire-setter if known.",
            call="closed",
            submitted_day=53,  # three days late
            figures=(
                DemoFigures(
                    FIRES,
                    (512, 471, 352, 298, 536, 492, 364, 317, 559, 507, 372, 331),
                    tuple(zip(FIRE_SETTER_AGES, (0.21, 0.08, 0.06, 0.65), strict=True)),
                ),
            ),
        ),
        DemoContribution(
            title=N_NIGHT_TIME,
            organisation=N_COUNCIL,
            author="lead@example.org",
            element=SNA_ELEMENT,
            kind=K.INSIGHT,
            state=ACCEPTED,
            body=(
                "Licensing and CCTV teams see most assaults between 1am and 3am near the taxi "
                "ranks on Market Street, when the late bars close together."
            ),
            call="closed",
            submitted_day=25,
        ),
        DemoContribution(
            title=N_EXCLUSIONS,
            organisation=N_COUNCIL,
            author="helen.marsh@example.org",
            element="strategic-alignment",
            kind=K.CASE_STUDY,
            state=ACCEPTED,
            level=ENGAGED,
            body=(
                "Of 40 children reviewed after a first violent offence, 26 had been permanently "
                "excluded or repeatedly suspended in the year before."
            ),
        ),
        DemoContribution(
            title=N_YJS_COHORT,
            organisation=N_YJS,
            author="kwame.mensah@example.org",
            element=SNA_ELEMENT,
            kind=K.ANALYSIS,
            state=CHANGED,
            body=(
                "Profile of the 112 children cautioned or convicted for a violent offence in "
                "2025/26: 81% boys, median age 15, 38% known to children's social care."
            ),
            change=(
                "Updated: 9 of the 112 were already known to the National Referral Mechanism "
                "as possible victims of exploitation."
            ),
        ),
        DemoContribution(
            title="Violent offenders on licence: caseload profile",
            organisation=N_PROBATION,
            author="paul.reid@example.org",
            element=SNA_ELEMENT,
            kind=K.ANALYSIS,
            state=RETURNED,
            body="Caseload with a violent index offence by age, risk level and area of residence.",
            comment=(
                "Thank you. Please add the 18 to 24 breakdown the problem profile needs, say "
                "which date the caseload snapshot is from, and remove the named approved "
                "premises: the SNA may be shared beyond the partnership."
            ),
        ),
        DemoContribution(
            title="Weapon sweeps and knife surrender bins, 2025",
            organisation=N_POLICE,
            author="sarah.whitfield@example.org",
            element="collaboration",
            kind=K.INSIGHT,
            state=SUBMITTED,
            body=(
                "Joint sweeps with the council's parks team found 63 weapons in 2025; the four "
                "surrender bins took in 412 knives, a third of them in Eastbridge."
            ),
            call="open",
        ),
        DemoContribution(
            title="Young people's views on feeling safe: summer 2025 survey",
            organisation=N_YJS,
            author="kwame.mensah@example.org",
            element="community-engagement",
            kind=K.COMMUNITY_VOICE,
            state=SUBMITTED,
            level=ENGAGED,
            body=(
                "412 young people aged 11 to 19 answered. Half feel unsafe in Northgate town "
                "centre after dark; one in ten know someone who carries a knife."
            ),
        ),
        DemoContribution(
            title="Ambulance call-outs for assault, 2025/26",
            organisation=N_ICB,
            author="raj.patel@example.org",
            element="data-sharing",
            kind=K.DATA_RETURN,
            state=DRAFT,
            body="Waiting for the ambulance trust's extract before the figures are uploaded.",
            call="open",
        ),
        DemoContribution(
            title="Fire cadets and fire-setter intervention: referrals and outcomes",
            organisation=N_FIRE,
            author="mark.pennington@example.org",
            element="effective-commissioning",
            kind=K.PROVISION,
            state=DRAFT,
            body="Referrals, completions and re-referrals for the last two years.",
        ),
    ),
    findings=(
        DemoFinding(
            F.TREND,
            "Knife and offensive-weapon offences fell by about a tenth in three years",
            "Offences fell from around 200 a quarter in 2023 to around 170 in early 2026.",
            contributions=(N_KNIFE_RETURN,),
            measures=(KNIFE,),
        ),
        DemoFinding(
            F.TREND,
            "Deliberate fires are rising slowly, with a peak every spring",
            "Each April to June quarter has been higher than the last.",
            contributions=(N_FIRES_RETURN,),
            measures=(FIRES,),
        ),
        DemoFinding(
            F.PLACE,
            N_PLACE,
            "Most assaults happen between 1am and 3am near the taxi ranks on Market Street.",
            contributions=(N_NIGHT_TIME, N_VWI_RETURN),
            measures=(VWI,),
        ),
        DemoFinding(
            F.COHORT,
            N_COHORT,
            "A third of admissions for assault with a sharp object are of 18 to 24 year olds.",
            contributions=(N_HOSPITAL_RETURN, N_YJS_COHORT),
            measures=(HOSPITAL,),
        ),
        DemoFinding(
            F.RISK_FACTOR,
            "Exclusion from school often comes before a child's first violent offence",
            "Two in three children reviewed had been excluded or suspended in the year before.",
            contributions=(N_EXCLUSIONS,),
        ),
        DemoFinding(
            F.GAP,
            N_GAP,
            "Young people admitted to Eastmarsh General after an assault are not offered a "
            "youth worker, as they are at Northshire General.",
            contributions=(N_HOSPITAL_RETURN,),
            measures=(HOSPITAL,),
        ),
    ),
    recommendations=(
        DemoRecommendation(
            "Extend the hospital navigator service to Eastmarsh General Hospital",
            "Commission youth workers for Eastmarsh General's emergency department from April "
            "2027, evaluated alongside the Northshire General service.",
            findings=(N_GAP, N_COHORT),
        ),
        DemoRecommendation(
            "Agree a night-time economy plan for Northgate town centre",
            "Police, licensing and the taxi trade to agree staggered closing, marshals at the "
            "taxi ranks and a safe space on Market Street.",
            findings=(N_PLACE,),
        ),
    ),
    provision=(
        DemoProvision(
            organisation=N_ICB,
            author="fiona.mackay@example.org",
            curated=True,
            name="Hospital navigators",
            provider="Northshire Youth Trust",
            description=(
                "Youth workers in Northshire General's emergency department who meet young "
                "people admitted after an assault and stay in touch after discharge."
            ),
            area="Northshire General Hospital, Northgate",
            tier=Tier.SECONDARY,
            cohort="Young people admitted after violence",
            age_min=11,
            age_max=25,
            eligibility="Anyone aged 11 to 25 attending after an assault or exploitation.",
            referral_route="Emergency department staff refer on the ward; no self-referral.",
            risk_factors="Previous victimisation, exploitation",
            evidence=Evidence.PROMISING,
            funding_source="Violence reduction unit grant",
            funding_ends_on=date(2027, 3, 31),
            commissioned_by="Northshire and Eastmarsh ICB",
            findings=(N_GAP,),
        ),
        DemoProvision(
            organisation=N_COUNCIL,
            author="helen.marsh@example.org",
            curated=True,
            name="Mentors in Violence Prevention",
            provider="Northshire County Council",
            description=(
                "Older pupils trained to lead sessions for younger ones on speaking up about "
                "violence, harassment and carrying knives."
            ),
            area="Secondary schools across Northshire",
            tier=Tier.PRIMARY,
            cohort="Secondary school pupils",
            age_min=11,
            age_max=16,
            eligibility="Schools opt in; every pupil in a taking-part school.",
            referral_route="Schools contact the council's education safeguarding team.",
            risk_factors="Attitudes that condone violence",
            evidence=Evidence.PROMISING,
            funding_source="Council core budget",
            commissioned_by="Northshire County Council",
        ),
        DemoProvision(
            organisation=N_POLICE,
            author="sarah.whitfield@example.org",
            curated=True,
            name="Northshire focused deterrence",
            provider="Northshire Police with the Probation Delivery Unit",
            description=(
                "People involved in group violence are told directly of the consequences of "
                "further violence and offered help with housing, work and leaving the group."
            ),
            area="Northgate and Eastbridge",
            tier=Tier.TERTIARY,
            cohort="People involved in group violence",
            age_min=16,
            age_max=30,
            eligibility="Identified through the violence review meeting.",
            referral_route="By the police or probation through the violence review meeting.",
            risk_factors="Gang association, previous violent offending",
            evidence=Evidence.UNDER_WAY,
            funding_source="Home Office Serious Violence Duty funding",
            funding_ends_on=date(2026, 3, 31),
            commissioned_by="Office of the Northshire Police and Crime Commissioner",
        ),
        DemoProvision(
            organisation=N_COUNCIL,
            author="lead@example.org",
            curated=False,
            name="Detached youth work in Eastbridge",
            provider="Northshire Youth Trust",
            description="Youth workers on the Eastbridge estates on weekday evenings.",
            area="Eastbridge",
            tier=Tier.SECONDARY,
            cohort="Young people out on the streets in the evening",
            age_min=10,
            age_max=19,
            risk_factors="Lack of trusted adults, exploitation",
            funding_source="National Lottery Community Fund",
            funding_ends_on=date(2026, 9, 30),
        ),
        DemoProvision(
            organisation=N_FIRE,
            author="mark.pennington@example.org",
            curated=False,
            name="FireSetters intervention",
            provider="Northshire Fire and Rescue Service",
            description=(
                "Home visits by trained fire safety advocates for children who have set fires."
            ),
            area="Northshire",
            tier=Tier.SECONDARY,
            cohort="Children who have set fires",
            age_min=5,
            age_max=17,
            eligibility="Children who have set, or are at risk of setting, fires.",
            referral_route="Schools, social workers, police or parents, by the online form.",
            risk_factors="Fire-setting behaviour",
            evidence=Evidence.EFFECTIVE,
            funding_source="Fire authority budget",
            commissioned_by="Northshire Fire and Rescue Service",
        ),
    ),
)

# Southvale's smaller set: an agreed definition, the SNA, an open call and a few contributions.
S_COUNCIL, S_POLICE, S_HEALTH, S_YJS = (
    "Southvale County Borough Council",
    "Southvale Police",
    "Southvale University Health Board",
    "Southvale Youth Justice Service",
)
S_VWI_RETURN = "Violence with injury, April 2023 to March 2026"
S_HOSPITAL_RETURN = "Hospital admissions for assault with a sharp object, April 2023 to March 2026"

SOUTHVALE_SNA = DemoSna(
    definitions=(
        DemoDefinition(
            version=1,
            author="southvale.lead@example.org",
            created_on=date(2025, 2, 24),
            summary=(
                "Serious violence in Southvale is violence that causes, or risks, serious "
                "injury or death, in public or in private, including knife crime, violence with "
                "injury, domestic abuse and violence against women and girls."
            ),
            violence_types=(
                "homicide",
                "knife_crime",
                "violence_with_injury",
                "domestic_abuse",
                "vawg",
            ),
            age_scope="All ages",
            maximum_penalty="Five years' imprisonment or more.",
            impact_on_victim="Lasting injury and trauma.",
            prevalence="Around 2,400 offences of violence with injury a year.",
            impact_on_community="Town-centre violence after school hours worries parents.",
            agreed_on=DEFINITION_AGREED_ON,
            agreed_by=(
                S_COUNCIL,
                S_POLICE,
                "Southvale Fire and Rescue Service",
                S_HEALTH,
                S_YJS,
                "Southvale Probation Delivery Unit",
            ),
        ),
    ),
    scope="Serious violence across Southvale County Borough, April 2023 to March 2026.",
    methodology="Quarterly returns from the police and the health board; partners' insight.",
    modules=(
        DemoModule(
            AssessmentModule.Kind.LOCAL_CONTEXT,
            "southvale.lead@example.org",
            M.IN_PROGRESS,
            "Southvale is a county borough of 150,000 people in the south Wales valleys.",
        ),
    ),
    calls=(
        DemoCall(
            key="open",
            title="Violence with injury and hospital admissions, April 2023 to March 2026",
            questions="Data leads: please send three years of quarterly figures by age band.",
            elements=(SNA_ELEMENT,),
            measures=(VWI, HOSPITAL),
            issued_days_ago=14,
            due_in_days=28,
            duty_role="data_lead",
        ),
    ),
    contributions=(
        DemoContribution(
            title=S_VWI_RETURN,
            organisation=S_POLICE,
            author="partner@example.org",
            element=SNA_ELEMENT,
            kind=K.DATA_RETURN,
            state=ACCEPTED,
            body="Recorded offences by the victim's age band.",
            call="open",
            figures=(
                DemoFigures(
                    VWI,
                    (612, 648, 590, 571, 604, 633, 579, 558, 589, 617, 566, 547),
                    tuple(zip(AGE_BANDS, (0.14, 0.23, 0.36, 0.27), strict=True)),
                ),
            ),
        ),
        DemoContribution(
            title=S_HOSPITAL_RETURN,
            organisation=S_HEALTH,
            author="sian.roberts@example.org",
            element="data-sharing",
            kind=K.DATA_RETURN,
            state=ACCEPTED,
            body="Admissions of Southvale residents (PEDW, ICD-10 X99). Small numbers.",
            # Small enough that most quarters are shown as "<5".
            figures=(DemoFigures(HOSPITAL, (4, 6, 3, 5, 2, 5, 4, 3, 6, 4, 2, 3)),),
        ),
        DemoContribution(
            title="Violence near schools after the school day",
            organisation=S_COUNCIL,
            author="owain.jenkins@example.org",
            element=SNA_ELEMENT,
            kind=K.INSIGHT,
            state=SUBMITTED,
            level=ENGAGED,
            body="Head teachers report fights filmed and shared at the bus station from 3pm.",
        ),
        DemoContribution(
            title="Youth justice prevention caseload, 2025/26",
            organisation=S_YJS,
            author="dylan.hughes@example.org",
            element=SNA_ELEMENT,
            kind=K.ANALYSIS,
            state=DRAFT,
            body="Children referred for prevention work, by reason for referral.",
        ),
    ),
    findings=(
        DemoFinding(
            F.TREND,
            "Violence with injury is falling slowly but peaks every summer",
            "Each July to September quarter is the highest of its year.",
            contributions=(S_VWI_RETURN,),
            measures=(VWI,),
        ),
    ),
    recommendations=(),
    provision=(
        DemoProvision(
            organisation=S_YJS,
            author="dylan.hughes@example.org",
            curated=True,
            name="Youth justice prevention team",
            provider="Southvale Youth Justice Service",
            description="Voluntary one-to-one support for children at risk of offending.",
            area="Southvale County Borough",
            tier=Tier.SECONDARY,
            cohort="Children at risk of offending",
            age_min=8,
            age_max=17,
            referral_route="Schools, social care and police, through the early help hub.",
            risk_factors="Exclusion, exploitation",
            evidence=Evidence.PROMISING,
            funding_source="Youth Justice Board grant",
            commissioned_by="Southvale County Borough Council",
        ),
        DemoProvision(
            organisation=S_HEALTH,
            author="sian.roberts@example.org",
            curated=False,
            name="Bleed control sessions for young people",
            provider="Southvale University Health Board",
            description="First aid for stab wounds, and the facts about carrying knives.",
            area="Secondary schools and youth clubs in Southvale",
            tier=Tier.PRIMARY,
            age_min=11,
            age_max=18,
            risk_factors="Knife carrying",
        ),
    ),
)

SNA_DEMOS = {"northshire": NORTHSHIRE_SNA, "southvale": SOUTHVALE_SNA}


class SnaSeeder:
    """Seed one partnership's SNA evidence through the assessments services, skipping what is
    there already (found by version, period, title or name)."""

    def __init__(self, *, demo: DemoSna, partnership, organisations, users, lead, stdout):
        self.demo = demo
        self.partnership = partnership
        self.organisations = organisations
        self.users = users
        self.lead = lead
        self.stdout = stdout
        self.today = timezone.localdate()
        self.elements = {element.slug: element for element in DutyElement.objects.all()}
        self.measures = {measure.slug: measure for measure in Measure.objects.all()}
        self.members = {
            m.user.email: m
            for m in Membership.objects.filter(partnership=partnership)
            .active()
            .select_related("user")
        }

    def run(self) -> None:
        self._definitions()
        assessment = self._assessment()
        calls = {demo.key: self._call(demo) for demo in self.demo.calls}
        contributions, to_change = {}, []
        for demo in self.demo.contributions:
            contribution, created = self._contribution(demo, calls)
            contributions[demo.title] = contribution
            if created and demo.state == CHANGED:
                to_change.append((demo, contribution))
        findings = {
            demo.title: self._finding(demo, assessment, contributions)
            for demo in self.demo.findings
        }
        # Changed after acceptance, and after a finding cited it: the finding shows the change.
        for demo, contribution in to_change:
            self._change(demo, contribution)
        for demo in self.demo.calls:
            self._close_if_past(demo, calls[demo.key])
        for demo in self.demo.recommendations:
            self._recommendation(demo, assessment, findings)
        for demo in self.demo.provision:
            self._provision(demo, findings)

    def _at(self, days_ago: int):
        """Midday, some days ago (local time)."""
        day = self.today - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, time(12)))

    # --- The local definition ---

    def _definitions(self) -> None:
        versions = LocalDefinition.objects.filter(partnership=self.partnership)
        for demo in self.demo.definitions:
            definition = versions.filter(version=demo.version).first()
            if definition is None:
                latest = versions.order_by("-version").first()
                if (latest.version if latest else 0) != demo.version - 1 or (
                    latest and latest.status == LocalDefinition.Status.DRAFT
                ):
                    continue  # the partnership has moved on from the demo's versions
                definition = self._definition(demo)
            if demo.amendment and definition.status != LocalDefinition.Status.SUPERSEDED:
                self._amendment(demo, definition)

    def _definition(self, demo: DemoDefinition) -> LocalDefinition:
        author = self.users[demo.author]
        definition = sna.definition_create(
            partnership=self.partnership,
            data={
                "summary": demo.summary,
                "violence_types": list(demo.violence_types),
                "age_scope": demo.age_scope,
                "maximum_penalty": demo.maximum_penalty,
                "impact_on_victim": demo.impact_on_victim,
                "prevalence": demo.prevalence,
                "impact_on_community": demo.impact_on_community,
            },
            acting_user=author,
        )
        if demo.agreed_on:
            sna.definition_agree(
                definition=definition,
                agreed_on=demo.agreed_on,
                organisations=[self.organisations[name] for name in demo.agreed_by],
                acting_user=self.lead,
            )
        # History matters here: the version was drafted before it was agreed. No service sets
        # the date a draft was started, so it is moved back directly (out of the history), after
        # the last save.
        created_at = timezone.make_aware(datetime.combine(demo.created_on, time(10)))
        LocalDefinition.objects.filter(pk=definition.pk).update(created_at=created_at)
        definition.created_at = created_at
        return definition

    def _amendment(self, demo: DemoDefinition, definition: LocalDefinition) -> None:
        email, proposed_on, proposal, reason = demo.amendment
        if DefinitionAmendment.objects.filter(definition=definition, proposal=proposal).exists():
            return
        amendment = sna.amendment_propose(
            definition=definition,
            membership=self.members[email],
            proposal=proposal,
            reason=reason,
            acting_user=self.users[email],
        )
        created_at = timezone.make_aware(datetime.combine(proposed_on, time(15)))
        DefinitionAmendment.objects.filter(pk=amendment.pk).update(created_at=created_at)

    # --- The SNA and its modules ---

    def _assessment(self) -> Assessment:
        assessment = Assessment.objects.filter(
            partnership=self.partnership, period=SNA_PERIOD
        ).first()
        if assessment is None:
            assessment = sna.assessment_start(
                partnership=self.partnership,
                period=SNA_PERIOD,
                scope=self.demo.scope,
                methodology=self.demo.methodology,
                acting_user=self.lead,
            )
        modules = {m.kind: m for m in AssessmentModule.objects.filter(assessment=assessment)}
        for demo in self.demo.modules:
            module = modules.get(demo.kind)
            untouched = (
                module is not None
                and not module.body
                and module.owner_id is None
                and module.status == AssessmentModule.Status.NOT_STARTED
            )
            if untouched:
                sna.module_edit(
                    module=module,
                    body=demo.body,
                    status=demo.status,
                    owner=self.members.get(demo.owner),
                    acting_user=self.lead,
                )
        return assessment

    # --- Calls ---

    def _call(self, demo: DemoCall) -> Call:
        call = Call.objects.filter(partnership=self.partnership, title=demo.title).first()
        if call is not None:
            return call
        # A call can only be issued with a due date ahead; a past one is moved back once its
        # answers are in (_close_if_past).
        due_on = self.today + timedelta(days=max(demo.due_in_days, 1))
        call = sna.call_issue(
            partnership=self.partnership,
            title=demo.title,
            questions=demo.questions,
            elements=[self.elements[slug] for slug in demo.elements],
            measures=[self.measures[slug] for slug in demo.measures],
            period=SNA_PERIOD,
            due_on=due_on,
            audience=Call.Audience.DUTY_ROLE if demo.duty_role else Call.Audience.ORGANISATIONS,
            organisations=[self.organisations[name] for name in demo.organisations],
            duty_role=demo.duty_role,
            acting_user=self.lead,
        )
        Call.objects.filter(pk=call.pk).update(issued_at=self._at(demo.issued_days_ago))
        call.refresh_from_db()
        return call

    def _close_if_past(self, demo: DemoCall, call: Call) -> None:
        if demo.due_in_days >= 0 or call.status == Call.Status.CLOSED:
            return
        sna.call_close(call=call, acting_user=self.lead)
        # Dates relative to today, so the call always reads as closed a few weeks ago, with its
        # answers sent in while it was open (one of them late).
        Call.objects.filter(pk=call.pk).update(due_on=self.today + timedelta(days=demo.due_in_days))
        days = {d.title: d.submitted_day for d in self.demo.contributions if d.call == demo.key}
        for contribution in Contribution.objects.filter(call=call, title__in=days):
            submitted_days_ago = demo.issued_days_ago - days[contribution.title]
            Contribution.objects.filter(pk=contribution.pk).update(
                created_at=self._at(submitted_days_ago + 3),
                submitted_at=self._at(submitted_days_ago),
                reviewed_at=self._at(submitted_days_ago - 2) if contribution.reviewed_at else None,
            )

    # --- Contributions ---

    def _contribution(self, demo: DemoContribution, calls) -> tuple[Contribution, bool]:
        organisation = self.organisations[demo.organisation]
        contribution = Contribution.objects.filter(
            partnership=self.partnership, organisation=organisation, title=demo.title
        ).first()
        if contribution is not None:
            return contribution, False
        author = self.users[demo.author]
        call = calls.get(demo.call)
        contribution = sna.contribution_create(
            partnership=self.partnership,
            organisation=organisation,
            element=self.elements[demo.element],
            level=demo.level,
            kind=demo.kind,
            title=demo.title,
            body=demo.body,
            period=SNA_PERIOD,
            # Answers go to the call while it is open; recreated later, they stand alone.
            call=call if call is not None and call.status == Call.Status.OPEN else None,
            acting_user=author,
        )
        if demo.figures:
            sna.data_return_save(
                contribution=contribution, rows=self._rows(demo), acting_user=author
            )
        if demo.state != DRAFT:
            sna.contribution_submit(contribution=contribution, acting_user=author)
        if demo.state == RETURNED:
            sna.contribution_return(
                contribution=contribution, comment=demo.comment, acting_user=self.lead
            )
        elif demo.state in {ACCEPTED, CHANGED}:
            sna.contribution_accept(contribution=contribution, acting_user=self.lead)
        return contribution, True

    def _rows(self, demo: DemoContribution):
        """The figures as a partner would upload them: a CSV, checked by the upload's checks."""
        area = self.partnership.areas[0]
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["measure", "period", "area", "value", "age_band"])
        for figures in demo.figures:
            writer.writerows(figures.rows(area))
        result = parse_upload(
            name="figures.csv",
            data=text.getvalue().encode(),
            measure_slugs=set(self.measures),
            known_areas=set(self.partnership.areas),
        )
        if not result.ok:
            raise CommandError(f"Demo figures for {demo.title!r} do not upload: {result.errors}")
        return result.rows

    def _change(self, demo: DemoContribution, contribution: Contribution) -> None:
        sna.contribution_edit(
            contribution=contribution,
            element=contribution.element,
            level=contribution.level,
            kind=contribution.kind,
            title=contribution.title,
            body=f"{contribution.body}\n\n{demo.change}",
            period=contribution.period,
            call=contribution.call,
            acting_user=self.users[demo.author],
        )

    # --- Findings, recommendations, provision ---

    def _finding(self, demo: DemoFinding, assessment, contributions) -> Finding | None:
        finding = Finding.objects.filter(assessment=assessment, title=demo.title).first()
        if finding is not None:
            return finding
        # Only accepted evidence may be cited: a contribution changed since (or recreated in
        # another state) is left out rather than failing the run.
        cited = [
            contributions[title]
            for title in demo.contributions
            if contributions[title].status == Contribution.Status.ACCEPTED
        ]
        if not cited and not demo.measures:
            return None
        return sna.finding_create(
            assessment=assessment,
            kind=demo.kind,
            title=demo.title,
            description=demo.description,
            contributions=cited,
            measures=[self.measures[slug] for slug in demo.measures],
            acting_user=self.lead,
        )

    def _recommendation(self, demo: DemoRecommendation, assessment, findings) -> None:
        if Recommendation.objects.filter(assessment=assessment, title=demo.title).exists():
            return
        answered = [findings[title] for title in demo.findings if findings.get(title)]
        if answered:
            sna.recommendation_create(
                assessment=assessment,
                title=demo.title,
                description=demo.description,
                findings=answered,
                acting_user=self.lead,
            )

    def _provision(self, demo: DemoProvision, findings) -> None:
        if ProvisionService.objects.filter(partnership=self.partnership, name=demo.name).exists():
            return
        data = demo.data()
        data["findings"] = [findings[title] for title in demo.findings if findings.get(title)]
        service = sna.provision_add(
            partnership=self.partnership,
            organisation=self.organisations[demo.organisation],
            data=data,
            acting_user=self.users[demo.author],
        )
        if demo.curated:
            sna.provision_curate(service=service, curated=True, acting_user=self.lead)
