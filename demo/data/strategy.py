"""The response strategy in the demo, told as it happened over the past year and a half.

Northshire agreed its 2025/26 strategic needs assessment (SNA) and built its response strategy
on it: drafted, consulted on with the education trust and the prison, signed off by every
specified authority's own governance, agreed and published about 13 months ago. Its actions have
been reported on since; the annual review, about 11 months ago, decided to revise it, so version
2 was signed off and published too, and the next review is due within 60 days. Board meetings,
commissioning and commentary on the measures fill in the rest. Southvale is a year behind: its
first strategy is out for consultation, with some sign-offs still to come.

Every step is given in days before the day the demo is seeded, so the story stays true whenever
that is.
"""

from dataclasses import dataclass

from assessments.models import AssessmentModule, Finding
from strategies.models import (
    Action,
    ActionStatus,
    Commission,
    Meeting,
    Review,
    SignOff,
    StrategyMeasure,
)


@dataclass(frozen=True)
class DemoAgreedFinding:
    kind: str
    title: str
    description: str
    # Data-return measures with accepted figures in the demo.
    measures: tuple[str, ...]


@dataclass(frozen=True)
class DemoAgreedRecommendation:
    title: str
    description: str
    findings: tuple[str, ...]


@dataclass(frozen=True)
class DemoAgreedSna:
    """An SNA taken all the way to agreed (and perhaps published) for a strategy to rest on."""

    period: str
    scope: str
    methodology: str
    # (module kind, owner's email, text); every module is agreed.
    modules: tuple[tuple[str, str, str], ...]
    findings: tuple[DemoAgreedFinding, ...]
    recommendations: tuple[DemoAgreedRecommendation, ...]
    started_days_ago: int
    agreed_days_ago: int
    published_days_ago: int | None = None
    shared_days_ago: int | None = None


@dataclass(frozen=True)
class DemoPriority:
    key: str
    title: str
    rationale: str
    findings: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    # Theory of change, optional.
    problem: str = ""
    activities: str = ""
    outputs: str = ""
    outcomes: str = ""
    impact: str = ""
    # Added to the rationale by the revision that makes version 2.
    revised_rationale: str = ""


@dataclass(frozen=True)
class DemoCommentary:
    days_ago: int
    period: str
    author: str
    text: str


@dataclass(frozen=True)
class DemoMeasure:
    key: str
    name: str
    kind: str
    priority: str
    data_measure: str  # a data-return measure's slug, or "" for one reported otherwise
    baseline: str
    baseline_period: str
    target: str
    target_period: str
    direction: str
    frequency: str
    restricted: bool = False
    revised_target: str = ""  # the target version 2 sets
    commentary: tuple[DemoCommentary, ...] = ()


@dataclass(frozen=True)
class DemoUpdate:
    days_ago: int
    author: str  # a member of the action's lead organisation
    status: str
    progress: int
    note: str


@dataclass(frozen=True)
class DemoAction:
    priority: str
    title: str
    description: str
    lead: str
    lead_person: str
    element: str
    start_in: int  # days from today: negative in the past
    due_in: int
    funding: str = ""
    contributing: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    # Specified for a relevant authority, and their answer: (response, days ago).
    authority: str = ""
    authority_response: tuple[str, int] | None = None
    restricted: bool = False
    added_in_revision: bool = False
    updates: tuple[DemoUpdate, ...] = ()


@dataclass(frozen=True)
class DemoSignOff:
    organisation: str
    recorded_by: str
    body: str
    days_ago: int
    minute_reference: str
    decision: str = SignOff.Decision.APPROVED


@dataclass(frozen=True)
class DemoConsultation:
    organisation: str
    invited_days_ago: int
    responded_days_ago: int | None = None
    response: str = ""
    taken_into_account: str = ""


@dataclass(frozen=True)
class DemoMeeting:
    days_ago: int
    kind: str
    title: str
    attendees: tuple[str, ...]
    decisions: str


@dataclass(frozen=True)
class DemoCommission:
    days_ago: int
    kind: str
    title: str
    description: str
    commissioner: str
    value: str
    # Financial years from the current one: 0 is this year's 1 April (start) or 31 March (end).
    starts_year: int
    ends_year: int
    status: str
    priorities: tuple[str, ...] = ()
    provision: tuple[str, ...] = ()
    # (days ago, status) the entry later moved to.
    later: tuple[int, str] | None = None


@dataclass(frozen=True)
class DemoReview:
    # The review was held, recorded and completed on this day.
    days_ago: int
    participants: tuple[str, ...]
    working: str
    not_working: str
    evaluation_evidence: str
    decision: str
    changes_agreed: str


@dataclass(frozen=True)
class DemoRevision:
    """Version 2: the review's changes made, signed off again, agreed and published."""

    started_days_ago: int
    summary: str  # the executive summary as revised
    sign_offs: tuple[DemoSignOff, ...]
    agreed_days_ago: int
    published_days_ago: int


@dataclass(frozen=True)
class DemoStrategy:
    sna: DemoAgreedSna
    title: str
    start_period: str
    end_period: str
    foreword: str
    summary: str
    governance: str
    engagement: str
    resources: str
    started_days_ago: int
    consultation_days_ago: int
    priorities: tuple[DemoPriority, ...]
    measures: tuple[DemoMeasure, ...]
    actions: tuple[DemoAction, ...]
    sign_offs: tuple[DemoSignOff, ...]
    consultations: tuple[DemoConsultation, ...]
    meetings: tuple[DemoMeeting, ...] = ()
    commissions: tuple[DemoCommission, ...] = ()
    # None: the story stops in consultation.
    agreed_days_ago: int | None = None
    published_days_ago: int | None = None
    review: DemoReview | None = None
    revision: DemoRevision | None = None


KNIFE, VWI, HOSPITAL, FIRES = (
    "knife-offensive-weapon-offences",
    "violence-with-injury",
    "hospital-admissions-sharp-object",
    "deliberate-fires",
)
FK = Finding.Kind
MK = AssessmentModule.Kind
S = ActionStatus
Down, Up = StrategyMeasure.Direction.DOWN, StrategyMeasure.Direction.UP
Quarterly = StrategyMeasure.Frequency.QUARTERLY
OUTCOME, OUTPUT = StrategyMeasure.Kind.OUTCOME, StrategyMeasure.Kind.OUTPUT
BOARD = Meeting.Kind.BOARD
ACCEPTED = Action.Response.ACCEPTED
STRATEGY_ELEMENT = "response-strategy"

# --- Northshire -----------------------------------------------------------------------------------

N_COUNCIL = "Northshire County Council"
N_POLICE = "Northshire Police"
N_FIRE = "Northshire Fire and Rescue Service"
N_ICB = "Northshire and Eastmarsh ICB"
N_PRISON = "HMP Northshire"
N_YJS = "Northshire Youth Justice Service"
N_PROBATION = "Northshire Probation Delivery Unit"
N_SCHOOLS = "Northshire Learning Trust"
N_OPCC = "Office of the Northshire Police and Crime Commissioner"
N_CHARITY = "Northshire Youth Trust"
N_SPECIFIED = (N_COUNCIL, N_POLICE, N_FIRE, N_ICB, N_YJS, N_PROBATION)

