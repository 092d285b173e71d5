"""Admin of the assessments app: one module per area."""

from . import admin_points  # noqa: F401
"""Admin of the assessments: one module per area, imported below its slot."""
# slot:points
# slot:scheme
from . import admin_scheme  # noqa: E402,F401
