"""Each partnership's bodies outside it and its register of data sharing agreements, made
through assessments/services/sharing.py by its data lead; and, once its strategy is drafted, the
consultation on it in the portal with the consultees from those bodies. Things are found again
by name, title or email, so a second run skips what is there.

The register is told before the SNA's evidence: an agreement comes into force on its day (by the
clock's travel), and the data returns uploaded after it then record that they were shared under
it. The consultation comes after the strategy (ConsultationSeeder).
"""

from datetime import date, timedelta

from assessments.models import BodyContact, Measure, OutsideBody, SharingAgreement
from assessments.services import contacts, sharing
from demo.data.sharing import DemoAgreement, DemoConsultee, DemoSharing
from demo.data.strategy import STRATEGY_DEMOS
from partnerships import services as partnership_services
from partnerships.models import Membership, Partnership
from strategies import services as strategy_services
from strategies.models import ConsultationPeriod, Strategy

from .clock import StoryClock
from .story import PartnershipStory


def first_day(demo: DemoSharing, clock: StoryClock) -> date | None:
    """The day the first agreement came into force, if one has."""
    days = [a.in_force_days_ago for a in demo.agreements if a.in_force_days_ago is not None]
    return clock.day(max(days)) if days else None


class SharingSeeder(PartnershipStory):
    def run(self) -> None:
        keeper = self._as(self.users[self.demo.keeper])
        bodies = {}
        for demo in self.demo.bodies:
            body = OutsideBody.objects.filter(partnership=self.partnership, name=demo.name).first()
            if body is None:
                body = sharing.outside_body_add(
                    actor=keeper,
                    data={"name": demo.name, "kind": demo.kind, "contact_email": demo.contact},
                )
            bodies[demo.name] = body
        for demo in self.demo.agreements:
            if SharingAgreement.objects.filter(
                partnership=self.partnership, title=demo.title
            ).exists():
                continue
            if demo.in_force_days_ago is None:
                self._register(demo, bodies, in_force_from=None)
                continue
            in_force_from = self.clock.day(demo.in_force_days_ago)
            with self.clock.on(in_force_from):
                self._register(demo, bodies, in_force_from=in_force_from)

    def _register(self, demo: DemoAgreement, bodies, *, in_force_from) -> SharingAgreement:
        return sharing.agreement_register(
            actor=self._as(self.users[self.demo.keeper]),
            data={
                "kind": demo.kind,
                "title": demo.title,
                "reference": demo.reference,
                "purpose": demo.purpose,
                "legal_bases": list(demo.legal_bases),
                "legal_basis_notes": "",
                "data_sets": demo.data_sets,
                "measures": list(Measure.objects.filter(slug__in=demo.measures)),
                "organisations": [self.organisations[name] for name in demo.organisations],
                "outside_bodies": [bodies[name] for name in demo.outside_bodies],
                "owner": self.organisations[demo.owner],
                "protective_marking": Partnership.ProtectiveMarking.OFFICIAL_SENSITIVE,
                "in_force_from": in_force_from,
                "signed_copy": None,
            },
        )


class ConsultationSeeder(PartnershipStory):
    """The consultation in the portal on a strategy out for consultation, opened by the lead on
    the day it went out, and the consultees invited from bodies outside the partnership."""

    def run(self) -> None:
        if self.demo.consultation_closes_in_days is None:
            return
        strategy = Strategy.objects.filter(
            partnership=self.partnership, status=Strategy.Status.CONSULTATION
        ).first()
        if strategy is None:
            return
        if not ConsultationPeriod.objects.filter(strategy=strategy).exists():
            # Opened the day the draft went out for consultation.
            went_out = STRATEGY_DEMOS[self.partnership.slug].consultation_days_ago
            with self.clock.days_ago(went_out):
                strategy_services.consultation_period_open(
                    strategy=strategy,
                    closes_on=self.today + timedelta(days=self.demo.consultation_closes_in_days),
                    actor=self._as(self.lead),
                )
        for demo in self.demo.consultees:
            self._consultee(strategy, demo)

    def _consultee(self, strategy: Strategy, demo: DemoConsultee) -> None:
        if Membership.objects.filter(partnership=self.partnership, user__email=demo.email).exists():
            return  # joined already: leave what they did alone
        body = OutsideBody.objects.get(partnership=self.partnership, name=demo.body)
        contact = BodyContact.objects.filter(
            partnership=self.partnership, invitation__email=demo.email
        ).first()
        if contact is None:
            with self.clock.days_ago(demo.invited_days_ago):
                contact = contacts.consultee_invite(
                    outside_body=body, email=demo.email, actor=self._as(self.lead)
                )
        user = self.users[demo.email]
        with self.clock.days_ago(demo.accepted_days_ago):
            partnership_services.invitation_accept(invitation=contact.invitation, user=user)
            if demo.draft_comment:
                section, text = demo.draft_comment
                strategy_services.consultation_comment_save(
                    strategy=strategy, section_key=section, text=text, actor=self._as(user)
                )
