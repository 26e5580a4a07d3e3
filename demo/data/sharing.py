"""Each demo partnership's information governance (issue 17): the bodies outside it that the Act
asks it to consult, and its register of data sharing agreements.

Northshire keeps one ISA among most of its specified authorities and a community trust outside
the partnership, in force for some five months so its first review falls due within the month;
probation is deliberately not party to it yet, so the Duty checklist's data sharing line shows a
gap. Its DPIA is still a draft. (Its education trust and prison are members, consulted on its
strategy.) Southvale's ISA is younger; its strategy is out for consultation in the portal, and
the schools cluster and the secure children's home it has just recorded have not responded yet:
the schools cluster's head of safeguarding, invited as a consultee, has a comment in draft.
"""

from dataclasses import dataclass

from assessments.models import OutsideBody, SharingAgreement

from .sna import (
    FIRES,
    HOSPITAL,
    KNIFE,
    N_COUNCIL,
    N_FIRE,
    N_ICB,
    N_POLICE,
    N_YJS,
    S_COUNCIL,
    S_HEALTH,
    S_POLICE,
    S_YJS,
    VWI,
)

B = OutsideBody.Kind


@dataclass(frozen=True)
class DemoBody:
    name: str
    kind: str
    contact: str = ""


@dataclass(frozen=True)
class DemoAgreement:
    title: str
    kind: str
    reference: str
    purpose: str
    data_sets: str
    legal_bases: tuple[str, ...]
    organisations: tuple[str, ...]
    owner: str
    measures: tuple[str, ...] = ()
    outside_bodies: tuple[str, ...] = ()
    # None: still a draft, not yet in force.
    in_force_days_ago: int | None = None


@dataclass(frozen=True)
class DemoConsultee:
    """Someone from a body outside the partnership, invited to respond to the consultation on
    its draft strategy, who accepted and has started a comment."""

    email: str
    body: str
    invited_days_ago: int
    accepted_days_ago: int
    # (section key, comment) saved as a draft, not yet submitted.
    draft_comment: tuple[str, str] | None = None


@dataclass(frozen=True)
class DemoSharing:
    # Who registers them: the data lead every partnership's figures come through.
    keeper: str
    bodies: tuple[DemoBody, ...]
    agreements: tuple[DemoAgreement, ...]
    # The consultation in the portal on the draft strategy: opened on the day it went out for
    # consultation, until a day so many days from today; and the consultees from outside bodies.
    consultation_closes_in_days: int | None = None
    consultees: tuple[DemoConsultee, ...] = ()


N_TRUST = "Eastmarsh Community Trust"

SHARING_DEMOS = {
    "northshire": DemoSharing(
        keeper="partner@example.org",
        bodies=(DemoBody(N_TRUST, B.OTHER, "data@eastmarsh-trust.example.org"),),
        agreements=(
            DemoAgreement(
                title="Northshire serious violence information sharing agreement",
                kind=SharingAgreement.Kind.ISA,
                reference="NSVP-ISA-01",
                purpose=(
                    "To share aggregate, anonymised figures on serious violence so the partnership "
                    "can prepare its strategic needs assessment and monitor its response strategy."
                ),
                data_sets=(
                    "Quarterly counts by area and age band: recorded knife and offensive-weapon "
                    "offences, violence with injury, hospital admissions for assault with a sharp "
                    "object, deliberate fires. No personal data."
                ),
                legal_bases=("pcsc_s16", "gdpr_6_1_e"),
                organisations=(N_POLICE, N_COUNCIL, N_FIRE, N_ICB, N_YJS),
                owner=N_POLICE,
                measures=(KNIFE, VWI, HOSPITAL, FIRES),
                outside_bodies=(N_TRUST,),
                in_force_days_ago=160,
            ),
            DemoAgreement(
                title="DPIA: the partnership's SNA evidence in SVD Portal",
                kind=SharingAgreement.Kind.DPIA,
                reference="NSVP-DPIA-01",
                purpose=(
                    "To assess the risks of holding partners' evidence and figures for the "
                    "strategic needs assessment in a shared portal."
                ),
                data_sets="Contributions, data returns and their attachments.",
                legal_bases=("gdpr_6_1_e",),
                organisations=(N_COUNCIL, N_POLICE),
                owner=N_COUNCIL,
            ),
        ),
    ),
    "southvale": DemoSharing(
        keeper="partner@example.org",
        bodies=(
            DemoBody(
                "Southvale Primary Schools Cluster",
                B.EDUCATIONAL,
                "safeguarding@southvale-primaries.example.org",
            ),
            DemoBody("Southvale Secure Children's Home", B.YOUTH_CUSTODY),
        ),
        agreements=(
            DemoAgreement(
                title="Southvale community safety data sharing agreement",
                kind=SharingAgreement.Kind.ISA,
                reference="SCSP-ISA-01",
                purpose=(
                    "To share aggregate figures on violence for the strategic needs assessment "
                    "and the annual review of the response strategy."
                ),
                data_sets="Quarterly counts of violence with injury and hospital admissions.",
                legal_bases=("pcsc_s16", "gdpr_6_1_e"),
                organisations=(S_POLICE, S_COUNCIL, S_HEALTH, S_YJS),
                owner=S_POLICE,
                measures=(VWI, HOSPITAL),
                in_force_days_ago=90,
            ),
        ),
        consultation_closes_in_days=12,
        consultees=(
            DemoConsultee(
                email="cerys.lloyd@example.org",
                body="Southvale Primary Schools Cluster",
                invited_days_ago=20,
                accepted_days_ago=19,
                draft_comment=(
                    "summary",
                    "Primary schools see the first signs, years before secondary age: please "
                    "name transition to secondary school as a point to intervene.",
                ),
            ),
        ),
    ),
}
