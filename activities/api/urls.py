"""REST routes of the six systems and the carriers, all at /api/v1/activities/ (CONTRACT.md)."""

from rest_framework.routers import DefaultRouter

from . import archives, brands, bulletins, days, forums, meetings, pairing, posts, scoring, vetting

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
router.register("service-posts", posts.ServicePostViewSet, basename="activities-servicepost")
router.register("feedback", posts.FeedbackViewSet, basename="activities-feedback")
router.register("service-days", days.ServiceDayViewSet, basename="activities-serviceday")
router.register("meetings", meetings.MeetingViewSet, basename="activities-meeting")
router.register("households", pairing.HouseholdViewSet, basename="activities-household")
router.register("pairings", pairing.PairingViewSet, basename="activities-pairing")
router.register("visits", pairing.VisitViewSet, basename="activities-visit")
router.register("forums", forums.ForumViewSet, basename="activities-forum")
router.register("selections", forums.SelectionViewSet, basename="activities-selection")
router.register("candidates", forums.CandidateViewSet, basename="activities-candidate")
router.register("brands", brands.BrandViewSet, basename="activities-brand")
router.register("volunteer-teams", brands.VolunteerTeamViewSet, basename="activities-volunteer-team")
router.register(
    "volunteer-activities", brands.VolunteerActivityViewSet, basename="activities-volunteer-activity"
)
router.register("trainings", brands.TrainingViewSet, basename="activities-training")
router.register("info-pieces", brands.InfoPieceViewSet, basename="activities-info-piece")

urlpatterns = router.urls
