"""Who is in the demo: the accounts, the two partnerships, their organisations, members and
invitations. The README's "Demo sign-ins" lists every one of them, so change both together.

Two partnerships, Northshire (England) and Southvale (Wales), each with an organisation for every
sector of the guidance, a convener office and a voluntary sector body; members in every portal
role and every Duty role; pending and expired invitations. A few gaps are left on purpose so the
representation gaps page has something to show: Northshire's education body has nobody, and its
probation unit has no accountable person.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from partnerships.models import Partnership
from partnerships.roles import PortalRole

# Published in the README on purpose; the command refuses to run in production.
DEMO_PASSWORD = "duty-demo-2026"  # noqa: S105


class DemoUser(NamedTuple):
    email: str
    full_name: str
    job_title: str
    # Staff and superuser: the portal administrator, for the Django admin.
    is_staff: bool = False


# The README's "Demo sign-ins" table lists them all.
DEMO_USERS = [
    DemoUser("lead@example.org", "Priya Shah", "Serious Violence Duty partnership manager"),
    DemoUser("partner@example.org", "Tom Evans", "Principal intelligence analyst"),
    DemoUser("convener@example.org", "Grace Okafor", "Serious violence policy lead, OPCC"),
    DemoUser("admin@example.org", "Sam Admin", "Portal administrator", is_staff=True),
    # Northshire
    DemoUser("helen.marsh@example.org", "Helen Marsh", "Director of Children's Services"),
    DemoUser("richard.bell@example.org", "Richard Bell", "Assistant Chief Constable"),
    DemoUser("sarah.whitfield@example.org", "Sarah Whitfield", "Chief Inspector, Partnerships"),
    DemoUser("dan.cooper@example.org", "Dan Cooper", "Sergeant, Neighbourhood Policing Team"),
    DemoUser("mark.pennington@example.org", "Mark Pennington", "Area Manager, Prevention"),
    DemoUser("fiona.mackay@example.org", "Dr Fiona Mackay", "Director of Population Health"),
    DemoUser("raj.patel@example.org", "Raj Patel", "Head of Analytics"),
    DemoUser("julie.armstrong@example.org", "Julie Armstrong", "Head of Reducing Reoffending"),
    DemoUser("kwame.mensah@example.org", "Kwame Mensah", "Head of Youth Justice Service"),
    DemoUser("paul.reid@example.org", "Paul Reid", "Deputy Head, Probation Delivery Unit"),
    DemoUser("chloe.adams@example.org", "Chloe Adams", "Probation Officer"),
    DemoUser("olive.grant@example.org", "Olive Grant", "Chief Executive, Northshire Youth Trust"),
    # Southvale
    DemoUser("southvale.lead@example.org", "Rhian Davies", "Community Safety Partnership Manager"),
    DemoUser("owain.jenkins@example.org", "Owain Jenkins", "Head of Children's Services"),
    DemoUser("ceri.morgan@example.org", "Ceri Morgan", "Chief Superintendent"),
    DemoUser("huw.price@example.org", "Huw Price", "Chief Inspector, Neighbourhood Policing"),
    DemoUser("gareth.lewis@example.org", "Gareth Lewis", "Area Manager, Community Safety"),
    DemoUser("sian.roberts@example.org", "Dr Siân Roberts", "Executive Director of Public Health"),
    DemoUser("angharad.thomas@example.org", "Angharad Thomas", "Head of Reducing Reoffending"),
    DemoUser("dylan.hughes@example.org", "Dylan Hughes", "Head of Youth Justice Service"),
    DemoUser("nia.bowen@example.org", "Nia Bowen", "Head of Probation Delivery Unit"),
    DemoUser("rhys.powell@example.org", "Rhys Powell", "Probation Officer"),
    DemoUser("elin.parry@example.org", "Elin Parry", "Headteacher, Ysgol Gyfun Southvale"),
    DemoUser("bethan.williams@example.org", "Bethan Williams", "Youth Services Coordinator"),
    # A consultee (demo/data/sharing.py): from a body outside Southvale's partnership, invited
    # only to respond to the consultation on its draft strategy.
    DemoUser("cerys.lloyd@example.org", "Cerys Lloyd", "Head of Safeguarding"),
]


@dataclass(frozen=True)
class DemoMember:
    email: str
    organisation: str
    portal_role: str
    duty_roles: tuple[str, ...] = ()
    # Agreed to be named in the partnership's documents: the leads and the senior accountable
    # people, as a published strategy would name them; officers and analysts are shown by post.
    named: bool = False


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
        DemoMember("lead@example.org", "Northshire County Council", LEAD, (RESP,), named=True),
        DemoMember(
            "helen.marsh@example.org", "Northshire County Council", PARTNER, (ACC,), named=True
        ),
        DemoMember("richard.bell@example.org", "Northshire Police", PARTNER, (ACC,), named=True),
        DemoMember("sarah.whitfield@example.org", "Northshire Police", PARTNER, (RESP,)),
        DemoMember("partner@example.org", "Northshire Police", PARTNER, (DATA,)),
        DemoMember("dan.cooper@example.org", "Northshire Police", PARTNER, (FRONT,)),
        DemoMember(
            "mark.pennington@example.org",
            "Northshire Fire and Rescue Service",
            PARTNER,
            (ACC, RESP),
            named=True,
        ),
        DemoMember(
            "fiona.mackay@example.org",
            "Northshire and Eastmarsh ICB",
            PARTNER,
            (ACC, RESP),
            named=True,
        ),
        DemoMember("raj.patel@example.org", "Northshire and Eastmarsh ICB", PARTNER, (DATA,)),
        DemoMember("julie.armstrong@example.org", "HMP Northshire", OBSERVER, (ACC,)),
        DemoMember(
            "kwame.mensah@example.org",
            "Northshire Youth Justice Service",
            PARTNER,
            (ACC, RESP),
            named=True,
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
        DemoMember(
            "southvale.lead@example.org",
            "Southvale County Borough Council",
            LEAD,
            (RESP,),
            named=True,
        ),
        DemoMember(
            "owain.jenkins@example.org",
            "Southvale County Borough Council",
            PARTNER,
            (ACC,),
            named=True,
        ),
        DemoMember("ceri.morgan@example.org", "Southvale Police", PARTNER, (ACC,), named=True),
        DemoMember("huw.price@example.org", "Southvale Police", PARTNER, (RESP,)),
        # Tom serves both partnerships: one identity, two memberships.
        DemoMember("partner@example.org", "Southvale Police", PARTNER, (DATA,)),
        DemoMember(
            "gareth.lewis@example.org",
            "Southvale Fire and Rescue Service",
            PARTNER,
            (ACC, RESP),
            named=True,
        ),
        DemoMember(
            "sian.roberts@example.org",
            "Southvale University Health Board",
            PARTNER,
            (ACC, RESP),
            named=True,
        ),
        DemoMember("angharad.thomas@example.org", "HMP Southvale", OBSERVER, (ACC,)),
        DemoMember(
            "dylan.hughes@example.org",
            "Southvale Youth Justice Service",
            PARTNER,
            (ACC, RESP),
            named=True,
        ),
        DemoMember(
            "nia.bowen@example.org",
            "Southvale Probation Delivery Unit",
            PARTNER,
            (ACC, RESP),
            named=True,
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
ADMIN_EMAIL = "admin@example.org"