NF_KNIFE = "Knife and offensive-weapon offences have stayed at around 190 a quarter for two years"
NF_CHILDREN = "A quarter of knife and offensive-weapon offenders are children under 18"
NF_NIGHT = "One in six offences of violence with injury happen in Northgate town centre at night"
NF_ALCOHOL = "Alcohol and the late-night economy drive most violence with injury between adults"
NF_YOUNG_ADULTS = "Young adults aged 18 to 24 account for a third of sharp-object admissions"
NF_EASTMARSH = "Eastmarsh General Hospital has no youth workers in its emergency department"
NF_FIRES = "Deliberate fires peak every spring in the same neighbourhoods as youth violence"
NR_CHILDREN = "Focus prevention on children at risk of exclusion and exploitation"
NR_NIGHT = "Agree a partnership plan for Northgate's night-time economy"
NR_REACH = "Reach young adults harmed by violence, in hospital and on release from prison"
NR_FIRES = "Bring fire-setting prevention into the serious violence response"

NORTHSHIRE_SNA_2025 = DemoAgreedSna(
    period="2025/26",
    scope=(
        "Serious violence as the agreed local definition describes it, across the Northshire "
        "police force area, for the two years April 2023 to March 2025."
    ),
    methodology=(
        "Quarterly aggregate returns from the police, the ICB and the fire service; youth "
        "justice and probation caseload profiles; licensing and CCTV insight. Figures from 1 to "
        "4 are suppressed when shown."
    ),
    modules=(
        (
            MK.EXECUTIVE_SUMMARY,
            "lead@example.org",
            "Serious violence in Northshire is concentrated in **Northgate town centre at night** "
            "and among **children and young adults**. Knife crime has not fallen in two years; "
            "one emergency department has no youth workers.",
        ),
        (
            MK.LOCAL_CONTEXT,
            "lead@example.org",
            "A mostly rural county of 640,000 people with two large towns, Northgate and "
            "Eastbridge, and a category C prison.",
        ),
        (
            MK.PROBLEM_PROFILE,
            "partner@example.org",
            "About 190 knife and offensive-weapon offences and 3,100 offences of violence with "
            "injury a quarter, with summer peaks.",
        ),
        (
            MK.WHO_IS_AT_RISK,
            "kwame.mensah@example.org",
            "Children under 18 commit a quarter of knife offences; young adults aged 18 to 24 "
            "are a third of those admitted to hospital after a stabbing.",
        ),
        (
            MK.PLACES,
            "sarah.whitfield@example.org",
            "Northgate town centre, 10pm to 4am on Fridays and Saturdays: one offence of violence "
            "with injury in six.",
        ),
        (
            MK.RISK_AND_PROTECTIVE_FACTORS,
            "fiona.mackay@example.org",
            "Risk: school exclusion, exploitation, alcohol. Protection: a trusted adult, staying "
            "in education, evening youth provision.",
        ),
        (
            MK.PROVISION_AND_GAPS,
            "helen.marsh@example.org",
            "Hospital navigators work at Northshire General only; there is no fire-setter work "
            "with schools in Eastbridge.",
        ),
        (
            MK.VOICE,
            "kwame.mensah@example.org",
            "Young people told us they feel least safe in Northgate after dark and want "
            "somewhere to go in the evenings.",
        ),
        (
            MK.RECOMMENDATIONS,
            "lead@example.org",
            "Four recommendations: prevention with children at risk of exclusion, the night-time "
            "economy, reaching young adults harmed by violence, and fire-setting.",
        ),
    ),
    findings=(
        DemoAgreedFinding(
            FK.TREND,
            NF_KNIFE,
            "Between 180 and 205 offences every quarter since April 2023, with no sustained fall.",
            (KNIFE,),
        ),
        DemoAgreedFinding(
            FK.COHORT,
            NF_CHILDREN,
            "24% of offenders were aged 17 or under; most were known to children's services.",
            (KNIFE,),
        ),
        DemoAgreedFinding(
            FK.PLACE,
            NF_NIGHT,
            "Most assaults happen between 1am and 3am near the taxi ranks on Market Street.",
            (VWI,),
        ),
        DemoAgreedFinding(
            FK.RISK_FACTOR,
            NF_ALCOHOL,
            "Two in three victims of violence with injury aged 25 to 39 had been drinking.",
            (VWI,),
        ),
        DemoAgreedFinding(
            FK.COHORT,
            NF_YOUNG_ADULTS,
            "18 to 24 year olds are 35% of admissions for assault with a sharp object.",
            (HOSPITAL,),
        ),
        DemoAgreedFinding(
            FK.GAP,
            NF_EASTMARSH,
            "Young people admitted to Eastmarsh General after an assault are not offered a youth "
            "worker, as they are at Northshire General.",
            (HOSPITAL,),
        ),
        DemoAgreedFinding(
            FK.TREND,
            NF_FIRES,
            "Each April to June quarter has the most deliberate fires of its year, in Eastbridge "
            "and north Northgate.",
            (FIRES,),
        ),
    ),
    recommendations=(
        DemoAgreedRecommendation(
            NR_CHILDREN,
            "Schools, children's services and youth justice to act together before a first "
            "exclusion becomes a first offence.",
            (NF_CHILDREN, NF_KNIFE),
        ),
        DemoAgreedRecommendation(
            NR_NIGHT,
            "Police, licensing and the taxi trade to agree closing times, marshals and a safe "
            "space.",
            (NF_NIGHT, NF_ALCOHOL),
        ),
        DemoAgreedRecommendation(
            NR_REACH,
            "Youth workers in both emergency departments, and support on the day of release.",
            (NF_YOUNG_ADULTS, NF_EASTMARSH),
        ),
        DemoAgreedRecommendation(
            NR_FIRES,
            "The fire service's prevention work to count towards the strategy.",
            (NF_FIRES,),
        ),
    ),
    started_days_ago=610,
    agreed_days_ago=505,
    published_days_ago=498,
    shared_days_ago=495,
)

P_CHILDREN, P_NIGHT, P_REACH, P_REOFFENDING, P_FIRES = (
    "children",
    "night",
    "reach",
    "reoffending",
    "fires",
)
M_KNIFE, M_VWI, M_HOSPITAL, M_FIRES, M_NAVIGATOR = (
    "knife",
    "vwi",
    "hospital",
    "fires",
    "navigator",
)


def _u(days_ago: int, author: str, status: str, progress: int, note: str) -> DemoUpdate:
    return DemoUpdate(days_ago, author, status, progress, note)


