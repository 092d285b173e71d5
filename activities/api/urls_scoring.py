from rest_framework.routers import DefaultRouter

from . import scoring

router = DefaultRouter()
router.register("debrief-sessions", scoring.DebriefSessionViewSet, basename="activities-debrief-session")
router.register("debriefs", scoring.DebriefViewSet, basename="activities-debrief")
router.register("scores", scoring.ScoreViewSet, basename="activities-score")

urlpatterns = router.urls
