"""The evidence for each partnership's 2026/27 strategic needs assessment (SNA).

An agreed local definition (and, in Northshire, a draft of the next version with a partner's
amendment), the SNA's modules, calls for contributions, contributions in every state of review,
three years of quarterly figures, findings, recommendations and the provision map. Days are
counted back from the day the demo is seeded, so the calls stay open or closed whenever that is.
"""

from dataclasses import asdict, dataclass
from datetime import date

from assessments.models import AssessmentModule, Contribution, Finding, ProvisionService
from partnerships.models import Level

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
    # Days from today; negative: the due date has passed.
    due_in_days: int
    duty_role: str = ""
    organisations: tuple[str, ...] = ()
    # A call past its due date is closed once its answers are in: this many days ago.
    closed_days_ago: int | None = None


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
    # For an answer to a call: the day after the call was issued that it was submitted (after
    # the due date: late). Without one, it is drafted, submitted and reviewed today.
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
    # The lead started the SNA this many days ago, before the first call for evidence.
    started_days_ago: int
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
    started_days_ago=75,
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
            # The day after the last answer, three days late, was accepted.
            closed_days_ago=14,
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
            submitted_day=53,  # four days late
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
    started_days_ago=21,
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
