"""Reads of the consultation on the draft strategy done in the portal: the draft read section by
section, who a respondent speaks for, their own response, the responses the lead answers, and
the summary the strategy page and document print. Each in a constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import LocalDefinition, OutsideBody
from assessments.selectors import definition_shown
from assessments.selectors.contacts import consultee_body
from partnerships.access import Actor
from partnerships.models import Organisation
from partnerships.roles import Permission

from ..models import (
    Action,
    ConsultationComment,
    ConsultationPeriod,
    ConsultationResponse,
    Priority,
    Strategy,
)


@dataclass(frozen=True)
class Section:
    """A part of the draft a respondent comments on, by a key that stays the same while the
    draft changes ("summary", "priority-12")."""

    key: str
    title: str
    text: str = ""
    priority: Priority | None = None
    actions: list[Action] = field(default_factory=list)
    definition: LocalDefinition | None = None


def _priorities(strategy: Strategy, *, with_restricted: bool) -> list[Priority]:
    priorities = Priority.objects.filter(strategy=strategy)
    actions = Action.objects.select_related("lead_organisation").order_by("order", "pk")
    if not with_restricted:
        priorities = priorities.filter(restricted=False)
        actions = actions.filter(restricted=False)
    return list(
        priorities.order_by("order", "pk").prefetch_related(Prefetch("actions", queryset=actions))
    )


def consultation_sections(*, strategy: Strategy, with_restricted: bool) -> list[Section]:
    """The draft in the order the strategy document prints it: foreword, summary, governance,
    the local definition, each priority with its actions, engagement, resources. Restricted
    priorities and actions only for those who may see the whole strategy. Three queries."""
    definition = definition_shown(assessment=strategy.assessment)
    sections = [
        Section("foreword", _("Foreword"), strategy.foreword),
        Section("summary", _("Executive summary"), strategy.summary),
        Section("governance", _("Partnership arrangements and governance"), strategy.governance),
        Section("definition", _("Local definition of serious violence"), definition=definition),
    ]
    for number, priority in enumerate(_priorities(strategy, with_restricted=with_restricted), 1):
        sections.append(
            Section(
                f"priority-{priority.pk}",
                _("Priority %(number)s: %(title)s") % {"number": number, "title": priority.title},
                priority.rationale,
                priority=priority,
                actions=list(priority.actions.all()),
            )
        )
    sections += [
        Section(
            "engagement",
            _("Engagement with the voluntary sector, young people and communities"),
            strategy.engagement,
        ),
        Section("resources", _("Resources and funding"), strategy.resources),
    ]
    return sections


def sees_restricted(actor: Actor) -> bool:
    """Restricted priorities and actions are operational detail for those who may see the
    strategy; observers and consultees read what a public version would show."""
    return actor.may(Permission.VIEW_STRATEGY)


def consultation_period(*, strategy: Strategy) -> ConsultationPeriod | None:
    return ConsultationPeriod.objects.filter(strategy=strategy).first()


def consultation_is_open(*, strategy: Strategy, period: ConsultationPeriod | None, today=None):
    """Comments are taken while the strategy is still a draft (being drafted, consulted on or
    revised) and the lead's consultation is open: from its opening to its closing date."""
    today = today or timezone.localdate()
    return strategy.is_editable and period is not None and period.is_open_on(today)


def respondent_for(*, actor: Actor) -> tuple[Organisation | None, OutsideBody | None]:
    """Who the person's response speaks for: a member their organisation; a consultee, who
    belongs to no organisation, the body outside the partnership they were invited from.
    (None, None) when neither."""
    if actor.organisation is not None:
        return actor.organisation, None
    if actor.user is None:
        return None, None
    return None, consultee_body(partnership_id=actor.partnership.pk, user_id=actor.user.pk)


def own_response(
    *, strategy: Strategy, organisation=None, outside_body=None
) -> ConsultationResponse | None:
    """The organisation's or body's response to the strategy, draft or submitted, with its
    comments. Two queries."""
    if organisation is None and outside_body is None:
        return None
    return (
        ConsultationResponse.objects.filter(
            strategy=strategy,
            **({"organisation": organisation} if organisation else {"outside_body": outside_body}),
        )
        .prefetch_related(Prefetch("comments", queryset=ConsultationComment.objects.all()))
        .first()
    )


def submitted_responses(*, strategy: Strategy) -> list[ConsultationResponse]:
    """The submitted responses, in the order they came, each with its respondent, who submitted
    it and its comments. Two queries."""
    return list(
        ConsultationResponse.objects.filter(strategy=strategy, submitted_at__isnull=False)
        .select_related("organisation", "outside_body", "submitted_by")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=ConsultationComment.objects.select_related("answered_by"),
            )
        )
        .order_by("submitted_at", "pk")
    )


@dataclass
class ResponseSummary:
    """One respondent in the consultation summary: the organisation or body by name, never the
    person who wrote or answered, so the summary may travel."""

    name: str
    submitted_on: object
    overall: str
    comments: list[ConsultationComment]

    @property
    def changes(self) -> list[ConsultationComment]:
        return [c for c in self.comments if c.changed == ConsultationComment.Changed.CHANGED]

    @property
    def answered(self) -> int:
        return sum(1 for c in self.comments if c.is_answered)


def consultation_summary(*, strategy: Strategy) -> list[ResponseSummary]:
    """Who responded in the portal, when, what they said and what it changed, for the strategy
    page and the strategy document. Two queries."""
    responses = (
        ConsultationResponse.objects.filter(strategy=strategy, submitted_at__isnull=False)
        .select_related("organisation", "outside_body")
        .prefetch_related("comments")
        .order_by("submitted_at", "pk")
    )
    return [
        ResponseSummary(
            name=response.respondent.name,
            submitted_on=timezone.localdate(response.submitted_at),
            overall=response.overall,
            comments=list(response.comments.all()),
        )
        for response in responses
    ]
