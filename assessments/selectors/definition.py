"""The local definition: the agreed version, the draft, earlier versions, and the amendments
proposed to them."""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from partnerships.models import Organisation

from ..models import DefinitionAmendment, LocalDefinition


def current_definition(*, partnership) -> LocalDefinition | None:
    """The agreed local definition of serious violence, if there is one."""
    return (
        LocalDefinition.objects.filter(
            partnership=partnership, status=LocalDefinition.Status.AGREED
        )
        .prefetch_related("agreed_by")
        .first()
    )


def definition_shown(*, assessment) -> LocalDefinition | None:
    """The definition an SNA's page shows: the version it was agreed on, or, before that, the
    partnership's agreed one today. One query either way, so the page's queries are the same
    whichever it is (the agreed SNA's own version is not read through its join)."""
    definitions = LocalDefinition.objects.filter(partnership_id=assessment.partnership_id)
    if assessment.definition_id is not None:
        return definitions.filter(pk=assessment.definition_id).first()
    return definitions.filter(status=LocalDefinition.Status.AGREED).first()


@dataclass
class DefinitionOverview:
    current: LocalDefinition | None = None
    draft: LocalDefinition | None = None
    history: list[LocalDefinition] = field(default_factory=list)
    open_amendments: list[DefinitionAmendment] = field(default_factory=list)
    answered_amendments: list[DefinitionAmendment] = field(default_factory=list)


def definition_overview(*, partnership) -> DefinitionOverview:
    """Every version (agreed, draft, superseded) and the amendments proposed, in three queries."""
    overview = DefinitionOverview()
    versions = (
        LocalDefinition.objects.filter(partnership=partnership)
        .prefetch_related("agreed_by")
        .order_by("-version")
    )
    for definition in versions:
        if definition.status == LocalDefinition.Status.AGREED:
            overview.current = definition
        elif definition.status == LocalDefinition.Status.DRAFT:
            overview.draft = definition
        else:
            overview.history.append(definition)
    amendments = (
        DefinitionAmendment.objects.filter(partnership=partnership)
        .select_related("definition", "proposed_by__user", "proposed_by__organisation")
        .order_by("-created_at", "-pk")
    )
    for amendment in amendments:
        if amendment.status == DefinitionAmendment.Status.OPEN:
            overview.open_amendments.append(amendment)
        else:
            overview.answered_amendments.append(amendment)
    return overview


def definition_for_change(*, partnership, definition_pk: int) -> LocalDefinition:
    return get_object_or_404(
        LocalDefinition.objects.filter(partnership=partnership), pk=definition_pk
    )


def amendment_detail(*, partnership, amendment_pk: int) -> DefinitionAmendment:
    return get_object_or_404(
        DefinitionAmendment.objects.filter(partnership=partnership).select_related(
            "definition", "proposed_by__user", "proposed_by__organisation"
        ),
        pk=amendment_pk,
    )


def agreeing_organisation_choices(*, partnership):
    """Organisations that may be recorded as agreeing: the partnership's current ones."""
    return Organisation.objects.filter(partnership=partnership, retired_at__isnull=True).order_by(
        "name"
    )
