"""/api/v1/assessments/schemes/ and summaries/ (CONTRACT.md)."""

from rest_framework.routers import SimpleRouter

from .api import SchemeViewSet, SummaryViewSet

router = SimpleRouter()
router.register("schemes", SchemeViewSet, basename="assessments-scheme")
router.register("summaries", SummaryViewSet, basename="assessments-summary")

urlpatterns = router.urls
