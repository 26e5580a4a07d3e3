"""The response strategy: what the partnership will do about the needs its SNA found.

A strategy rests on an agreed SNA; its priorities cite the SNA's findings and recommendations;
its actions are owned by organisations who keep their progress up to date; its measures draw on
the SNA's data returns. Member bodies sign it off through their own governance, relevant
authorities are consulted, and it is reviewed at least once a year. Publishing freezes a version
exactly as published. Every row belongs to one partnership and refuses unscoped queries.

The models live in one module per concept; everything is imported from here
(`from strategies.models import Strategy`), and the migrations find the upload paths here too.
"""

from .actions import (
    FINISHED,
    STALE_AFTER,
    Action,
    ActionStatus,
    ActionUpdate,
    action_evidence_path,
)
from .commissioning import Commission
from .consulting import (
    COMMENT_MAX_LENGTH,
    ConsultationComment,
    ConsultationPeriod,
    ConsultationResponse,
)
from .governance import (
    CONSULTEE_SECTORS,
    Consultation,
    Meeting,
    SignOff,
    meeting_minutes_path,
)
from .landscape import LandscapeEntry
from .measures import MeasureCommentary, StrategyMeasure
from .reviews import Review, ReviewReminder
from .strategy import (
    AGREED_SNA_STATUSES,
    LIVE_STATUSES,
    REVIEW_INTERVAL,
    Priority,
    Strategy,
    StrategyVersion,
    next_review_due,
)

__all__ = [
    "AGREED_SNA_STATUSES",
    "COMMENT_MAX_LENGTH",
    "CONSULTEE_SECTORS",
    "FINISHED",
    "LIVE_STATUSES",
    "REVIEW_INTERVAL",
    "STALE_AFTER",
    "Action",
    "ActionStatus",
    "ActionUpdate",
    "Commission",
    "Consultation",
    "ConsultationComment",
    "ConsultationPeriod",
    "ConsultationResponse",
    "LandscapeEntry",
    "MeasureCommentary",
    "Meeting",
    "Priority",
    "Review",
    "ReviewReminder",
    "SignOff",
    "Strategy",
    "StrategyMeasure",
    "StrategyVersion",
    "action_evidence_path",
    "meeting_minutes_path",
    "next_review_due",
]
