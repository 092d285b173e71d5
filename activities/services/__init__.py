"""Writes of the six systems: one module per system. Views, API, admin and imports call these."""

from .bulletins import (
    bulletin_create,
    bulletin_draft_from_overdue,
    bulletin_mark_read,
    bulletin_publish,
    bulletin_record_published,
    bulletin_update,
)
from .debriefs import debrief_add, debrief_session_create, debrief_session_update, debrief_update
from .reminders import (
    letter_create,
    letter_update,
    rectification_add,
    rectification_close,
    rectification_report,
    rectification_return,
    reminder_talk_create,
    reminder_talk_update,
)
from .scoring import (
    round_close,
    score_submit,
    scoring_reviewers_invite,
    scoring_round_open,
    scoring_seat_claim,
    scoring_seats_issue,
    scoring_subject_add,
)
from .talks import appointment_talk_create, appointment_talk_update
from .vetting import vetting_conclude, vetting_create, vetting_update

__all__ = [
    "appointment_talk_create",
    "appointment_talk_update",
    "bulletin_create",
    "bulletin_draft_from_overdue",
    "bulletin_mark_read",
    "bulletin_publish",
    "bulletin_record_published",
    "bulletin_update",
    "letter_create",
    "letter_update",
    "rectification_add",
    "rectification_close",
    "rectification_report",
    "rectification_return",
    "reminder_talk_create",
    "reminder_talk_update",
    "debrief_add",
    "debrief_session_create",
    "debrief_session_update",
    "debrief_update",
    "round_close",
    "score_submit",
    "scoring_reviewers_invite",
    "scoring_round_open",
    "scoring_seat_claim",
    "scoring_seats_issue",
    "scoring_subject_add",
    "vetting_conclude",
    "vetting_create",
    "vetting_update",
]
