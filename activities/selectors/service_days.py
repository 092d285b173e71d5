"""The name the member points helper reads
(`activities.selectors.service_days.member_service_day_attendance`); the service days' reads live in
activities.selectors.days."""

from .days import member_service_day_attendance

__all__ = ["member_service_day_attendance"]
