from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("vettings", views.VettingViewSet, basename="activities-vetting")
router.register("appointment-talks", views.AppointmentTalkViewSet, basename="activities-appointment-talk")

urlpatterns = router.urls
