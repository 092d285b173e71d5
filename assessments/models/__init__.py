"""Assessment models: one module per area (member points, schemes and results)."""

from .points import ManualPoint, MemberPoints, PointItem, PointScheme  # noqa: E402,F401
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
