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

# slot:posts (imports)
# slot:days (imports)
# slot:meetings (imports)
from .meetings import AttendanceStatus, Meeting, MeetingAttendance, MeetingExemption, MeetingType
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
from .posts import Feedback, FeedbackKind, FeedbackState, ServicePost  # isort: skip

# slot:days (imports)
# isort: split
from .days import AttendanceStatus, ServiceDay, ServiceDayAttendance, ServiceDayPhoto, ServiceDayTheme

# slot:meetings (imports)
# slot:pairing (imports)
from .pairing import Household, Pairing, Visit, VisitPhoto  # isort: skip

# slot:forums (imports)
# isort: split
from .forums import Forum, ForumOrg  # noqa: E402
from .selections import (  # noqa: E402
    Candidate,
    CandidateStage,
    Selection,
    SelectionCategory,
    SelectionKind,
    SelectionRound,
)

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
    "Feedback",
    "FeedbackKind",
    "FeedbackState",
    "ServicePost",
    # slot:days (names)
    "AttendanceStatus",
    "ServiceDay",
    "ServiceDayAttendance",
    "ServiceDayPhoto",
    "ServiceDayTheme",
    # slot:meetings (names)
    "AttendanceStatus",
    "Meeting",
    "MeetingAttendance",
    "MeetingExemption",
    "MeetingType",
    # slot:pairing (names)
    "Household",
    "Pairing",
    "Visit",
    "VisitPhoto",
    # slot:forums (names)
    "Candidate",
    "CandidateStage",
    "Forum",
    "ForumOrg",
    "Selection",
    "SelectionCategory",
    "SelectionKind",
    "SelectionRound",
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
