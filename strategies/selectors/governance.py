"""Reads of the strategy's governance: who has signed off which version and who still must,
the consultation of the relevant authorities the Act names, the partnership's meetings and who
attended, and what these records show each organisation doing for the engagement matrix."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from assessments.models import CONSULTEE_KINDS, OutsideBody
from partnerships.access import Actor
from partnerships.models import Organisation, Sector

from ..models import CONSULTEE_SECTORS, Consultation, Meeting, Review, SignOff, Strategy
from ..rules import may_manage

# Statutory roles in the order pages list them: those who must sign off first.
STATUTORY_ROLE_ORDER = {value: index for index, value in enumerate(Sector.AuthorityType.values)}


def _organisation_by_role(organisation: Organisation) -> tuple[int, str]:
    return STATUTORY_ROLE_ORDER.get(
        organisation.sector.authority_type, len(STATUTORY_ROLE_ORDER)
    ), organisation.name


# --- sign-off


def specified_authorities(*, partnership_id: int):
    """The partnership's current specified authorities, by name: each must sign off a version
    of the strategy (or the lead record why it has not) before it can be agreed."""
    return Organisation.objects.filter(
        partnership_id=partnership_id,
        retired_at__isnull=True,
        sector__authority_type=Sector.AuthorityType.SPECIFIED,
    ).order_by("name")


def _not_signed(rows: Iterable[tuple[Organisation, SignOff | None]]) -> list[Organisation]:
    """The organisations whose decision, if any, does not count as signing off."""
    return [o for o, sign_off in rows if not (sign_off and sign_off.counts_as_signed)]


@dataclass
class SignOffProgress:
    """Each specified authority with its decision on the current version, if any."""

    rows: list[tuple[Organisation, SignOff | None]]

    @property
    def required(self) -> int:
        return len(self.rows)

    @property
    def signed(self) -> int:
        return self.required - len(self.outstanding)

    @property
    def outstanding(self) -> list[Organisation]:
        return _not_signed(self.rows)


def sign_off_progress(*, strategy: Strategy) -> SignOffProgress:
    """Every current specified authority with its decision on the strategy's current version,
    if any. Two queries."""
    decisions = {
        sign_off.organisation_id: sign_off
        for sign_off in SignOff.objects.filter(strategy=strategy, version=strategy.version)
    }
    return SignOffProgress(
        rows=[
            (organisation, decisions.get(organisation.pk))
            for organisation in specified_authorities(partnership_id=strategy.partnership_id)
        ]
    )


def sign_offs_outstanding(*, strategy: Strategy) -> list[Organisation]:
    """Specified authorities (active) with no sign-off counting for the current version: the
    strategy cannot be agreed while any remain. Two queries."""
    return sign_off_progress(strategy=strategy).outstanding


@dataclass
class SignOffRow:
    organisation: Organisation
    sign_off: SignOff | None
    # A current specified authority: the strategy cannot be agreed without its decision.
    must_sign: bool
    # Whether the person reading may record this organisation's decision now (set by the page).
    may_record: bool = False

    @property
    def counts_as_signed(self) -> bool:
        return self.sign_off is not None and self.sign_off.counts_as_signed


@dataclass
class SignOffStatus:
    """Who has signed off the current version, who still must, and earlier versions' record."""

    rows: list[SignOffRow]
    outstanding: list[Organisation]
    earlier: list[SignOff]

    @property
    def can_be_agreed(self) -> bool:
        return not self.outstanding


def sign_off_status(*, strategy: Strategy) -> SignOffStatus:
    """Every current specified authority (these must sign off), then any other organisation
    that has recorded a decision on the current version, each with that decision or none; the
    specified authorities still outstanding; and decisions on earlier versions. Two queries,
    however many organisations and decisions."""
    sign_offs = list(
        SignOff.objects.filter(strategy=strategy)
        .select_related("organisation__sector")
        .order_by("-version", "organisation__name")
    )
    current = {s.organisation_id: s for s in sign_offs if s.version == strategy.version}
    must_sign = specified_authorities(partnership_id=strategy.partnership_id).select_related(
        "sector"
    )
    rows = [SignOffRow(org, current.pop(org.pk, None), must_sign=True) for org in must_sign]
    outstanding = _not_signed((row.organisation, row.sign_off) for row in rows)
    rows += [
        SignOffRow(sign_off.organisation, sign_off, must_sign=False)
        for sign_off in sorted(
            current.values(), key=lambda s: _organisation_by_role(s.organisation)
        )
    ]
    return SignOffStatus(
        rows=rows,
        outstanding=outstanding,
        earlier=[s for s in sign_offs if s.version < strategy.version],
    )


def sign_off_organisation_choices(*, actor: Actor):
    """The organisations whose decision the person may record: any current one for the lead,
    else their own (rules.may_record_sign_off says the same of each)."""
    organisations = Organisation.objects.filter(
        partnership=actor.partnership, retired_at__isnull=True
    ).select_related("sector")
    if not may_manage(actor=actor):
        organisations = organisations.filter(pk=actor.organisation_id)
    return organisations.order_by("name")


# --- consultation


def consultees(*, partnership_id: int):
    """The partnership's current relevant authorities the Act says must be consulted on the
    strategy (education, prisons and youth custody), by name."""
    return (
        Organisation.objects.filter(
            partnership_id=partnership_id,
            retired_at__isnull=True,
            sector__slug__in=CONSULTEE_SECTORS,
        )
        .select_related("sector")
        .order_by("name")
    )


