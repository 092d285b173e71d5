"""REST routes of 通报/通知 and 提醒约谈, included at /api/v1/activities/ (CONTRACT.md)."""

from rest_framework.routers import DefaultRouter

from . import bulletins

router = DefaultRouter()
router.include_root_view = False
router.register("bulletins", bulletins.BulletinViewSet, basename="activities-bulletin")
router.register("reminder-talks", bulletins.ReminderTalkViewSet, basename="activities-remindertalk")
router.register("rectifications", bulletins.RectificationViewSet, basename="activities-rectification")
router.register("letters", bulletins.LetterViewSet, basename="activities-letter")

urlpatterns = router.urls
