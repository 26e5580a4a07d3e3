"""The demo's people: accounts, partnerships, organisations, members and invitations.

Everything is made through partnerships/services.py, as a lead would make it, so the activity
timeline and the permission groups are real. A partnership is set up, with its organisations and
members, before its story starts (the clock travels there). seed_demo seeds only a database
without the demo; an account kept from before (one in another partnership too) gets its demo
name and password back.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from demo.data.people import (
    ADMIN_EMAIL,
    DEMO_PASSWORD,
    DEMO_USERS,
    DemoInvitation,
    DemoMember,
    DemoPartnership,
)
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

from .clock import StoryClock

# A fixed salt makes the demo hash the same on every run, so a second run can see the password is
# already right and leave it alone: hashing 30 passwords takes seconds, and changing the hash
# would sign everyone out. 25 characters gives the entropy Django expects of a salt.
DEMO_SALT = "svdportaldemoaccounts2026"
# An expired invitation was sent a week longer ago than an invitation lasts.
EXPIRED_INVITATION_SENT = INVITATION_LIFETIME + timedelta(weeks=1)


def users_seed(*, clock: StoryClock, joined_on: date, stdout) -> dict:
    """Every demo account with the published password, by email. Accounts not there yet are
    made on joined_on, when the first partnership was set up."""
    User = get_user_model()
    demo_hash = make_password(DEMO_PASSWORD, salt=DEMO_SALT)
    wanted = {
        demo.email: {
            "full_name": demo.full_name,
            "job_title": demo.job_title,
            "is_active": True,
            "is_staff": demo.is_staff,
            "is_superuser": demo.is_staff,
            "password": demo_hash,
        }
        for demo in DEMO_USERS
    }
    users = {user.email: user for user in User.objects.filter(email__in=wanted)}
    for email, user in users.items():
        changed = [name for name, value in wanted[email].items() if getattr(user, name) != value]
        if changed:
            for name in changed:
                setattr(user, name, wanted[email][name])
            user.save(update_fields=changed)
    missing = [email for email in wanted if email not in users]
    if missing:
        with clock.on(joined_on):
            for email in missing:
                users[email] = User.objects.create(email=email, **wanted[email])
                stdout.write(f"created {email}")
    return users


class PartnershipSeeder:
    """Set up one demo partnership, or put an existing one back as the demo has it."""

    def __init__(
        self, *, demo: DemoPartnership, users: dict, clock: StoryClock, set_up_on: date, stdout
    ):
        self.demo = demo
        self.users = users
        self.clock = clock
        self.set_up_on = set_up_on
        self.stdout = stdout
        self.lead = users[demo.lead.email]
        self.sectors = {sector.slug: sector for sector in Sector.objects.all()}

    def run(self) -> tuple[Partnership, dict[str, Organisation]]:
        partnership = Partnership.objects.filter(slug=self.demo.slug).first()
        if partnership is None:
            with self.clock.on(self.set_up_on):
                partnership = self._create()
                organisations = self._converge(partnership)
            self.stdout.write(f"created partnership {self.demo.slug}")
        else:
            services.partnership_sync_permissions(partnership=partnership)
            organisations = self._converge(partnership)
        for invitation in self.demo.invitations:
            self._invitation(partnership, invitation, organisations)
        return partnership, organisations

    def _create(self) -> Partnership:
        demo = self.demo
        lead_sector = dict(demo.organisations)[demo.lead.organisation]
        return services.partnership_create(
            name=demo.name,
            slug=demo.slug,
            nation=demo.nation,
            model=demo.model,
            area_type=demo.area_type,
            areas=demo.areas,
            lead_user=self.lead,
            lead_organisation_name=demo.lead.organisation,
            lead_sector=self.sectors[lead_sector],
            acting_user=self.users[ADMIN_EMAIL],
        )

    def _converge(self, partnership: Partnership) -> dict[str, Organisation]:
        """Organisations, the convener and the members, as the demo has them."""
        organisations = self._organisations(partnership)
        convener = organisations[self.demo.convener_organisation]
        if partnership.convener_organisation_id != convener.pk:
            services.partnership_set_convener(
                partnership=partnership, organisation=convener, acting_user=self.lead
            )
        # Leads first, so putting a demoted lead back comes before demoting anyone else: the
        # partnership never has to pass through having no lead.
        members = sorted(self.demo.members, key=lambda m: m.portal_role != PortalRole.LEAD)
        for member in members:
            self._membership(partnership, member, organisations)
        return organisations

    def _organisations(self, partnership: Partnership) -> dict[str, Organisation]:
        existing = {
            organisation.name.lower(): organisation
            for organisation in Organisation.objects.filter(partnership=partnership)
        }
        organisations = {}
        for name, sector_slug in self.demo.organisations:
            sector = self.sectors[sector_slug]
            organisation = existing.get(name.lower())
            if organisation is None:
                organisation = services.organisation_add(
                    partnership=partnership, name=name, sector=sector, acting_user=self.lead
                )
            else:
                if organisation.is_retired:
                    services.organisation_reinstate(
                        organisation=organisation, acting_user=self.lead
                    )
                if organisation.sector_id != sector.pk or organisation.name != name:
                    services.organisation_edit(
                        organisation=organisation, name=name, sector=sector, acting_user=self.lead
                    )
            organisations[name] = organisation
        return organisations

    def _membership(self, partnership, member: DemoMember, organisations) -> None:
        user = self.users[member.email]
        organisation = organisations[member.organisation]
        membership = Membership.objects.filter(partnership=partnership, user=user).first()
        if membership is None or not membership.is_active:
            # Joins, or rejoins someone removed since the last run.
            membership = services.membership_add(
                partnership=partnership,
                user=user,
                organisation=organisation,
                portal_role=member.portal_role,
                duty_roles=member.duty_roles,
                acting_user=self.lead,
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
                acting_user=self.lead,
            )
        if membership.named_in_documents != member.named:
            # Each person agrees (or not) for themselves to be named in documents.
            services.membership_set_named(
                membership=membership, named=member.named, acting_user=user
            )

    def _invitation(self, partnership, demo: DemoInvitation, organisations) -> None:
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
        # Invitations expire only as time passes: an expired one was sent long enough ago. An
        # older, expired invitation to the same person is replaced by the service.
        sent_on = self.clock.today - EXPIRED_INVITATION_SENT if demo.expired else self.clock.today
        with self.clock.on(sent_on):
            services.invitation_create(
                partnership=partnership,
                email=demo.email,
                organisation=organisations[demo.organisation],
                portal_role=demo.portal_role,
                duty_roles=demo.duty_roles,
                acting_user=self.lead,
            )
