"""Writes of the six systems: one module per system. Views, API, admin and imports call these."""

from .talks import appointment_talk_create, appointment_talk_update
from .vetting import vetting_conclude, vetting_create, vetting_update

__all__ = [
    "appointment_talk_create",
    "appointment_talk_update",
    "vetting_conclude",
    "vetting_create",
    "vetting_update",
]
