"""REST routes of the six systems, all at /api/v1/activities/ (CONTRACT.md)."""

from rest_framework.routers import DefaultRouter

from . import archives, bulletins, scoring, vetting

router = DefaultRouter()
router.register("vettings", vetting.VettingViewSet, basename="activities-vetting")
router.register("appointment-talks", vetting.AppointmentTalkViewSet, basename="activities-appointment-talk")
router.register("bulletins", bulletins.BulletinViewSet, basename="activities-bulletin")
router.register("reminder-talks", bulletins.ReminderTalkViewSet, basename="activities-remindertalk")
router.register("rectifications", bulletins.RectificationViewSet, basename="activities-rectification")
router.register("letters", bulletins.LetterViewSet, basename="activities-letter")
router.register("debrief-sessions", scoring.DebriefSessionViewSet, basename="activities-debrief-session")
router.register("debriefs", scoring.DebriefViewSet, basename="activities-debrief")
router.register("scores", scoring.ScoreViewSet, basename="activities-score")
router.register("archives", archives.ArchiveViewSet, basename="activities-archive")
# slot:posts
from . import posts as posts_api  # noqa: E402

router.register("service-posts", posts_api.ServicePostViewSet, basename="activities-servicepost")
router.register("feedback", posts_api.FeedbackViewSet, basename="activities-feedback")
# slot:days
from . import days as days_api  # noqa: E402

router.register("service-days", days_api.ServiceDayViewSet, basename="activities-serviceday")
# slot:meetings
from . import meetings  # noqa: E402

router.register("meetings", meetings.MeetingViewSet, basename="activities-meeting")
# slot:pairing
from . import pairing  # noqa: E402

router.register("households", pairing.HouseholdViewSet, basename="activities-household")
router.register("pairings", pairing.PairingViewSet, basename="activities-pairing")
router.register("visits", pairing.VisitViewSet, basename="activities-visit")
# slot:forums
from . import forums as forums_api  # noqa: E402

router.register("forums", forums_api.ForumViewSet, basename="activities-forum")
router.register("selections", forums_api.SelectionViewSet, basename="activities-selection")
router.register("candidates", forums_api.CandidateViewSet, basename="activities-candidate")
# slot:brands
from . import brands as brands_api  # noqa: E402

router.register("brands", brands_api.BrandViewSet, basename="activities-brand")
router.register("volunteer-teams", brands_api.VolunteerTeamViewSet, basename="activities-volunteer-team")
router.register(
    "volunteer-activities", brands_api.VolunteerActivityViewSet, basename="activities-volunteer-activity"
)
router.register("trainings", brands_api.TrainingViewSet, basename="activities-training")
router.register("info-pieces", brands_api.InfoPieceViewSet, basename="activities-info-piece")
# slot:points
# slot:scheme

urlpatterns = router.urls