NORTHSHIRE_ACTIONS = (
    # --- Children drawn into violence and exploitation
    DemoAction(
        priority=P_CHILDREN,
        title="Extend Mentors in Violence Prevention to every secondary school",
        description=(
            "Train staff and older pupils in all 32 secondary schools and the alternative "
            "provision academy to lead sessions on speaking up about violence and knives."
        ),
        lead=N_COUNCIL,
        lead_person="helen.marsh@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-390,
        due_in=120,
        funding="Council core budget and violence reduction unit grant",
        contributing=(N_SCHOOLS, N_CHARITY),
        measures=(M_KNIFE,),
        authority=N_SCHOOLS,
        authority_response=(ACCEPTED, 388),
        updates=(
            _u(360, "helen.marsh@example.org", S.ON_TRACK, 20, "14 of 32 schools trained."),
            _u(
                250,
                "helen.marsh@example.org",
                S.ON_TRACK,
                45,
                "22 schools trained, including the alternative provision academy.",
            ),
            _u(
                40,
                "helen.marsh@example.org",
                S.ON_TRACK,
                70,
                "27 schools running sessions; the last five are booked for next term.",
            ),
        ),
    ),
    DemoAction(
        priority=P_CHILDREN,
        title="Agree a joint protocol on exclusions for children at risk of exploitation",
        description=(
            "Before excluding a child known to be at risk of exploitation, the school, "
            "children's services and youth justice meet and agree a plan."
        ),
        lead=N_COUNCIL,
        lead_person="helen.marsh@example.org",
        element="strategic-alignment",
        start_in=-380,
        due_in=-60,
        contributing=(N_SCHOOLS, N_YJS),
        updates=(
            _u(300, "helen.marsh@example.org", S.ON_TRACK, 30, "Draft protocol out to heads."),
            _u(
                180,
                "helen.marsh@example.org",
                S.ON_TRACK,
                60,
                "Heads' forum agreed the protocol subject to termly data sharing.",
            ),
            _u(
                75,
                "helen.marsh@example.org",
                S.COMPLETE,
                100,
                "Protocol signed by the Learning Trust and in use; 11 planning meetings held "
                "so far.",
            ),
        ),
    ),
    DemoAction(
        priority=P_CHILDREN,
        title="Exploitation screening at every youth justice assessment",
        description="Every child assessed by the youth justice service is screened for "
        "criminal exploitation and referred to the National Referral Mechanism where needed.",
        lead=N_YJS,
        lead_person="kwame.mensah@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-385,
        due_in=200,
        contributing=(N_COUNCIL, N_POLICE),
        updates=(
            _u(350, "kwame.mensah@example.org", S.ON_TRACK, 15, "Screening tool agreed."),
            _u(
                200,
                "kwame.mensah@example.org",
                S.ON_TRACK,
                50,
                "All case managers trained; 96% of assessments now include screening.",
            ),
            _u(
                30,
                "kwame.mensah@example.org",
                S.ON_TRACK,
                75,
                "Audit of 40 cases: screening done in 39, 6 referrals to the NRM.",
            ),
        ),
    ),
    DemoAction(
        priority=P_CHILDREN,
        title="Trusted adult programme for children excluded from school",
        description="Youth Trust mentors matched with every child permanently excluded.",
        lead=N_YJS,
        lead_person="kwame.mensah@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-370,
        due_in=45,
        funding="Violence reduction unit grant",
        contributing=(N_CHARITY, N_COUNCIL),
        updates=(
            _u(340, "kwame.mensah@example.org", S.ON_TRACK, 10, "Six mentors recruited."),
            _u(
                190,
                "kwame.mensah@example.org",
                S.AT_RISK,
                35,
                "Two mentors have left; 9 children waiting to be matched.",
            ),
            _u(
                60,
                "kwame.mensah@example.org",
                S.AT_RISK,
                40,
                "Recruitment under way with the Youth Trust; waiting list down to 5.",
            ),
        ),
    ),
    DemoAction(
        priority=P_CHILDREN,
        title="Contextual safeguarding reviews of places where children are exploited",
        description="Multi-agency reviews of the parks, shops and transport hubs where "
        "exploitation is reported, with a plan for each place.",
        lead=N_COUNCIL,
        lead_person="helen.marsh@example.org",
        element="collaboration",
        start_in=60,
        due_in=300,
        contributing=(N_POLICE, N_YJS),
        updates=(
            _u(
                40,
                "helen.marsh@example.org",
                S.NOT_STARTED,
                0,
                "Scoping with the police; the first review starts in two months.",
            ),
        ),
    ),
    # --- Northgate at night
    DemoAction(
        priority=P_NIGHT,
        title="Taxi marshals at the Market Street ranks on Friday and Saturday nights",
        description="Marshals from 11pm to 4am, with a radio link to CCTV.",
        lead=N_COUNCIL,
        lead_person="lead@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-390,
        due_in=-150,
        funding="Late-night levy",
        contributing=(N_POLICE,),
        measures=(M_VWI,),
        updates=(
            _u(370, "lead@example.org", S.ON_TRACK, 25, "Contract awarded; marshals trained."),
            _u(300, "lead@example.org", S.ON_TRACK, 70, "Marshals on every weekend night."),
            _u(
                240,
                "lead@example.org",
                S.COMPLETE,
                100,
                "Running as business as usual, paid for by the late-night levy.",
            ),
        ),
    ),
    DemoAction(
        priority=P_NIGHT,
        title="Staggered closing times for late bars in Northgate",
        description="A licensing review so that the late bars on Market Street do not all "
        "close at 3am.",
        lead=N_COUNCIL,
        lead_person="lead@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-360,
        due_in=-90,
        contributing=(N_POLICE,),
        measures=(M_VWI,),
        updates=(
            _u(330, "lead@example.org", S.ON_TRACK, 20, "Licensing review opened."),
            _u(
                210,
                "lead@example.org",
                S.AT_RISK,
                40,
                "Two licence holders have appealed the proposed conditions.",
            ),
            _u(
                130,
                "lead@example.org",
                S.OFF_TRACK,
                40,
                "The appeal hearing is postponed to the spring; the review cannot finish by "
                "its due date.",
            ),
        ),
    ),
    DemoAction(
        priority=P_NIGHT,
        title="Patrols in the Northgate hotspot informed by emergency department data",
        description="Patrol plans for Friday and Saturday nights drawn from anonymised A&E "
        "assault data as well as crime reports.",
        lead=N_POLICE,
        lead_person="sarah.whitfield@example.org",
        element="data-sharing",
        start_in=-390,
        due_in=160,
        contributing=(N_ICB,),
        measures=(M_VWI,),
        updates=(
            _u(
                360,
                "sarah.whitfield@example.org",
                S.ON_TRACK,
                20,
                "First patrol plan drawn from crime data only.",
            ),
            _u(
                270,
                "dan.cooper@example.org",
                S.ON_TRACK,
                40,
                "Patrols on Market Street from 1am to 3am every weekend.",
            ),
            _u(
                180,
                "sarah.whitfield@example.org",
                S.ON_TRACK,
                55,
                "Violence with injury in the hotspot down 9% on the same months last year.",
            ),
            _u(
                25,
                "sarah.whitfield@example.org",
                S.ON_TRACK,
                70,
                "A&E data from Northshire General now used in the plan each month.",
            ),
        ),
    ),
    DemoAction(
        priority=P_NIGHT,
        title="Bleed control kits in every licensed premises in Northgate",
        description="Kits and staff training in the 46 premises licensed after midnight.",
        lead=N_FIRE,
        lead_person="mark.pennington@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-380,
        due_in=-200,
        contributing=(N_COUNCIL,),
        updates=(
            _u(320, "mark.pennington@example.org", S.ON_TRACK, 50, "23 premises equipped."),
            _u(
                220,
                "mark.pennington@example.org",
                S.COMPLETE,
                100,
                "All 46 premises have kits and at least two trained staff.",
            ),
        ),
    ),
    DemoAction(
        priority=P_NIGHT,
        title="Share anonymised A&E assault data with the police and the council",
        description="The Cardiff Model in both emergency departments: where, when and with "
        "what people were assaulted, shared monthly.",
        lead=N_ICB,
        lead_person="raj.patel@example.org",
        element="data-sharing",
        start_in=-385,
        due_in=20,
        contributing=(N_POLICE, N_COUNCIL),
        updates=(
            _u(350, "raj.patel@example.org", S.ON_TRACK, 20, "Data sharing agreement drafted."),
            _u(
                230,
                "raj.patel@example.org",
                S.AT_RISK,
                40,
                "Northshire General sharing monthly; Eastmarsh General's information governance "
                "sign-off is delayed.",
            ),
            _u(
                50,
                "raj.patel@example.org",
                S.AT_RISK,
                55,
                "Eastmarsh sign-off expected next month; the due date may slip.",
            ),
        ),
    ),
    DemoAction(
        priority=P_NIGHT,
        title="A safe space on Market Street on Friday and Saturday nights",
        description="Somewhere to wait, charge a phone and be looked after, staffed by "
        "volunteers and a paramedic, so people hurt or at risk are not left on the street.",
        lead=N_COUNCIL,
        lead_person="lead@example.org",
        element="collaboration",
        start_in=-320,
        due_in=90,
        funding="Late-night levy and ICB urgent care fund",
        contributing=(N_ICB, N_CHARITY),
        measures=(M_VWI,),
        added_in_revision=True,
        updates=(
            _u(250, "lead@example.org", S.ON_TRACK, 30, "Premises agreed with a church hall."),
            _u(100, "lead@example.org", S.ON_TRACK, 65, "Open every weekend since the summer."),
            _u(
                12,
                "lead@example.org",
                S.ON_TRACK,
                80,
                "142 people helped so far; 31 would otherwise have gone to A&E.",
            ),
        ),
    ),
    # --- Reaching young people harmed by violence
    DemoAction(
        priority=P_REACH,
        title="Extend hospital navigators to Eastmarsh General Hospital",
        description="Youth workers in Eastmarsh General's emergency department, commissioned "
        "and evaluated alongside the Northshire General service.",
        lead=N_ICB,
        lead_person="fiona.mackay@example.org",
        element="effective-commissioning",
        start_in=-370,
        due_in=130,
        funding="ICB and violence reduction unit grant",
        contributing=(N_OPCC, N_CHARITY),
        measures=(M_HOSPITAL, M_NAVIGATOR),
        updates=(
            _u(
                330,
                "fiona.mackay@example.org",
                S.ON_TRACK,
                15,
                "Business case approved by the ICB board.",
            ),
            _u(160, "fiona.mackay@example.org", S.ON_TRACK, 40, "Service specification agreed."),
            _u(
                20,
                "fiona.mackay@example.org",
                S.ON_TRACK,
                55,
                "Out to tender; contract to start in April.",
            ),
        ),
    ),
    DemoAction(
        priority=P_REACH,
        title="Contact within 72 hours for every under-25 admitted after a stabbing",
        description="A youth worker meets or calls every young person admitted after an "
        "assault with a sharp object within 72 hours of admission.",
        lead=N_ICB,
        lead_person="fiona.mackay@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-360,
        due_in=60,
        contributing=(N_CHARITY,),
        measures=(M_HOSPITAL,),
        updates=(
            _u(300, "fiona.mackay@example.org", S.ON_TRACK, 20, "Pathway agreed with the wards."),
            _u(
                150,
                "raj.patel@example.org",
                S.AT_RISK,
                30,
                "Two navigator posts vacant at Northshire General.",
            ),
            _u(
                45,
                "fiona.mackay@example.org",
                S.OFF_TRACK,
                30,
                "Only 58% contacted within 72 hours last quarter; agency cover requested.",
            ),
        ),
    ),
    DemoAction(
        priority=P_REACH,
        title="Trauma-informed practice training for emergency department staff",
        description="Half-day training for nurses and doctors in both emergency departments.",
        lead=N_ICB,
        lead_person="raj.patel@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-350,
        due_in=-100,
        updates=(
            _u(280, "raj.patel@example.org", S.ON_TRACK, 10, "Trainer commissioned."),
            _u(
                200,
                "fiona.mackay@example.org",
                S.CANCELLED,
                10,
                "Cancelled: NHS England's national trauma-informed care programme covers the "
                "same staff from April, so ours would duplicate it.",
            ),
        ),
    ),
    DemoAction(
        priority=P_REACH,
        title="Referrals from police custody to youth workers for under-25s held for violence",
        description="Custody sergeants offer every young person held for a violent offence a "
        "youth worker's visit before release.",
        lead=N_POLICE,
        lead_person="dan.cooper@example.org",
        element="collaboration",
        start_in=30,
        due_in=240,
        contributing=(N_YJS, N_CHARITY),
    ),
    # --- Reducing reoffending
    DemoAction(
        priority=P_REOFFENDING,
        title="Focused deterrence call-ins for group violence in Northgate and Eastbridge",
        description="People involved in group violence hear directly the consequences of "
        "further violence and are offered help with housing, work and leaving the group.",
        lead=N_POLICE,
        lead_person="sarah.whitfield@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-390,
        due_in=250,
        funding="Home Office Serious Violence Duty funding",
        contributing=(N_PROBATION,),
        restricted=True,
        updates=(
            _u(365, "sarah.whitfield@example.org", S.ON_TRACK, 10, "First call-in held."),
            _u(275, "richard.bell@example.org", S.ON_TRACK, 30, "Three call-ins; 41 attended."),
            _u(
                185,
                "sarah.whitfield@example.org",
                S.ON_TRACK,
                50,
                "27 people have taken up the offer of help.",
            ),
            _u(
                80,
                "sarah.whitfield@example.org",
                S.ON_TRACK,
                60,
                "Evaluation partner appointed; call-ins continue every two months.",
            ),
        ),
    ),
    DemoAction(
        priority=P_REOFFENDING,
        title="Support on the day of release for people leaving HMP Northshire after violence",
        description="A probation practitioner meets everyone released after a violent "
        "offence at the gate, with their housing and first appointments arranged.",
        lead=N_PROBATION,
        lead_person="paul.reid@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-380,
        due_in=100,
        contributing=(N_PRISON,),
        authority=N_PRISON,
        authority_response=(ACCEPTED, 380),
        updates=(
            _u(340, "paul.reid@example.org", S.ON_TRACK, 15, "Gate meetings started."),
            _u(
                220,
                "chloe.adams@example.org",
                S.ON_TRACK,
                35,
                "31 people met at the gate; 27 kept their first appointment.",
            ),
            _u(
                100,
                "paul.reid@example.org",
                S.AT_RISK,
                40,
                "Six of the last 19 releases missed after short-notice transfers between prisons.",
            ),
        ),
    ),
    DemoAction(
        priority=P_REOFFENDING,
        title="Violence intervention programme places for young adults on licence",
        description="Twenty more places a year on an accredited programme for 18 to 25 year "
        "olds on licence after a violent offence.",
        lead=N_PROBATION,
        lead_person="paul.reid@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-370,
        due_in=180,
        updates=(
            _u(310, "chloe.adams@example.org", S.ON_TRACK, 20, "First group of eight started."),
            _u(200, "chloe.adams@example.org", S.ON_TRACK, 45, "Two groups completed; 14 of 16."),
            _u(
                35,
                "paul.reid@example.org",
                S.ON_TRACK,
                70,
                "Third group under way; 18 places used of the 20 this year.",
            ),
        ),
    ),
    DemoAction(
        priority=P_REOFFENDING,
        title="Planned moves from youth justice to probation at 18",
        description="A joint meeting and a shared plan for every young person moving from the "
        "youth justice service to probation.",
        lead=N_YJS,
        lead_person="kwame.mensah@example.org",
        element="collaboration",
        start_in=-385,
        due_in=-120,
        contributing=(N_PROBATION,),
        updates=(
            _u(330, "kwame.mensah@example.org", S.ON_TRACK, 40, "Joint protocol agreed."),
            _u(
                250,
                "kwame.mensah@example.org",
                S.COMPLETE,
                100,
                "Every transfer in the last six months had a joint meeting.",
            ),
        ),
    ),
    DemoAction(
        priority=P_REOFFENDING,
        title="Housing pathway for people leaving custody after a violent offence",
        description="Accommodation agreed before release for everyone leaving custody after a "
        "violent offence, so nobody is released homeless.",
        lead=N_COUNCIL,
        lead_person="helen.marsh@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-350,
        due_in=-30,
        contributing=(N_PROBATION, N_PRISON),
        updates=(
            _u(290, "helen.marsh@example.org", S.ON_TRACK, 20, "Pathway drafted with housing."),
            _u(
                160,
                "helen.marsh@example.org",
                S.AT_RISK,
                30,
                "Supported housing provider has withdrawn from the scheme.",
            ),
            _u(
                55,
                "lead@example.org",
                S.OFF_TRACK,
                35,
                "No replacement provider yet; 4 people released without settled accommodation "
                "last quarter.",
            ),
        ),
    ),
    # --- Deliberate fire-setting
    DemoAction(
        priority=P_FIRES,
        title="FireSetters referrals from schools and youth justice",
        description="Every child known to have set a fire is offered the FireSetters "
        "intervention, whoever first learns of it.",
        lead=N_FIRE,
        lead_person="mark.pennington@example.org",
        element=STRATEGY_ELEMENT,
        start_in=-385,
        due_in=150,
        contributing=(N_YJS, N_SCHOOLS),
        measures=(M_FIRES,),
        updates=(
            _u(350, "mark.pennington@example.org", S.ON_TRACK, 20, "Referral form shared."),
            _u(240, "mark.pennington@example.org", S.ON_TRACK, 40, "48 referrals, 12 from YJS."),
            _u(
                130, "mark.pennington@example.org", S.ON_TRACK, 55, "All referrals seen in 28 days."
            ),
            _u(
                15,
                "mark.pennington@example.org",
                S.ON_TRACK,
                65,
                "91 referrals this year; 4 children re-referred.",
            ),
        ),
    ),
    DemoAction(
        priority=P_FIRES,
        title="Spring and summer activities in the deliberate fire hotspots",
        description="Evening and weekend activities in Eastbridge and north Northgate from "
        "April to September.",
        lead=N_FIRE,
        lead_person="mark.pennington@example.org",
        element="community-engagement",
        start_in=-300,
        due_in=-60,
        funding="Police and Crime Commissioner's community safety fund",
        contributing=(N_COUNCIL, N_CHARITY),
        measures=(M_FIRES,),
        updates=(
            _u(
                260,
                "mark.pennington@example.org",
                S.ON_TRACK,
                40,
                "Programme agreed with the Youth Trust.",
            ),
            _u(
                150,
                "mark.pennington@example.org",
                S.COMPLETE,
                100,
                "Six weeks of activities, 1,240 attendances; deliberate fires in Eastbridge "
                "down on last summer.",
            ),
        ),
    ),
    DemoAction(
        priority=P_FIRES,
        title="Joint problem-solving at places with repeated deliberate fires",
        description="Fire and police neighbourhood teams agree a plan for each place with three "
        "or more deliberate fires in a quarter.",
        lead=N_FIRE,
        lead_person="mark.pennington@example.org",
        element="collaboration",
        start_in=10,
        due_in=200,
        contributing=(N_POLICE,),
        measures=(M_FIRES,),
    ),
    DemoAction(
        priority=P_FIRES,
        title="Commission a fire cadets unit in Eastbridge",
        description="A weekly fire cadets unit for 12 to 17 year olds in Eastbridge.",
        lead=N_OPCC,
        lead_person="convener@example.org",
        element="effective-commissioning",
        start_in=-330,
        due_in=-20,
        funding="Police and Crime Commissioner's community safety fund",
        contributing=(N_FIRE,),
        updates=(
            _u(280, "convener@example.org", S.ON_TRACK, 10, "Invitation to bid published."),
            _u(
                120,
                "convener@example.org",
                S.OFF_TRACK,
                10,
                "No bids at the first attempt; to be re-advertised with a longer contract.",
            ),
        ),
    ),
)

