"""The code that seeds the demo, one module per concept; demo/data holds what it seeds.

Each partnership's story is told in order: it is set up a fortnight before its first step, then
come its data sharing agreements and the evidence for its SNA, then the response strategy
resting on an earlier, agreed SNA. Every step runs on its day on the story's clock (clock.py), so
the services stamp it as they would have then.
"""

from datetime import date, timedelta

from demo.data.people import DEMO_PARTNERSHIPS
from demo.data.sharing import SHARING_DEMOS
from demo.data.sna import SNA_DEMOS
from demo.data.strategy import STRATEGY_DEMOS

from . import sharing, sna, strategy
from .clock import StoryClock
from .funding import funding_seed
from .people import PartnershipSeeder, users_seed
from .sharing import ConsultationSeeder, SharingSeeder
from .sna import SnaSeeder
from .strategy import StrategySeeder

# How long before its first step a partnership was set up, with its organisations and members.
SET_UP_BEFORE = timedelta(weeks=2)


def seed(*, stdout) -> None:
    """The whole demo, into a database that does not have it yet (seed_demo checks, and with
    --reset takes the old one away first, reset.py)."""
    clock = StoryClock()
    set_up_on = {demo.slug: _set_up_on(demo.slug, clock) for demo in DEMO_PARTNERSHIPS}
    # The accounts come first, on the day the first partnership was set up.
    users = users_seed(clock=clock, joined_on=min(set_up_on.values()), stdout=stdout)
    for demo in DEMO_PARTNERSHIPS:
        partnership, organisations = PartnershipSeeder(
            demo=demo, users=users, clock=clock, set_up_on=set_up_on[demo.slug], stdout=stdout
        ).run()
        story = {
            "partnership": partnership,
            "organisations": organisations,
            "users": users,
            "lead": users[demo.lead.email],
            "clock": clock,
            "stdout": stdout,
        }
        # Its data sharing agreements first: the data returns uploaded later are shared under them.
        SharingSeeder(demo=SHARING_DEMOS[demo.slug], **story).run()
        SnaSeeder(demo=SNA_DEMOS[demo.slug], **story).run()
        # The strategy rests on an SNA and links to its provision map, so it comes after.
        StrategySeeder(demo=STRATEGY_DEMOS[demo.slug], **story).run()
        # Consultees from bodies outside the partnership respond to a draft out for consultation.
        ConsultationSeeder(demo=SHARING_DEMOS[demo.slug], **story).run()
    # The Duty grant funds what the partnerships do, so it comes last (issue 18).
    funding_seed(users=users, clock=clock, stdout=stdout)


def _set_up_on(slug: str, clock: StoryClock) -> date:
    days = [
        sna.first_day(SNA_DEMOS[slug], clock),
        strategy.first_day(STRATEGY_DEMOS[slug], clock),
        sharing.first_day(SHARING_DEMOS[slug], clock),
    ]
    first = min(day for day in days if day is not None)
    return first - SET_UP_BEFORE
