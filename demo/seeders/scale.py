"""A national-scale data set for the benchmark: `manage.py seed_scale`.

What it builds (the defaults, measured from the Duty's national picture):

- 300 partnerships `scale-001` … `scale-300` and one big one, `scale-big`; each has 8–15
  organisations across the sectors (the big one 15), with the Office of the Police and Crime
  Commissioner as its convener organisation, members with portal and Duty roles, an agreed
  local definition, an agreed SNA (with its nine modules, findings and recommendations) and a
  current one in progress, calls (some open), contributions in every status across the Duty
  elements and kinds, data returns with figures over several measures, areas and quarters, a
  provision map, a published response strategy (priorities, actions in every status with their
  updates, measures, commentary, sign-offs, consultations), meetings, commissions, a few
  timeline entries and a few export jobs (failed ones: no file is written, so none is offered
  for download).
- Sizes (`seed_scale --help`): 500 contributions, 3,250 figures (DataPoint) and 300 strategy
  actions a partnership; the big partnership 10,000 contributions, 100,000 figures and 2,000
  actions. `--scale 0.1` multiplies every size; tests run it with a handful of rows.

The contract with the benchmark (keep it): every account has the demo password
(demo.data.people.DEMO_PASSWORD);

- `convener@scale.invalid` convenes every scale partnership;
- `lead@scale-NNN.invalid` leads scale-NNN, `lead@scale-big.invalid` leads scale-big;
- `partner@scale-big.invalid`, a duty partner at scale-big's police force, whose organisation
  has contributions and actions and is sent an open call;
- `data-lead@scale-big.invalid`, the police force's data lead.

Partnerships, organisations and memberships are made in bulk and the permission groups by
partnerships.services (so the pages' guardian checks pass as they would for a real
partnership); everything else is bulk-created, without history (a benchmark needs the rows,
not the story of how they came). The demo partnerships are never touched: `--reset` takes away
only the scale-* partnerships and the *@scale*.invalid accounts.
"""

import time
from dataclasses import dataclass, fields, replace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection

from demo.data.people import DEMO_PASSWORD
from partnerships import services
from partnerships.models import Membership, Organisation, Partnership, Sector
from partnerships.roles import DUTY_ROLE_PERMISSIONS, PortalRole, group_name

from .reset import delete_partnerships
from .scale_evidence import seed_evidence
from .scale_rows import Place, bulk
from .scale_strategy import seed_strategy

SLUG_PREFIX = "scale-"
BIG_SLUG = "scale-big"
CONVENER_EMAIL = "convener@scale.invalid"
# Every scale account, and only those: @scale.invalid and @scale-<anything>.invalid.
EMAIL_PATTERN = r"@scale(-[a-z0-9-]+)?\.invalid$"