NORTHSHIRE_STRATEGY = DemoStrategy(
    sna=NORTHSHIRE_SNA_2025,
    title="Northshire Serious Violence Strategy 2025 to 2028",
    start_period="2025/26",
    end_period="2027/28",
    foreword=(
        "Serious violence harms victims, families and whole neighbourhoods. This strategy is "
        "our shared commitment, as the bodies the Serious Violence Duty names, to prevent it "
        "and to reduce it.\n\n"
        "*The Police and Crime Commissioner and the Leader of Northshire County Council*"
    ),
    summary=(
        "Our 2025/26 strategic needs assessment found that serious violence in Northshire is "
        "concentrated in **Northgate town centre at night** and among **children and young "
        "adults**. This strategy sets five priorities for the three years to March 2028:\n\n"
        "1. prevent children being drawn into violence and exploitation;\n"
        "2. make Northgate town centre safe at night;\n"
        "3. reach young people harmed by violence at the reachable moment;\n"
        "4. reduce reoffending by people convicted of violence;\n"
        "5. prevent deliberate fire-setting."
    ),
    governance=(
        "The Northshire Serious Violence Partnership board, chaired by the Police and Crime "
        "Commissioner, owns this strategy. The county council leads the Duty for the "
        "partnership. Each action has a lead organisation that reports its progress to the "
        "board every quarter."
    ),
    engagement=(
        "The Northshire Youth Trust ran the young people's survey behind the SNA and sits on "
        "the board. We consulted the Northshire Learning Trust and HMP Northshire on the draft, "
        "as the Duty requires."
    ),
    resources=(
        "Home Office Serious Violence Duty funding, the violence reduction unit grant, the "
        "late-night levy and partners' own budgets."
    ),
    started_days_ago=470,
    consultation_days_ago=440,
    priorities=(
        DemoPriority(
            key=P_CHILDREN,
            title="Prevent children being drawn into violence and exploitation",
            rationale=(
                "A quarter of knife offenders are children, and most were excluded from school "
                "or known to children's services before their first offence."
            ),
            findings=(NF_CHILDREN, NF_KNIFE),
            recommendations=(NR_CHILDREN,),
            problem="Children excluded from school are drawn into exploitation and carry knives.",
            activities=(
                "Mentors in Violence Prevention in every school; an exclusions protocol; "
                "trusted adults; exploitation screening."
            ),
            outputs="Every secondary school taking part; every child at risk with a plan.",
            outcomes="Fewer exclusions of children at risk; fewer first-time entrants.",
            impact="Fewer children harmed by, or causing, serious violence.",
        ),
        DemoPriority(
            key=P_NIGHT,
            title="Make Northgate town centre safe at night",
            rationale=(
                "One offence of violence with injury in six happens in Northgate town centre "
                "on Friday and Saturday nights, most of it near the taxi ranks at closing time."
            ),
            findings=(NF_NIGHT, NF_ALCOHOL),
            recommendations=(NR_NIGHT,),
            problem="Crowds leave the late bars together at 3am and fights start at the ranks.",
            activities="Taxi marshals, staggered closing, patrols informed by A&E data.",
            outputs="Marshals every weekend night; closing times spread from 1am to 4am.",
            outcomes="Less violence with injury in the town centre at night.",
            impact="A town centre people feel safe in after dark.",
            revised_rationale=(
                "The review added a safe space on Market Street, so people hurt or at risk are "
                "looked after rather than left on the street."
            ),
        ),
        DemoPriority(
            key=P_REACH,
            title="Reach young people harmed by violence at the reachable moment",
            rationale=(
                "Young adults are a third of those admitted after a stabbing, and Eastmarsh "
                "General has no youth workers to meet them."
            ),
            findings=(NF_YOUNG_ADULTS, NF_EASTMARSH),
            recommendations=(NR_REACH,),
        ),
        DemoPriority(
            key=P_REOFFENDING,
            title="Reduce reoffending by people convicted of violence",
            rationale=(
                "Knife crime has not fallen in two years; much of it is by people already known "
                "to the police and probation."
            ),
            findings=(NF_KNIFE, NF_YOUNG_ADULTS),
            recommendations=(NR_REACH,),
        ),
        DemoPriority(
            key=P_FIRES,
            title="Prevent deliberate fire-setting and the behaviour that escalates to violence",
            rationale=(
                "Deliberate fires peak every spring in the neighbourhoods where youth violence "
                "is highest, and fire-setting shares its risk factors with knife crime."
            ),
            findings=(NF_FIRES,),
            recommendations=(NR_FIRES,),
        ),
    ),
    measures=(
        DemoMeasure(
            key=M_KNIFE,
            name="Knife and offensive-weapon offences per quarter",
            kind=OUTCOME,
            priority=P_CHILDREN,
            data_measure=KNIFE,
            baseline="174",
            baseline_period="2025-Q1",
            target="155",
            target_period="2028-Q1",
            direction=Down,
            frequency=Quarterly,
            commentary=(
                DemoCommentary(
                    48,
                    "2025-Q4",
                    "partner@example.org",
                    "171 offences: the lowest October to December quarter in three years.",
                ),
                DemoCommentary(
                    47,
                    "2026-Q1",
                    "partner@example.org",
                    "165 offences, 5% below the baseline. The fall is among adults; offences by "
                    "under-18s are flat.",
                ),
            ),
        ),
        DemoMeasure(
            key=M_VWI,
            name="Violence with injury per quarter",
            kind=OUTCOME,
            priority=P_NIGHT,
            data_measure=VWI,
            baseline="2893",
            baseline_period="2025-Q1",
            target="2700",
            target_period="2028-Q1",
            direction=Down,
            frequency=Quarterly,
            revised_target="2650",
            commentary=(
                DemoCommentary(
                    46,
                    "2025-Q4",
                    "lead@example.org",
                    "2,921 offences. Northgate town centre at night is down 9% since the taxi "
                    "marshals started.",
                ),
                DemoCommentary(
                    45,
                    "2026-Q1",
                    "sarah.whitfield@example.org",
                    "2,836 offences, below the baseline for the first time.",
                ),
            ),
        ),
        DemoMeasure(
            key=M_HOSPITAL,
            name="Hospital admissions for assault with a sharp object per quarter",
            kind=OUTCOME,
            priority=P_REACH,
            data_measure=HOSPITAL,
            baseline="8.75",
            baseline_period="2024/25 average",
            target="5",
            target_period="2028-Q1",
            direction=Down,
            frequency=Quarterly,
            restricted=True,
            commentary=(
                DemoCommentary(
                    35,
                    "2026-Q1",
                    "raj.patel@example.org",
                    "Numbers are small, so read the trend over the year rather than one quarter.",
                ),
            ),
        ),
        DemoMeasure(
            key=M_FIRES,
            name="Deliberate fires per quarter",
            kind=OUTCOME,
            priority=P_FIRES,
            data_measure=FIRES,
            baseline="317",
            baseline_period="2025-Q1",
            target="290",
            target_period="2028-Q1",
            direction=Down,
            frequency=Quarterly,
            commentary=(
                DemoCommentary(
                    14,
                    "2026-Q1",
                    "mark.pennington@example.org",
                    "331 fires, 4% up on January to March 2025: grass fires in a dry March.",
                ),
            ),
        ),
        DemoMeasure(
            key=M_NAVIGATOR,
            name="Young people offered a hospital navigator after an assault",
            kind=OUTPUT,
            priority=P_REACH,
            data_measure="",
            baseline="212",
            baseline_period="2024/25",
            target="400",
            target_period="2027/28",
            direction=Up,
            frequency=Quarterly,
            commentary=(
                DemoCommentary(
                    30,
                    "2026-Q1",
                    "fiona.mackay@example.org",
                    "61 young people offered a navigator; Eastmarsh General joins in April.",
                ),
            ),
        ),
    ),
    actions=NORTHSHIRE_ACTIONS,
    consultations=(
        DemoConsultation(
            organisation=N_SCHOOLS,
            invited_days_ago=440,
            responded_days_ago=421,
            response=(
                "The Trust supports priority 1. It asks that Mentors in Violence Prevention "
                "include its alternative provision academy, and that exclusions data be shared "
                "every term rather than once a year."
            ),
            taken_into_account=(
                "The Mentors in Violence Prevention action now includes the alternative "
                "provision academy, and the exclusions protocol provides for termly data."
            ),
        ),
        DemoConsultation(
            organisation=N_PRISON,
            invited_days_ago=440,
            responded_days_ago=412,
            response=(
                "HMP Northshire supports priority 4 and will meet people at the gate with "
                "probation. It asks that accommodation be settled before release day."
            ),
            taken_into_account=(
                "A housing pathway action was added with the prison contributing, and the "
                "day-of-release action is specified for HMP Northshire."
            ),
        ),
    ),
    sign_offs=(
        DemoSignOff(N_COUNCIL, "helen.marsh@example.org", "Cabinet", 418, "CAB/2025/114"),
        DemoSignOff(
            N_POLICE,
            "richard.bell@example.org",
            "Police and Crime Commissioner's Accountability Board",
            416,
            "PAB 25/37",
        ),
        DemoSignOff(
            N_FIRE, "mark.pennington@example.org", "Northshire Fire Authority", 411, "FA/25/19"
        ),
        DemoSignOff(
            N_ICB,
            "fiona.mackay@example.org",
            "Northshire and Eastmarsh ICB Board",
            409,
            "ICB-B 25-088",
            decision=SignOff.Decision.APPROVED_WITH_CHANGES,
        ),
        DemoSignOff(
            N_YJS, "kwame.mensah@example.org", "Youth Justice Management Board", 406, "YJMB 25/06"
        ),
        DemoSignOff(
            N_PROBATION,
            "paul.reid@example.org",
            "Northshire Reducing Reoffending Board",
            404,
            "RRB/2025/11",
        ),
    ),
    agreed_days_ago=400,
    published_days_ago=395,
    meetings=(
        DemoMeeting(
            days_ago=335,
            kind=BOARD,
            title="Partnership board: annual review of the strategy",
            attendees=(*N_SPECIFIED, N_OPCC, N_CHARITY, N_PRISON),
            decisions=(
                "- Completed the annual review of the strategy.\n"
                "- Agreed to revise it: a safe space on Market Street, and a lower target for "
                "violence with injury.\n"
                "- Asked each lead organisation to update its actions before the next board."
            ),
        ),
        DemoMeeting(
            days_ago=250,
            kind=BOARD,
            title="Partnership board: delivery report",
            attendees=(N_COUNCIL, N_POLICE, N_FIRE, N_ICB, N_YJS, N_OPCC),
            decisions=(
                "- Noted the licensing appeal delaying staggered closing times.\n"
                "- Agreed the Eastmarsh navigator business case go to the ICB board."
            ),
        ),
        DemoMeeting(
            days_ago=200,
            kind=Meeting.Kind.TASK_AND_FINISH,
            title="Night-time economy task and finish group",
            attendees=(N_COUNCIL, N_POLICE, N_ICB),
            decisions="- Agreed the safe space's opening hours and staffing.",
        ),
        DemoMeeting(
            days_ago=160,
            kind=BOARD,
            title="Partnership board: commissioning and funding",
            attendees=(*N_SPECIFIED, N_OPCC, N_SCHOOLS),
            decisions=(
                "- Agreed to re-advertise the fire cadets contract.\n"
                "- Asked the council to find a new supported housing provider."
            ),
        ),
        DemoMeeting(
            days_ago=70,
            kind=BOARD,
            title="Partnership board: mid-year performance",
            attendees=(N_COUNCIL, N_POLICE, N_FIRE, N_ICB, N_YJS, N_OPCC, N_CHARITY),
            decisions=(
                "- Noted three actions off track and asked their leads for recovery plans.\n"
                "- Agreed the timetable for the next annual review."
            ),
        ),
    ),
    commissions=(
        DemoCommission(
            days_ago=380,
            kind=Commission.Kind.SERVICE,
            title="Hospital navigators at Northshire General Hospital",
            description="Youth workers in the emergency department, provided by the Youth Trust.",
            commissioner=N_ICB,
            value="180000",
            starts_year=-1,
            ends_year=0,
            status=Commission.Status.LIVE,
            priorities=(P_REACH,),
            provision=("Hospital navigators",),
        ),
        DemoCommission(
            days_ago=375,
            kind=Commission.Kind.SERVICE,
            title="Focused deterrence support workers",
            description="Two support workers who help people leave group violence.",
            commissioner=N_OPCC,
            value="95000",
            starts_year=-1,
            ends_year=0,
            status=Commission.Status.LIVE,
            priorities=(P_REOFFENDING,),
            provision=("Northshire focused deterrence",),
        ),
        DemoCommission(
            days_ago=150,
            kind=Commission.Kind.OPPORTUNITY,
            title="Hospital navigators at Eastmarsh General Hospital",
            description=(
                "Youth workers for Eastmarsh General's emergency department, for two years "
                "from April, evaluated with the Northshire General service."
            ),
            commissioner=N_ICB,
            value="240000",
            starts_year=1,
            ends_year=2,
            status=Commission.Status.PLANNED,
            priorities=(P_REACH,),
            later=(40, Commission.Status.OUT_TO_TENDER),
        ),
    ),
    review=DemoReview(
        days_ago=335,
        participants=(*N_SPECIFIED, N_OPCC, N_CHARITY, N_PRISON),
        working=(
            "Taxi marshals and patrols informed by A&E data: violence with injury in Northgate "
            "town centre at night is down on the year before. Bleed control kits are in every "
            "late-licensed premises."
        ),
        not_working=(
            "Staggered closing times are held up by a licensing appeal, and Eastmarsh General "
            "still has no youth workers."
        ),
        evaluation_evidence=(
            "Quarterly figures from the police and the ICB; the violence reduction unit's "
            "evaluation of the hospital navigators."
        ),
        decision=Review.Decision.REVISE,
        changes_agreed=(
            "Brought forward to line up with next year's budget round: add a safe space on "
            "Market Street to priority 2, and lower the target for violence with injury to "
            "2,650 a quarter by early 2028."
        ),
    ),
    revision=DemoRevision(
        started_days_ago=330,
        summary=(
            "Our 2025/26 strategic needs assessment found that serious violence in Northshire is "
            "concentrated in **Northgate town centre at night** and among **children and young "
            "adults**. This strategy sets five priorities for the three years to March 2028:\n\n"
            "1. prevent children being drawn into violence and exploitation;\n"
            "2. make Northgate town centre safe at night;\n"
            "3. reach young people harmed by violence at the reachable moment;\n"
            "4. reduce reoffending by people convicted of violence;\n"
            "5. prevent deliberate fire-setting.\n\n"
            "This second version follows our first annual review: it adds a safe space in "
            "Northgate and raises our ambition for reducing violence with injury."
        ),
        sign_offs=(
            DemoSignOff(
                N_COUNCIL,
                "helen.marsh@example.org",
                "Cabinet Member for Communities (delegated decision)",
                322,
                "DD/2025/201",
            ),
            DemoSignOff(
                N_POLICE,
                "richard.bell@example.org",
                "Police and Crime Commissioner's Accountability Board",
                318,
                "PAB 25/52",
            ),
            DemoSignOff(
                N_FIRE,
                "mark.pennington@example.org",
                "Fire Authority Community Safety Committee",
                315,
                "CSC/25/08",
            ),
            DemoSignOff(
                N_ICB,
                "fiona.mackay@example.org",
                "Northshire and Eastmarsh ICB Board",
                312,
                "ICB-B 25-131",
            ),
            DemoSignOff(
                N_YJS,
                "kwame.mensah@example.org",
                "Youth Justice Management Board",
                310,
                "YJMB 25/09",
            ),
            DemoSignOff(
                N_PROBATION,
                "paul.reid@example.org",
                "Northshire Reducing Reoffending Board",
                307,
                "RRB/2025/16",
            ),
        ),
        agreed_days_ago=303,
        published_days_ago=300,
    ),
)

