"""Admin of the assessments app: one module per area."""

from . import admin_points, admin_scheme  # noqa: F401
