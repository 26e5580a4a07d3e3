"""Saving a data return's figures: the rows of a file the upload has checked, all of them or
none, by someone who may act for the return's organisation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope, scopes_disabled

from partnerships.access import Actor
from partnerships.audit import save_with_history

from .. import lifecycles, rules
from ..models import Contribution, DataPoint, Measure, SharingPolicy
from ..selectors.sharing import agreements_covering, sharing_policy
from ..uploads import UploadRow
from ._shared import email_about, new_revision_if_accepted
from .totals import contribution_measure_ids, refresh_if_counted_changed


def _may_change_data_return(contribution: Contribution, *, actor: Actor) -> bool:
    """A contributing member of the return's own organisation, or a lead who runs the SNA: the
    upload page's rule, asked of the actor the request resolved in the return's partnership."""
    return actor.partnership.pk == contribution.partnership_id and rules.may_upload_data(
        contribution, actor=actor
    )


def _agreements_for(contribution: Contribution, *, measures: list[Measure]) -> dict:
    """The in-date agreements under which the return's organisation shares each measure; where
    the partnership refuses a return no agreement covers, refused with the measures named."""
    # Every read below names the return's partnership; the scope says so to django-scopes for
    # callers (commands, the demo) that act outside a request.
    with scope(partnership=contribution.partnership_id):
        covering = agreements_covering(
            partnership_id=contribution.partnership_id,
            organisation_id=contribution.organisation_id,
            measure_ids=[m.pk for m in measures],
            today=timezone.localdate(),
        )
        refuses = (
            sharing_policy(partnership_id=contribution.partnership_id)
            == SharingPolicy.WithoutAgreement.REFUSE
        )
    uncovered = sorted(m.name for m in measures if not covering[m.pk])
    if uncovered and refuses:
        raise ValidationError(
            ngettext(
                "No in-date data sharing agreement covers %(organisation)s sharing %(measures)s. "
                "The partnership refuses figures shared without one: ask your data lead to "
                "register the agreement, or review it if its review is overdue.",
                "No in-date data sharing agreement covers %(organisation)s sharing these "
                "measures: %(measures)s. The partnership refuses figures shared without one: "
                "ask your data lead to register the agreement, or review it if its review is "
                "overdue.",
                len(uncovered),
            )
            % {"organisation": contribution.organisation, "measures": ", ".join(uncovered)}
        )
    return covering


@transaction.atomic
def data_return_save(
    *, contribution: Contribution, rows: list[UploadRow], actor: Actor
) -> list[DataPoint]:
    """Replace a data return's figures with a checked file's rows: all of them or none. An
    accepted return becomes a new revision that needs review again ("changed since accepted")."""
    if contribution.kind != Contribution.Kind.DATA_RETURN:
        raise ValidationError(_("Only a data return holds figures"))
    if not _may_change_data_return(contribution, actor=actor):
        raise ValidationError(
            _("Only %(organisation)s can change the figures in this data return")
            % {"organisation": contribution.organisation}
        )
    # Lock the row so two uploads at once cannot interleave their figures.
    with scopes_disabled():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.status not in lifecycles.CONTRIBUTION_CHANGEABLE:
        raise ValidationError(
            _(
                "This data return is %(status)s. Figures can be uploaded while it is a draft "
                "or has been returned to you."
            )
            % {"status": locked.get_status_display().lower()}
        )
    if not rows:
        raise ValidationError(_("The file has no figures to save"))
    measures = {m.slug: m for m in Measure.objects.filter(slug__in={row.measure for row in rows})}
    unknown = sorted({row.measure for row in rows} - set(measures))
    if unknown:
        raise ValidationError(
            _("These are not measures we know: %(measures)s") % {"measures": ", ".join(unknown)}
        )
    covering = _agreements_for(contribution, measures=list(measures.values()))
    points = [
        DataPoint(
            partnership_id=contribution.partnership_id,
            contribution=contribution,
            measure=measures[row.measure],
            period_start=row.period_start,
            period_label=row.period_label,
            area=row.area,
            value=row.value,
            age_band=row.age_band,
            sex=row.sex,
        )
        for row in rows
    ]
    for point in points:
        # The upload's checks come first; this only guards the model's own field rules.
        point.clean_fields(exclude=["partnership", "contribution", "measure"])
    was_accepted = locked.status == Contribution.Status.ACCEPTED
    # The totals of the measures it held count them no longer once it goes back for review.
    held = contribution_measure_ids(locked) if was_accepted else set()
    with scopes_disabled():
        DataPoint.objects.filter(contribution=contribution).delete()
        created = DataPoint.objects.bulk_create(points)
    # New figures for an accepted return are a change like any other: a new revision for review.
    resubmitted = new_revision_if_accepted(locked)
    uploaded = ngettext("%(count)s figure uploaded", "%(count)s figures uploaded", len(points)) % {
        "count": len(points)
    }
    save_with_history(
        locked,
        acting_user=actor.user,
        reason=_("%(uploaded)s after acceptance: revision %(revision)s submitted for review")
        % {"uploaded": uploaded, "revision": locked.revision}
        if resubmitted
        else uploaded,
    )
    # Under which agreements these figures were shared, kept with the return.
    with scope(partnership=locked.partnership_id):
        locked.agreements.set({agreement for found in covering.values() for agreement in found})
    refresh_if_counted_changed(locked, was_accepted=was_accepted, measure_ids=held)
    contribution.status, contribution.revision = locked.status, locked.revision
    contribution.submitted_at = locked.submitted_at
    if resubmitted:
        email_about(locked, "submitted")
    return created
