"""Where the portal already holds a return's answer: one function per source a question may name
(ReturnQuestion.Prefill), each given the grant and a partnership (None for a question answered
once for the grant) and returning the answer in its canonical text form, or "" when the portal
holds nothing yet.

Each function reads a fixed number of queries, whatever the partnership holds; a grant-wide call
of a per-partnership source answers for every partnership the grant covers, one line each.
Tenant rows are read with the partnership named explicitly (`with_scope`), as the convener's
pages run outside any one partnership's scope.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment, LocalDefinition
from assessments.selectors.sharing import sharing_summary_for
from documents.models import PublicPage
from oversight.selectors import compliance_for
from partnerships.models import Organisation, Partnership, Sector
from strategies.models import Strategy

from . import money
from .models import Allocation, Grant, GrantLine, ReturnQuestion, SpendRecord

Source = Callable[[Grant, Partnership | None], str]
Prefill = ReturnQuestion.Prefill
# A strategy that stands for the year: published (or under review after publication).
LIVE = (Strategy.Status.PUBLISHED, Strategy.Status.UNDER_REVIEW)


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _each(source: Source) -> Source:
    """A per-partnership source asked for the whole grant: one line per partnership."""

    def answer(grant: Grant, partnership: Partnership | None) -> str:
        if partnership is not None:
            return source(grant, partnership)
        lines = [
            f"{covered.name}: {source(grant, covered) or '—'}"
            for covered in grant.partnerships.order_by("name")
        ]
        return "\n".join(lines)

    return answer


def arrangement(grant: Grant, partnership: Partnership) -> str:
    """The partnership model, then the lead's answers to the arrangement questions in order."""
    answers = [
        str(partnership.arrangement[number]).strip()
        for number in sorted(partnership.arrangement, key=lambda key: int(key))
        if str(partnership.arrangement[number]).strip()
    ]
    return "\n".join([str(partnership.get_model_display()), *answers])


def definition_agreed_on(grant: Grant, partnership: Partnership) -> str:
    definition = (
        LocalDefinition.objects.with_scope(partnership=partnership)
        .filter(status=LocalDefinition.Status.AGREED)
        .only("agreed_on")
        .first()
    )
    return _iso(definition.agreed_on if definition else None)


def sna_agreed_on(grant: Grant, partnership: Partnership) -> str:
    """The SNA for the grant year, once agreed (published SNAs were agreed first)."""
    assessment = (
        Assessment.objects.with_scope(partnership=partnership)
        .filter(
            period=grant.grant_year,
            status__in=[Assessment.Status.AGREED, Assessment.Status.PUBLISHED],
        )
        .only("agreed_on")
        .first()
    )
    return _iso(assessment.agreed_on if assessment else None)


def _strategy(grant: Grant, partnership: Partnership) -> Strategy | None:
    """The published strategy covering the grant year, newest first (one query)."""
    return (
        Strategy.objects.with_scope(partnership=partnership)
        .filter(
            status__in=LIVE,
            start_period__lte=grant.grant_year,
            end_period__gte=grant.grant_year,
        )
        .order_by("-start_period", "-pk")
        .first()
    )


def strategy_published_on(grant: Grant, partnership: Partnership) -> str:
    strategy = _strategy(grant, partnership)
    return _iso(strategy.published_on if strategy else None)


def strategy_address(grant: Grant, partnership: Partnership) -> str:
    """The strategy's public page, as anyone reads it (documents/public_views.py)."""
    strategy = _strategy(grant, partnership)
    if strategy is None:
        return ""
    page = (
        PublicPage.objects.with_scope(partnership=partnership)
        .filter(strategy=strategy, published_at__isnull=False, withdrawn_at__isnull=True)
        .first()
    )
    if page is None:
        return ""
    path = reverse(
        "published-strategy",
        kwargs={"partnership_slug": partnership.slug, "address": page.address},
    )
    return settings.SITE_URL + path


def strategy_review_due(grant: Grant, partnership: Partnership) -> str:
    strategy = _strategy(grant, partnership)
    return _iso(strategy.next_review_due if strategy else None)


