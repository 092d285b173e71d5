from rest_framework.routers import DefaultRouter

from . import archives

router = DefaultRouter()
router.register("archives", archives.ArchiveViewSet, basename="activities-archive")

urlpatterns = router.urls
