"""Every change to the SNA and its evidence: keyword-only, with the acting person, atomic,
audited (django-simple-history + the partnership's activity timeline), refusing what breaks a
rule with a ValidationError fit to show the user.

One module per concept; callers import the package (`from assessments import services`).
Where a record may move next is in assessments/lifecycles.py, and who may act in
assessments/rules.py.
"""

from .assessment import (
    assessment_edit,
    assessment_record_shared,
    assessment_start,
    assessment_transition,
    module_edit,
)
from .calls import (
    REMINDER_SCHEDULE,
    call_close,
    call_issue,
    call_send_reminders,
    reminder_threshold,
)
from .contributions import (
    OWN_ORGANISATION_REVIEW,
    DraftExists,
    attachment_add,
    attachment_remove,
    contribution_accept,
    contribution_create,
    contribution_edit,
    contribution_return,
    contribution_submit,
)
from .data_returns import data_return_save
from .definition import (
    DEFINITION_FIELDS,
    amendment_propose,
    amendment_respond,
    definition_agree,
    definition_create,
    definition_edit,
)
from .findings import finding_create, finding_edit, recommendation_create
from .provision import provision_add, provision_curate, provision_edit, provision_publish
from .storage import storage_make_room
from .totals import measure_totals_refresh
from .welsh import assessment_welsh_save

__all__ = [
    "DEFINITION_FIELDS",
    "OWN_ORGANISATION_REVIEW",
    "REMINDER_SCHEDULE",
    "DraftExists",
    "amendment_propose",
    "amendment_respond",
    "assessment_edit",
    "assessment_record_shared",
    "assessment_start",
    "assessment_transition",
    "assessment_welsh_save",
    "attachment_add",
    "attachment_remove",
    "call_close",
    "call_issue",
    "call_send_reminders",
    "contribution_accept",
    "contribution_create",
    "contribution_edit",
    "contribution_return",
    "contribution_submit",
    "data_return_save",
    "definition_agree",
    "definition_create",
    "definition_edit",
    "finding_create",
    "finding_edit",
    "measure_totals_refresh",
    "module_edit",
    "provision_add",
    "provision_curate",
    "provision_edit",
    "provision_publish",
    "recommendation_create",
    "reminder_threshold",
    "storage_make_room",
]