# (key, sector slug, name): the eight every partnership has, then the extras some have.
BASE_ORGANISATIONS = [
    ("council", "local-authority", "{place} County Council"),
    ("police", "police", "{place} Police"),
    ("probation", "probation", "{place} Probation Delivery Unit"),
    ("health", "health", "{place} Integrated Care Board"),
    ("fire", "fire-and-rescue", "{place} Fire and Rescue Service"),
    ("yjs", "youth-justice", "{place} Youth Justice Service"),
    ("opcc", "local-policing-body", "Office of the {place} Police and Crime Commissioner"),
    ("prison", "prisons-and-secure-estate", "HMP {place}"),
]
EXTRA_ORGANISATIONS = [
    ("education", "education", "{place} Learning Trust"),
    ("vcs", "voluntary-and-community-sector", "{place} Youth Trust"),
    ("district", "local-authority", "{place} District Council"),
    ("trust", "health", "{place} NHS Foundation Trust"),
    ("city", "local-authority", "{place} City Council"),
    ("cvs", "voluntary-and-community-sector", "{place} Council for Voluntary Service"),
    ("college", "education", "{place} College"),
]
# Duty roles the members of an organisation hold, in turn.
DUTY_ROLE_CYCLE = [("accountable", "responsible"), ("data_lead",), ("responsible",), ("frontline",)]
FIRST_NAMES = ["Amira", "Ben", "Carys", "Dev", "Eleanor", "Femi", "Gareth", "Hana", "Imran", "Jess"]
LAST_NAMES = ["Ahmed", "Brown", "Chen", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal"]


@dataclass(frozen=True)
class Sizes:
    """How much to seed; the defaults are the national scale."""

    partnerships: int = 300
    contributions_per: int = 500
    datapoints_per: int = 3250
    actions_per: int = 300
    big_contributions: int = 10_000
    big_datapoints: int = 100_000
    big_actions: int = 2000

    def scaled(self, factor: float) -> "Sizes":
        """Every size times factor, keeping at least one partnership and one of each row."""
        return replace(
            self, **{f.name: max(1, round(getattr(self, f.name) * factor)) for f in fields(self)}
        )


def scale_loaded() -> bool:
    return (
        Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists()
        or get_user_model().objects.filter(email__regex=EMAIL_PATTERN).exists()
    )


def remove_scale() -> tuple[int, int]:
    """Delete the scale partnerships (every tenant row of them) and the scale accounts, as
    seed_demo's reset does for the demo; how many of each went."""
    ids = list(
        Partnership.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    )
    delete_partnerships(ids)
    User = get_user_model()
    users = User.objects.filter(email__regex=EMAIL_PATTERN)
    accounts = users.count()
    # Their group places go first (the ORM's regex, so SQLite too); the accounts' other rows
    # went with the partnerships.
    User.groups.through.objects.filter(user__in=users.values("pk")).delete()
    users.delete()
    connection.check_constraints()
    return len(ids), accounts


def seed_scale(*, sizes: Sizes, stdout) -> dict[str, int]:
    """The whole scale data set, into a database without it; the rows made, by model."""
    started = time.monotonic()
    counts: dict[str, int] = {}
    places = _people(sizes=sizes, counts=counts)
    stdout.write(f"{len(places)} partnerships with their people ({_since(started)})")
    for number, place in enumerate(places, 1):
        seed_evidence(place=place, counts=counts)
        seed_strategy(place=place, counts=counts)
        if number % 25 == 0 or place.big or number == len(places):
            stdout.write(f"seeded {number}/{len(places)} partnerships ({_since(started)})")
    return counts


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.0f}s"


# --- People -----------------------------------------------------------------------------------