def _spend(kind: str) -> Source:
    def spent(grant: Grant, partnership: Partnership | None) -> str:
        """Spent in the grant year from the grant's `kind` line, to the penny."""
        records = SpendRecord.objects.with_scopes_disabled().filter(
            allocation__line__grant=grant, allocation__line__kind=kind, year=grant.grant_year
        )
        if partnership is not None:
            records = records.filter(partnership=partnership)
        amount = records.aggregate(total=Sum("actual"))["total"]
        return str(money.total([amount]))

    return spent


def interventions_funded(grant: Grant, partnership: Partnership | None) -> str:
    """How many interventions (provision map services) the grant's money pays for."""
    parts = Allocation.objects.with_scopes_disabled().filter(
        line__grant=grant, parent__isnull=False, service__isnull=False
    )
    if partnership is not None:
        parts = parts.filter(partnership=partnership)
    return str(parts.order_by().values("service_id").distinct().count())


def data_sharing(grant: Grant, partnership: Partnership) -> str:
    """Specified authorities party to an in-date data sharing agreement, of all of them."""
    today = timezone.localdate()
    covered = sharing_summary_for(partnership_ids=[partnership.pk], today=today)[partnership.pk][
        "covered"
    ]
    specified = set(
        Organisation.objects.with_scope(partnership=partnership)
        .filter(retired_at__isnull=True, sector__authority_type=Sector.AuthorityType.SPECIFIED)
        .values_list("pk", flat=True)
    )
    return _(
        "%(covered)s of %(total)s specified authorities covered by a data sharing agreement"
    ) % {
        "covered": len(specified & covered),
        "total": len(specified),
    }


def engagement(grant: Grant, partnership: Partnership) -> str:
    """The Duty checklist lines the partnership meets today (oversight.selectors)."""
    standing = compliance_for(partnerships=[partnership], today=timezone.localdate())[
        partnership.pk
    ]
    return _("%(met)s of %(total)s Duty checklist lines met") % {
        "met": standing.met_count,
        "total": standing.total,
    }


# Every source a question may name: key → (label, function).
SOURCES: dict[str, tuple[str, Source]] = {
    Prefill.ARRANGEMENT: (Prefill.ARRANGEMENT.label, _each(arrangement)),
    Prefill.DEFINITION_AGREED_ON: (Prefill.DEFINITION_AGREED_ON.label, _each(definition_agreed_on)),
    Prefill.SNA_AGREED_ON: (Prefill.SNA_AGREED_ON.label, _each(sna_agreed_on)),
    Prefill.STRATEGY_PUBLISHED_ON: (
        Prefill.STRATEGY_PUBLISHED_ON.label,
        _each(strategy_published_on),
    ),
    Prefill.STRATEGY_ADDRESS: (Prefill.STRATEGY_ADDRESS.label, _each(strategy_address)),
    Prefill.STRATEGY_REVIEW_DUE: (Prefill.STRATEGY_REVIEW_DUE.label, _each(strategy_review_due)),
    Prefill.SPEND_LABOUR: (Prefill.SPEND_LABOUR.label, _spend(GrantLine.Kind.LABOUR)),
    Prefill.SPEND_NON_LABOUR: (Prefill.SPEND_NON_LABOUR.label, _spend(GrantLine.Kind.NON_LABOUR)),
    Prefill.INTERVENTIONS_FUNDED: (Prefill.INTERVENTIONS_FUNDED.label, interventions_funded),
    Prefill.DATA_SHARING: (Prefill.DATA_SHARING.label, _each(data_sharing)),
    Prefill.ENGAGEMENT: (Prefill.ENGAGEMENT.label, _each(engagement)),
}


def prefilled(source: str, *, grant: Grant, partnership: Partnership | None) -> str:
    """What `source` holds for the grant (and partnership), "" for an unknown or blank one."""
    if source not in SOURCES:
        return ""
    return SOURCES[source][1](grant, partnership)
