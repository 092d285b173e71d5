from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("members", views.MemberViewSet, basename="member")

urlpatterns = [
    path("auth/token/", views.TokenObtainView.as_view(), name="api-token"),
    *router.urls,
]
