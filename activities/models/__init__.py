"""The six systems (六项制度) and, later, the five carriers: one module per system."""

from .talks import AppointmentTalk
from .vetting import Vetting, VettingConclusion, VettingReason

__all__ = ["AppointmentTalk", "Vetting", "VettingConclusion", "VettingReason"]