# --- Southvale: a year behind, its first strategy out for consultation ----------------------------

S_COUNCIL = "Southvale County Borough Council"
S_POLICE = "Southvale Police"
S_FIRE = "Southvale Fire and Rescue Service"
S_HEALTH = "Southvale University Health Board"
S_PRISON = "HMP Southvale"
S_YJS = "Southvale Youth Justice Service"
S_PROBATION = "Southvale Probation Delivery Unit"
S_SCHOOL = "Ysgol Gyfun Southvale"
S_OPCC = "Office of the Southvale Police and Crime Commissioner"

SF_SUMMER = "Violence with injury peaks every July to September"
SF_BUS_STATION = "The bus station after school is Southvale's hotspot for violence"
SF_ADMISSIONS = "Admissions after an assault with a sharp object are few but mostly young men"
SR_AFTER_SCHOOL = "Work with schools and bus operators on the after-school hotspot"
SR_SUPPORT = "Offer every young person admitted after an assault a youth worker"

SOUTHVALE_SNA_2025 = DemoAgreedSna(
    period="2025/26",
    scope="Serious violence across Southvale County Borough, April 2023 to March 2025.",
    methodology="Quarterly returns from the police and the health board; partners' insight.",
    modules=tuple(
        (kind, "southvale.lead@example.org", text)
        for kind, text in (
            (MK.EXECUTIVE_SUMMARY, "Violence is falling slowly but gathers after school."),
            (MK.LOCAL_CONTEXT, "A county borough of 150,000 people in the south Wales valleys."),
            (MK.PROBLEM_PROFILE, "Around 600 offences of violence with injury a quarter."),
            (MK.WHO_IS_AT_RISK, "Young men aged 15 to 24, as victims and as offenders."),
            (MK.PLACES, "The bus station and the town centre between 3pm and 6pm."),
            (MK.RISK_AND_PROTECTIVE_FACTORS, "Exclusion and alcohol; youth clubs protect."),
            (MK.PROVISION_AND_GAPS, "No youth workers at the hospital's emergency department."),
            (MK.VOICE, "Pupils say fights are filmed and shared at the bus station."),
            (MK.RECOMMENDATIONS, "Two recommendations: the after-school hotspot and support."),
        )
    ),
    findings=(
        DemoAgreedFinding(
            FK.TREND, SF_SUMMER, "Each July to September quarter is highest.", (VWI,)
        ),
        DemoAgreedFinding(
            FK.PLACE, SF_BUS_STATION, "One assault in eight, from 3pm to 6pm on weekdays.", (VWI,)
        ),
        DemoAgreedFinding(
            FK.COHORT, SF_ADMISSIONS, "Fewer than five a quarter; most aged 15 to 24.", (HOSPITAL,)
        ),
    ),
    recommendations=(
        DemoAgreedRecommendation(
            SR_AFTER_SCHOOL, "Staggered home times, staff at the bus station.", (SF_BUS_STATION,)
        ),
        DemoAgreedRecommendation(
            SR_SUPPORT, "A youth worker in the emergency department.", (SF_ADMISSIONS,)
        ),
    ),
    started_days_ago=420,
    agreed_days_ago=330,
)

