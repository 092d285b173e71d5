"""Admin of the assessments: one module per area, imported below its slot."""

# slot:points
# slot:scheme
from . import admin_scheme  # noqa: E402,F401
