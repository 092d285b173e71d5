"""Assessment models: one module per area (member points, schemes and results)."""

# slot:points (imports)
# slot:scheme (imports)
from .scheme import (  # noqa: E402,F401
    AssessmentResult,
    AssessmentRun,
    AssessmentRunChunk,
    ComponentKey,
    Grade,
    IndexKey,
    RunState,
    Scheme,
    SchemeComponent,
)
