"""Reads the SNA pages need, always given the partnership (or the actor, who carries it), at a
constant number of queries.

One module per concept; callers import the package (`from assessments import selectors`).
"""

from .assessment import (
    SnaSummary,
    assessment_detail,
    assessment_list,
    module_detail,
    module_owner_choices,
    sna_summary,
)
from .calls import (
    ANSWERED,
    Completeness,
    OrganisationProgress,
    TodoList,
    call_addressee_emails,
    call_detail,
    call_due_end,
    call_list,
    calls_completeness,
    contributions_to_review,
    todo_count,
    todo_list,
)
from .contributions import (
    attachment_storage,
    contribution_contributor_emails,
    contribution_detail,
    contribution_draft_for_call,
    contribution_guidance,
    contribution_history,
    contribution_list,
    contribution_open_calls,
    contribution_reviewer_emails,
    contributions_for_export,
)
from .data import (
    MeasureSummary,
    accepted_data_points,
    data_measure_areas,
    data_measure_trend,
    data_measures,
    data_points_for_export,
    data_return_preview,
    data_returns_to_upload,
)
from .definition import (
    DefinitionOverview,
    agreeing_organisation_choices,
    amendment_detail,
    current_definition,
    definition_for_change,
    definition_overview,
)
from .findings import (
    finding_evidence_choices,
    findings_for_assessment,
    recommendations_for_assessment,
)
from .provision import provision_list

__all__ = [
    "ANSWERED",
    "Completeness",
    "DefinitionOverview",
    "MeasureSummary",
    "OrganisationProgress",
    "SnaSummary",
    "TodoList",
    "accepted_data_points",
    "agreeing_organisation_choices",
    "amendment_detail",
    "assessment_detail",
    "assessment_list",
    "attachment_storage",
    "call_addressee_emails",
    "call_detail",
    "call_due_end",
    "call_list",
    "calls_completeness",
    "contribution_contributor_emails",
    "contribution_detail",
    "contribution_draft_for_call",
    "contribution_guidance",
    "contribution_history",
    "contribution_list",
    "contribution_open_calls",
    "contribution_reviewer_emails",
    "contributions_for_export",
    "contributions_to_review",
    "current_definition",
    "data_measure_areas",
    "data_measure_trend",
    "data_measures",
    "data_points_for_export",
    "data_return_preview",
    "data_returns_to_upload",
    "definition_for_change",
    "definition_overview",
    "finding_evidence_choices",
    "findings_for_assessment",
    "module_detail",
    "module_owner_choices",
    "provision_list",
    "recommendations_for_assessment",
    "sna_summary",
    "todo_count",
    "todo_list",
]
