"""What every partnership's story starts from: its people, the Duty's elements, the clock it is
told on, and the person who acts at each step (as the services would see them in a request)."""

from datetime import date

from partnerships.access import Actor, actor_for
from partnerships.models import DutyElement, Membership

from .clock import StoryClock


class PartnershipStory:
    """The state a seeder shares across the steps of one partnership's story."""

    def __init__(self, *, demo, partnership, organisations, users, lead, clock: StoryClock, stdout):
        self.demo = demo
        self.partnership = partnership
        self.organisations = organisations
        self.users = users
        self.lead = lead
        self.clock = clock
        self.today = clock.today
        self.stdout = stdout
        self.elements = {element.slug: element for element in DutyElement.objects.all()}
        self.members = {
            m.user.email: m
            for m in Membership.objects.filter(partnership=partnership)
            .active()
            .select_related("user", "organisation")
        }

    def _day(self, days_ago: int) -> date:
        return self.clock.day(days_ago)

    def _as(self, user) -> Actor:
        """The person as the services see them when they act here through a page."""
        actor = actor_for(user, self.partnership)
        if actor is None:
            raise ValueError(f"{user} is not a current member of {self.partnership}")
        return actor
