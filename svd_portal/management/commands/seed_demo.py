"""Demo data for a newcomer's portal. Safe to run again: it converges on the same state.

Two partnerships, Northshire (England) and Southvale (Wales), each with an organisation for every
sector of the guidance, a convener office and a voluntary sector body; members in every portal
role and every Duty role; pending and expired invitations. Everything is made through
partnerships/services.py, as a lead would make it, so the activity timeline and the permission
groups are real. A few gaps are left on purpose so the representation gaps page has something to
show: Northshire's education body has nobody, and its probation unit has no accountable person.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from kombu.exceptions import OperationalError as BrokerUnavailable

from partnerships import services
from partnerships.models import (
    INVITATION_LIFETIME,
    Invitation,
    Membership,
    Organisation,
    Partnership,
    Sector,
)
from partnerships.roles import PortalRole

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