def consultee_bodies(*, partnership_id: int):
    """The educational, prison and youth custody authorities on the partnership's register of
    bodies outside it: the Act's consultees whether members or not."""
    return OutsideBody.objects.filter(
        partnership_id=partnership_id, retired_at__isnull=True, kind__in=CONSULTEE_KINDS
    ).order_by("name")


@dataclass
class ConsultationRow:
    """A relevant authority (a member organisation or a body outside the partnership) with its
    consultation, or none yet."""

    consultee: Organisation | OutsideBody
    consultation: Consultation | None

    @property
    def is_member(self) -> bool:
        return isinstance(self.consultee, Organisation)

    @property
    def name(self) -> str:
        return self.consultee.name

    @property
    def kind_label(self) -> str:
        if self.is_member:
            return self.consultee.sector.name
        return self.consultee.get_kind_display()

    @property
    def query(self) -> str:
        """How the page for recording its consultation is asked for it."""
        return f"{'organisation' if self.is_member else 'body'}={self.consultee.pk}"


def consultation_status(*, strategy: Strategy) -> list[ConsultationRow]:
    """Every relevant authority the Act says must be consulted (education, prisons and youth
    custody), member organisation or body outside the partnership, with its consultation or
    none, then any other consulted (one since retired, say). Three queries."""
    by_organisation, by_body = {}, {}
    for consultation in Consultation.objects.filter(strategy=strategy).select_related(
        "organisation__sector", "outside_body"
    ):
        if consultation.organisation_id:
            by_organisation[consultation.organisation_id] = consultation
        else:
            by_body[consultation.outside_body_id] = consultation
    rows = [
        ConsultationRow(org, by_organisation.pop(org.pk, None))
        for org in consultees(partnership_id=strategy.partnership_id)
    ]
    rows += [
        ConsultationRow(body, by_body.pop(body.pk, None))
        for body in consultee_bodies(partnership_id=strategy.partnership_id)
    ]
    rows += sorted(
        (ConsultationRow(c.consultee, c) for c in [*by_organisation.values(), *by_body.values()]),
        key=lambda row: row.name,
    )
    return rows


# --- meetings


def meeting_list(*, partnership):
    """The partnership's meetings, newest first, each with how many organisations attended:
    one query a page."""
    return (
        Meeting.objects.filter(partnership=partnership)
        .annotate(attendance=Count("attendees", distinct=True))
        .order_by("-held_on", "-pk")
    )


def meeting_attendance(*, meeting: Meeting) -> list[tuple[str, list[Organisation]]]:
    """The organisations that attended, grouped by statutory role in the Duty's order: one
    query."""
    groups: dict[str, list[Organisation]] = {}
    for organisation in sorted(
        meeting.attendees.select_related("sector"), key=_organisation_by_role
    ):
        groups.setdefault(organisation.statutory_role, []).append(organisation)
    return list(groups.items())


def meeting_attendee_choices(*, partnership, meeting: Meeting | None = None):
    """Organisations that may be recorded as attending: current ones, and any that have since
    retired but attended this meeting."""
    current = Q(retired_at__isnull=True)
    if meeting is not None:
        current |= Q(pk__in=meeting.attendees.values("pk"))
    return (
        Organisation.objects.filter(current, partnership=partnership)
        .select_related("sector")
        .order_by("name")
    )


# --- participation


def strategy_participation(
    *, partnership_ids: list[int], today: datetime.date | None = None
) -> dict[tuple[int, str], dict]:
    """What the partnerships' strategy records show each organisation doing, in three aggregate
    queries: {(organisation id, kind): {"count", "latest" (date)}}, where kind is "board" (it
    attended a board or extraordinary meeting in the 12 months to today), "sign_off" (its
    governance approved a version of the strategy) or "review" (it took part in a completed
    annual review). The engagement matrix and the Duty checklist both count these."""
    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.with_scope(partnership=partnership_ids)
        .filter(
            kind__in=[Meeting.Kind.BOARD, Meeting.Kind.EXTRAORDINARY],
            held_on__gte=today - relativedelta(months=12),
            held_on__lte=today,
            attendees__isnull=False,
        )
        .values(organisation_pk=F("attendees"))
        .annotate(count=Count("pk", distinct=True), latest=Max("held_on"))
    )
    sign_offs = (
        SignOff.objects.with_scope(partnership=partnership_ids)
        .filter(decision__in=[SignOff.Decision.APPROVED, SignOff.Decision.APPROVED_WITH_CHANGES])
        .values(organisation_pk=F("organisation_id"))
        .annotate(count=Count("pk"), latest=Max("decided_on"))
    )
    reviews = (
        Review.participants.through.objects.filter(
            review__partnership_id__in=partnership_ids, review__completed_at__isnull=False
        )
        .values(organisation_pk=F("organisation_id"))
        .annotate(count=Count("review_id", distinct=True), latest=Max("review__completed_at"))
    )
    found = {}
    for kind, rows in (("board", meetings), ("sign_off", sign_offs), ("review", reviews)):
        for row in rows.order_by():
            latest = row["latest"]
            if isinstance(latest, datetime.datetime):
                latest = timezone.localdate(latest)
            found[row["organisation_pk"], kind] = {"count": row["count"], "latest": latest}
    return found
