"""Every change to the response strategy and its records: keyword-only, with the acting person,
atomic, audited (django-simple-history + the partnership's activity timeline), refusing what
breaks a rule with a ValidationError fit to show the user.

One module per concept, each owned by one part of the app: the strategy and its priorities
(strategy), the frozen versions (versions), actions and their progress (actions), measures
(measures), governance: sign-off, consultation, meetings (governance), commissioning
(commissioning), the local strategic landscape (landscape), the annual review and its reminders
(reviews). Everything is imported from here (`from strategies import services`).
"""

from .actions import (
    action_add,
    action_edit,
    action_post_update,
    action_record_response,
    action_reporting_open,
)
from .commissioning import (
    commission_add,
    commission_edit,
)
from .consulting import (
    CONSULTATION_NOT_OPEN,
    NOT_A_DRAFT,
    RESPONSE_SUBMITTED,
    consultation_comment_answer,
    consultation_comment_save,
    consultation_period_open,
    consultation_response_submit,
)
from .governance import (
    CONSULTATION_CLOSED,
    DECISION_KEPT,
    SIGN_OFF_CLOSED,
    consultation_edit,
    consultation_open,
    consultation_record,
    consultation_response_record,
    meeting_edit,
    meeting_record,
    sign_off_edit,
    sign_off_record,
)
from .landscape import (
    landscape_entry_add,
    landscape_entry_edit,
    landscape_entry_remove,
)
from .measures import (
    COMMENTARY_CLOSED,
    MEASURES_FIXED,
    commentary_add,
    commentary_open,
    measure_add,
    measure_edit,
)
from .reviews import (
    REVIEW_ALREADY_COMPLETED,
    REVIEW_COMPLETE,
    REVIEW_REMINDERS,
    REVIEW_TEXT_FIELDS,
    review_complete,
    review_edit,
    review_reminder_threshold,
    review_send_reminders,
    review_start,
)
from .strategy import (
    PRIORITY_EVIDENCE_REQUIRED,
    STRATEGY_EDIT_FIELDS,
    next_review_due_on_publishing,
    priority_add,
    priority_edit,
    priority_remove,
    strategy_allowed_transitions,
    strategy_edit,
    strategy_start,
    strategy_transition,
)
from .versions import (
    PRIORITY_TEXT_FIELDS,
    STRATEGY_TEXT_FIELDS,
    strategy_snapshot,
)
from .welsh import welsh_version_save

__all__ = [
    "COMMENTARY_CLOSED",
    "CONSULTATION_CLOSED",
    "CONSULTATION_NOT_OPEN",
    "DECISION_KEPT",
    "MEASURES_FIXED",
    "NOT_A_DRAFT",
    "PRIORITY_EVIDENCE_REQUIRED",
    "PRIORITY_TEXT_FIELDS",
    "RESPONSE_SUBMITTED",
    "REVIEW_ALREADY_COMPLETED",
    "REVIEW_COMPLETE",
    "REVIEW_REMINDERS",
    "REVIEW_TEXT_FIELDS",
    "SIGN_OFF_CLOSED",
    "STRATEGY_EDIT_FIELDS",
    "STRATEGY_TEXT_FIELDS",
    "action_add",
    "action_edit",
    "action_post_update",
    "action_record_response",
    "action_reporting_open",
    "commentary_add",
    "commentary_open",
    "commission_add",
    "commission_edit",
    "consultation_comment_answer",
    "consultation_comment_save",
    "consultation_edit",
    "consultation_open",
    "consultation_period_open",
    "consultation_record",
    "consultation_response_record",
    "consultation_response_submit",
    "landscape_entry_add",
    "landscape_entry_edit",
    "landscape_entry_remove",
    "measure_add",
    "measure_edit",
    "meeting_edit",
    "meeting_record",
    "next_review_due_on_publishing",
    "priority_add",
    "priority_edit",
    "priority_remove",
    "review_complete",
    "review_edit",
    "review_reminder_threshold",
    "review_send_reminders",
    "review_start",
    "sign_off_edit",
    "sign_off_record",
    "strategy_allowed_transitions",
    "strategy_edit",
    "strategy_snapshot",
    "strategy_start",
    "strategy_transition",
    "welsh_version_save",
]
