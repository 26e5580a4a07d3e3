"""The SNA's findings grouped by kind, its recommendations, and the evidence a finding may
cite."""

from collections import defaultdict

from django.db.models import Count, Q

from partnerships.models import Partnership

from ..models import Assessment, Contribution, Finding, Recommendation


def findings_for_assessment(*, assessment: Assessment) -> list[tuple[str, str, list[Finding]]]:
    """The SNA's findings grouped by kind (in the kinds' order), each with its evidence."""
    findings = (
        Finding.objects.filter(assessment=assessment)
        .annotate(
            contribution_count=Count("contributions", distinct=True),
            measure_count=Count("measures", distinct=True),
        )
        .prefetch_related("contributions__organisation", "measures")
        .order_by("title", "pk")
    )
    by_kind = defaultdict(list)
    for finding in findings:
        by_kind[finding.kind].append(finding)
    return [(kind, label, by_kind[kind]) for kind, label in Finding.Kind.choices if by_kind[kind]]


def recommendations_for_assessment(*, assessment: Assessment) -> list[Recommendation]:
    return list(
        Recommendation.objects.filter(assessment=assessment)
        .prefetch_related("findings")
        .order_by("order", "pk")
    )


def finding_evidence_choices(
    *, partnership: Partnership, finding: Finding | None = None
) -> list[Contribution]:
    """Accepted contributions a finding may cite (plus any it already cites), by element."""
    q = Q(status=Contribution.Status.ACCEPTED)
    if finding is not None and finding.pk:
        q |= Q(findings=finding)
    return list(
        Contribution.objects.filter(partnership=partnership)
        .filter(q)
        .select_related("element", "organisation")
        .distinct()
        .order_by("element__order", "organisation__name", "title")
    )
