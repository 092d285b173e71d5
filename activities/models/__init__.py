"""The six systems (六项制度) and, later, the five carriers: one module per system."""

from .brands import Brand, BrandStatus, BrandYear
from .bulletins import (
    Bulletin,
    BulletinCounter,
    BulletinKind,
    BulletinMark,
    BulletinOrg,
    BulletinReceipt,
    BulletinState,
)
from .days import AttendanceStatus, ServiceDay, ServiceDayAttendance, ServiceDayPhoto, ServiceDayTheme
from .debriefs import Debrief, DebriefKind, DebriefSession
from .forums import Forum, ForumOrg
from .info import InfoChannel, InfoPiece
from .meetings import Meeting, MeetingAttendance, MeetingAttendanceStatus, MeetingExemption, MeetingType
from .pairing import Household, Pairing, Visit, VisitPhoto
from .posts import Feedback, FeedbackKind, FeedbackState, ServicePost
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
from .selections import Candidate, CandidateStage, Selection, SelectionCategory, SelectionKind, SelectionRound
from .talks import AppointmentTalk
from .trainings import Training, TrainingKind
from .vetting import Vetting, VettingConclusion, VettingReason
from .volunteers import TeamTier, VolunteerActivity, VolunteerHours, VolunteerTeam, VolunteerTeamMember

__all__ = [
    "AppointmentTalk",
    "AttendanceStatus",
    "Brand",
    "BrandStatus",
    "BrandYear",
    "Bulletin",
    "BulletinCounter",
    "BulletinKind",
    "BulletinMark",
    "BulletinOrg",
    "BulletinReceipt",
    "BulletinState",
    "Candidate",
    "CandidateStage",
    "Debrief",
    "DebriefKind",
    "DebriefSession",
    "Feedback",
    "FeedbackKind",
    "FeedbackState",
    "Forum",
    "ForumOrg",
    "Grade",
    "Household",
    "InfoChannel",
    "InfoPiece",
    "Letter",
    "Meeting",
    "MeetingAttendance",
    "MeetingAttendanceStatus",
    "MeetingExemption",
    "MeetingType",
    "Pairing",
    "RaterKind",
    "Rectification",
    "RectificationEvidence",
    "RectificationState",
    "ReminderReason",
    "ReminderTalk",
    "RoundState",
    "Score",
    "ScoringCriterion",
    "ScoringReviewer",
    "ScoringRound",
    "ScoringSeat",
    "ScoringSubject",
    "ScoringTemplate",
    "Selection",
    "SelectionCategory",
    "SelectionKind",
    "SelectionRound",
    "ServiceDay",
    "ServiceDayAttendance",
    "ServiceDayPhoto",
    "ServiceDayTheme",
    "ServicePost",
    "TeamTier",
    "Training",
    "TrainingKind",
    "Vetting",
    "VettingConclusion",
    "VettingReason",
    "Visit",
    "VisitPhoto",
    "VolunteerActivity",
    "VolunteerHours",
    "VolunteerTeam",
    "VolunteerTeamMember",
]
