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
from .reminders import (
    Letter,
    Rectification,
    RectificationEvidence,
    RectificationState,
    ReminderReason,
    ReminderTalk,
)
from .talks import AppointmentTalk
from .vetting import Vetting, VettingConclusion, VettingReason

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
    "Vetting",
    "VettingConclusion",
    "VettingReason",
]
