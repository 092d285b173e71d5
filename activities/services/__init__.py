"""Writes of the six systems: one module per system. Views, API, admin and imports call these."""

from .bulletins import (
    bulletin_create,
    bulletin_draft_from_overdue,
    bulletin_mark_read,
    bulletin_publish,
    bulletin_record_published,
    bulletin_update,
)
from .reminders import (
    letter_create,
    rectification_add,
    rectification_close,
    rectification_report,
    rectification_return,
    reminder_talk_create,
    reminder_talk_update,
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
    "rectification_add",
    "rectification_close",
    "rectification_report",
    "rectification_return",
    "reminder_talk_create",
    "reminder_talk_update",
    "vetting_conclude",
    "vetting_create",
    "vetting_update",
]
