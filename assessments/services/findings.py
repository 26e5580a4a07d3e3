"""The SNA's findings, each resting on accepted evidence, and the recommendations answering
them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.audit import save_with_history

from ..models import Contribution, Finding, Recommendation


def _check_finding(*, assessment, contributions, measures, already=()) -> None:
    if not contributions and not measures:
        raise ValidationError(
            _("A finding must cite at least one accepted contribution or measure as evidence")
        )
    already = {c.pk for c in already}
    for contribution in contributions:
        if contribution.partnership_id != assessment.partnership_id:
            raise ValidationError(_("Choose evidence from this partnership"))
        if contribution.status != Contribution.Status.ACCEPTED and contribution.pk not in already:
            raise ValidationError(
                _("%(title)s has not been accepted, so it cannot be cited as evidence")
                % {"title": contribution.title}
            )


@transaction.atomic
def finding_create(
    *, assessment, kind: str, title: str, description: str, contributions, measures, acting_user
) -> Finding:
    """Record a need the SNA found, resting on accepted evidence."""
    contributions, measures = list(contributions), list(measures)
    _check_finding(assessment=assessment, contributions=contributions, measures=measures)
    finding = Finding(
        partnership_id=assessment.partnership_id,
        assessment=assessment,
        kind=kind,
        title=title.strip(),
        description=description,
        created_by=acting_user,
    )
    finding.full_clean(exclude=["contributions", "measures", "created_by"])
    save_with_history(finding, acting_user=acting_user, reason=_("Finding recorded"))
    finding.contributions.set(contributions)
    finding.measures.set(measures)
    return finding


@transaction.atomic
def finding_edit(
    *,
    finding: Finding,
    kind: str,
    title: str,
    description: str,
    contributions,
    measures,
    acting_user,
) -> Finding:
    """Change a finding; evidence it already cites may stay even if changed since accepted."""
    contributions, measures = list(contributions), list(measures)
    _check_finding(
        assessment=finding.assessment,
        contributions=contributions,
        measures=measures,
        already=finding.contributions.all(),
    )
    finding.kind = kind
    finding.title = title.strip()
    finding.description = description
    finding.full_clean(exclude=["contributions", "measures", "created_by"])
    save_with_history(finding, acting_user=acting_user)
    finding.contributions.set(contributions)
    finding.measures.set(measures)
    return finding


@transaction.atomic
def recommendation_create(
    *, assessment, title: str, description: str, findings, acting_user
) -> Recommendation:
    """A recommendation answering one or more of the SNA's findings."""
    findings = list(findings)
    if not findings:
        raise ValidationError(_("Select at least one finding the recommendation answers"))
    if any(f.assessment_id != assessment.pk for f in findings):
        raise ValidationError(_("Choose findings of this SNA"))
    last = Recommendation.objects.filter(assessment=assessment).order_by("-order").first()
    recommendation = Recommendation(
        partnership_id=assessment.partnership_id,
        assessment=assessment,
        title=title.strip(),
        description=description,
        order=(last.order + 1) if last else 1,
    )
    recommendation.full_clean(exclude=["findings"])
    save_with_history(recommendation, acting_user=acting_user, reason=_("Recommendation recorded"))
    recommendation.findings.set(findings)
    return recommendation