SOUTHVALE_STRATEGY = DemoStrategy(
    sna=SOUTHVALE_SNA_2025,
    title="Southvale Serious Violence Strategy 2026 to 2029",
    start_period="2026/27",
    end_period="2028/29",
    foreword="Our first serious violence strategy, written with young people in Southvale.",
    summary="Three priorities: the after-school hotspot, support for young people harmed by "
    "violence, and the summer peak.",
    governance="The Southvale Community Safety Partnership board owns the strategy.",
    engagement="Drafted with the Southvale Association of Voluntary Services and two schools.",
    resources="Home Office Serious Violence Duty funding and partners' own budgets.",
    started_days_ago=120,
    consultation_days_ago=30,
    priorities=(
        DemoPriority(
            key="after-school",
            title="Make the town centre and bus station safe after school",
            rationale="One assault in eight happens at the bus station between 3pm and 6pm.",
            findings=(SF_BUS_STATION,),
            recommendations=(SR_AFTER_SCHOOL,),
            problem="Pupils from three schools meet at the bus station at the same time.",
            activities="Staggered home times, staff and police at the bus station.",
            outputs="A plan agreed with the schools and the bus operator.",
            outcomes="Fewer assaults at the bus station after school.",
            impact="Young people travel home safely.",
        ),
        DemoPriority(
            key="support",
            title="Support young people harmed by violence",
            rationale="Most of those admitted after a stabbing are young men we could reach.",
            findings=(SF_ADMISSIONS,),
            recommendations=(SR_SUPPORT,),
        ),
        DemoPriority(
            key="summer",
            title="Reduce the summer peak in violence",
            rationale="Violence with injury peaks every summer.",
            findings=(SF_SUMMER,),
        ),
    ),
    measures=(
        DemoMeasure(
            key="vwi",
            name="Violence with injury per quarter",
            kind=OUTCOME,
            priority="after-school",
            data_measure=VWI,
            baseline="566",
            baseline_period="2025-Q4",
            target="520",
            target_period="2029-Q1",
            direction=Down,
            frequency=Quarterly,
        ),
        DemoMeasure(
            key="hospital",
            name="Hospital admissions for assault with a sharp object per quarter",
            kind=OUTCOME,
            priority="support",
            data_measure=HOSPITAL,
            baseline="4",
            baseline_period="2025/26 average",
            target="3",
            target_period="2028/29",
            direction=Down,
            frequency=Quarterly,
            restricted=True,
        ),
    ),
    actions=(
        DemoAction(
            priority="after-school",
            title="A plan for the bus station from 3pm to 6pm with schools and the bus operator",
            description="Staggered home times and staff at the bus station.",
            lead=S_COUNCIL,
            lead_person="owain.jenkins@example.org",
            element=STRATEGY_ELEMENT,
            start_in=130,
            due_in=300,
            contributing=(S_POLICE, S_SCHOOL),
            authority=S_SCHOOL,
        ),
        DemoAction(
            priority="after-school",
            title="Police patrols at the bus station after school",
            description="Neighbourhood officers at the bus station on weekdays in term time.",
            lead=S_POLICE,
            lead_person="huw.price@example.org",
            element=STRATEGY_ELEMENT,
            start_in=130,
            due_in=400,
        ),
        DemoAction(
            priority="support",
            title="Youth workers in the emergency department",
            description="A youth worker for young people admitted after an assault.",
            lead=S_HEALTH,
            lead_person="sian.roberts@example.org",
            element="effective-commissioning",
            start_in=200,
            due_in=500,
        ),
        DemoAction(
            priority="support",
            title="Bleed control sessions in every secondary school",
            description="First aid for stab wounds, and the facts about carrying knives.",
            lead=S_HEALTH,
            lead_person="sian.roberts@example.org",
            element=STRATEGY_ELEMENT,
            start_in=130,
            due_in=320,
            contributing=(S_FIRE,),
        ),
        DemoAction(
            priority="summer",
            title="Summer evening activities in the valleys",
            description="Youth clubs open late from July to September.",
            lead=S_YJS,
            lead_person="dylan.hughes@example.org",
            element="community-engagement",
            start_in=220,
            due_in=320,
        ),
    ),
    consultations=(
        DemoConsultation(
            organisation=S_SCHOOL,
            invited_days_ago=30,
            responded_days_ago=10,
            response="The school supports the plan and will stagger its home time if others do.",
            taken_into_account="The bus station action is specified for the school.",
        ),
        DemoConsultation(organisation=S_PRISON, invited_days_ago=30),
    ),
    sign_offs=(
        DemoSignOff(S_COUNCIL, "owain.jenkins@example.org", "Cabinet", 20, "CAB 26/71"),
        DemoSignOff(
            S_POLICE,
            "ceri.morgan@example.org",
            "Police and Crime Commissioner's Strategic Board",
            12,
            "SB/26/14",
        ),
        DemoSignOff(
            S_HEALTH,
            "sian.roberts@example.org",
            "Southvale University Health Board",
            6,
            "UHB 26/203",
        ),
    ),
    meetings=(
        DemoMeeting(
            days_ago=150,
            kind=BOARD,
            title="Partnership board: the strategic needs assessment",
            attendees=(S_COUNCIL, S_POLICE, S_FIRE, S_HEALTH, S_YJS, S_PROBATION, S_OPCC),
            decisions="- Agreed the priorities for the first strategy.",
        ),
        DemoMeeting(
            days_ago=35,
            kind=BOARD,
            title="Partnership board: draft strategy",
            attendees=(S_COUNCIL, S_POLICE, S_HEALTH, S_YJS, S_SCHOOL, S_OPCC),
            decisions="- Agreed to consult on the draft strategy for four weeks.",
        ),
    ),
)

STRATEGY_DEMOS = {"northshire": NORTHSHIRE_STRATEGY, "southvale": SOUTHVALE_STRATEGY}
