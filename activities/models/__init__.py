"""The six systems (六项制度) and, later, the five carriers: one module per system."""

from .debriefs import Debrief, DebriefKind, DebriefSession
from .scoring import (
    Grade,
    RaterKind,
    RoundState,
    Score,
    ScoringCriterion,
    ScoringReviewer,
    ScoringRound,
    ScoringSeat,
    ScoringSubject,
    ScoringTemplate,
)
from .talks import AppointmentTalk
from .vetting import Vetting, VettingConclusion, VettingReason

__all__ = [
    "AppointmentTalk",
    "Debrief",
    "DebriefKind",
    "DebriefSession",
    "Grade",
    "RaterKind",
    "RoundState",
    "Score",
    "ScoringCriterion",
    "ScoringReviewer",
    "ScoringRound",
    "ScoringSeat",
    "ScoringSubject",
    "ScoringTemplate",
    "Vetting",
    "VettingConclusion",
    "VettingReason",
]
