"""The six systems (六项制度) and, later, the five carriers: one module per system."""

from .bulletins import (
    Bulletin,
    BulletinCounter,
    BulletinKind,
    BulletinMark,
    BulletinOrg,
    BulletinReceipt,
    BulletinState,
)
from .debriefs import Debrief, DebriefKind, DebriefSession
from .reminders import (
    Letter,
    Rectification,
    RectificationEvidence,
    RectificationState,
    ReminderReason,
    ReminderTalk,
)
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

# slot:posts (imports)
# slot:days (imports)
# slot:meetings (imports)
# slot:pairing (imports)
# slot:forums (imports)
# slot:brands (imports)
# isort: split
from .brands import Brand, BrandStatus, BrandYear
from .info import InfoChannel, InfoPiece
from .trainings import Training, TrainingKind
from .volunteers import TeamTier, VolunteerActivity, VolunteerHours, VolunteerTeam, VolunteerTeamMember

# slot:points (imports)
# slot:scheme (imports)
__all__ = [
    "AppointmentTalk",
    "Bulletin",
    "BulletinCounter",
    "BulletinKind",
    "BulletinMark",
    "BulletinOrg",
    "BulletinReceipt",
    "BulletinState",
    "Letter",
    "Rectification",
    "RectificationEvidence",
    "RectificationState",
    "ReminderReason",
    "ReminderTalk",
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
    # slot:posts (names)
    # slot:days (names)
    # slot:meetings (names)
    # slot:pairing (names)
    # slot:forums (names)
    # slot:brands (names)
    "Brand",
    "BrandStatus",
    "BrandYear",
    "InfoChannel",
    "InfoPiece",
    "Training",
    "TrainingKind",
    "TeamTier",
    "VolunteerActivity",
    "VolunteerHours",
    "VolunteerTeam",
    "VolunteerTeamMember",
    # slot:points (names)
    # slot:scheme (names)
]
