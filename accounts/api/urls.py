from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.identity import api as identity_api

from . import moves, views

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("members", views.MemberViewSet, basename="member")
router.register("member-transfers", moves.MemberTransferViewSet, basename="member-transfer")

urlpatterns = [
    path("auth/token/", identity_api.TokenObtainView.as_view(), name="api-token"),
    path("auth/logout/", identity_api.TokenLogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", identity_api.TokenLogoutAllView.as_view(), name="api-logout-all"),
    *router.urls,
]
