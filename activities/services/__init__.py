"""Writes of the six systems: one module per system. Views, API, admin and imports call these."""

from .debriefs import debrief_add, debrief_session_create, debrief_session_update, debrief_update
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
