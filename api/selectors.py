"""The API's reads: each list one queryset (with what its rows need joined, so a page is one
query whatever its size), each row a plain dict in the shape of its schema (api/schemas.py).
They run inside `tenant_endpoint`, so every tenant query is already confined to the partnership.
"""

import datetime

from assessments.models import (
    Assessment,
    AssessmentModule,
    Finding,
    LocalDefinition,
    Measure,
    MeasureTotal,
    ProvisionService,
    Recommendation,
)
from assessments.suppression import SUPPRESSED, is_small, shown
from oversight.selectors.compliance import compliance_for
from partnerships.models import Membership, Organisation, Partnership
from strategies.models import Action, ActionUpdate, Priority


def partnership_row(partnership: Partnership) -> dict:
    return {
        "id": partnership.pk,
        "slug": partnership.slug,
        "name": partnership.name,
        "nation": partnership.nation,
        "model": partnership.model,
        "area_type": partnership.area_type,
        "areas": [str(area) for area in partnership.areas],
        "default_language": partnership.default_language,
    }


def organisations():
    return Organisation.objects.select_related("sector")


def organisation_row(organisation: Organisation) -> dict:
    sector = organisation.sector
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "sector": {
            "slug": sector.slug,
            "name": sector.name,
            "authority_type": sector.authority_type,
        },
        "retired_at": organisation.retired_at,
        "created_at": organisation.created_at,
    }


def members():
    """Current members: not those removed, nor consultees (who are no members)."""
    return Membership.objects.members().active().select_related("user")


def member_row(membership: Membership, *, with_email: bool) -> dict:
    return {
        "id": membership.pk,
        "name": membership.user.full_name,
        "job_title": membership.job_title or membership.user.job_title,
        "organisation_id": membership.organisation_id,
        "portal_role": membership.portal_role,
        "data_lead": membership.data_lead,
        "started_on": membership.started_on,
        "email": membership.user.email if with_email else None,
    }


def priorities():
    return Priority.objects.all()


def priority_row(priority: Priority) -> dict:
    return {
        "id": priority.pk,
        "strategy_id": priority.strategy_id,
        "title": priority.title,
        "rationale": priority.rationale,
        "restricted": priority.restricted,
        "order": priority.order,
    }


def actions():
    return Action.objects.all()


def action_row(action: Action) -> dict:
    return {
        "id": action.pk,
        "strategy_id": action.strategy_id,
        "priority_id": action.priority_id,
        "title": action.title,
        "description": action.description,
        "lead_organisation_id": action.lead_organisation_id,
        "start_on": action.start_on,
        "due_on": action.due_on,
        "status": action.status,
        "progress": action.progress,
        "restricted": action.restricted,
        "funding_source": action.funding_source,
        "last_update_on": action.last_update_on,
        "created_at": action.created_at,
    }


def action_updates():
    return ActionUpdate.objects.all()


def action_update_row(update: ActionUpdate) -> dict:
    return {
        "id": update.pk,
        "action_id": update.action_id,
        "organisation_id": update.organisation_id,
        "updated_on": update.updated_on,
        "note": update.note,
        "status": update.status,
        "progress": update.progress,
        "has_evidence": bool(update.evidence),
        "created_at": update.created_at,
    }


def provision():
    return ProvisionService.objects.all()


def provision_row(service: ProvisionService) -> dict:
    return {
        field: getattr(service, field)
        for field in (
            "name", "provider", "description", "area", "eligibility", "cohort", "age_min",
            "age_max", "referral_route", "funding_source", "funding_ends_on", "commissioned_by",
            "tier", "evidence", "curated", "public_in_feed", "created_at",
        )
    } | {"id": service.pk, "feed_id": str(service.feed_id)}  # fmt: skip


def _fields(row, names: tuple[str, ...]) -> dict:
    return {name: getattr(row, name) for name in names} | {"id": row.pk}


def definitions():
    return LocalDefinition.objects.all()


def definition_row(definition: LocalDefinition) -> dict:
    return _fields(
        definition,
        ("version", "status", "summary", "violence_types", "age_scope", "maximum_penalty",
         "impact_on_victim", "prevalence", "impact_on_community", "agreed_on", "created_at"),
    )  # fmt: skip


def assessments():
    return Assessment.objects.all()


def assessment_row(assessment: Assessment) -> dict:
    return _fields(
        assessment,
        ("period", "status", "scope", "methodology", "agreed_on", "shared_with_home_office_on",
         "definition_id", "created_at"),
    )  # fmt: skip


def modules():
    return AssessmentModule.objects.all()


def module_row(module: AssessmentModule) -> dict:
    return _fields(module, ("assessment_id", "kind", "order", "status", "body"))


def findings():
    return Finding.objects.prefetch_related("measures")


def finding_row(finding: Finding) -> dict:
    return _fields(finding, ("assessment_id", "kind", "title", "description", "created_at")) | {
        "measure_slugs": sorted(measure.slug for measure in finding.measures.all())
    }


def recommendations():
    return Recommendation.objects.prefetch_related("findings")


def recommendation_row(recommendation: Recommendation) -> dict:
    return _fields(recommendation, ("assessment_id", "title", "description", "order")) | {
        "finding_ids": sorted(finding.pk for finding in recommendation.findings.all())
    }


def measures():
    """The catalogue's measures: shared reference data, the same for every partnership."""
    return Measure.objects.all()


def measure_row(measure: Measure) -> dict:
    return {
        field: getattr(measure, field) for field in ("slug", "name", "unit", "definition", "source")
    }


def figures(partnership: Partnership):
    """The partnership's accepted figures, totalled by measure, period and area, as the Data
    pages show them (assessments/services/totals.py keeps the totals)."""
    return MeasureTotal.objects.filter(partnership=partnership).select_related("measure")


def figure_row(total: MeasureTotal) -> dict:
    """Suppressed as everywhere the portal shows a figure: a small one is never sent."""
    small = is_small(total.total)
    return {
        "id": total.pk,
        "measure_slug": total.measure.slug,
        "period_label": total.period_label,
        "period_start": total.period_start,
        "area": total.area,
        "value": None if small else total.total,
        "shown": SUPPRESSED if small else shown(total.total, suppress=True),
        "suppressed": small,
    }


def compliance_row(partnership: Partnership, *, today: datetime.date) -> dict:
    compliance = compliance_for(partnerships=[partnership], today=today)[partnership.pk]
    return {
        "period": compliance.period,
        "lines": [
            {
                "key": line.key,
                "title": str(line.title),
                "status": str(line.status),
                "met": line.is_met,
                "explanation": str(line.explanation),
                "on": line.on,
                "missing": [str(item) for item in line.missing],
            }
            for line in compliance.lines
        ],
    }