def _people(*, sizes: Sizes, counts: dict) -> list[Place]:
    """Partnerships, organisations, accounts, memberships and permission groups, in bulk."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing takes a fifth of a second
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    width = max(3, len(str(sizes.partnerships)))
    plans = [
        (f"{SLUG_PREFIX}{i:0{width}d}", i, False, sizes.contributions_per, sizes.datapoints_per,
         sizes.actions_per)
        for i in range(1, sizes.partnerships + 1)
    ]  # fmt: skip
    plans.append(
        (BIG_SLUG, 0, True, sizes.big_contributions, sizes.big_datapoints, sizes.big_actions)
    )
    partnerships = bulk(
        Partnership,
        [
            Partnership(
                name=f"{_place_name(slug)} Serious Violence Partnership",
                slug=slug,
                nation=Partnership.Nation.WALES if i % 10 == 7 else Partnership.Nation.ENGLAND,
                model=list(Partnership.Model)[i % 3],
                area_type=list(Partnership.AreaType)[i % 2],
                areas=_areas(slug),
            )
            for slug, i, *_ in plans
        ],
        counts,
    )
    for partnership in partnerships:
        services.partnership_sync_permissions(partnership=partnership)

    organisations = []
    for partnership, (slug, i, big, *_) in zip(partnerships, plans, strict=True):
        extra = len(EXTRA_ORGANISATIONS) if big else i % (len(EXTRA_ORGANISATIONS) + 1)
        for key, sector, name in BASE_ORGANISATIONS + EXTRA_ORGANISATIONS[:extra]:
            organisation = Organisation(
                partnership=partnership,
                name=name.format(place=_place_name(slug)),
                sector=sectors[sector],
            )
            organisation.key = key
            organisations.append(organisation)
    bulk(Organisation, organisations, counts)
    by_partnership: dict[int, dict] = {}
    for organisation in organisations:
        by_partnership.setdefault(organisation.partnership_id, {})[organisation.key] = organisation
    for partnership in partnerships:
        partnership.convener_organisation = by_partnership[partnership.pk]["opcc"]
    Partnership.objects.bulk_update(partnerships, ["convener_organisation"], batch_size=1000)

    # Who is in each partnership: (email, organisation key, portal role, duty roles).
    people: dict[int, list] = {}
    for partnership, (slug, _i, big, *_) in zip(partnerships, plans, strict=True):
        people[partnership.pk] = _members_of(slug, big, by_partnership[partnership.pk])
    emails = {email for roster in people.values() for email, *_ in roster}
    users = {
        user.email: user
        for user in bulk(
            User,
            [
                User(
                    email=email,
                    full_name=_full_name(n),
                    job_title=_job_title(email),
                    password=password,
                )
                for n, email in enumerate(sorted(emails))
            ],
            counts,
        )
    }
    memberships = []
    for partnership in partnerships:
        for email, key, role, duty_roles in people[partnership.pk]:
            membership = Membership(
                partnership=partnership,
                user=users[email],
                organisation=by_partnership[partnership.pk][key],
                portal_role=role,
                job_title=users[email].job_title,
                named_in_documents=role == PortalRole.LEAD,
            )
            membership.duty_roles = duty_roles
            membership.key = key
            memberships.append(membership)
    bulk(Membership, memberships, counts)
    _join_groups(memberships, counts)

    members: dict[int, dict] = {}
    for membership in memberships:
        by_key = members.setdefault(membership.partnership_id, {})
        by_key.setdefault(membership.key, []).append(membership)
    return [
        Place(
            partnership=partnership,
            index=i,
            big=big,
            contributions=contributions,
            datapoints=datapoints,
            actions=actions,
            organisations=by_partnership[partnership.pk],
            members=members[partnership.pk],
            lead=users[f"lead@{slug}.invalid"],
        )
        for partnership, (slug, i, big, contributions, datapoints, actions) in zip(
            partnerships, plans, strict=True
        )
    ]


def _members_of(slug: str, big: bool, organisations: dict) -> list[tuple]:
    """The lead (council), the convener (the PCC's office), one member for each other body
    (three at the big partnership), and the contract's people at the big partnership."""
    roster = [
        (f"lead@{slug}.invalid", "council", PortalRole.LEAD, ("responsible",)),
        (CONVENER_EMAIL, "opcc", PortalRole.CONVENER, ()),
    ]
    if big:
        roster += [
            (f"partner@{slug}.invalid", "police", PortalRole.PARTNER, ("responsible",)),
            (f"data-lead@{slug}.invalid", "police", PortalRole.PARTNER, ("data_lead",)),
        ]
    per_organisation = 3 if big else 1
    for n, key in enumerate(organisations):
        if key == "opcc":
            continue
        wider = organisations[key].sector.authority_type == Sector.AuthorityType.WIDER
        for m in range(per_organisation):
            roles = DUTY_ROLE_CYCLE[(n + m) % len(DUTY_ROLE_CYCLE)]
            roster.append(
                (
                    f"{key}-{m + 1}@{slug}.invalid",
                    key,
                    PortalRole.OBSERVER if wider else PortalRole.PARTNER,
                    () if wider else roles,
                )
            )
    return roster


def _join_groups(memberships: list[Membership], counts: dict) -> None:
    """Each member in the groups for their portal role and Duty roles, as the membership
    services put them (partnerships.services._sync_groups)."""
    names = set()
    wanted = []
    for membership in memberships:
        roles = [membership.portal_role]
        roles += [role for role in DUTY_ROLE_PERMISSIONS if getattr(membership, role)]
        for role in roles:
            name = group_name(membership.partnership_id, role)
            names.add(name)
            wanted.append((membership.user_id, name))
    groups = dict(Group.objects.filter(name__in=names).values_list("name", "pk"))
    through = get_user_model().groups.through
    bulk(through, [through(user_id=user, group_id=groups[name]) for user, name in wanted], counts)


def _place_name(slug: str) -> str:
    return "Bigshire" if slug == BIG_SLUG else f"Scaleshire {slug.removeprefix(SLUG_PREFIX)}"


def _areas(slug: str) -> list[str]:
    place = _place_name(slug)
    return [f"{place} {side}" for side in ("North", "South", "East", "West")]


def _full_name(n: int) -> str:
    first, last = divmod(n, len(FIRST_NAMES))
    return f"{FIRST_NAMES[last]} {LAST_NAMES[first % len(LAST_NAMES)]}"


def _job_title(email: str) -> str:
    key = email.split("@")[0]
    return {
        "lead": "Partnership manager",
        "convener": "Head of commissioning, Office of the PCC",
        "partner": "Superintendent, partnerships",
        "data-lead": "Principal analyst",
    }.get(key, "Partnership officer")
